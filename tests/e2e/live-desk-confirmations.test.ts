import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { chromiumFor, launchBrowser, recordProblems, signInThroughPage } from "../support/browser.js";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import type { SignedInAgent } from "../support/factories.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

const hasChromium = chromiumFor("the live desk's irreversible buttons");

/**
 * On a busy desk a stray click must not end anything: marking a no-show (which cancels the
 * participant's remaining meetings) and closing the event ask first, and Cancel sends nothing.
 * Outside the live day the desk offers no check-in or no-show the server would refuse anyway.
 */
describe.skipIf(!hasChromium)("the live desk's irreversible buttons in Chromium", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let organizer: SignedInAgent;
  let page: Page;
  const ids = { live: 0, closed: 0, expertParticipant: 0, needParticipant: 0, meeting: 0, lateNeed: 0, freeExpert: 0 };
  /** A need whose title looks like markup: the desk must show it as text. */
  const lateNeedTitle = "<b>冷链物流</b>温控技术";
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ organizer } = await signUpUsers(server, { organizer: {} }));
    const db = server.container.db;
    const needId = await createNeedRow(db, { title: "氮化铝陶瓷基板低温烧结工艺" });
    const expertId = await createExpertRow(db, { name: "黄研究员" });
    ids.live = await createEvent(db, { title: "闽台新材料对接日" });
    ids.needParticipant = await addParticipant(db, ids.live, { needId }, { checkedIn: true });
    // Registered but not checked in, and an idle expert who is: a refill of the two is refused.
    ids.lateNeed = await createNeedRow(db, { title: lateNeedTitle });
    await addParticipant(db, ids.live, { needId: ids.lateNeed });
    ids.freeExpert = await createExpertRow(db, { name: "郑工程师" });
    await addParticipant(db, ids.live, { expertId: ids.freeExpert }, { checkedIn: true });
    ids.expertParticipant = await addParticipant(db, ids.live, { expertId }, { checkedIn: true });
    ids.meeting = await addMeeting(db, { eventId: ids.live, needId, expertId, slot: 0, tableNo: 0 });
    ids.closed = await createEvent(db, { title: "6·18 对接日（已结束）", status: "closed" });
    await addParticipant(db, ids.closed, { expertId }, { checkedIn: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
    recordProblems(page, problems, "desk");
    await signInThroughPage(page, server.baseUrl, organizer);
  }, 120_000);

  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  it("asks before marking a no-show and before closing the event; Cancel changes nothing", async () => {
    const db = server.container.db;
    await page.goto(`${server.baseUrl}/events/${ids.live}/live`);
    const row = page.locator(`tr[data-participant-id="${ids.expertParticipant}"]`);
    const dialog = page.locator("#confirm-dialog");

    await row.getByRole("button", { name: "标记缺席" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await page.locator("#confirm-dialog-text").textContent()).toContain("黄研究员");
    await dialog.getByRole("button", { name: "取消" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Give a request that should not exist the time to land, then check nothing moved.
    await page.waitForTimeout(500);
    expect((await db.eventParticipant.findUniqueOrThrow({ where: { id: ids.expertParticipant } })).noShowAt).toBeNull();
    expect((await db.eventMeeting.findUniqueOrThrow({ where: { id: ids.meeting } })).status).toBe("scheduled");

    await page.getByRole("button", { name: "结束活动" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "取消" }).click();
    await page.waitForTimeout(500);
    expect((await db.dockingEvent.findUniqueOrThrow({ where: { id: ids.live } })).status).toBe("live");

    // Confirmed, the no-show goes through the desk's API call and the row changes in place.
    await row.getByRole("button", { name: "标记缺席" }).click();
    await dialog.getByRole("button", { name: "标记缺席" }).click();
    await expect.poll(() => row.getAttribute("data-state")).toBe("absent");
    expect((await db.eventMeeting.findUniqueOrThrow({ where: { id: ids.meeting } })).status).toBe("no_show");
    expect(problems).toEqual([]);
  });

  it("says in the page's language why the API refused a desk action, with names as text", async () => {
    const db = server.container.db;
    await page.goto(`${server.baseUrl}/events/${ids.live}/live`);
    const toasts = () => page.locator("[data-notifications] .toast").allTextContents();
    const saying = { timeout: 10_000 };

    // Marked absent at another desk after this page was loaded: the second no-show is refused.
    await db.eventParticipant.update({ where: { id: ids.needParticipant }, data: { noShowAt: new Date() } });
    const row = page.locator(`tr[data-participant-id="${ids.needParticipant}"]`);
    await row.getByRole("button", { name: "标记缺席" }).click();
    await page.locator("#confirm-dialog").getByRole("button", { name: "标记缺席" }).click();
    await expect.poll(toasts, saying).toContain("氮化铝陶瓷基板低温烧结工艺 已被标记为缺席。");

    // A refill proposal pushed to the desk for a need that is not checked in: confirming it is refused.
    const proposal = {
      slot: 0,
      tableNo: 3,
      score: 0.5,
      cancelledMeetingId: ids.meeting,
      need: { id: ids.lateNeed, name: lateNeedTitle, organization: "福建某新材料有限公司" },
      expert: { id: ids.freeExpert, name: "郑工程师", organization: "福州大学" },
    };
    const proposed = page.locator(`[data-proposal][data-need-id="${ids.lateNeed}"]`);
    // The desk joins its socket room once the page has loaded: propose until it shows.
    await expect
      .poll(async () => {
        server.container.liveDayBus.publish({
          type: "refill.proposed",
          eventId: ids.live,
          participantId: ids.needParticipant,
          proposals: [proposal],
        });
        return proposed.count();
      }, saying)
      .toBe(1);
    await proposed.getByRole("button", { name: "确认补位" }).click();
    await expect.poll(toasts, saying).toContain(`${lateNeedTitle} 尚未签到（或已被标记缺席）。`);
    expect(await page.locator("[data-notifications] .toast b").count()).toBe(0);
    expect(await db.eventMeeting.count({ where: { eventId: ids.live, needId: ids.lateNeed } })).toBe(0);
    // The two refusals are the only answers that were not a success.
    const refused = (path: string) => new RegExp(`^desk: 409 ${server.baseUrl}/api/events/${ids.live}/live/${path}$`);
    expect(
      problems.filter(
        (p) => !refused(`participants/${ids.needParticipant}/no-show`).test(p) && !refused("refills").test(p),
      ),
    ).toEqual([]);
    expect(problems).toHaveLength(2);
  });

  it("offers no check-in or no-show on a closed event's desk, and says why", async () => {
    await page.goto(`${server.baseUrl}/events/${ids.closed}/live`);
    expect(await page.locator("[data-desk-idle]").textContent()).toBe("活动已结束：签到和缺席记录不再更改。");
    expect(await page.locator("[data-desk-action]").count()).toBe(0);
    expect(await page.getByRole("button", { name: "签到码" }).count()).toBe(1);
  });
});
