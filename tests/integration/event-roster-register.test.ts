import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEventWorld, eventBody, type EventWorld } from "../support/event-fixtures.js";
import { write } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let world: EventWorld;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildEventWorld(t.app, t.container, { needs: 3, experts: 3, taiwan: 0 });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const upload = (eventId: number, csv: string) =>
  write(world.organizer, "post", `/api/events/${eventId}/participants/import`).attach(
    "file",
    Buffer.from(csv),
    "roster.csv",
  );

describe("registering participants from a file again", () => {
  it("updates the rows already registered in place, adds the new ones, and keeps who registered them", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
    const [n1, n2] = world.needIds;
    const [e1, e2] = world.expertIds;
    const header = "kind,ref,demand,maxMeetings,minMeetings,availability";
    await upload(eventId, `${header}\nneed,${n1},2,,,\nexpert,${e1},,3,0,1-2\n`).expect(200);
    const before = await t.container.db.eventParticipant.findMany({ where: { eventId }, orderBy: { id: "asc" } });
    expect(before).toHaveLength(2);

    const again = await upload(
      eventId,
      `${header}\nneed,${n1},1,,,\nexpert,${e1},,5,1,\nneed,${n2},,,,\nexpert,${e2},,,0,2\n`,
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ rows: 4, registered: 4, errors: [] });
    const after = await t.container.db.eventParticipant.findMany({ where: { eventId }, orderBy: { id: "asc" } });
    expect(after.map((p) => [p.needId ?? p.expertId, p.demand, p.maxMeetings, p.minMeetings, p.availability])).toEqual([
      [n1, 1, null, 0, "[]"],
      [e1, null, 5, 1, "[]"],
      [n2, null, null, 0, "[]"],
      [e2, null, null, 0, "[1]"],
    ]);
    // The rows already there kept their ids and registrant.
    expect(after.slice(0, 2).map((p) => [p.id, p.registeredById])).toEqual(before.map((p) => [p.id, p.registeredById]));
    expect(after.every((p) => p.registeredById === world.organizer.userId)).toBe(true);
  });

  it("registers a file of thousands of rows in one go (more ids than SQLite binds in one statement)", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
    const db = t.container.db;
    await db.need.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({
        title: `批量需求 ${i}`,
        externalId: `bulk-n${i}`,
        status: "open",
      })),
    });
    await db.expert.createMany({
      data: Array.from({ length: 3000 }, (_, i) => ({ name: `专家${i}`, externalId: `bulk-e${i}` })),
    });
    const rows = ["kind,ref,demand,maxMeetings,minMeetings,availability"];
    for (let i = 0; i < 1000; i++) rows.push(`need,bulk-n${i},,,,`);
    for (let i = 0; i < 3000; i++) rows.push(`expert,bulk-e${i},,,0,`);
    const answer = await upload(eventId, rows.join("\n"));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ registered: 4000, errors: [] });
    expect(await db.eventParticipant.count({ where: { eventId } })).toBe(4000);
  }, 120_000);
});
