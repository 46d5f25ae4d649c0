import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath } from "../support/browser.js";
import { tokenUser } from "../support/salon-clients.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the organizers' import page layout");

/** A small experts file with a few bad lines (a blank name, a bad capacity and email, a repeated id). */
const expertsCsv = [
  "编号,姓名,单位,地区,可承接数量,邮箱",
  "KB-E1,王小明,福州大学,福州,3,wxm@example.cn",
  "KB-E2,,厦门大学,厦门,2,",
  "KB-E3,李华,集美大学,厦门,abc,not-an-email",
  "KB-E4,陳大同,國立臺灣大學,台湾,2.5,",
  "KB-E1,王小明,福州大学,福州,4,wxm@example.cn",
].join("\n");

/** On how many lines an element's text is laid out (its text's boxes at distinct heights). */
function linesOf(element: Locator): Promise<number> {
  type Rect = { top: number; width: number };
  type Window = {
    document: { createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<Rect> } };
  };
  return element.evaluate((node) => {
    const range = (globalThis as unknown as Window).document.createRange();
    range.selectNodeContents(node);
    const tops = Array.from(range.getClientRects())
      .filter((rect) => rect.width > 0)
      .map((rect) => Math.round(rect.top));
    return new Set(tops).size;
  });
}

describe.skipIf(!hasChromium)("the organizers' import page in Chromium", { timeout: 120_000 }, () => {
  let server: RunningTestServer;
  let browser: Browser;
  let sessionId = "";
  const problems: string[] = [];

  async function organizerPage(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
    await context.addCookies([{ name: sessionCookieName, value: sessionId, url: server.baseUrl }]);
    const page = await context.newPage();
    recordProblems(page, problems, `organizer ${width}px`);
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const { user } = await tokenUser(server.container, "organizer", "省科协学会部");
    sessionId = (await server.container.accounts.startSession(user.id)).sessionId;
  });

  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  it("imports a CSV with bad lines and reports them by line, each line number, id and status on one line", async () => {
    const page = await organizerPage(1280);
    await page.goto(`${server.baseUrl}/organizer/import`);
    await page.locator("#import-file").setInputFiles({
      name: "experts-bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(expertsCsv),
    });
    await page.getByRole("button", { name: "开始导入" }).click();
    await page.waitForURL(/\/organizer\/import\/\d+$/);
    await server.container.imports.whenIdle();
    const jobUrl = page.url();

    for (const width of [1280, 390]) {
      const report = await organizerPage(width);
      await report.goto(jobUrl);
      const rejected = report.locator("table.import-errors:not(.import-warnings)");
      expect(await rejected.locator("tbody tr").allInnerTexts()).toEqual([
        expect.stringMatching(/^3\tKB-E2\t姓名：/),
        expect.stringMatching(/^4\tKB-E3\t可承接数量：.*邮箱：/),
        expect.stringMatching(/^5\tKB-E4\t可承接数量：/),
      ]);
      await report.screenshot({ path: screenshotPath(`import-report-${width}`), fullPage: true });
      for (const cell of [rejected.locator("th").first(), rejected.locator("tbody td:nth-child(2)").first()]) {
        expect(await linesOf(cell), `${await cell.innerText()} at ${width}px`).toBe(1);
      }
      // The report fits the screen (a long reason wraps; nothing pushes the page sideways).
      expect(await report.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);

      const upload = await organizerPage(width);
      await upload.goto(`${server.baseUrl}/organizer/import`);
      await upload.screenshot({ path: screenshotPath(`import-page-${width}`), fullPage: true });
      // The upload form, the templates and the recent jobs are three cards with room between them.
      const cards = await upload.locator("main .card").evaluateAll((nodes) =>
        nodes.map((node) => {
          const box = node.getBoundingClientRect();
          return { top: box.top, bottom: box.bottom };
        }),
      );
      expect(cards).toHaveLength(3);
      for (let i = 1; i < cards.length; i++) expect(cards[i]!.top - cards[i - 1]!.bottom).toBeGreaterThanOrEqual(12);
      const jobs = upload.locator(".import-jobs table");
      expect(await jobs.locator("th").allInnerTexts()).toEqual(["#", "文件", "数据类型", "提交时间", "状态"]);
      // The job's number, kind and status on one line, its file name in whole words, all on screen.
      const cells = jobs.locator("tbody tr").first().locator("td");
      for (const column of [0, 2, 4]) expect(await linesOf(cells.nth(column)), `column ${column}`).toBe(1);
      expect(await linesOf(cells.nth(1))).toBeLessThanOrEqual(2);
      const table = (await jobs.boundingBox())!;
      expect(table.x + table.width).toBeLessThanOrEqual(width);
      expect(await upload.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
    }
    expect(problems).toEqual([]);
  });
});
