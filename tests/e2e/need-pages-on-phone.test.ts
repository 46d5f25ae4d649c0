import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { chromiumFor, launchBrowser, screenshotPath, signInThroughPage } from "../support/browser.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

/**
 * The need pages on a phone. An action refused on a need's page (a second click on Invite, a
 * status changed meanwhile in another tab) answers with the page again: the reason must be on
 * the screen the enterprise lands on, not below three sections of text. And one need with an
 * unbreakable run of text must not widen the need's page, nor the list every visitor sees.
 */
describe.skipIf(!chromiumFor("the need pages on a phone"))("need pages at 390 px", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let enterprise: SignedInAgent;
  let expert: SignedInAgent;
  let needPath: string;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    [enterprise, expert] = await Promise.all([
      signUp(server.app, server.container, { role: "enterprise", organizationName: "晋江某鞋材有限公司" }),
      signUp(server.app, server.container, { role: "expert", name: "许教授" }),
    ]);
    await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
      organization: "泉州师范学院",
      disciplines: ["轻工技术与工程"],
      keywords: ["鞋底材料", "发泡", "EVA"],
      publications: [{ title: "EVA 鞋底超临界发泡工艺与回弹性能", year: 2023 }],
    });
    const long = "公司为运动鞋品牌提供中底材料，样品回弹率达到要求，但压缩永久变形偏大。".repeat(6);
    const need = await write(enterprise, "post", "/api/needs").send(
      buildNeed({
        title: "EVA 中底压缩永久变形偏大",
        keywords: ["EVA", "发泡"],
        discipline: "轻工技术与工程",
        description: long,
        difficulty: long,
        target: long,
      }),
    );
    needPath = `/needs/${need.body.id as number}`;
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: "zh-CN" });
  });

  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  async function tab(): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    return page;
  }

  const refusalOnScreen = async (page: Page) => {
    const refusal = page.getByRole("alert");
    await expect(refusal.count()).resolves.toBe(1);
    const box = (await refusal.boundingBox())!;
    const viewport = page.viewportSize()!;
    return {
      text: (await refusal.textContent())?.trim(),
      onScreen: box.y >= 0 && box.y + box.height <= viewport.height,
    };
  };

  it("says on the first screen that the expert was already invited from another tab", async () => {
    const first = await tab();
    await signInThroughPage(first, server.baseUrl, enterprise);
    await first.goto(`${server.baseUrl}${needPath}`);
    const second = await tab();
    await second.goto(`${server.baseUrl}${needPath}`);

    const invite = (page: Page) => page.getByRole("button", { name: "邀请许教授", exact: true });
    await Promise.all([first.waitForURL(/#matches$/), invite(first).click()]);
    await Promise.all([second.waitForURL(/\/invitations$/), invite(second).click()]);
    await second.screenshot({ path: screenshotPath("need-refused-invitation-390") });
    await expect(refusalOnScreen(second)).resolves.toEqual({
      text: "已经邀请过该专家（待回复），同一需求不能重复邀请。",
      onScreen: true,
    });
  });

  it("says on the first screen that the status was changed meanwhile", async () => {
    const first = await tab();
    await first.goto(`${server.baseUrl}${needPath}`);
    const second = await tab();
    await second.goto(`${server.baseUrl}${needPath}`);

    const markInProgress = (page: Page) => page.getByRole("button", { name: "标记为对接中" });
    await Promise.all([first.waitForURL(new RegExp(`${needPath}$`)), markInProgress(first).click()]);
    await Promise.all([second.waitForURL(/\/status$/), markInProgress(second).click()]);
    await second.screenshot({ path: screenshotPath("need-refused-status-390") });
    await expect(refusalOnScreen(second)).resolves.toEqual({
      text: "状态未变更：这条需求现在是“对接中”，可能刚在其他页面中改过。",
      onScreen: true,
    });
    expect(problems).toEqual([]);
  });

  it("wraps a title, keyword, discipline and region longer than the screen instead of widening the page", async () => {
    const unbroken = (prefix: string) => `${prefix}-${"0123456789ABCDEF".repeat(5)}`;
    const need = await write(enterprise, "post", "/api/needs").send(
      buildNeed({
        title: `${unbroken("SN")} 型号烧结炉温区漂移`,
        keywords: [unbroken("KW"), "烧结"],
        discipline: unbroken("DISC"),
        region: unbroken("REGION"),
      }),
    );
    expect(need.status).toBe(201);
    const page = await tab();
    for (const path of [`/needs/${need.body.id as number}`, "/needs", "/"]) {
      await page.goto(`${server.baseUrl}${path}`);
      await expect(page.getByText(unbroken("SN")).first().isVisible(), path).resolves.toBe(true);
      await expect(page.evaluate("document.documentElement.scrollWidth"), path).resolves.toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: screenshotPath("need-unbroken-text-390"), fullPage: true });
    expect(problems).toEqual([]);
  });
});
