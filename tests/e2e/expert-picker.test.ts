import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { salonInput } from "../support/salon-clients.js";
import { chromiumFor, launchBrowser, recordProblems, signInThroughPage } from "../support/browser.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the person picker");

describe.skipIf(!hasChromium)("person picker in Chromium: choose an expert by typing a name", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let enterprise: SignedInAgent;
  const expertIds: number[] = [];
  let needId: number;
  let organizerId: number;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const organizer = await signUp(server.app, server.container, { role: "organizer" });
    enterprise = await signUp(server.app, server.container, { role: "enterprise", organizationName: "某芯片公司" });
    for (const body of [
      {
        name: "陈建宏",
        title: "教授",
        organization: "福州大学",
        region: "福州",
        disciplines: ["材料科学与工程"],
        keywords: ["芯片封装", "散热", "热界面材料"],
      },
      { name: "陈建华", title: "研究员", organization: "厦门大学", region: "厦门" },
    ]) {
      expertIds.push(((await write(organizer, "post", "/api/experts").send(body)).body as { id: number }).id);
    }
    const need = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "保密的芯片封装散热方案", confidential: true }),
    );
    needId = (need.body as { id: number }).id;
    await server.container.indexWorker.drain();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
    recordProblems(page, problems);
    await signInThroughPage(page, server.baseUrl, enterprise);
    organizerId = organizer.userId;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it("lists namesakes as the name is typed, moves with the arrow keys, and grants access to the one chosen", async () => {
    await page.goto(`${server.baseUrl}/needs/${needId}`);
    const box = page.getByRole("combobox", { name: "专家（姓名或编号）" });
    await expect(box.getAttribute("aria-expanded")).resolves.toBe("false");
    await box.pressSequentially("陳建", { delay: 40 }); // traditional script finds the simplified names
    const options = page.getByRole("option");
    await options.first().waitFor();
    expect(await options.count()).toBe(2);
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    await box.press("ArrowDown");
    await box.press("ArrowDown");
    const active = await box.getAttribute("aria-activedescendant");
    const second = page.locator(`[id="${active}"]`);
    expect(await second.getAttribute("aria-selected")).toBe("true");
    const chosenId = Number(await second.getAttribute("data-expert-id"));
    const chosenName = (await second.locator("strong").textContent())!;
    await box.press("Enter"); // chooses; a second Enter submits
    expect(await box.inputValue()).toBe(chosenName);
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await Promise.all([page.waitForLoadState("load"), box.press("Enter")]);
    await page.waitForURL(`${server.baseUrl}/needs/${needId}`);
    const access = await server.database.db.needAccess.findMany({ where: { needId } });
    expect(access.map((row) => row.expertId)).toEqual([chosenId]);
    expect(expertIds).toContain(chosenId);
    expect(problems).toEqual([]);
  });

  it("forwards a salon question from the minutes: the suggested expert is offered on focus and chosen with the keys", async () => {
    const host = salonActorOf((await server.container.accounts.findUser(organizerId))!)!;
    const salons = server.container.salons;
    const { salon } = await salons.create(host, salonInput({ title: "芯片散热沙龙", topic: "芯片封装散热" }));
    await salons.open(host, salon.id);
    const { questionId } = (await salons.perform(host, salon.id, "ask-1", {
      kind: "ask",
      text: "芯片封装的散热和热界面材料怎么选？",
      anonymous: false,
    })) as { questionId: number };
    await salons.close(host, salon.id);

    const { sessionId } = await server.container.accounts.startSession(organizerId);
    const organizerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    await organizerContext.addCookies([{ name: sessionCookieName, value: sessionId, url: server.baseUrl }]);
    const minutes = await organizerContext.newPage();
    recordProblems(minutes, problems, "organizer");
    await minutes.goto(`${server.baseUrl}/salons/${salon.id}/minutes`);
    const box = minutes.getByRole("combobox", { name: "转给专家（姓名或编号）" });
    await box.focus(); // the empty box offers the experts the minutes suggest
    const suggested = minutes.locator(`[role="option"][data-expert-id="${expertIds[0]}"]`);
    await suggested.waitFor();
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const position = await minutes
      .getByRole("option")
      .evaluateAll(
        (options, id) => options.findIndex((option) => option.getAttribute("data-expert-id") === String(id)),
        expertIds[0],
      );
    for (let i = 0; i <= position; i++) await box.press("ArrowDown");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("陈建宏");
    await Promise.all([minutes.waitForURL(/\/minutes\?forwarded=/), box.press("Enter")]);
    expect(await minutes.locator(".flash").textContent()).toBe("问题已转给专家，专家会在收件箱中看到。");
    const forwards = await server.database.db.salonQuestionForward.findMany({ where: { questionId } });
    expect(forwards.map((row) => row.expertId)).toEqual([expertIds[0]]);
    await organizerContext.close();
    expect(problems).toEqual([]);
  });

  it("keeps what was typed in a need form whose security token expired, explains, and saves on the next click", async () => {
    const title = "封装基板翘曲的仿真与控制";
    const description = "回流焊后基板翘曲超标，希望建立仿真模型。";
    await page.goto(`${server.baseUrl}/needs/new`);
    await page.locator("#need-title").fill(title);
    await page.locator("#need-description").fill(description);
    // Signed in again elsewhere: the page still carries the token of a session that has ended.
    const cookies = await context.cookies(server.baseUrl);
    const oldSession = cookies.find((cookie) => cookie.name === sessionCookieName)!.value;
    const { sessionId } = await server.container.accounts.startSession(enterprise.userId);
    await server.container.accounts.endSession(oldSession);
    await context.addCookies([{ name: sessionCookieName, value: sessionId, url: server.baseUrl }]);

    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.getByRole("alert").filter({ hasText: "表单没有保存：页面的安全校验已过期" }).waitFor();
    expect(await page.locator("#need-title").inputValue()).toBe(title);
    expect(await page.locator("#need-description").inputValue()).toBe(description);
    expect(await server.database.db.need.count({ where: { title } })).toBe(0);

    await Promise.all([page.waitForURL(/\/needs\/\d+$/), page.getByRole("button", { name: "保存草稿" }).click()]);
    const saved = await server.database.db.need.findMany({ where: { title } });
    expect(saved.map((need) => [need.description, need.status])).toEqual([[description, "draft"]]);
    // The one refusal was the point of the test; nothing else failed.
    expect(problems).toEqual([`403 ${server.baseUrl}/needs`]);
    problems.length = 0;
  });
});
