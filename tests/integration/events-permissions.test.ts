import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventBody } from "../support/event-fixtures.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/**
 * Who may do what with a docking event: each role × each action, on real SQLite. A refused
 * cell answers 401, 403 or 404; an allowed one 2xx. Each state-changing cell gets a fresh
 * event so cells cannot affect one another.
 */
const roles = [
  "anonymous",
  "expertParticipant",
  "otherExpert",
  "enterpriseOwner",
  "otherEnterprise",
  "organizer",
  "admin",
] as const;
type RoleName = (typeof roles)[number];

let t: TestApp;
let users: Record<Exclude<RoleName, "anonymous">, SignedInAgent>;
let ownNeedId: number;

const db = () => t.container.db;
/** An event moved straight to `status`, with the participant expert and the owner's need registered. */
async function eventIn(status: string, options: { meeting?: boolean } = {}) {
  const created = await write(users.organizer, "post", "/api/events").send(eventBody()).expect(201);
  const eventId = created.body.id as number;
  await db().dockingEvent.update({ where: { id: eventId }, data: { status } });
  const expertParticipant = await db().eventParticipant.create({
    data: { eventId, kind: "expert", expertId: users.expertParticipant.expertId! },
  });
  await db().eventParticipant.create({ data: { eventId, kind: "need", needId: ownNeedId } });
  const meeting = options.meeting
    ? await db().eventMeeting.create({
        data: { eventId, needId: ownNeedId, expertId: users.expertParticipant.expertId!, slot: 0, tableNo: 0 },
      })
    : null;
  return { eventId, participantId: expertParticipant.id, meetingId: meeting?.id ?? null };
}

/** Registering into a fresh event that is open for registration (nobody registered yet). */
async function registration(body: object): Promise<Call> {
  const created = await write(users.organizer, "post", "/api/events").send(eventBody()).expect(201);
  await db().dockingEvent.update({ where: { id: created.body.id as number }, data: { status: "registration" } });
  return { method: "post", path: `/api/events/${created.body.id}/participants`, body };
}

type Call = { method: "get" | "post" | "patch" | "put"; path: string; body?: object };
interface Action {
  name: string;
  allowed: readonly RoleName[];
  prepare: () => Promise<Call>;
}
const staff = ["organizer", "admin"] as const;

const actions: Action[] = [
  {
    name: "create an event",
    allowed: staff,
    prepare: async () => ({ method: "post", path: "/api/events", body: eventBody() }),
  },
  {
    name: "edit an event",
    allowed: staff,
    prepare: async () => ({
      method: "patch",
      path: `/api/events/${(await eventIn("registration")).eventId}`,
      body: { venue: "厦门" },
    }),
  },
  {
    name: "register the owner's need",
    allowed: ["enterpriseOwner", ...staff],
    prepare: () => registration({ kind: "need", needId: ownNeedId }),
  },
  {
    name: "register the participant expert",
    allowed: ["expertParticipant", ...staff],
    prepare: () => registration({ kind: "expert", expertId: users.expertParticipant.expertId }),
  },
  {
    name: "state a wish about the owner's need × the participant expert",
    allowed: ["expertParticipant", "enterpriseOwner"],
    prepare: async () => ({
      method: "put",
      path: `/api/events/${(await eventIn("registration")).eventId}/preferences`,
      body: { needId: ownNeedId, expertId: users.expertParticipant.expertId, choice: "must" },
    }),
  },
  {
    name: "run the assignment",
    allowed: staff,
    prepare: async () => ({
      method: "post",
      path: `/api/events/${(await eventIn("matching")).eventId}/runs`,
      body: {},
    }),
  },
  {
    name: "lock a pair",
    allowed: staff,
    prepare: async () => {
      const { eventId, meetingId } = await eventIn("matching", { meeting: true });
      return { method: "patch", path: `/api/events/${eventId}/meetings/${meetingId}`, body: { locked: true } };
    },
  },
  {
    name: "schedule",
    allowed: staff,
    prepare: async () => ({
      method: "post",
      path: `/api/events/${(await eventIn("matching", { meeting: true })).eventId}/schedule`,
    }),
  },
  {
    name: "publish",
    allowed: staff,
    prepare: async () => ({
      method: "post",
      path: `/api/events/${(await eventIn("matching", { meeting: true })).eventId}/publish`,
    }),
  },
  {
    name: "view the participant expert's agenda",
    allowed: ["expertParticipant", ...staff],
    prepare: async () => {
      const { eventId, participantId } = await eventIn("scheduled", { meeting: true });
      return { method: "get", path: `/api/events/${eventId}/agenda?participantId=${participantId}` };
    },
  },
  {
    name: "download the participant expert's ICS",
    allowed: ["expertParticipant", ...staff],
    prepare: async () => {
      const { eventId, participantId } = await eventIn("scheduled", { meeting: true });
      return { method: "get", path: `/api/events/${eventId}/agenda?format=ics&participantId=${participantId}` };
    },
  },
  {
    name: "download the whole schedule (.xlsx)",
    allowed: staff,
    prepare: async () => ({
      method: "get",
      path: `/api/events/${(await eventIn("scheduled", { meeting: true })).eventId}/schedule?format=xlsx`,
    }),
  },
];

/** The call as `role`: anonymous without a cookie, others with their session and CSRF token. */
function send(role: RoleName, call: Call): request.Test {
  if (role === "anonymous") {
    const test = request(t.app)[call.method](call.path);
    return call.body ? test.send(call.body) : test;
  }
  const user = users[role];
  if (call.method === "get") return user.agent.get(call.path);
  return write(user, call.method, call.path).send(call.body ?? {});
}

beforeAll(async () => {
  t = await createTestApp();
  users = await signUpUsers(t, {
    expertParticipant: { role: "expert" },
    otherExpert: {},
    enterpriseOwner: { role: "enterprise" },
    otherEnterprise: {},
    organizer: {},
    admin: {},
  });
  ownNeedId = (await write(users.enterpriseOwner, "post", "/api/needs").send(buildNeed()).expect(201)).body
    .id as number;
});
afterAll(async () => {
  await t.container.eventAssignment.idle();
  await t?.close();
});

describe("docking events: role × action", () => {
  it.each(actions.map((action) => [action.name, action] as const))("%s", async (_name, action) => {
    const answers: string[] = [];
    for (const role of roles) {
      const call = await action.prepare();
      const response = await send(role, call);
      answers.push(`${role}: ${response.status}`);
      const allowed = action.allowed.includes(role);
      if (allowed)
        expect(response.status, `${role} may ${action.name}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
      else expect([401, 403, 404], `${role} may not ${action.name}`).toContain(response.status);
    }
    console.info(`${action.name} → ${answers.join(", ")}`);
  });
});
