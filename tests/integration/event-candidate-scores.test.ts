import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEventWorld, eventBody, type EventWorld } from "../support/event-fixtures.js";
import { write } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

/**
 * An assignment run reuses the event's previous scores only while what they were scored from is
 * unchanged (the matching model, the registered needs' text, exclusions and conflicts, the
 * registered experts); whatever else the organizer changes (demand, preferences) still shapes the
 * next run. Whether a run scored or reused is read from its "event assignment run finished" log line.
 */

let server: RunningTestServer;
let world: EventWorld;
let eventId: number;
const logged: Record<string, unknown>[] = [];

interface Meeting {
  need: { id: number };
  expert: { id: number };
}

/** Runs the assignment to its end; answers its status, whether it reused the scores, and the meetings. */
async function run(): Promise<{ status: string; scoresReused: boolean; meetings: Meeting[] }> {
  const started = await write(world.organizer, "post", `/api/events/${eventId}/runs`).send({});
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await server.container.eventAssignment.idle();
  const finished = await world.organizer.agent.get(`/api/events/${eventId}/runs/${started.body.id}`).expect(200);
  const line = logged.find((l) => l.msg === "event assignment run finished" && l.runId === started.body.id);
  expect(line, "the run's log line").toBeDefined();
  const meetings = (await world.organizer.agent.get(`/api/events/${eventId}/meetings`).expect(200)).body
    .items as Meeting[];
  return { status: finished.body.status as string, scoresReused: line!.scoresReused as boolean, meetings };
}

async function register(body: Record<string, unknown>): Promise<number> {
  const created = await write(world.organizer, "post", `/api/events/${eventId}/participants`).send(body).expect(201);
  return created.body.id as number;
}

beforeAll(async () => {
  const logger = pino({ level: "info", base: undefined }, { write: (line: string) => logged.push(JSON.parse(line)) });
  server = await startTestServer({}, { logger });
  world = await buildEventWorld(server.app, server.container, { needs: 3, experts: 6 });
  const created = await write(world.organizer, "post", "/api/events")
    .send(eventBody({ demandPerNeed: 2, meetingsPerExpert: 3 }))
    .expect(201);
  eventId = created.body.id as number;
  await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe("an event's candidate scores between assignment runs", () => {
  let firstNeedParticipant: number;

  it("scores the first run, and reuses the scores when only a demand changed", async () => {
    const needParticipants = [];
    for (const needId of world.needIds) needParticipants.push(await register({ kind: "need", needId }));
    // The last expert registers later (next test).
    for (const expertId of world.expertIds.slice(0, -1)) await register({ kind: "expert", expertId });
    firstNeedParticipant = needParticipants[0]!;

    const first = await run();
    expect(first).toMatchObject({ status: "optimal", scoresReused: false });
    expect(first.meetings).toHaveLength(world.needIds.length * 2);

    await write(world.organizer, "patch", `/api/events/${eventId}/participants/${firstNeedParticipant}`)
      .send({ demand: 1 })
      .expect(200);
    const second = await run();
    expect(second).toMatchObject({ status: "optimal", scoresReused: true });
    expect(second.meetings.filter((m) => m.need.id === world.needIds[0])).toHaveLength(1);
  });

  it("applies a changed preference without scoring again", async () => {
    const before = await run();
    expect(before.scoresReused).toBe(true);
    const pair = before.meetings.find((m) => m.need.id === world.needIds[1])!;
    await write(world.enterprise, "put", `/api/events/${eventId}/preferences`)
      .send({ needId: pair.need.id, expertId: pair.expert.id, choice: "no" })
      .expect(200);
    const after = await run();
    expect(after).toMatchObject({ status: "optimal", scoresReused: true });
    expect(after.meetings.some((m) => m.need.id === pair.need.id && m.expert.id === pair.expert.id)).toBe(false);
  });

  it("scores again when an expert registers, then reuses the new scores", async () => {
    const newcomer = world.expertIds.at(-1)!;
    await register({ kind: "expert", expertId: newcomer });
    expect((await run()).scoresReused).toBe(false);
    expect((await run()).scoresReused).toBe(true);
  });

  it("scores again when a registered need's text changes", async () => {
    await write(world.enterprise, "patch", `/api/needs/${world.needIds[2]}`)
      .send({ title: "动力锂电池正极材料循环寿命与快充性能提升" })
      .expect(200);
    expect((await run()).scoresReused).toBe(false);
  });

  it("scores again when an expert declares a conflict with a registered need's enterprise", async () => {
    const conflicted = world.expertIds[1]!;
    await server.container.db.expertConflict.create({
      data: { expertId: conflicted, organization: "宁德某新能源有限公司", kind: "contract" },
    });
    const after = await run();
    expect(after.scoresReused).toBe(false);
    expect(after.meetings.some((m) => m.expert.id === conflicted)).toBe(false);
  });

  it("scores again when the matching model changes", async () => {
    expect((await run()).scoresReused).toBe(true);
    // A new expert profile on the platform (not registered for the event): the next model is built.
    await write(world.organizer, "post", "/api/experts")
      .send({ name: "新入库专家", organization: "第九研究院", region: "福州", keywords: ["钠离子电池"] })
      .expect(201);
    await server.container.matches.settled();
    expect((await run()).scoresReused).toBe(false);
  });
});
