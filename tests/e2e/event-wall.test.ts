import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { wallRoom } from "../../server/realtime/live-day.handlers.js";
import { adjustableClock } from "../support/adjustable-clock.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath } from "../support/browser.js";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

const hasChromium = chromiumFor("the projector's wall before and as the day starts");

/**
 * The projector's wall, opened with its link shortly before the first slot: it says the day has
 * not started and when, previewing slot 1 as next; when slot 1 begins it changes by itself to
 * slot 1 running, and from then a no-show still reaches it live through its socket.
 */
describe.skipIf(!hasChromium)("the projector's wall in Chromium", () => {
  const clock = adjustableClock();
  let server: RunningTestServer;
  let browser: Browser;
  let organizer: SignedInAgent;
  const ids = { event: 0, absentExpert: 0 };
  // Tomorrow 09:00 Beijing time, so the server's clock moves forward to it.
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const firstSlot = new Date(Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 1, 0));
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { clock });
    browser = await launchBrowser();
    ({ organizer } = await signUpUsers(server, { organizer: {} }));
    const db = server.container.db;
    ids.event = await createEvent(db, { title: "闽台新材料对接日", startsAt: firstSlot, slotCount: 2, tableCount: 2 });
    const needs = [
      await createNeedRow(db, { title: "氮化铝陶瓷基板低温烧结工艺" }),
      await createNeedRow(db, { title: "碳化硅功率器件封装散热" }),
    ];
    const experts = [
      await createExpertRow(db, { name: "林教授" }),
      await createExpertRow(db, { name: "黄研究员", organization: "中国科学院福建物质结构研究所" }),
    ];
    for (const needId of needs) await addParticipant(db, ids.event, { needId }, { checkedIn: true });
    await addParticipant(db, ids.event, { expertId: experts[0]! }, { checkedIn: true });
    ids.absentExpert = await addParticipant(db, ids.event, { expertId: experts[1]! }, { checkedIn: true });
    for (const slot of [0, 1]) {
      for (const table of [0, 1]) {
        await addMeeting(db, {
          eventId: ids.event,
          needId: needs[table]!,
          expertId: experts[(table + slot) % 2]!,
          slot,
          tableNo: table,
        });
      }
    }
  }, 120_000);

  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  it("says the day has not started, then shows slot 1 running when it begins, and keeps following changes", async () => {
    // The link as the organizer gets it, opened on this server (the agent asked another port).
    const link = new URL((await organizer.agent.get(`/api/events/${ids.event}/wall-link`)).body.url as string);
    // A few seconds before slot 1: the projector is on, the hall is filling.
    clock.setTo(new Date(firstSlot.getTime() - 6_000));
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "zh-CN" });
    const wall = await context.newPage();
    recordProblems(wall, problems, "wall");
    await wall.goto(`${server.baseUrl}${link.pathname}${link.search}`);

    const notice = wall.locator("[data-wall-notice]");
    const slot = wall.locator("[data-wall-slot]");
    expect(await notice.textContent()).toMatch(/^当天活动尚未开始 · \d{4}年\d{1,2}月\d{1,2}日 09:00 开始$/);
    expect(await slot.textContent()).toBe("下一场：第 1 场 09:00–09:20");
    expect(await wall.locator('tr[data-table="1"]').textContent()).toContain("氮化铝陶瓷基板低温烧结工艺");
    await wall.screenshot({ path: screenshotPath("event-wall-before-the-day") });

    // Slot 1 begins (the server's clock runs on): the wall reloads by itself and shows it running.
    await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(0);
    expect(await slot.textContent()).toBe("第 1 场 09:00–09:20");
    expect(await wall.locator("body").getAttribute("data-wall-phase")).toBe("running");

    // The reloaded wall watches the event again: a no-show empties its table at once.
    const watchers = () => server.realtime.io.of("/events").in(wallRoom(ids.event)).fetchSockets();
    await expect.poll(async () => (await watchers()).length, { timeout: 10_000 }).toBe(1);
    const noShow = await write(
      organizer,
      "post",
      `/api/events/${ids.event}/live/participants/${ids.absentExpert}/no-show`,
    ).send({ fromSlot: 0 });
    expect(noShow.status).toBe(200);
    const table2 = wall.locator('tr[data-table="2"]');
    await expect.poll(() => table2.getAttribute("class"), { timeout: 10_000 }).toBe("wall-empty");
    expect(await slot.textContent()).toBe("第 1 场 09:00–09:20");
    await wall.screenshot({ path: screenshotPath("event-wall-first-slot") });
    expect(problems).toEqual([]);
  }, 90_000);
});
