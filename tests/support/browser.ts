import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium, type Browser } from "playwright-core";
import { repoRoot } from "./paths.js";

/** Debian's Chromium (or CHROMIUM_PATH); the e2e suites skip, loudly, when it is absent. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const screenshotDir = path.join(repoRoot, "tmp", "screenshots");

const aptLog = "/tmp/apt.log";

/** True while an apt run that may be installing Chromium is still writing its log. */
function aptStillRunning(): boolean {
  if (!fs.existsSync(aptLog)) return false;
  return !fs.readFileSync(aptLog, "utf8").trimEnd().endsWith("done");
}

/**
 * Whether Chromium can be launched; waits (up to `timeoutMs`) for the executable when apt
 * is still installing it, so a machine that is being provisioned does not skip the suite.
 */
export async function chromiumAvailable(timeoutMs = 10 * 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(chromiumPath) && aptStillRunning() && Date.now() < deadline) await sleep(2_000);
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
