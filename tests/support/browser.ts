import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { repoRoot } from "./paths.js";

/** Debian's Chromium (or CHROMIUM_PATH); the e2e suites skip, loudly, when it is absent. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const screenshotDir = path.join(repoRoot, "tmp", "screenshots");

/** Whether Chromium can be launched here (`.ci/run` installs Debian's package). */
export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}
