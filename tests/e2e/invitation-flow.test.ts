import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import {
  chromiumAvailable,
  chromiumPath,
  launchBrowser,
  screenshotPath,
  signInThroughPage,
} from "../support/browser.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumAvailable();
if (!hasChromium) console.warn(`[e2e] Skipping the invitation flow: no Chromium at ${chromiumPath}.`);

describe.skipIf(!hasChromium)("invitation flow in Chromium: invite the top expert, who accepts from the inbox", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let enterprise: SignedInAgent;
  let expert: SignedInAgent;
  let needId: number;
  let enterprisePage: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    [enterprise, expert] = await Promise.all([
      signUp(server.app, server.container, { role: "enterprise", organizationName: "莆田某鞋业有限公司" }),
      signUp(server.app, server.container, { role: "expert", name: "郭教授" }),
    ]);
    await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
      organization: "莆田学院",
      region: "莆田",
      disciplines: ["轻工技术与工程"],
      keywords: ["鞋底材料", "发泡", "EVA"],
      publications: [{ title: "EVA 鞋底超临界发泡工艺与回弹性能", year: 2023 }],
    });
    const need = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "运动鞋底 EVA 发泡回弹性能提升", keywords: ["EVA", "发泡"], discipline: "轻工技术与工程" }),
    );
    needId = need.body.id as number;
  });

  // Closing the suite's own browser disposes of its contexts (closing them one by one hung in CI).
  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  async function signedInPage(user: SignedInAgent): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    await signInThroughPage(page, server.baseUrl, user);
    return page;
  }

  it("goes from the need's ranking to an accepted engagement shown on the need's page", async () => {
    enterprisePage = await signedInPage(enterprise);
    await enterprisePage.goto(`${server.baseUrl}/needs/${needId}`);
    const top = enterprisePage.locator(".match-row").first();
    await expect(top.locator(".match-name").textContent()).resolves.toBe("郭教授");
    await top.getByText("推荐理由").click();
    await expect(top.locator(".match-why").textContent()).resolves.toContain("EVA 鞋底超临界发泡工艺与回弹性能");
    await top.getByPlaceholder("留言（可选）").fill("诚邀指导发泡工艺");
    await Promise.all([
      enterprisePage.waitForURL(/#matches$/),
      top.getByRole("button", { name: "邀请郭教授", exact: true }).click(),
    ]);
    await expect(
      enterprisePage.locator(".match-row").first().locator(".invitation-pending").textContent(),
    ).resolves.toBe("待回复");

    const expertPage = await signedInPage(expert);
    await expertPage.getByRole("link", { name: "我的对接" }).click();
    const invitation = expertPage.locator(".inbox-item").first();
    await expect(invitation.textContent()).resolves.toContain("运动鞋底 EVA 发泡回弹性能提升");
    await expect(invitation.textContent()).resolves.toContain("诚邀指导发泡工艺");
    await Promise.all([expertPage.waitForURL(/\/inbox$/), invitation.getByRole("button", { name: "接受" }).click()]);
    await expect(expertPage.locator(".inbox-item").count()).resolves.toBe(0);
    await expect(expertPage.locator(".invitation-accepted").first().textContent()).resolves.toBe("已接受");
    await expertPage.screenshot({ path: screenshotPath("invitation-inbox"), fullPage: true });

    // The enterprise's open page hears the answer live, without a reload.
    await enterprisePage
      .locator(".toast", { hasText: "郭教授 接受了「运动鞋底 EVA 发泡回弹性能提升」的邀请" })
      .waitFor();
    await enterprisePage.reload();
    const engaged = enterprisePage.locator('[aria-labelledby="engaged-title"]');
    await expect(engaged.textContent()).resolves.toContain("郭教授");
    await expect(engaged.textContent()).resolves.toContain("已接受");
    await enterprisePage.screenshot({ path: screenshotPath("invitation-need"), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("writes on the engagement after an empty message was refused, and the refusal goes away", async () => {
    await Promise.all([
      enterprisePage.waitForURL(/\/engagements\/\d+$/),
      enterprisePage.getByRole("link", { name: "联系方式与留言" }).click(),
    ]);
    const box = enterprisePage.getByLabel("写留言");
    // Empty, the form posts without the script and the server explains.
    await Promise.all([
      enterprisePage.waitForURL(/\/messages$/),
      enterprisePage.getByRole("button", { name: "发送" }).click(),
    ]);
    await expect(box.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(enterprisePage.locator(".thread-form .field-error").count()).resolves.toBe(1);

    await box.fill("下周二下午方便通话吗？");
    await enterprisePage.getByRole("button", { name: "发送" }).click();
    await enterprisePage.locator(".thread-message.mine", { hasText: "下周二下午方便通话吗？" }).waitFor();
    await expect(box.inputValue()).resolves.toBe("");
    await expect(box.getAttribute("aria-invalid")).resolves.toBeNull();
    await expect(enterprisePage.locator(".thread-form .field-error").count()).resolves.toBe(0);
    await enterprisePage.screenshot({ path: screenshotPath("engagement-after-refusal"), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("shows a message with a long link and line breaks as typed, within a phone's width", async () => {
    const engagementUrl = enterprisePage.url().replace(/\/messages$/, "");
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: "zh-CN",
    });
    const phone = await context.newPage();
    phone.on("pageerror", (error) => problems.push(error.message));
    await signInThroughPage(phone, server.baseUrl, expert);
    await phone.goto(engagementUrl);
    const link = `https://example.com/reports/${"eva-foam-rebound-".repeat(8)}2026.pdf`;
    await phone.getByLabel("写留言").fill(`报告见：${link}\n周二下午可以通话`);
    await phone.getByRole("button", { name: "发送" }).click();
    await phone.locator(".thread-message.mine").waitFor();
    for (const shown of ["sent", "reloaded"]) {
      const body = phone.locator(".thread-message.mine .thread-body");
      await expect(body.innerText(), shown).resolves.toBe(`报告见：${link}\n周二下午可以通话`);
      await expect(phone.evaluate("document.documentElement.scrollWidth"), shown).resolves.toBeLessThanOrEqual(390);
      await phone.reload();
    }
    await phone.screenshot({ path: screenshotPath("engagement-thread-390"), fullPage: true });
    expect(problems).toEqual([]);
  });
});
