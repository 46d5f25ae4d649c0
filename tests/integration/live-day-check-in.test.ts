import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let expert: SignedInAgent;
const ids = { event: 0, other: 0, scheduled: 0, pNeed: 0, pExpert: 0, pOther: 0 };

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, expert } = await signUpUsers(t, {
    organizer: {},
    expert: { name: "郑教授" },
  }));
  const db = t.container.db;
  const needId = await createNeedRow(db, { title: "茶叶萎凋智能控制", enterprise: "安溪某茶业有限公司" });
  const expertId = await createExpertRow(db, { name: "王研究员", organization: "福建农林大学" });
  ids.event = await createEvent(db, { status: "live" });
  ids.other = await createEvent(db, { status: "live" });
  ids.scheduled = await createEvent(db, { status: "scheduled" });
  ids.pNeed = await addParticipant(db, ids.event, { needId });
  ids.pExpert = await addParticipant(db, ids.event, { expertId });
  ids.pOther = await addParticipant(db, ids.other, { expertId });
  await addMeeting(db, { eventId: ids.event, needId, expertId, slot: 0, tableNo: 0 });
});
afterAll(async () => {
  await t?.close();
});

const participantPath = (eventId: number, participantId: number) =>
  `/api/events/${eventId}/live/participants/${participantId}`;

describe("the check-in desk", () => {
  it("finds participants by name or organization", async () => {
    const byOrganization = await organizer.agent.get(`/api/events/${ids.event}/live/participants?search=安溪`);
    expect(byOrganization.body.map((p: { id: number }) => p.id)).toEqual([ids.pNeed]);
    const byName = await organizer.agent.get(`/api/events/${ids.event}/live/participants?search=王研究员`);
    expect(byName.body.map((p: { id: number }) => p.id)).toEqual([ids.pExpert]);
  });

  it("checks in with one call, repeats harmlessly, and undoes", async () => {
    const first = await write(organizer, "post", `${participantPath(ids.event, ids.pNeed)}/check-in`);
    expect(first.status).toBe(200);
    expect(first.body.checkedInAt).not.toBeNull();
    const again = await write(organizer, "post", `${participantPath(ids.event, ids.pNeed)}/check-in`);
    expect(again.body.checkedInAt).toBe(first.body.checkedInAt);
    const undone = await write(organizer, "delete", `${participantPath(ids.event, ids.pNeed)}/check-in`);
    expect(undone.body.checkedInAt).toBeNull();
    const row = await t.container.db.eventParticipant.findUnique({ where: { id: ids.pNeed } });
    expect(row?.checkedInAt).toBeNull();
  });

  it("refuses a participant of another event, participants and anonymous callers", async () => {
    const wrongEvent = await write(organizer, "post", `${participantPath(ids.event, ids.pOther)}/check-in`);
    expect(wrongEvent.status).toBe(404);
    const asExpert = await write(expert, "post", `${participantPath(ids.event, ids.pExpert)}/check-in`);
    expect(asExpert.status).toBe(403);
    const anonymous = await request(t.app).post(`${participantPath(ids.event, ids.pExpert)}/check-in`);
    expect(anonymous.status).toBe(401);
    expect((await t.container.db.eventParticipant.findUnique({ where: { id: ids.pExpert } }))?.checkedInAt).toBeNull();
  });

  it("needs the live day: a scheduled event is started first, and a closed one refuses", async () => {
    const db = t.container.db;
    const pid = await addParticipant(db, ids.scheduled, { needId: await createNeedRow(db, { title: "冷链物流温控" }) });
    const early = await write(organizer, "post", `${participantPath(ids.scheduled, pid)}/check-in`);
    expect(early.status).toBe(409);
    const started = await write(organizer, "post", `/api/events/${ids.scheduled}/live/start`);
    expect(started.body).toMatchObject({ status: "live", currentSlot: 0 });
    expect((await write(organizer, "post", `${participantPath(ids.scheduled, pid)}/check-in`)).status).toBe(200);
    expect((await write(organizer, "post", `/api/events/${ids.scheduled}/live/start`)).status).toBe(409);
    expect((await write(organizer, "post", `/api/events/${ids.scheduled}/live/close`)).body.status).toBe("closed");
    const closed = await write(organizer, "delete", `${participantPath(ids.scheduled, pid)}/check-in`);
    expect(closed.status).toBe(409);
    expect(closed.body.error.details).toEqual({ reason: "not_live", status: "closed" });
  });
});

describe("self check-in by link", () => {
  it("issues a link with a QR code; the token works once per participant, without an account, in its own event only", async () => {
    const issued = await write(organizer, "post", `${participantPath(ids.event, ids.pExpert)}/check-in-link`);
    expect(issued.status).toBe(201);
    expect(issued.body.qrCode).toMatch(/^data:image\/png;base64,/);
    const token = decodeURIComponent(new URL(issued.body.url).pathname.split("/").at(-1)!);
    const stored = await t.container.db.eventParticipant.findUnique({ where: { id: ids.pExpert } });
    expect(stored?.checkInTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.checkInTokenHash).not.toContain(token);

    const elsewhere = await request(t.app).post(`/api/events/${ids.other}/self-check-in`).send({ token });
    expect(elsewhere.status).toBe(404);
    const page = await request(t.app).get(new URL(issued.body.url).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain("王研究员");
    const done = await request(t.app).post(`/api/events/${ids.event}/self-check-in`).send({ token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: ids.pExpert });
    expect(done.body.checkedInAt).not.toBeNull();
    const reused = await request(t.app).post(`/api/events/${ids.event}/self-check-in`).send({ token });
    expect(reused.body.checkedInAt).toBe(done.body.checkedInAt);

    // A new link replaces the old one.
    await write(organizer, "post", `${participantPath(ids.event, ids.pExpert)}/check-in-link`);
    const stale = await request(t.app).post(`/api/events/${ids.event}/self-check-in`).send({ token });
    expect(stale.status).toBe(404);
    const guessed = await request(t.app)
      .post(`/api/events/${ids.event}/self-check-in`)
      .send({ token: "x".repeat(32) });
    expect(guessed.status).toBe(404);
  });
});

describe("the self-check-in page", () => {
  it("tells a participant the desk marked absent why the link does not check them in", async () => {
    const db = t.container.db;
    const pid = await addParticipant(db, ids.event, { needId: await createNeedRow(db, { title: "竹材重组材防霉" }) });
    const issued = await write(organizer, "post", `${participantPath(ids.event, pid)}/check-in-link`);
    const path = new URL(issued.body.url).pathname;
    expect((await write(organizer, "post", `${participantPath(ids.event, pid)}/no-show`).send({})).status).toBe(200);
    const refused = await request(t.app).post(path).set("accept-language", "zh-CN").type("form").send({});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("签到台已将您登记为缺席，请与现场工作人员联系。");
    expect(refused.text).not.toContain("活动现场尚未开始签到");
    const page = await request(t.app).get(path).set("accept-language", "zh-CN");
    expect(page.text).toContain("签到台已将您登记为缺席");
    expect(page.text).not.toContain(`action="${path}"`);
    expect((await db.eventParticipant.findUnique({ where: { id: pid } }))?.checkedInAt).toBeNull();
  });
});

describe("the wall", () => {
  it("shows the current slot's tables to organizers and to the wall link, and to nobody else", async () => {
    const plan = await organizer.agent.get(`/api/events/${ids.event}/wall`);
    expect(plan.status).toBe(200);
    // The event starts tomorrow: the desk prepares slot 1, which has not begun.
    expect(plan.body).toMatchObject({ slot: 0, phase: "upcoming" });
    expect(Date.parse(plan.body.dayStartsAt)).toBeGreaterThan(Date.now());
    expect(plan.body.tables[0].meeting).toMatchObject({
      need: { name: "茶叶萎凋智能控制", organization: "安溪某茶业有限公司" },
      expert: { name: "王研究员" },
    });
    expect(plan.body.tables).toHaveLength(4);
    expect((await request(t.app).get(`/api/events/${ids.event}/wall`)).status).toBe(403);
    expect((await expert.agent.get(`/api/events/${ids.event}/wall`)).status).toBe(403);
    const link = (await organizer.agent.get(`/api/events/${ids.event}/wall-link`)).body.url as string;
    const token = new URL(link).searchParams.get("token")!;
    expect((await request(t.app).get(`/api/events/${ids.event}/wall?token=${token}`)).status).toBe(200);
    expect((await request(t.app).get(`/api/events/${ids.other}/wall?token=${token}`)).status).toBe(403);
    const html = await request(t.app).get(new URL(link).pathname + new URL(link).search);
    expect(html.status).toBe(200);
    expect(html.text).toContain("茶叶萎凋智能控制");
  });

  it("says whether the slot runs, has not begun, has ended, or the day is over", async () => {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const phaseOf = async (startsAt: Date, slot?: number) => {
      const event = await createEvent(t.container.db, { startsAt, slotMinutes: 20, slotCount: 3 });
      const query = slot === undefined ? "" : `?slot=${slot}`;
      const plan = await organizer.agent.get(`/api/events/${event}/wall${query}`);
      expect(plan.status).toBe(200);
      return { slot: plan.body.slot, phase: plan.body.phase };
    };
    expect(await phaseOf(minutesAgo(5))).toEqual({ slot: 0, phase: "running" });
    expect(await phaseOf(minutesAgo(25))).toEqual({ slot: 1, phase: "running" });
    expect(await phaseOf(minutesAgo(25), 0)).toEqual({ slot: 0, phase: "ended" });
    expect(await phaseOf(minutesAgo(25), 2)).toEqual({ slot: 2, phase: "upcoming" });
    expect(await phaseOf(minutesAgo(120))).toEqual({ slot: null, phase: "over" });
  });
});
