import ExcelJS from "exceljs";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../server/notifications/notification-hub.js";
import { buildEventWorld, eventBody, rosterWorkbook, type EventWorld } from "../support/event-fixtures.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

let server: RunningTestServer;
let world: EventWorld;
const sockets: Socket[] = [];

async function listen(user: SignedInAgent): Promise<Notification[]> {
  const cookies = (await user.agent.get("/api/me")).request.cookies as string;
  const socket = io(`${server.baseUrl}/notifications`, {
    transports: ["websocket"],
    extraHeaders: { cookie: cookies },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const received: Notification[] = [];
  socket.on("notification", (n: Notification) => received.push(n));
  return received;
}

async function until(condition: () => boolean | Promise<boolean>, what: string) {
  for (let waited = 0; !(await condition()); waited += 50) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the assignment and waits for the run to end; answers the finished run. */
async function runAssignment(eventId: number, body: object = {}, path = `/api/events/${eventId}/runs`) {
  const started = await write(world.organizer, "post", path).send(body);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await server.container.eventAssignment.idle();
  const run = await world.organizer.agent.get(`/api/events/${eventId}/runs/${started.body.id}`).expect(200);
  return run.body as { status: string; diagnosis: { reasons: { kind: string; rule: number | null }[] } | null };
}

async function createEvent(overrides: Record<string, unknown> = {}): Promise<number> {
  const created = await write(world.organizer, "post", "/api/events").send(eventBody(overrides)).expect(201);
  const id = created.body.id as number;
  await write(world.organizer, "post", `/api/events/${id}/transition`).send({ to: "registration" }).expect(200);
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  world = await buildEventWorld(server.app, server.container, { needs: 3, experts: 6, taiwan: 1 });
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
});

describe("docking events: creation and lifecycle", () => {
  it("lets organizers create a draft that only they can see, and refuses others", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    expect(created.body).toMatchObject({ status: "draft", slotCount: 6, tableCount: 4 });
    // Slots follow one another with the 15-minute break after the third.
    const slots = created.body.slots as { startsAt: string; endsAt: string }[];
    expect(Date.parse(slots[3]!.startsAt) - Date.parse(slots[2]!.endsAt)).toBe(15 * 60_000);
    await write(world.enterprise, "post", "/api/events").send(eventBody()).expect(403);
    await world.enterprise.agent.get(`/api/events/${created.body.id}`).expect(404);
    await world.organizer.agent.get(`/api/events/${created.body.id}`).expect(200);
  });

  it("enforces the lifecycle with a 409 and a reason", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const id = created.body.id as number;
    const wrong = await write(world.organizer, "post", `/api/events/${id}/transition`).send({ to: "live" }).expect(409);
    expect(wrong.body.error).toMatchObject({
      code: "conflict",
      details: { reason: "invalid_transition", from: "draft" },
    });
    await write(world.organizer, "post", `/api/events/${id}/transition`).send({ to: "registration" }).expect(200);
    await write(world.organizer, "post", `/api/events/${id}/transition`).send({ to: "matching" }).expect(200);
    const publish = await write(world.organizer, "post", `/api/events/${id}/transition`).send({ to: "scheduled" });
    expect(publish.status).toBe(409);
    expect(publish.body.error.details.reason).toBe("publish_required");
  });

  it("rejects a break after the last slot and a registration that closes before it opens", async () => {
    const bad = await write(world.organizer, "post", "/api/events")
      .send(
        eventBody({
          breaks: [{ afterSlot: 5, minutes: 10 }],
          registrationOpensAt: "2026-12-10T09:00:00+08:00",
          registrationClosesAt: "2026-12-09T09:00:00+08:00",
        }),
      )
      .expect(400);
    expect(bad.body.error.details.problems).toHaveLength(2);
    // Each problem names the field to correct and a code pages translate.
    expect(bad.body.error.details.fields).toEqual([
      { field: "breaks", code: "break_after_last_slot", params: { slot: 6 } },
      { field: "registrationClosesAt", code: "registration_closes_before_opening", params: {} },
    ]);
  });
});

describe("docking events: registration", () => {
  it("registers from an .xlsx file all or nothing, with a line-numbered report", async () => {
    const id = await createEvent();
    const bad = await rosterWorkbook([
      ["need", String(world.needIds[0])],
      ["expert", "no-such-expert", "", 2],
      ["speaker", String(world.expertIds[1])],
      ["expert", String(world.expertIds[1]), "", "", "", "9"],
    ]);
    const refused = await write(world.organizer, "post", `/api/events/${id}/participants/import`)
      .attach("file", bad, "roster.xlsx")
      .expect(400);
    const { errors } = refused.body.error.details as { errors: { line: number; message: string }[] };
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(errors[0]!.message).toContain("no-such-expert");
    expect((await world.organizer.agent.get(`/api/events/${id}/participants`)).body.items).toHaveLength(0);

    const good = await rosterWorkbook([
      ...world.needIds.map((n) => ["need", String(n), 2]),
      ...world.expertIds.map((e) => ["expert", String(e), "", 2, 0, "1-6"]),
    ]);
    const report = await write(world.organizer, "post", `/api/events/${id}/participants/import`)
      .attach("file", good, "roster.xlsx")
      .expect(200);
    expect(report.body).toEqual({ rows: 9, registered: 9, errors: [] });
  });

  it("reads CSV with Chinese headers and reports a malformed number by line", async () => {
    const id = await createEvent();
    const csv = `类型,编号,需求人数\n需求,${world.needIds[0]},x\n`;
    const refused = await write(world.organizer, "post", `/api/events/${id}/participants/import`)
      .attach("file", Buffer.from(csv), "roster.csv")
      .expect(400);
    expect(refused.body.error.details.errors).toEqual([
      {
        line: 2,
        message: "demand: expected an integer from 0 to 50",
        reasons: [{ code: "integer_range", field: "demand", params: { min: 0, max: 50 }, message: expect.any(String) }],
      },
    ]);
  });

  it("lets an enterprise register only its own open needs, and an expert only themselves", async () => {
    const id = await createEvent();
    await write(world.enterprise, "post", `/api/events/${id}/participants`)
      .send({ kind: "need", needId: world.needIds[0], demand: 2 })
      .expect(201);
    await write(world.expert, "post", `/api/events/${id}/participants`)
      .send({ kind: "need", needId: world.needIds[1] })
      .expect(403);
    await write(world.expert, "post", `/api/events/${id}/participants`)
      .send({ kind: "expert", expertId: world.expertIds[1] })
      .expect(403);
    await write(world.expert, "post", `/api/events/${id}/participants`)
      .send({ kind: "expert", expertId: world.expert.expertId, availability: [0, 1, 7] })
      .expect(400);
    const mine = await write(world.expert, "post", `/api/events/${id}/participants`)
      .send({ kind: "expert", expertId: world.expert.expertId, availability: [0, 1] })
      .expect(201);
    expect(mine.body.availability).toEqual([0, 1]);
    // Each sees only their own registrations.
    expect((await world.expert.agent.get(`/api/events/${id}/participants`)).body.items).toHaveLength(1);
  });
});

describe("docking events: assignment, review, schedule and agendas", () => {
  let id: number;
  let progress: Notification[];
  let expertInbox: Notification[];

  beforeAll(async () => {
    // Every need must meet a Taiwan expert, but the only one is not registered: infeasible.
    id = await createEvent({
      quotaRules: [{ kind: "atLeast", attr: "region", value: "taiwan", count: 1 }],
      demandPerNeed: 2,
      meetingsPerExpert: 3,
    });
    const registered = world.expertIds.filter((e) => !world.taiwanExpertIds.includes(e));
    for (const needId of world.needIds) {
      await write(world.organizer, "post", `/api/events/${id}/participants`).send({ kind: "need", needId }).expect(201);
    }
    for (const expertId of registered) {
      await write(world.organizer, "post", `/api/events/${id}/participants`)
        .send({ kind: "expert", expertId, availability: expertId === world.expert.expertId ? [0, 1, 2] : [] })
        .expect(201);
    }
    progress = await listen(world.organizer);
    expertInbox = await listen(world.expert);
  });

  it("diagnoses an infeasible quota, and dropping it from the diagnosis solves the event", async () => {
    const run = await runAssignment(id);
    expect(run.status).toBe("infeasible");
    const quota = run.diagnosis!.reasons.find((r) => r.kind === "quota");
    expect(quota?.rule).toBe(0);
    // The previous run's meetings (none) stay; the relaxation applies and runs again.
    const relaxed = await runAssignment(id, { action: "removeQuota", rule: 0 }, `/api/events/${id}/relaxations`);
    expect(relaxed.status).toBe("optimal");
    const event = await world.organizer.agent.get(`/api/events/${id}`).expect(200);
    expect(event.body.quotaRules).toEqual([]);
    expect(event.body.status).toBe("matching");
    const meetings = (await world.organizer.agent.get(`/api/events/${id}/meetings`).expect(200)).body.items;
    expect(meetings).toHaveLength(world.needIds.length * 2);
    await until(() => progress.some((n) => n.type === "event.assignment.finished" && n.status === "optimal"), "finish");
    expect(progress.some((n) => n.type === "event.assignment.progress" && n.eventId === id)).toBe(true);
  });

  it("never assigns a declared conflict or a 'no thanks' pair", async () => {
    const conflicted = world.expertIds[2]!;
    await server.container.db.expertConflict.create({
      data: { expertId: conflicted, organization: "宁德某新能源有限公司", kind: "contract" },
    });
    await write(world.expert, "put", `/api/events/${id}/preferences`)
      .send({ needId: world.needIds[0], expertId: world.expert.expertId, choice: "no" })
      .expect(200);
    // Someone else's pair is not theirs to refuse.
    await write(world.expert, "put", `/api/events/${id}/preferences`)
      .send({ needId: world.needIds[0], expertId: world.expertIds[3], choice: "no" })
      .expect(403);
    const run = await runAssignment(id);
    expect(run.status).toBe("optimal");
    const meetings = (await world.organizer.agent.get(`/api/events/${id}/meetings`)).body.items as {
      need: { id: number };
      expert: { id: number };
    }[];
    expect(meetings.some((m) => m.expert.id === conflicted)).toBe(false);
    expect(meetings.some((m) => m.need.id === world.needIds[0] && m.expert.id === world.expert.expertId)).toBe(false);
  });

  it("locks, swaps, warns about a conflicted hand-made pair, and re-runs keeping locks", async () => {
    const before = (await world.organizer.agent.get(`/api/events/${id}/meetings`)).body.items as {
      id: number;
      need: { id: number };
      expert: { id: number };
    }[];
    const locked = before[0]!;
    await write(world.organizer, "patch", `/api/events/${id}/meetings/${locked.id}`).send({ locked: true }).expect(200);
    const conflicted = world.expertIds[2]!;
    const warned = await write(world.organizer, "post", `/api/events/${id}/meetings`)
      .send({ needId: world.needIds[1], expertId: conflicted })
      .expect(409);
    expect(warned.body.error.details.warnings.map((w: { code: string }) => w.code)).toContain("declared_conflict");
    const has = (needId: number, expertId: number) =>
      before.some((m) => m.need.id === needId && m.expert.id === expertId);
    const other = before.find(
      (m) =>
        m.need.id !== locked.need.id &&
        m.expert.id !== locked.expert.id &&
        !has(locked.need.id, m.expert.id) &&
        !has(m.need.id, locked.expert.id),
    );
    if (other) {
      await write(world.organizer, "post", `/api/events/${id}/meetings/swap`)
        .send({ first: locked.id, second: other.id })
        .expect(200);
    }
    const rerun = await runAssignment(id, { mode: "keepLocks" });
    expect(rerun.status).toBe("optimal");
    const after = (await world.organizer.agent.get(`/api/events/${id}/meetings`)).body.items as {
      need: { id: number };
      expert: { id: number };
      locked: boolean;
    }[];
    const lockedPairs = after.filter((m) => m.locked);
    expect(lockedPairs.length).toBeGreaterThanOrEqual(1);
    expect(after.some((m) => m.expert.id === conflicted)).toBe(false);
  });

  it("schedules within availability, publishes, notifies, and serves each participant only their own agenda", async () => {
    await write(world.organizer, "post", `/api/events/${id}/publish`).expect(409);
    const summary = await write(world.organizer, "post", `/api/events/${id}/schedule`).expect(200);
    expect(summary.body.unscheduled).toBe(0);
    const meetings = (await world.organizer.agent.get(`/api/events/${id}/meetings`)).body.items as {
      slot: number;
      tableNo: number;
      need: { id: number };
      expert: { id: number };
    }[];
    // Nobody in two places at once; the signed-up expert only in slots 0–2; at most 4 tables.
    const seen = new Set<string>();
    for (const m of meetings) {
      for (const who of [`n${m.need.id}`, `e${m.expert.id}`]) {
        expect(seen.has(`${who}@${m.slot}`)).toBe(false);
        seen.add(`${who}@${m.slot}`);
      }
      expect(m.tableNo).toBeLessThan(4);
      if (m.expert.id === world.expert.expertId) expect(m.slot).toBeLessThanOrEqual(2);
    }
    // Participants see nothing before publishing.
    await world.expert.agent.get(`/api/events/${id}/agenda`).expect(409);
    await write(world.organizer, "post", `/api/events/${id}/publish`).expect(200);
    await until(() => expertInbox.some((n) => n.type === "event.published" && n.eventId === id), "published");

    const agenda = await world.expert.agent.get(`/api/events/${id}/agenda`).expect(200);
    const own = meetings.filter((m) => m.expert.id === world.expert.expertId);
    expect(agenda.body.items).toHaveLength(1);
    expect(agenda.body.items[0].meetings).toHaveLength(own.length);
    const participants = (await world.organizer.agent.get(`/api/events/${id}/participants`)).body.items as {
      id: number;
      kind: string;
    }[];
    const someoneElse = participants.find((p) => p.kind === "need")!;
    await world.expert.agent.get(`/api/events/${id}/agenda?participantId=${someoneElse.id}`).expect(403);
    await world.organizer.agent.get(`/api/events/${id}/agenda?participantId=${someoneElse.id}`).expect(200);

    const ics = await world.expert.agent.get(`/api/events/${id}/agenda?format=ics`).expect(200);
    expect(ics.headers["content-type"]).toMatch(/text\/calendar/);
    expect(ics.text.match(/BEGIN:VEVENT/g)).toHaveLength(own.length);

    const xlsx = await world.organizer.agent
      .get(`/api/events/${id}/schedule?format=xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.rowCount)).toEqual([meetings.length + 1, meetings.length * 2 + 1]);
    await world.expert.agent.get(`/api/events/${id}/schedule?format=xlsx`).expect(403);
  });
});
