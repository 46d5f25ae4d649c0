import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RefillProposalView } from "../../server/events/live-day.bus.js";
import type { Notification } from "../../server/notifications/notification-hub.js";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { connectAgent } from "../support/agent-sockets.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let server: RunningTestServer;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
const sockets: Socket[] = [];

/** The cast: two needs, three experts (the third, E3, is the signed-up expert and idle). */
const ids = { event: 0, n1: 0, n2: 0, e1: 0, e2: 0, e3: 0, pE2: 0, pN1: 0 };

const connect = (user: SignedInAgent, namespace: "/events" | "/notifications") =>
  connectAgent(server.baseUrl, user, namespace, sockets);

const watch = (socket: Socket, payload: { eventId: number; wallToken?: string }) =>
  socket.emitWithAck("event:watch", payload) as Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let waited = 0; ; waited += 20) {
    const value = read();
    if (value !== undefined) return value;
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const topic = ["氮化铝 陶瓷基板 烧结", "碳化硅 功率器件 封装", "锂电池 正极材料"];

beforeAll(async () => {
  server = await startTestServer();
  ({ organizer, enterprise, expert } = await signUpUsers(server, {
    organizer: {},
    enterprise: { organizationName: "福建某新材料有限公司" },
    expert: { name: "林教授" },
  }));
  const db = server.container.db;
  ids.n1 = await createNeedRow(db, { title: "氮化铝陶瓷基板低温烧结工艺", keywords: ["氮化铝", "烧结"] });
  ids.n2 = await createNeedRow(db, {
    title: "高导热氮化铝陶瓷基板烧结致密化",
    keywords: ["氮化铝", "陶瓷基板"],
    ownerId: enterprise.userId,
  });
  ids.e1 = await createExpertRow(db, { name: "陈研究员", keywords: ["锂电池"], publications: [topic[2]!] });
  ids.e2 = await createExpertRow(db, { name: "黄教授", keywords: ["碳化硅"], publications: [topic[1]!] });
  ids.e3 = expert.expertId!;
  await db.expert.update({
    where: { id: ids.e3 },
    data: {
      organization: "中国科学院福建物质结构研究所",
      keywords: JSON.stringify(["氮化铝", "陶瓷基板", "烧结"]),
      publications: { create: [{ title: "氮化铝陶瓷基板烧结致密化机理", year: 2024, position: 0 }] },
    },
  });
  ids.event = await createEvent(db, { status: "live", slotCount: 3, tableCount: 4 });
  ids.pN1 = await addParticipant(db, ids.event, { needId: ids.n1 }, { checkedIn: true });
  await addParticipant(db, ids.event, { needId: ids.n2 }, { checkedIn: true });
  await addParticipant(db, ids.event, { expertId: ids.e1 }, { checkedIn: true });
  ids.pE2 = await addParticipant(db, ids.event, { expertId: ids.e2 }, { checkedIn: true });
  await addParticipant(db, ids.event, { expertId: ids.e3 }, { checkedIn: true });
  await addMeeting(db, { eventId: ids.event, needId: ids.n1, expertId: ids.e1, slot: 0, tableNo: 1 });
  await addMeeting(db, { eventId: ids.event, needId: ids.n2, expertId: ids.e2, slot: 0, tableNo: 2 });
  await addMeeting(db, { eventId: ids.event, needId: ids.n1, expertId: ids.e2, slot: 1, tableNo: 1 });
  await addMeeting(db, { eventId: ids.event, needId: ids.n2, expertId: ids.e1, slot: 1, tableNo: 2 });
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
});

describe("no-show, live refill proposals and confirmation", () => {
  it("refuses the desk's socket room to participants and unknown events, and admits organizers", async () => {
    const participantSocket = await connect(expert, "/events");
    expect(await watch(participantSocket, { eventId: ids.event })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const desk = await connect(organizer, "/events");
    expect(await watch(desk, { eventId: 999_999 })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await watch(desk, { eventId: ids.event })).toMatchObject({
      ok: true,
      data: { eventId: ids.event, view: "desk" },
    });
  });

  it("cancels the absent expert's meetings, pushes the refill proposals to the organizer, and a confirmed refill reaches both agendas", async () => {
    const desk = await connect(organizer, "/events");
    expect((await watch(desk, { eventId: ids.event })).ok).toBe(true);
    const proposed: { participantId: number; proposals: RefillProposalView[] }[] = [];
    desk.on("refill:proposed", (message: (typeof proposed)[number]) => proposed.push(message));
    const agenda = await connect(expert, "/notifications");
    const expertNotes: Notification[] = [];
    agenda.on("notification", (n: Notification) => expertNotes.push(n));
    const enterpriseNotes: Notification[] = [];
    (await connect(enterprise, "/notifications")).on("notification", (n: Notification) => enterpriseNotes.push(n));

    const noShow = await write(organizer, "post", `/api/events/${ids.event}/live/participants/${ids.pE2}/no-show`).send(
      { fromSlot: 0 },
    );
    expect(noShow.status).toBe(200);
    expect(noShow.body.cancelled.map((m: { slot: number; status: string }) => [m.slot, m.status])).toEqual([
      [0, "no_show"],
      [1, "no_show"],
    ]);
    const rows = await server.container.db.eventMeeting.findMany({ where: { eventId: ids.event, expertId: ids.e2 } });
    expect(rows.every((row) => row.status === "no_show")).toBe(true);
    // The need that lost its meeting is told (its enterprise owns n2).
    const cancelledNote = await until(
      () => enterpriseNotes.find((n) => n.type === "event.agenda" && n.change === "cancelled"),
      "the cancellation on the enterprise's agenda",
    );
    expect(cancelledNote).toMatchObject({ eventId: ids.event, slot: 0, tableNo: 2, expertName: "黄教授" });

    // The only present, free expert in each slot is E3: n2 at slot 0 (table 2), n1 at slot 1 (table 1).
    const live = await until(() => proposed[0], "the refill proposals on the organizer's socket");
    expect(live.participantId).toBe(ids.pE2);
    expect(live.proposals.map((p) => [p.slot, p.tableNo, p.need.id, p.expert.id])).toEqual([
      [0, 2, ids.n2, ids.e3],
      [1, 1, ids.n1, ids.e3],
    ]);
    expect(live.proposals[0]!.score).toBeGreaterThan(0);
    expect(noShow.body.proposals).toEqual(live.proposals);
    const open = await organizer.agent.get(`/api/events/${ids.event}/live/refills`);
    expect(open.body).toEqual(live.proposals);

    const confirmed: unknown[] = [];
    desk.on("refill:confirmed", (message: unknown) => confirmed.push(message));
    const first = live.proposals[0]!;
    const created = await write(organizer, "post", `/api/events/${ids.event}/live/refills`).send({
      slot: first.slot,
      needId: first.need.id,
      expertId: first.expert.id,
      tableNo: first.tableNo,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ source: "refill", status: "scheduled", slot: 0, tableNo: 2 });
    const stored = await server.container.db.eventMeeting.findUnique({ where: { id: created.body.id } });
    expect(stored).toMatchObject({ needId: ids.n2, expertId: ids.e3, source: "refill", slot: 0, tableNo: 2 });
    const added = await until(
      () => expertNotes.find((n) => n.type === "event.agenda" && n.change === "added"),
      "the refill on the expert's agenda",
    );
    expect(added).toMatchObject({ eventId: ids.event, meetingId: created.body.id, slot: 0, tableNo: 2 });
    await until(
      () => enterpriseNotes.find((n) => n.type === "event.agenda" && n.change === "added"),
      "the refill on the enterprise's agenda",
    );
    await until(() => confirmed[0], "the confirmation on the desk");

    // Confirming it again, or another pair into the now-busy table, is refused without a write.
    const again = await write(organizer, "post", `/api/events/${ids.event}/live/refills`).send({
      slot: 0,
      needId: ids.n2,
      expertId: ids.e3,
      tableNo: 2,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ reason: "side_busy", slot: 0 });
    // E3 is now busy in slot 0 but still free in slot 1: one proposal is left.
    const left = await organizer.agent.get(`/api/events/${ids.event}/live/refills`);
    expect(left.body.map((p: RefillProposalView) => [p.slot, p.need.id, p.expert.id])).toEqual([[1, ids.n1, ids.e3]]);
    expect(await server.container.db.eventMeeting.count({ where: { eventId: ids.event, source: "refill" } })).toBe(1);
  });

  it("refuses a refill with someone absent or not checked in, and a second no-show of the same person", async () => {
    const absent = await write(organizer, "post", `/api/events/${ids.event}/live/refills`).send({
      slot: 2,
      needId: ids.n1,
      expertId: ids.e2,
      tableNo: 3,
    });
    expect(absent.status).toBe(409);
    // Pages word the refusal from its reason and values (the English message is for integrators).
    expect(absent.body.error.details).toEqual({ reason: "not_present", name: "黄教授" });
    const twice = await write(organizer, "post", `/api/events/${ids.event}/live/participants/${ids.pE2}/no-show`).send(
      {},
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.details).toEqual({ reason: "already_absent", name: "黄教授" });
  });
});
