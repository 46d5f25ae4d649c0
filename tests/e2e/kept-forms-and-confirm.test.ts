import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { chromiumFor, launchBrowser, recordProblems, signInThroughPage } from "../support/browser.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

const hasChromium = chromiumFor("kept forms and confirm dialogs");

/**
 * In Chromium: a profile edited while the session expires keeps what was typed through signing in
 * again; a data-confirm button asks in a modal dialog, and Cancel sends nothing.
 */
describe.skipIf(!hasChromium)("kept forms and confirm dialogs in Chromium", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let users: Record<"enterprise" | "expert", SignedInAgent>;
  const problems: string[] = [];

  beforeAll(async () => {
    // Warnings on: a slow shutdown names the step it waits for (see server/container.ts).
    server = await startTestServer({ LOG_LEVEL: "warn" });
    browser = await launchBrowser();
    users = await signUpUsers(server, {
      enterprise: { organizationName: "福州某陶瓷公司" },
      expert: { name: "林教授" },
    });
  }, 60_000);

  // The browser is this suite's own, so closing it disposes of its contexts: closing them one by
  // one first hung twice in CI (Chromium never answered, 60 s and more; the teardown named the step).
  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  async function signedInPage(user: SignedInAgent): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    recordProblems(page, problems);
    await signInThroughPage(page, server.baseUrl, user);
    return { page, context };
  }

  it("keeps a profile typed while the session expired: sign in again, the text is back, one more click saves", async () => {
    const { expert } = users;
    const { page, context } = await signedInPage(expert);
    const bio = "长期从事功能陶瓷研究。\n近五年主持省重点项目三项。";
    const paper = "氮化铝陶瓷低温烧结助剂的研究";
    await page.goto(`${server.baseUrl}/experts/${expert.expertId}/edit`);
    await page.locator("#expert-bio").fill(bio);
    await page.locator("#publication-0-title").fill(paper);
    await page.locator("#publication-0-year").fill("2025");

    // The session ends on the server while the page is open (it expired, or was signed out elsewhere).
    const session = (await context.cookies(server.baseUrl)).find((cookie) => cookie.name === sessionCookieName)!;
    await server.container.accounts.endSession(session.value);

    await page.getByRole("button", { name: "保存修改" }).click();
    await page.getByRole("alert").filter({ hasText: "登录已过期，刚才的表单还没有保存" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/experts/${expert.expertId}`);
    await page.getByLabel("邮箱").fill(expert.email);
    await page.getByLabel("密码").fill(expert.password);
    await page.locator("main").getByRole("button", { name: "登录" }).click();

    await page.getByRole("alert").filter({ hasText: "表单没有保存：登录已过期" }).waitFor();
    expect(await page.locator("#expert-bio").inputValue()).toBe(bio);
    expect(await page.locator("#publication-0-title").inputValue()).toBe(paper);
    expect(await page.locator("#publication-0-year").inputValue()).toBe("2025");
    const db = server.database.db;
    expect((await db.expert.findUniqueOrThrow({ where: { id: expert.expertId! } })).bio).not.toBe(bio);
    expect(await db.publication.count({ where: { expertId: expert.expertId! } })).toBe(0);

    await Promise.all([
      page.waitForURL(`${server.baseUrl}/experts/${expert.expertId}`),
      page.getByRole("button", { name: "保存修改" }).click(),
    ]);
    expect((await db.expert.findUniqueOrThrow({ where: { id: expert.expertId! } })).bio).toBe(bio);
    expect((await db.publication.findMany({ where: { expertId: expert.expertId! } })).map((p) => p.title)).toEqual([
      paper,
    ]);
    // The signed-out post was answered with the sign-in page (401) by design; nothing else failed.
    expect(problems).toEqual([`401 ${server.baseUrl}/experts/${expert.expertId}`]);
    problems.length = 0;
  });

  it("asks before closing a need in a modal dialog: Cancel sends nothing, the dialog's button closes it", async () => {
    const { enterprise } = users;
    const created = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "陶瓷基板翘曲控制" }));
    const needId = (created.body as { id: number }).id;
    const { page } = await signedInPage(enterprise);
    const statusOf = async () => (await server.database.db.need.findUniqueOrThrow({ where: { id: needId } })).status;
    await page.goto(`${server.baseUrl}/needs/${needId}`);
    let nativeDialogs = 0;
    page.on("dialog", (dialog) => {
      nativeDialogs += 1;
      void dialog.dismiss();
    });

    const closeButton = page.locator("button[data-confirm]");
    const label = (await closeButton.textContent())!.trim();
    await closeButton.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("确定要关闭这条需求吗？");
    // Cancel has the focus first, so Enter or a stray click does nothing harmful.
    expect(await dialog.getByRole("button", { name: "取消" }).evaluate((button) => button.matches(":focus"))).toBe(
      true,
    );
    await dialog.getByRole("button", { name: "取消" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(new URL(page.url()).pathname).toBe(`/needs/${needId}`);
    expect(await statusOf()).toBe("open");

    // Escape closes it too, with nothing sent.
    await closeButton.click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await statusOf()).toBe("open");

    await closeButton.click();
    // The post, then the need's page it redirects to: the test ends with no navigation in flight.
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/needs/${needId}/status`)),
      page.waitForResponse(
        (response) => response.url() === `${server.baseUrl}/needs/${needId}` && response.request().method() === "GET",
      ),
      dialog.getByRole("button", { name: label }).click(),
    ]);
    await page.waitForLoadState("load");
    expect(await statusOf()).toBe("closed");
    expect(nativeDialogs).toBe(0);
    expect(problems).toEqual([]);
  });
});
