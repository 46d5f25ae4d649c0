import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { signUp, type SignedInAgent } from "../support/factories.js";
import { chromiumFor, launchBrowser, signInThroughPage, recordProblems, screenshotPath } from "../support/browser.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the event live day");

describe.skipIf(!hasChromium)("the live day in Chromium: check-in, no-show, live refill, live agenda", () => {
  let server: RunningTestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let organizer: SignedInAgent;
  let expert: SignedInAgent;
  const problems: string[] = [];
  const ids = { event: 0, n1: 0, n2: 0, e1: 0, e2: 0, pE3: 0 };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    [organizer, expert] = await Promise.all([
      signUp(server.app, server.container, { role: "organizer" }),
      signUp(server.app, server.container, { role: "expert", name: "林教授" }),
    ]);
    const db = server.container.db;
    ids.n1 = await createNeedRow(db, { title: "氮化铝陶瓷基板低温烧结工艺", keywords: ["氮化铝", "烧结"] });
    ids.n2 = await createNeedRow(db, { title: "高导热氮化铝陶瓷基板烧结致密化", keywords: ["氮化铝", "陶瓷基板"] });
    ids.e1 = await createExpertRow(db, { name: "陈研究员", keywords: ["锂电池"], publications: ["锂电池 正极材料"] });
    ids.e2 = await createExpertRow(db, {
      name: "黄教授",
      keywords: ["碳化硅"],
      publications: ["碳化硅 功率器件 封装"],
    });
    await db.expert.update({
      where: { id: expert.expertId! },
      data: {
        keywords: JSON.stringify(["氮化铝", "陶瓷基板", "烧结"]),
        publications: { create: [{ title: "氮化铝陶瓷基板烧结致密化机理", year: 2024, position: 0 }] },
      },
    });
    ids.event = await createEvent(db, { title: "海峡两岸新材料对接日", status: "live", slotCount: 2, tableCount: 3 });
    await addParticipant(db, ids.event, { needId: ids.n1 }, { checkedIn: true });
    await addParticipant(db, ids.event, { needId: ids.n2 }, { checkedIn: true });
    await addParticipant(db, ids.event, { expertId: ids.e1 }, { checkedIn: true });
    await addParticipant(db, ids.event, { expertId: ids.e2 }, { checkedIn: true });
    ids.pE3 = await addParticipant(db, ids.event, { expertId: expert.expertId! });
    await addMeeting(db, { eventId: ids.event, needId: ids.n1, expertId: ids.e1, slot: 0, tableNo: 1 });
    await addMeeting(db, { eventId: ids.event, needId: ids.n2, expertId: ids.e2, slot: 0, tableNo: 2 });
    await addMeeting(db, { eventId: ids.event, needId: ids.n1, expertId: expert.expertId!, slot: 1, tableNo: 1 });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(user: SignedInAgent, label: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    contexts.push(context);
    const page = await context.newPage();
    recordProblems(page, problems, label);
    await signInThroughPage(page, server.baseUrl, user);
    return page;
  }

  it("checks the expert in, marks a no-show, confirms the live proposal, and the expert's open agenda updates", async () => {
    const agenda = await signedInPage(expert, "expert");
    await agenda.goto(`${server.baseUrl}/events/${ids.event}/today`);
    const rows = agenda.locator("[data-event-agenda] tr[data-meeting-id]");
    await expect.poll(() => rows.count()).toBe(1);

    const desk = await signedInPage(organizer, "organizer");
    await desk.goto(`${server.baseUrl}/events/${ids.event}/live`);
    // Search, then check the expert in with one click (no reload: the row changes in place).
    await desk.getByPlaceholder("按姓名或单位搜索").fill("林教授");
    await Promise.all([desk.waitForURL(/q=/), desk.locator("main").getByRole("button", { name: "搜索" }).click()]);
    const expertRow = desk.locator(`tr[data-participant-id="${ids.pE3}"]`);
    await expertRow.getByRole("button", { name: "签到", exact: true }).click();
    await expect.poll(() => expertRow.getAttribute("data-state")).toBe("present");
    expect(
      (await server.container.db.eventParticipant.findUnique({ where: { id: ids.pE3 } }))?.checkedInAt,
    ).not.toBeNull();

    // Back to the full list; 黄教授 does not come: the proposal for the stranded need appears live.
    await desk.goto(`${server.baseUrl}/events/${ids.event}/live`);
    await expect.poll(() => desk.locator("[data-proposal]").count()).toBe(0);
    await desk.locator("tr", { hasText: "黄教授" }).getByRole("button", { name: "标记缺席" }).click();
    const proposal = desk.locator("[data-proposal]", { hasText: "林教授" });
    await expect.poll(() => proposal.count(), { timeout: 15_000 }).toBe(1);
    expect(await proposal.textContent()).toContain("高导热氮化铝陶瓷基板烧结致密化");
    await desk.screenshot({ path: screenshotPath("event-live-desk") });

    await proposal.getByRole("button", { name: "确认补位" }).click();
    await expect.poll(() => desk.locator("[data-proposal]").count(), { timeout: 10_000 }).toBe(0);
    // The expert's page, untouched, now lists the refill meeting at table 2 in slot 1.
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const refill = await server.container.db.eventMeeting.findFirst({
      where: { eventId: ids.event, source: "refill" },
    });
    expect(refill).toMatchObject({ needId: ids.n2, expertId: expert.expertId, slot: 0, tableNo: 2 });
    const refillRow = agenda.locator(`tr[data-meeting-id="${refill!.id}"]`);
    expect(await refillRow.textContent()).toContain("高导热氮化铝陶瓷基板烧结致密化");
    expect(await refillRow.getAttribute("class")).toContain("agenda-changed");
    await agenda.screenshot({ path: screenshotPath("event-live-agenda") });
    expect(problems).toEqual([]);
  });
});
