import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
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

/** Whether an e2e suite can run; says so, loudly, when it cannot. */
export function chromiumFor(suite: string): boolean {
  const available = chromiumAvailable();
  if (!available) {
    console.warn(
      `[e2e] Skipping ${suite}: no Chromium at ${chromiumPath} (set CHROMIUM_PATH or apt-get install chromium).`,
    );
  }
  return available;
}

/**
 * Collects what a page should never do: console errors (CSP violations show up there),
 * uncaught exceptions and failed requests (browsers ask for /favicon.ico on their own).
 */
export function recordProblems(page: Page, problems: string[], label = ""): void {
  const prefix = label ? `${label}: ` : "";
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(prefix + message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !response.url().endsWith("/favicon.ico"))
      problems.push(`${prefix}${response.status()} ${response.url()}`);
  });
  page.on("pageerror", (error) => problems.push(prefix + error.message));
}

/**
 * A page in a browser context of its own, signed in with a session (a real session cookie), at a
 * viewport size (a phone-sized one is a mobile one), recording its problems under `label`.
 */
export async function sessionPage(
  browser: Browser,
  baseUrl: string,
  sessionId: string,
  options: { viewport: { width: number; height: number }; problems: string[]; label: string; lang?: string },
): Promise<Page> {
  const { viewport } = options;
  const context = await browser.newContext({
    viewport,
    locale: options.lang ?? "zh-CN",
    isMobile: viewport.width < 500,
  });
  await context.addCookies([{ name: sessionCookieName, value: sessionId, url: baseUrl }]);
  const page = await context.newPage();
  recordProblems(page, options.problems, options.label);
  return page;
}

/** Signs `user` in through the sign-in page, as a person would, and waits to leave it. */
export async function signInThroughPage(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("邮箱").fill(user.email);
  await page.getByLabel("密码").fill(user.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.locator("main").getByRole("button", { name: "登录" }).click(),
  ]);
}
