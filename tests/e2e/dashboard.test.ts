import fs from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { buildDashboardDataset, type DashboardDataset } from "../support/dashboard-dataset.js";
import { signUp, type SignedInAgent } from "../support/factories.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath } from "../support/browser.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the dashboard");

describe.skipIf(!hasChromium)("the organizers' dashboard in Chromium: charts, tables and an export", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let organizer: SignedInAgent;
  let data: DashboardDataset;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    data = await buildDashboardDataset(server.container.db);
    organizer = await signUp(server.app, server.container, { role: "organizer", name: "学会部" });
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "zh-CN",
      acceptDownloads: true,
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it("signs the organizer in, draws every chart beside its table, and downloads the funnel as Excel", async () => {
    const page = await context.newPage();
    recordProblems(page, problems);
    await page.goto(`${server.baseUrl}/dashboard`);
    // Visitors are sent to sign in, and come back to the dashboard afterwards.
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("邮箱").fill(organizer.email);
    await page.getByLabel("密码").fill(organizer.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/dashboard"),
      page.locator("main").getByRole("button", { name: "登录" }).click(),
    ]);
    await expect.poll(() => page.locator(".dashboard-chart svg").count()).toBe(6);
    const charts = await page.locator(".dashboard-chart").count();
    expect(charts).toBe(6);
    // ECharts drew the funnel's stages in Chinese, from the table beside it.
    const funnel = page.locator("#panel-funnel");
    await expect.poll(() => funnel.locator(".dashboard-chart svg text").allTextContents()).toContain("已发布需求: 6");
    await expect.poll(() => funnel.locator("tbody tr").count()).toBe(7);
    expect(await funnel.locator("tbody tr").first().locator("td").first().textContent()).toBe("6");
    await page.screenshot({ path: screenshotPath("dashboard"), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      funnel.getByRole("link", { name: "导出 Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("scibridge-dashboard-funnel.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0]!;
    const counts: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) counts.push(row.getCell(2).value);
    });
    expect(counts).toEqual([6, 5, 5, 4, 3, 2, 1]);
    expect(fs.existsSync((await download.path())!)).toBe(true);

    // The events list links to each event's own page, with its outcomes drawn as a chart.
    await page.locator("#panel-events").getByRole("link", { name: "2026 6·18 对接会" }).click();
    await page.waitForURL((url) => url.pathname === `/dashboard/events/${data.eventA}`);
    await expect.poll(() => page.locator("#panel-outcomes .dashboard-chart svg").count()).toBe(1);
    expect(await page.locator("#panel-meetings tbody tr").count()).toBe(5);
    await page.screenshot({ path: screenshotPath("dashboard-event"), fullPage: true });
    expect(problems).toEqual([]);
  });
});
