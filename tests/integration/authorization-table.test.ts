import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/accounts/accounts.types.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import ExcelJS from "exceljs";
import { actorOf } from "../../server/accounts/accounts.types.js";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { buildNeed, uniqueEmail } from "../support/factories.js";
import { documentedPaths } from "../support/openapi-document.js";
import { salonInput } from "../support/salon-clients.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/**
 * The authorization table (issue 11): for every operation in the API's route table
 * (`/api/openapi.json`, generated from `ApiRoutes`) and every page form that changes data,
 * each role (anonymous, expert, enterprise, organizer) acting on its own record and on
 * another's. A refused cell must be 401, 403 or 404 (404 where the record is hidden, as for
 * drafts); an allowed cell must succeed (2xx, or a redirect for pages). An operation
 * without a row fails the test, so a new route cannot be forgotten.
 */

type Caller = "anonymous" | "expert" | "enterprise" | "organizer";
const callers: Caller[] = ["anonymous", "expert", "enterprise", "organizer"];
/** What a caller may do: on every record, on its own only, or nothing. */
type Access = "any" | "own" | "none";

/** A signed-in user as raw credentials, so no cookie jar changes under the table. */
interface User {
  role: Role;
  userId: number;
  expertId: number | null;
  email: string;
  password: string;
  cookie: string;
  csrfToken: string;
}

/** The call a cell makes: its path and body, and optionally another user to act as. */
interface Call {
  path: string;
  body?: unknown;
  as?: User;
  /** A multipart upload (the import page): the file to attach. */
  file?: { name: string; content: string | Buffer };
}

interface Row {
  /** `METHOD /path` exactly as in the route table (Express-style params). */
  route: string;
  /** What distinguishes this row when a route has several (e.g. a draft). */
  variant?: string;
  /** Who owns the record: the role whose "own" cell exists; null when there is no record. */
  ownedBy: Exclude<Caller, "anonymous"> | "self" | null;
  access: Record<Caller, Access>;
  /** Builds the record for one cell and the call on it; `owner` owns the record. */
  prepare: (owner: User, caller: User | null) => Promise<Call>;
  /** Pages answer forms with a redirect; JSON routes with 2xx. */
  page?: boolean;
}

let t: TestApp;
const me = {} as Record<Exclude<Caller, "anonymous">, User>;
/** Owners of "another's" records. */
const other = {} as Record<Exclude<Caller, "anonymous">, User>;

async function signIn(email: string, password: string): Promise<Pick<User, "cookie" | "csrfToken">> {
  const response = await request(t.app).post("/api/auth/login").send({ email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = (response.headers["set-cookie"] as unknown as string[]).map((c) => c.split(";")[0]).join("; ");
  return { cookie, csrfToken: response.body.csrfToken as string };
}

async function makeUser(role: Exclude<Caller, "anonymous">, name = `权限${role}`): Promise<User> {
  const email = uniqueEmail(`authz-${role}`);
  const password = "correct horse battery";
  if (role === "organizer") await t.container.accounts.createStaff({ email, password, name, role });
  else {
    const response = await request(t.app).post("/api/auth/register").send({ email, password, name, role });
    if (response.status !== 201) throw new Error(`register failed: ${response.status}`);
  }
  const session = await signIn(email, password);
  const found = (await request(t.app).get("/api/me").set("Cookie", session.cookie)).body.user;
  return { role, userId: found.id, expertId: found.expertId, email, password, ...session };
}

/**
 * A JSON call as `user` (null: anonymous), with the CSRF token a cookie-authenticated write needs;
 * with `file`, a multipart upload of the body's fields and the file.
 */
function call(user: User | null, method: string, path: string, body?: unknown, file?: Call["file"]): request.Test {
  const verb = method.toLowerCase() as "post";
  const test = request(t.app)[verb](path);
  if (user) test.set("Cookie", user.cookie).set("X-CSRF-Token", user.csrfToken);
  if (file) {
    for (const [name, value] of Object.entries((body ?? {}) as Record<string, string>)) test.field(name, value);
    return test.attach("file", Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), file.name);
  }
  return body === undefined ? test : test.send(body as object);
}

/** A page form post as `user`, CSRF token in the form as the pages send it (first, before an upload's file). */
function form(user: User | null, call: Call): request.Test {
  const fields = (call.body ?? {}) as Record<string, string | string[]>;
  const csrf = user?.csrfToken ?? "";
  if (call.file) {
    const test = request(t.app).post(call.path).field("_csrf", csrf);
    if (user) test.set("Cookie", user.cookie);
    for (const [name, value] of Object.entries(fields)) test.field(name, value as string);
    const content = call.file.content;
    return test.attach("file", Buffer.isBuffer(content) ? content : Buffer.from(content), call.file.name);
  }
  const test = request(t.app).post(call.path).type("form");
  if (user) test.set("Cookie", user.cookie);
  return test.send({ _csrf: csrf, ...fields });
}

async function ok<T = Record<string, unknown>>(response: Promise<request.Response> | request.Test): Promise<T> {
  const answered = await response;
  if (answered.status >= 300) throw new Error(`fixture failed: ${answered.status} ${JSON.stringify(answered.body)}`);
  return answered.body as T;
}

/** A one-expert file to import. */
const importFile = () => ({
  name: "experts.jsonl",
  content: `${JSON.stringify({ externalId: `authz-${uniqueEmail()}`, name: "导入专家" })}\n`,
});
/** An import job submitted by `owner` (an organizer). */
const importJobOf = async (owner: User) =>
  (await ok<{ id: number }>(call(owner, "post", "/api/imports", { kind: "experts" }, importFile()))).id;

/** A live docking event with one scheduled meeting (need × expert, both checked in) and a free pair beside it. */
const liveEvent = async (expertId?: number) => {
  const db = t.container.db;
  // Its first slot began five minutes ago: outcomes of slot-0 meetings can be recorded.
  const eventId = await createEvent(db, { status: "live", startsAt: new Date(Date.now() - 5 * 60_000) });
  const needId = await createNeedRow(db, { title: "授权测试：陶瓷基板烧结" });
  const expert = expertId ?? (await createExpertRow(db, { name: "授权专家" }));
  const freeNeedId = await createNeedRow(db, { title: "授权测试：补位需求" });
  const freeExpertId = await createExpertRow(db, { name: "补位专家" });
  const pNeed = await addParticipant(db, eventId, { needId }, { checkedIn: true });
  const pExpert = await addParticipant(db, eventId, { expertId: expert }, { checkedIn: true });
  await addParticipant(db, eventId, { needId: freeNeedId }, { checkedIn: true });
  await addParticipant(db, eventId, { expertId: freeExpertId }, { checkedIn: true });
  const meetingId = await addMeeting(db, { eventId, needId, expertId: expert, slot: 0, tableNo: 1 });
  return { eventId, needId, expertId: expert, pNeed, pExpert, meetingId, freeNeedId, freeExpertId };
};
const selfCheckInToken = async () => {
  const event = await liveEvent();
  const staff = actorOf((await t.container.accounts.findUser(me.organizer.userId))!);
  return { ...event, token: await t.container.liveDay.issueCheckInToken(staff, event.eventId, event.pExpert) };
};
const outcomeWorkbook = async (meetingId: number) => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("outcomes");
  sheet.addRow(["meetingId", "side", "result"]);
  sheet.addRow([meetingId, "need", "follow_up"]);
  return Buffer.from(await book.xlsx.writeBuffer());
};
/** A meeting owned (on the expert side) by `owner` when it is an expert; another expert's otherwise. */
const meetingOf = async (owner: User) => (await liveEvent(owner.expertId ?? undefined)).meetingId;

let tracks = 0;
const trackCode = () => `authz-track-${++tracks}`;

// ---- fixtures: each cell gets fresh records, so a delete in one cell cannot affect another
const organizer = () => me.organizer;
const needOf = async (owner: User, overrides: Record<string, unknown> = {}) =>
  (await ok<{ id: number }>(call(owner, "post", "/api/needs", buildNeed(overrides)))).id;
/** An expert profile: the owner's own, or a fresh one an organizer adds (no user behind it). */
const expertOf = async (owner: User) =>
  owner.role === "expert" && owner !== other.expert
    ? owner.expertId!
    : (await ok<{ id: number }>(call(organizer(), "post", "/api/experts", { name: "候选专家", capacity: 5 }))).id;
const freshExpert = () => expertOf(organizer());
const technologyOf = async (owner: User) =>
  (await ok<{ id: number }>(call(owner, "post", "/api/technologies", { title: "低温烧结工艺" }))).id;
const societyOf = async () =>
  (await ok<{ id: number }>(call(organizer(), "post", "/api/societies", { name: `学会${uniqueEmail("s")}` }))).id;
const trackOf = async () =>
  (
    await ok<{ id: number }>(
      call(organizer(), "post", "/api/tracks", {
        code: trackCode(),
        name: "赛道",
      }),
    )
  ).id;
const invitationFor = async (expert: User) => {
  const needId = await needOf(other.enterprise);
  return (
    await ok<{ id: number }>(
      call(other.enterprise, "post", `/api/needs/${needId}/invitations`, { expertId: expert.expertId }),
    )
  ).id;
};
/** The newest claim email in the outbox, sent for a fresh unclaimed profile with an address. */
const claimEmail = async () => {
  const expert = await ok<{ id: number }>(
    call(organizer(), "post", "/api/experts", { name: "待认领专家", email: uniqueEmail("claim") }),
  );
  await ok(call(organizer(), "post", `/api/experts/${expert.id}/claim-link`));
  return t.container.db.emailOutbox.findFirstOrThrow({ where: { kind: "claim_link" }, orderBy: { id: "desc" } });
};
const claimToken = async () => new URL((await claimEmail()).link).searchParams.get("token")!;
/**
 * An accepted invitation: `owner` is its expert (the need is another enterprise's) or its
 * enterprise. The need is then closed, so the engagement stops using the expert's capacity.
 */
let engagedExpert: User | undefined;
const engagementOf = async (owner: User) => {
  const expert = owner.role === "expert" ? owner : (engagedExpert ??= await makeUser("expert", "对接专家"));
  const enterprise = owner.role === "enterprise" ? owner : other.enterprise;
  const needId = await needOf(enterprise);
  const invitation = await ok<{ id: number }>(
    call(enterprise, "post", `/api/needs/${needId}/invitations`, { expertId: expert.expertId }),
  );
  await ok(call(expert, "post", `/api/invitations/${invitation.id}/accept`));
  await ok(call(enterprise, "post", `/api/needs/${needId}/status`, { status: "closed" }));
  return invitation.id;
};
/** Engagements: their two sides (each on its own) and organizers. */
const engagementSides = (side: "expert" | "enterprise"): Record<Caller, Access> => ({
  anonymous: "none",
  expert: side === "expert" ? "own" : "none",
  enterprise: side === "enterprise" ? "own" : "none",
  organizer: "any",
});
const salonOf = async (owner: User, visibility = "public", moderatorIds: number[] = []) =>
  (
    await ok<{ salon: { id: number } }>(
      call(owner, "post", "/api/salons", { ...salonInput(), visibility, moderatorIds }),
    )
  ).salon.id;
/** An open salon of `owner` (and these moderators) with one unanswered question from another user. */
const questionIn = async (owner: User, moderatorIds: number[] = []) => {
  const salonId = await salonOf(owner, "public", moderatorIds);
  const host = salonActorOf(await t.container.accounts.findUser(owner.userId))!;
  const guest = salonActorOf(await t.container.accounts.findUser(other.enterprise.userId))!;
  await t.container.salons.open(host, salonId);
  const asked = (await t.container.salons.perform(guest, salonId, `q${uniqueEmail()}`, {
    kind: "ask",
    text: "界面稳定性如何提升？",
    anonymous: false,
  })) as { questionId: number };
  return { salonId, questionId: asked.questionId };
};
const tokenOf = async (owner: User) =>
  (await ok<{ id: number }>(call(owner, "post", "/api/tokens", { name: "脚本" }))).id;
/** Another session of `owner` (a second sign-in), by its id in the owner's list. */
const sessionOf = async (owner: User) => {
  const second = await signIn(owner.email, owner.password);
  const { items } = await ok<{ items: { id: string; current: boolean }[] }>(
    request(t.app).get("/api/sessions").set("Cookie", second.cookie),
  );
  return items.find((session) => session.current)!.id;
};
/** A user of the caller's role made for this one cell (for calls that end sessions). */
const freshCaller = async (caller: User | null) => (caller ? makeUser(caller.role as "expert") : undefined);

const everyone: Record<Caller, Access> = { anonymous: "any", expert: "any", enterprise: "any", organizer: "any" };
const signedIn: Record<Caller, Access> = { anonymous: "none", expert: "any", enterprise: "any", organizer: "any" };
const selfOnly: Record<Caller, Access> = { anonymous: "none", expert: "own", enterprise: "own", organizer: "own" };
const organizers: Record<Caller, Access> = { anonymous: "none", expert: "none", enterprise: "none", organizer: "any" };
/** Needs: their enterprise and organizers. */
const needOwners: Record<Caller, Access> = { anonymous: "none", expert: "none", enterprise: "own", organizer: "any" };
/** Expert profiles and technologies: their expert and organizers. */
const expertOwners: Record<Caller, Access> = { anonymous: "none", expert: "own", enterprise: "none", organizer: "any" };

// ---- docking events (issue 15): organizers run them; participants register, wish and read agendas
const eventBodyFor = () => ({
  title: "权限测试对接会",
  startsAt: "2026-12-20T09:00:00+08:00",
  slotCount: 4,
  tableCount: 2,
  quotaRules: [{ kind: "atMostSame", attr: "organization", count: 1 }],
});
/** An event moved straight to `status` (fixtures skip the lifecycle's checks). */
const eventIn = async (status = "registration") => {
  const { id } = await ok<{ id: number }>(call(organizer(), "post", "/api/events", eventBodyFor()));
  await t.container.db.dockingEvent.update({ where: { id }, data: { status } });
  return id;
};
const registerIn = async (eventId: number, side: { needId?: number; expertId?: number }) =>
  (
    await t.container.db.eventParticipant.create({
      data: { eventId, kind: side.needId ? "need" : "expert", ...side },
    })
  ).id;
/** A meeting between a fresh need and a fresh expert, both registered; placed when `slot` is given. */
const meetingIn = async (eventId: number, slot: number | null = null, expertId?: number) => {
  const needId = await needOf(other.enterprise);
  const expert = expertId ?? (await freshExpert());
  await registerIn(eventId, { needId });
  if (expertId === undefined) await registerIn(eventId, { expertId: expert });
  const meeting = await t.container.db.eventMeeting.create({
    data: { eventId, needId, expertId: expert, slot, tableNo: slot === null ? null : 0 },
  });
  return { id: meeting.id, needId, expertId: expert };
};
/** A published event where `expert` (an expert user) has one meeting; their participant id. */
const agendaOf = async (expert: User) => {
  const eventId = await eventIn("matching");
  const participantId = await registerIn(eventId, { expertId: expert.expertId! });
  await meetingIn(eventId, 0, expert.expertId!);
  await t.container.db.dockingEvent.update({ where: { id: eventId }, data: { status: "scheduled" } });
  return { eventId, participantId };
};
/** A registration event with the owner (an expert) and one need registered: a pair to state a wish about. */
const wishOf = async (owner: User) => {
  const eventId = await eventIn();
  const needId = await needOf(other.enterprise);
  await registerIn(eventId, { needId });
  await registerIn(eventId, { expertId: owner.expertId! });
  return { eventId, body: { needId, expertId: owner.expertId!, choice: "like" } };
};
const rosterFile = async () => ({ name: "roster.csv", content: `kind,ref\nexpert,${await freshExpert()}\n` });
const expertSelf: Record<Caller, Access> = { anonymous: "none", expert: "own", enterprise: "none", organizer: "any" };
const expertOnly: Record<Caller, Access> = { anonymous: "none", expert: "own", enterprise: "none", organizer: "none" };

const eventApiRows: Row[] = [
  {
    route: "POST /api/events",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: "/api/events", body: eventBodyFor() }),
  },
  { route: "GET /api/events", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/events" }) },
  {
    route: "GET /api/events/:id",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({ path: `/api/events/${await eventIn()}` }),
  },
  {
    route: "GET /api/events/:id",
    variant: "a draft",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn("draft")}` }),
  },
  {
    route: "PATCH /api/events/:id",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn()}`, body: { venue: "厦门" } }),
  },
  {
    route: "POST /api/events/:id/transition",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn("draft")}/transition`, body: { to: "registration" } }),
  },
  {
    route: "GET /api/events/:id/participants",
    ownedBy: null,
    access: signedIn,
    prepare: async () => ({ path: `/api/events/${await eventIn()}/participants` }),
  },
  {
    route: "POST /api/events/:id/participants",
    ownedBy: "expert",
    access: expertSelf,
    prepare: async (owner) => ({
      path: `/api/events/${await eventIn()}/participants`,
      body: { kind: "expert", expertId: owner.expertId },
    }),
  },
  {
    route: "POST /api/events/:id/participants",
    variant: "a need",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({
      path: `/api/events/${await eventIn()}/participants`,
      body: { kind: "need", needId: await needOf(owner) },
    }),
  },
  {
    route: "PATCH /api/events/:id/participants/:participantId",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn();
      const participantId = await registerIn(eventId, { expertId: await freshExpert() });
      return { path: `/api/events/${eventId}/participants/${participantId}`, body: { maxMeetings: 2 } };
    },
  },
  {
    route: "DELETE /api/events/:id/participants/:participantId",
    ownedBy: "expert",
    access: expertSelf,
    prepare: async (owner) => {
      const eventId = await eventIn();
      const participantId = await registerIn(eventId, { expertId: owner.expertId! });
      return { path: `/api/events/${eventId}/participants/${participantId}` };
    },
  },
  {
    route: "POST /api/events/:id/participants/import",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn()}/participants/import`, file: await rosterFile() }),
  },
  {
    route: "GET /api/events/:id/suggestions",
    ownedBy: null,
    access: signedIn,
    prepare: async () => ({ path: `/api/events/${await eventIn()}/suggestions` }),
  },
  {
    route: "PUT /api/events/:id/preferences",
    ownedBy: "expert",
    access: expertOnly,
    prepare: async (owner) => {
      const { eventId, body } = await wishOf(owner);
      return { path: `/api/events/${eventId}/preferences`, body };
    },
  },
  {
    route: "POST /api/events/:id/runs",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn("matching")}/runs`, body: {} }),
  },
  {
    route: "GET /api/events/:id/runs/latest",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn("matching")}/runs/latest` }),
  },
  {
    route: "GET /api/events/:id/runs/:runId",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      const run = await t.container.db.eventAssignmentRun.create({ data: { eventId, status: "optimal" } });
      return { path: `/api/events/${eventId}/runs/${run.id}` };
    },
  },
  {
    route: "POST /api/events/:id/relaxations",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({
      path: `/api/events/${await eventIn("matching")}/relaxations`,
      body: { action: "removeQuota", rule: 0 },
    }),
  },
  {
    route: "GET /api/events/:id/meetings",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${await eventIn("matching")}/meetings` }),
  },
  {
    route: "POST /api/events/:id/meetings",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      const needId = await needOf(other.enterprise);
      const expertId = await freshExpert();
      await registerIn(eventId, { needId });
      await registerIn(eventId, { expertId });
      return { path: `/api/events/${eventId}/meetings`, body: { needId, expertId } };
    },
  },
  {
    route: "POST /api/events/:id/meetings/swap",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      const first = await meetingIn(eventId);
      const second = await meetingIn(eventId);
      return { path: `/api/events/${eventId}/meetings/swap`, body: { first: first.id, second: second.id } };
    },
  },
  {
    route: "PATCH /api/events/:id/meetings/:meetingId",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      return { path: `/api/events/${eventId}/meetings/${(await meetingIn(eventId)).id}`, body: { locked: true } };
    },
  },
  {
    route: "DELETE /api/events/:id/meetings/:meetingId",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      return { path: `/api/events/${eventId}/meetings/${(await meetingIn(eventId)).id}` };
    },
  },
  {
    route: "POST /api/events/:id/schedule",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      await meetingIn(eventId);
      return { path: `/api/events/${eventId}/schedule` };
    },
  },
  {
    route: "POST /api/events/:id/publish",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const eventId = await eventIn("matching");
      await meetingIn(eventId, 1);
      return { path: `/api/events/${eventId}/publish` };
    },
  },
  {
    route: "GET /api/events/:id/schedule",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/events/${(await agendaOf(me.expert)).eventId}/schedule?format=xlsx` }),
  },
  {
    route: "GET /api/events/:id/agenda",
    ownedBy: "expert",
    access: expertSelf,
    prepare: async (owner) => {
      const { eventId, participantId } = await agendaOf(owner);
      return { path: `/api/events/${eventId}/agenda?format=ics&participantId=${participantId}` };
    },
  },
];

const eventPageRows: Row[] = [
  {
    route: "POST /events",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: "/events", body: { ...eventFormFor() } }),
  },
  {
    route: "POST /events/:id",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: `/events/${await eventIn()}`, body: eventFormFor() }),
  },
  {
    route: "POST /events/:id/transition",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: `/events/${await eventIn("draft")}/transition`, body: { to: "registration" } }),
  },
  {
    route: "POST /events/:id/participants/import",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: `/events/${await eventIn()}/participants/import`, file: await rosterFile() }),
  },
  {
    route: "POST /events/:id/participants/:participantId/remove",
    ownedBy: "expert",
    access: expertSelf,
    page: true,
    prepare: async (owner) => {
      const eventId = await eventIn();
      const participantId = await registerIn(eventId, { expertId: owner.expertId! });
      return { path: `/events/${eventId}/participants/${participantId}/remove` };
    },
  },
  {
    route: "POST /events/:id/runs",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: `/events/${await eventIn("matching")}/runs`, body: { mode: "fresh" } }),
  },
  {
    route: "POST /events/:id/relaxations",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({
      path: `/events/${await eventIn("matching")}/relaxations`,
      body: { action: "removeQuota", rule: "0" },
    }),
  },
  {
    route: "POST /events/:id/meetings",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const eventId = await eventIn("matching");
      const needId = await needOf(other.enterprise);
      const expertId = await freshExpert();
      await registerIn(eventId, { needId });
      await registerIn(eventId, { expertId });
      return { path: `/events/${eventId}/meetings`, body: { needId: String(needId), expertId: String(expertId) } };
    },
  },
  {
    route: "POST /events/:id/meetings/swap",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const eventId = await eventIn("matching");
      const first = await meetingIn(eventId);
      const second = await meetingIn(eventId);
      return { path: `/events/${eventId}/meetings/swap`, body: { first: String(first.id), second: String(second.id) } };
    },
  },
  {
    route: "POST /events/:id/meetings/:meetingId/lock",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const eventId = await eventIn("matching");
      return { path: `/events/${eventId}/meetings/${(await meetingIn(eventId)).id}/lock`, body: { locked: "true" } };
    },
  },
  {
    route: "POST /events/:id/meetings/:meetingId/remove",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const eventId = await eventIn("matching");
      return { path: `/events/${eventId}/meetings/${(await meetingIn(eventId)).id}/remove` };
    },
  },
  {
    route: "POST /events/:id/schedule",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const eventId = await eventIn("matching");
      await meetingIn(eventId);
      return { path: `/events/${eventId}/schedule` };
    },
  },
  {
    route: "POST /events/:id/publish",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const eventId = await eventIn("matching");
      await meetingIn(eventId, 1);
      return { path: `/events/${eventId}/publish` };
    },
  },
  {
    route: "POST /events/:id/join",
    ownedBy: null,
    access: signedIn,
    page: true,
    prepare: async (_owner, caller) => {
      // Experts join as themselves; enterprises with their own need; organizers register anyone's need.
      const needOwner = caller?.role === "enterprise" ? caller : other.enterprise;
      const body = caller?.role === "expert" ? { maxMeetings: "2" } : { needId: String(await needOf(needOwner)) };
      return { path: `/events/${await eventIn()}/join`, body };
    },
  },
  {
    route: "POST /events/:id/preferences",
    ownedBy: "expert",
    access: expertOnly,
    page: true,
    prepare: async (owner) => {
      const { eventId, body } = await wishOf(owner);
      return {
        path: `/events/${eventId}/preferences`,
        body: { ...body, needId: String(body.needId), expertId: String(body.expertId) },
      };
    },
  },
];

function eventFormFor(): Record<string, string> {
  return {
    title: "表单对接会",
    kind: "matchmaking",
    startsAt: "2026-12-20T09:00",
    slotMinutes: "20",
    slotCount: "4",
    tableCount: "2",
    demandPerNeed: "2",
    meetingsPerExpert: "3",
    objective: "total",
  };
}

const apiRows: Row[] = [
  // ---- accounts
  {
    route: "POST /api/auth/register",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({
      path: "/api/auth/register",
      body: { email: uniqueEmail("new"), password: "correct horse battery", name: "新用户", role: "expert" },
    }),
  },
  {
    route: "POST /api/auth/login",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({
      path: "/api/auth/login",
      body: { email: other.expert.email, password: other.expert.password },
    }),
  },
  {
    route: "POST /api/auth/logout",
    ownedBy: null,
    access: everyone,
    prepare: async (_owner, caller) => ({ path: "/api/auth/logout", as: await freshCaller(caller) }),
  },
  { route: "GET /api/me", ownedBy: null, access: signedIn, prepare: async () => ({ path: "/api/me" }) },
  {
    route: "POST /api/auth/claim",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({
      path: "/api/auth/claim",
      body: { token: await claimToken(), password: "correct horse battery" },
    }),
  },
  {
    route: "GET /api/me/email-settings",
    ownedBy: null,
    access: signedIn,
    prepare: async () => ({ path: "/api/me/email-settings" }),
  },
  {
    route: "PATCH /api/me/email-settings",
    ownedBy: null,
    access: signedIn,
    prepare: async () => ({ path: "/api/me/email-settings", body: { preference: "daily" } }),
  },
  {
    route: "PATCH /api/me/organization",
    ownedBy: null,
    access: { anonymous: "none", expert: "none", enterprise: "any", organizer: "any" },
    prepare: async () => ({ path: "/api/me/organization", body: { name: "厦门某科技有限公司", kind: "enterprise" } }),
  },
  {
    route: "POST /api/tokens",
    variant: "with the session, no password",
    ownedBy: null,
    access: signedIn,
    prepare: async () => ({ path: "/api/tokens", body: { name: "脚本" } }),
  },
  { route: "GET /api/tokens", ownedBy: null, access: signedIn, prepare: async () => ({ path: "/api/tokens" }) },
  {
    route: "DELETE /api/tokens/:id",
    ownedBy: "self",
    access: selfOnly,
    prepare: async (owner) => ({ path: `/api/tokens/${await tokenOf(owner)}` }),
  },
  { route: "GET /api/sessions", ownedBy: null, access: signedIn, prepare: async () => ({ path: "/api/sessions" }) },
  {
    route: "DELETE /api/sessions/:id",
    ownedBy: "self",
    access: selfOnly,
    prepare: async (owner) => ({ path: `/api/sessions/${await sessionOf(owner)}` }),
  },
  {
    route: "POST /api/me/password",
    ownedBy: null,
    access: signedIn,
    prepare: async (_owner, caller) => {
      const fresh = await freshCaller(caller);
      return {
        path: "/api/me/password",
        body: { currentPassword: fresh?.password ?? "correct horse battery", newPassword: "another horse battery" },
        as: fresh,
      };
    },
  },
  // ---- experts
  { route: "GET /api/experts", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/experts" }) },
  {
    route: "GET /api/experts/suggest",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({ path: "/api/experts/suggest?q=%E4%B8%93" }),
  },
  {
    route: "GET /api/experts/:id",
    ownedBy: "expert",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/experts/${await expertOf(owner)}` }),
  },
  {
    route: "POST /api/experts",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: "/api/experts", body: { name: "新专家" } }),
  },
  {
    route: "PATCH /api/experts/:id",
    ownedBy: "expert",
    access: expertOwners,
    prepare: async (owner) => ({ path: `/api/experts/${await expertOf(owner)}`, body: { bio: "研究方向：陶瓷" } }),
  },
  {
    route: "DELETE /api/experts/:id",
    ownedBy: "expert",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/experts/${await expertOf(owner)}` }),
  },
  // ---- needs
  { route: "GET /api/needs", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/needs" }) },
  {
    route: "GET /api/needs/:id",
    variant: "open",
    ownedBy: "enterprise",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner)}` }),
  },
  {
    route: "GET /api/needs/:id",
    variant: "draft",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner, { status: "draft" })}` }),
  },
  {
    route: "POST /api/needs",
    ownedBy: null,
    access: { anonymous: "none", expert: "none", enterprise: "any", organizer: "any" },
    prepare: async () => ({ path: "/api/needs", body: buildNeed() }),
  },
  {
    route: "PATCH /api/needs/:id",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner)}`, body: { target: "良率 ≥ 95%" } }),
  },
  {
    route: "POST /api/needs/:id/status",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner)}/status`, body: { status: "closed" } }),
  },
  {
    route: "DELETE /api/needs/:id",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner)}` }),
  },
  {
    route: "POST /api/needs/:id/access",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({
      path: `/api/needs/${await needOf(owner, { confidential: true })}/access`,
      body: { expertId: await freshExpert() },
    }),
  },
  {
    route: "DELETE /api/needs/:id/access/:expertId",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => {
      const needId = await needOf(owner, { confidential: true });
      const expertId = await freshExpert();
      await ok(call(organizer(), "post", `/api/needs/${needId}/access`, { expertId }));
      return { path: `/api/needs/${needId}/access/${expertId}` };
    },
  },
  // ---- technologies
  {
    route: "GET /api/technologies",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({ path: "/api/technologies" }),
  },
  {
    route: "GET /api/technologies/:id",
    ownedBy: "expert",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/technologies/${await technologyOf(owner)}` }),
  },
  {
    route: "POST /api/technologies",
    ownedBy: null,
    access: { anonymous: "none", expert: "any", enterprise: "none", organizer: "any" },
    prepare: async () => ({ path: "/api/technologies", body: { title: "陶瓷基板低温烧结" } }),
  },
  {
    route: "PATCH /api/technologies/:id",
    ownedBy: "expert",
    access: expertOwners,
    prepare: async (owner) => ({ path: `/api/technologies/${await technologyOf(owner)}`, body: { maturity: 5 } }),
  },
  {
    route: "DELETE /api/technologies/:id",
    ownedBy: "expert",
    access: expertOwners,
    prepare: async (owner) => ({ path: `/api/technologies/${await technologyOf(owner)}` }),
  },
  // ---- societies and tracks (reference data: organizers write, everyone reads)
  { route: "GET /api/societies", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/societies" }) },
  {
    route: "GET /api/societies/:id",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({ path: `/api/societies/${await societyOf()}` }),
  },
  {
    route: "POST /api/societies",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: "/api/societies", body: { name: `新学会${uniqueEmail("s")}` } }),
  },
  {
    route: "PATCH /api/societies/:id",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/societies/${await societyOf()}`, body: { description: "简介" } }),
  },
  {
    route: "DELETE /api/societies/:id",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/societies/${await societyOf()}` }),
  },
  { route: "GET /api/tracks", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/tracks" }) },
  {
    route: "GET /api/tracks/:id",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({ path: `/api/tracks/${await trackOf()}` }),
  },
  {
    route: "POST /api/tracks",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({
      path: "/api/tracks",
      body: { code: trackCode(), name: "新赛道" },
    }),
  },
  {
    route: "PATCH /api/tracks/:id",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/tracks/${await trackOf()}`, body: { description: "说明" } }),
  },
  {
    route: "DELETE /api/tracks/:id",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: `/api/tracks/${await trackOf()}` }),
  },
  // ---- matching and curation
  {
    route: "GET /api/needs/:id/matches",
    variant: "open need",
    ownedBy: "enterprise",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner)}/matches` }),
  },
  {
    route: "GET /api/needs/:id/matches",
    variant: "confidential need",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner, { confidential: true })}/matches` }),
  },
  {
    route: "GET /api/experts/:id/suggestions",
    ownedBy: "expert",
    access: expertOwners,
    prepare: async (owner) => ({ path: `/api/experts/${await expertOf(owner)}/suggestions` }),
  },
  {
    route: "GET /api/experts/:id/conflicts",
    ownedBy: "expert",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/experts/${await expertOf(owner)}/conflicts` }),
  },
  {
    route: "POST /api/experts/:id/conflicts",
    ownedBy: "expert",
    access: organizers,
    prepare: async (owner) => ({
      path: `/api/experts/${await expertOf(owner)}/conflicts`,
      body: { organization: "某光电公司", kind: "contract" },
    }),
  },
  {
    route: "DELETE /api/experts/:id/conflicts/:conflictId",
    ownedBy: "expert",
    access: organizers,
    prepare: async (owner) => {
      const expertId = await expertOf(owner);
      const conflict = await ok<{ id: number }>(
        call(organizer(), "post", `/api/experts/${expertId}/conflicts`, {
          organization: "某光电公司",
          kind: "contract",
        }),
      );
      return { path: `/api/experts/${expertId}/conflicts/${conflict.id}` };
    },
  },
  {
    route: "PUT /api/needs/:id/matches/:expertId",
    ownedBy: "enterprise",
    access: organizers,
    prepare: async (owner) => ({
      path: `/api/needs/${await needOf(owner)}/matches/${await freshExpert()}`,
      body: { kind: "pin" },
    }),
  },
  {
    route: "DELETE /api/needs/:id/matches/:expertId",
    ownedBy: "enterprise",
    access: organizers,
    prepare: async (owner) => {
      const needId = await needOf(owner);
      const expertId = await freshExpert();
      await ok(call(organizer(), "put", `/api/needs/${needId}/matches/${expertId}`, { kind: "exclude" }));
      return { path: `/api/needs/${needId}/matches/${expertId}` };
    },
  },
  // ---- invitations
  {
    route: "POST /api/needs/:id/invitations",
    ownedBy: "enterprise",
    access: needOwners,
    prepare: async (owner) => ({
      path: `/api/needs/${await needOf(owner)}/invitations`,
      body: { expertId: await freshExpert() },
    }),
  },
  {
    route: "GET /api/needs/:id/invitations",
    ownedBy: "enterprise",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/needs/${await needOf(owner)}/invitations` }),
  },
  {
    route: "GET /api/experts/:id/invitations",
    ownedBy: "expert",
    access: expertOwners,
    prepare: async (owner) => ({ path: `/api/experts/${await expertOf(owner)}/invitations` }),
  },
  {
    route: "POST /api/invitations/:id/accept",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "none" },
    prepare: async (owner) => ({ path: `/api/invitations/${await invitationFor(owner)}/accept` }),
  },
  {
    route: "POST /api/invitations/:id/decline",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "none" },
    prepare: async (owner) => ({
      path: `/api/invitations/${await invitationFor(owner)}/decline`,
      body: { reason: "档期已满" },
    }),
  },
  ...(["expert", "enterprise"] as const).flatMap((side): Row[] => [
    {
      route: "GET /api/engagements/:id",
      variant: `owned by its ${side}`,
      ownedBy: side,
      access: engagementSides(side),
      prepare: async (owner) => ({ path: `/api/engagements/${await engagementOf(owner)}` }),
    },
    {
      route: "POST /api/engagements/:id/messages",
      variant: `owned by its ${side}`,
      ownedBy: side,
      access: engagementSides(side),
      prepare: async (owner) => ({
        path: `/api/engagements/${await engagementOf(owner)}/messages`,
        body: { body: "下周可以面谈吗？" },
      }),
    },
  ]),
  {
    route: "POST /api/experts/:id/claim-link",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const expert = await ok<{ id: number }>(
        call(organizer(), "post", "/api/experts", { name: "导入专家", email: uniqueEmail("import") }),
      );
      return { path: `/api/experts/${expert.id}/claim-link` };
    },
  },
  // ---- imports through the server (organizers; every organizer sees every job)
  {
    route: "POST /api/imports",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: "/api/imports", body: { kind: "experts" }, file: importFile() }),
  },
  { route: "GET /api/imports", ownedBy: null, access: organizers, prepare: async () => ({ path: "/api/imports" }) },
  {
    route: "GET /api/imports/:id",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/imports/${await importJobOf(owner)}` }),
  },
  {
    route: "POST /api/imports/:id/cancel",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/imports/${await importJobOf(owner)}/cancel` }),
  },
  // ---- salons (organizers run every salon: server/salons/salon.ts canManage)
  {
    route: "POST /api/salons",
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: "/api/salons", body: salonInput() }),
  },
  { route: "GET /api/salons", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/salons" }) },
  {
    route: "GET /api/salons/:id",
    variant: "public",
    ownedBy: "organizer",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/salons/${await salonOf(owner)}` }),
  },
  {
    route: "GET /api/salons/:id",
    variant: "members only",
    ownedBy: "organizer",
    access: signedIn,
    prepare: async (owner) => ({ path: `/api/salons/${await salonOf(owner, "members")}` }),
  },
  {
    route: "GET /api/salons/:id",
    variant: "invite only, caller not invited",
    ownedBy: "organizer",
    access: { anonymous: "none", expert: "none", enterprise: "none", organizer: "any" },
    prepare: async (owner) => ({ path: `/api/salons/${await salonOf(owner, "invite_only")}` }),
  },
  {
    route: "PATCH /api/salons/:id",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/salons/${await salonOf(owner)}`, body: { topic: "界面工程" } }),
  },
  {
    route: "POST /api/salons/:id/open",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/salons/${await salonOf(owner)}/open` }),
  },
  {
    route: "POST /api/salons/:id/close",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => ({ path: `/api/salons/${(await questionIn(owner)).salonId}/close` }),
  },
  {
    route: "GET /api/salons/:id/minutes",
    ownedBy: "organizer",
    access: everyone,
    prepare: async (owner) => ({ path: `/api/salons/${(await questionIn(owner)).salonId}/minutes` }),
  },
  {
    route: "POST /api/salons/:id/questions/:questionId/forward",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => {
      const { salonId, questionId } = await questionIn(owner);
      return {
        path: `/api/salons/${salonId}/questions/${questionId}/forward`,
        body: { expertId: other.expert.expertId },
      };
    },
  },
  {
    route: "POST /api/salons/:id/questions/:questionId/need",
    ownedBy: "organizer",
    access: organizers,
    prepare: async (owner) => {
      const { salonId, questionId } = await questionIn(owner);
      return { path: `/api/salons/${salonId}/questions/${questionId}/need` };
    },
  },
  {
    route: "POST /api/salons/:id/questions/:questionId/forward",
    variant: "caller named a moderator of the salon",
    ownedBy: null,
    access: signedIn,
    prepare: async (_owner, caller) => {
      const { salonId, questionId } = await questionIn(other.organizer, caller ? [caller.userId] : []);
      return {
        path: `/api/salons/${salonId}/questions/${questionId}/forward`,
        body: { expertId: other.expert.expertId },
      };
    },
  },
  {
    route: "POST /api/salons/:id/questions/:questionId/need",
    variant: "caller named a moderator of the salon: only those who may post needs",
    ownedBy: null,
    access: { anonymous: "none", expert: "none", enterprise: "any", organizer: "any" },
    prepare: async (_owner, caller) => {
      const { salonId, questionId } = await questionIn(other.organizer, caller ? [caller.userId] : []);
      return { path: `/api/salons/${salonId}/questions/${questionId}/need` };
    },
  },
  // ---- search
  { route: "GET /api/search", ownedBy: null, access: everyone, prepare: async () => ({ path: "/api/search?q=陶瓷" }) },
  {
    route: "GET /api/search/suggest",
    ownedBy: null,
    access: everyone,
    prepare: async () => ({ path: "/api/search/suggest?q=陶" }),
  },
  ...eventApiRows,
  // ---- docking events on the day (organizers) and outcomes (the meeting's parties and organizers)
  ...(
    [
      [
        "POST /api/events/:id/live/start",
        async () => `/api/events/${await createEvent(t.container.db, { status: "scheduled" })}/live/start`,
      ],
      ["POST /api/events/:id/live/close", async () => `/api/events/${(await liveEvent()).eventId}/live/close`],
      [
        "GET /api/events/:id/live/participants",
        async () => `/api/events/${(await liveEvent()).eventId}/live/participants`,
      ],
      [
        "POST /api/events/:id/live/participants/:participantId/check-in",
        async () => {
          const e = await liveEvent();
          return `/api/events/${e.eventId}/live/participants/${e.pExpert}/check-in`;
        },
      ],
      [
        "DELETE /api/events/:id/live/participants/:participantId/check-in",
        async () => {
          const e = await liveEvent();
          return `/api/events/${e.eventId}/live/participants/${e.pExpert}/check-in`;
        },
      ],
      [
        "POST /api/events/:id/live/participants/:participantId/check-in-link",
        async () => {
          const e = await liveEvent();
          return `/api/events/${e.eventId}/live/participants/${e.pExpert}/check-in-link`;
        },
      ],
      [
        "POST /api/events/:id/live/participants/:participantId/no-show",
        async () => {
          const e = await liveEvent();
          return `/api/events/${e.eventId}/live/participants/${e.pExpert}/no-show`;
        },
      ],
      ["GET /api/events/:id/live/refills", async () => `/api/events/${(await liveEvent()).eventId}/live/refills`],
      ["GET /api/events/:id/wall-link", async () => `/api/events/${(await liveEvent()).eventId}/wall-link`],
      ["GET /api/events/:id/wall", async () => `/api/events/${(await liveEvent()).eventId}/wall`],
      ["GET /api/events/:id/outcomes", async () => `/api/events/${(await liveEvent()).eventId}/outcomes`],
      [
        "GET /api/events/:id/outcomes/template.xlsx",
        async () => `/api/events/${(await liveEvent()).eventId}/outcomes/template.xlsx`,
      ],
    ] as const
  ).map(([route, path]): Row => ({
    route,
    ownedBy: null,
    access: organizers,
    prepare: async () => ({ path: await path(), body: route.endsWith("no-show") ? { fromSlot: 0 } : undefined }),
  })),
  {
    route: "POST /api/events/:id/live/refills",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const e = await liveEvent();
      return {
        path: `/api/events/${e.eventId}/live/refills`,
        body: { slot: 0, needId: e.freeNeedId, expertId: e.freeExpertId, tableNo: 2 },
      };
    },
  },
  {
    route: "POST /api/events/:id/outcomes/import",
    ownedBy: null,
    access: organizers,
    prepare: async () => {
      const e = await liveEvent();
      return {
        path: `/api/events/${e.eventId}/outcomes/import`,
        file: { name: "outcomes.xlsx", content: await outcomeWorkbook(e.meetingId) },
      };
    },
  },
  {
    route: "POST /api/events/:id/self-check-in",
    variant: "anyone holding the participant's token, without an account",
    ownedBy: null,
    access: everyone,
    prepare: async () => {
      const e = await selfCheckInToken();
      return { path: `/api/events/${e.eventId}/self-check-in`, body: { token: e.token } };
    },
  },
  {
    route: "GET /api/meetings/:id/outcomes",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "any" },
    prepare: async (owner) => ({ path: `/api/meetings/${await meetingOf(owner)}/outcomes` }),
  },
  {
    route: "PUT /api/meetings/:id/outcomes",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "any" },
    prepare: async (owner) => ({
      path: `/api/meetings/${await meetingOf(owner)}/outcomes`,
      body: { side: "expert", result: "follow_up" },
    }),
  },
];

/** Page forms that change data (POST routes outside /api); a refusal to an anonymous caller is a redirect to sign in. */
const needFields = (overrides: Record<string, string> = {}) => ({
  title: "陶瓷基板烧结工艺优化",
  description: "企业生产功率模块用陶瓷基板。",
  discipline: "材料科学与工程",
  keywords: "氮化铝,烧结",
  track: "assist",
  status: "open",
  ...overrides,
});
const pageRows: Row[] = [
  {
    route: "POST /login",
    ownedBy: null,
    access: everyone,
    page: true,
    prepare: async (_owner, caller) => ({
      path: "/login",
      body: { email: other.expert.email, password: other.expert.password },
      as: await freshCaller(caller),
    }),
  },
  {
    route: "POST /register",
    ownedBy: null,
    access: everyone,
    page: true,
    prepare: async (_owner, caller) => ({
      path: "/register",
      body: { email: uniqueEmail("page"), password: "correct horse battery", name: "新用户", role: "enterprise" },
      as: await freshCaller(caller),
    }),
  },
  {
    route: "POST /claim",
    ownedBy: null,
    access: everyone,
    page: true,
    prepare: async (_owner, caller) => ({
      path: "/claim",
      body: { token: await claimToken(), password: "correct horse battery", passwordAgain: "correct horse battery" },
      as: await freshCaller(caller),
    }),
  },
  {
    route: "POST /unsubscribe",
    ownedBy: null,
    access: everyone,
    page: true,
    prepare: async () => ({
      path: "/unsubscribe",
      body: { token: new URL((await claimEmail()).unsubscribeUrl).searchParams.get("token")! },
    }),
  },
  {
    route: "POST /account/email",
    ownedBy: null,
    access: signedIn,
    page: true,
    prepare: async () => ({ path: "/account/email", body: { preference: "instant", language: "zh-CN" } }),
  },
  {
    route: "POST /experts/:id/claim-link",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const expert = await ok<{ id: number }>(
        call(organizer(), "post", "/api/experts", { name: "导入专家", email: uniqueEmail("import") }),
      );
      return { path: `/experts/${expert.id}/claim-link` };
    },
  },
  ...(["expert", "enterprise"] as const).map((side): Row => ({
    route: "POST /engagements/:id/messages",
    variant: `owned by its ${side}`,
    ownedBy: side,
    access: engagementSides(side),
    page: true,
    prepare: async (owner) => ({
      path: `/engagements/${await engagementOf(owner)}/messages`,
      body: { body: "收到，谢谢。" },
    }),
  })),
  {
    route: "POST /logout",
    ownedBy: null,
    access: everyone,
    page: true,
    prepare: async (_owner, caller) => ({ path: "/logout", as: await freshCaller(caller) }),
  },
  {
    route: "POST /experts/:id",
    ownedBy: "expert",
    access: expertOwners,
    page: true,
    prepare: async (owner) => ({
      path: `/experts/${await expertOf(owner)}`,
      body: { name: "改名专家", capacity: "3" },
    }),
  },
  {
    route: "POST /organizer/import",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({
      path: "/organizer/import",
      body: { kind: "experts" },
      file: importFile(),
    }),
  },
  {
    route: "POST /organizer/import/:id/cancel",
    ownedBy: "organizer",
    access: organizers,
    page: true,
    prepare: async (owner) => ({ path: `/organizer/import/${await importJobOf(owner)}/cancel` }),
  },
  {
    route: "POST /organizer/societies",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: "/organizer/societies", body: { name: `页面学会${uniqueEmail("s")}` } }),
  },
  {
    route: "POST /organizer/societies/:id",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({
      path: `/organizer/societies/${await societyOf()}`,
      body: { name: `改名学会${uniqueEmail("s")}`, nameEn: "Renamed Society" },
    }),
  },
  {
    route: "POST /organizer/societies/:id/delete",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: `/organizer/societies/${await societyOf()}/delete` }),
  },
  {
    route: "POST /organizer/tracks",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: "/organizer/tracks", body: { code: trackCode(), name: "页面专项" } }),
  },
  {
    route: "POST /organizer/tracks/:id",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({
      path: `/organizer/tracks/${await trackOf()}`,
      body: { code: trackCode(), name: "改名专项", nameEn: "Renamed track" },
    }),
  },
  {
    route: "POST /organizer/tracks/:id/delete",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: `/organizer/tracks/${await trackOf()}/delete` }),
  },
  {
    route: "POST /invitations/:id/accept",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "none" },
    page: true,
    prepare: async (owner) => ({ path: `/invitations/${await invitationFor(owner)}/accept` }),
  },
  {
    route: "POST /invitations/:id/decline",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "none" },
    page: true,
    prepare: async (owner) => ({
      path: `/invitations/${await invitationFor(owner)}/decline`,
      body: { reason: "档期已满" },
    }),
  },
  {
    route: "POST /needs",
    ownedBy: null,
    access: { anonymous: "none", expert: "none", enterprise: "any", organizer: "any" },
    page: true,
    prepare: async () => ({ path: "/needs", body: needFields() }),
  },
  {
    route: "POST /needs/:id/invitations",
    ownedBy: "enterprise",
    access: needOwners,
    page: true,
    prepare: async (owner) => ({
      path: `/needs/${await needOf(owner)}/invitations`,
      body: { expertId: String(await freshExpert()) },
    }),
  },
  {
    route: "POST /needs/:id/matches/:expertId",
    ownedBy: "enterprise",
    access: organizers,
    page: true,
    prepare: async (owner) => ({
      path: `/needs/${await needOf(owner)}/matches/${await freshExpert()}`,
      body: { kind: "pin" },
    }),
  },
  {
    route: "POST /needs/:id/pins",
    ownedBy: "enterprise",
    access: organizers,
    page: true,
    prepare: async (owner) => ({
      path: `/needs/${await needOf(owner)}/pins`,
      body: { expertId: String(await freshExpert()) },
    }),
  },
  {
    route: "POST /needs/:id",
    ownedBy: "enterprise",
    access: needOwners,
    page: true,
    prepare: async (owner) => ({ path: `/needs/${await needOf(owner)}`, body: needFields({ target: "良率 ≥ 95%" }) }),
  },
  {
    route: "POST /needs/:id/status",
    ownedBy: "enterprise",
    access: needOwners,
    page: true,
    prepare: async (owner) => ({ path: `/needs/${await needOf(owner)}/status`, body: { status: "closed" } }),
  },
  {
    route: "POST /needs/:id/access",
    ownedBy: "enterprise",
    access: needOwners,
    page: true,
    prepare: async (owner) => ({
      path: `/needs/${await needOf(owner, { confidential: true })}/access`,
      body: { expertId: String(await freshExpert()) },
    }),
  },
  {
    route: "POST /needs/:id/access/:expertId/revoke",
    ownedBy: "enterprise",
    access: needOwners,
    page: true,
    prepare: async (owner) => {
      const needId = await needOf(owner, { confidential: true });
      const expertId = await freshExpert();
      await ok(call(organizer(), "post", `/api/needs/${needId}/access`, { expertId }));
      return { path: `/needs/${needId}/access/${expertId}/revoke` };
    },
  },
  {
    route: "POST /technologies",
    ownedBy: null,
    access: { anonymous: "none", expert: "any", enterprise: "none", organizer: "any" },
    page: true,
    prepare: async () => ({ path: "/technologies", body: { title: "陶瓷基板低温烧结" } }),
  },
  {
    route: "POST /technologies/:id",
    ownedBy: "expert",
    access: expertOwners,
    page: true,
    prepare: async (owner) => ({
      path: `/technologies/${await technologyOf(owner)}`,
      body: { title: "改名的低温烧结工艺" },
    }),
  },
  {
    route: "POST /salons",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: "/salons", body: { title: "沙龙", topic: "主题", visibility: "public" } }),
  },
  {
    route: "POST /salons/:id",
    ownedBy: "organizer",
    access: organizers,
    page: true,
    prepare: async (owner) => ({
      path: `/salons/${await salonOf(owner)}`,
      body: { title: "改名沙龙", topic: "主题", visibility: "public" },
    }),
  },
  {
    route: "POST /salons/:id/open",
    ownedBy: "organizer",
    access: organizers,
    page: true,
    prepare: async (owner) => ({ path: `/salons/${await salonOf(owner)}/open` }),
  },
  {
    route: "POST /salons/:id/close",
    ownedBy: "organizer",
    access: organizers,
    page: true,
    prepare: async (owner) => ({ path: `/salons/${(await questionIn(owner)).salonId}/close` }),
  },
  {
    // Anyone may join a public salon as a guest (signed-in people are sent to the room instead).
    route: "POST /salons/:id/guest",
    variant: "public salon",
    ownedBy: "organizer",
    access: everyone,
    page: true,
    prepare: async (owner) => ({ path: `/salons/${await salonOf(owner)}/guest`, body: { name: "访客" } }),
  },
  {
    route: "POST /salons/:id/guest",
    variant: "members-only salon: no guests",
    ownedBy: "organizer",
    access: signedIn,
    page: true,
    prepare: async (owner) => ({ path: `/salons/${await salonOf(owner, "members")}/guest`, body: { name: "访客" } }),
  },
  {
    route: "POST /salons/:id/questions/:questionId/need",
    ownedBy: "organizer",
    access: organizers,
    page: true,
    prepare: async (owner) => {
      const { salonId, questionId } = await questionIn(owner);
      return { path: `/salons/${salonId}/questions/${questionId}/need` };
    },
  },
  {
    route: "POST /salons/:id/questions/:questionId/forward",
    ownedBy: "organizer",
    access: organizers,
    page: true,
    prepare: async (owner) => {
      const { salonId, questionId } = await questionIn(owner);
      return {
        path: `/salons/${salonId}/questions/${questionId}/forward`,
        body: { expertId: String(other.expert.expertId) },
      };
    },
  },
  ...eventPageRows,
  // ---- the live day's desk forms (organizers) and the self-check-in link (anyone holding it)
  ...(
    [
      [
        "POST /events/:id/live/start",
        async () => `/events/${await createEvent(t.container.db, { status: "scheduled" })}/live/start`,
      ],
      ["POST /events/:id/live/close", async () => `/events/${(await liveEvent()).eventId}/live/close`],
      [
        "POST /events/:id/live/participants/:participantId/check-in",
        async () => {
          const e = await liveEvent();
          return `/events/${e.eventId}/live/participants/${e.pExpert}/check-in`;
        },
      ],
      [
        "POST /events/:id/live/participants/:participantId/undo-check-in",
        async () => {
          const e = await liveEvent();
          return `/events/${e.eventId}/live/participants/${e.pExpert}/undo-check-in`;
        },
      ],
      [
        "POST /events/:id/live/participants/:participantId/no-show",
        async () => {
          const e = await liveEvent();
          return `/events/${e.eventId}/live/participants/${e.pExpert}/no-show`;
        },
      ],
      [
        "POST /events/:id/live/participants/:participantId/check-in-link",
        async () => {
          const e = await liveEvent();
          return `/events/${e.eventId}/live/participants/${e.pExpert}/check-in-link`;
        },
      ],
    ] as const
  ).map(([route, path]): Row => ({
    route,
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => ({ path: await path(), body: route.endsWith("no-show") ? { fromSlot: "0" } : {} }),
  })),
  {
    route: "POST /events/:id/live/refills",
    ownedBy: null,
    access: organizers,
    page: true,
    prepare: async () => {
      const e = await liveEvent();
      return {
        path: `/events/${e.eventId}/live/refills`,
        body: { slot: "0", needId: String(e.freeNeedId), expertId: String(e.freeExpertId), tableNo: "2" },
      };
    },
  },
  {
    // A meeting's outcome page: its two parties (here the expert side) and organizers.
    route: "POST /events/:id/meetings/:meetingId/outcome",
    ownedBy: "expert",
    access: { anonymous: "none", expert: "own", enterprise: "none", organizer: "any" },
    page: true,
    prepare: async (owner) => {
      const e = await liveEvent(owner.expertId ?? undefined);
      return {
        path: `/events/${e.eventId}/meetings/${e.meetingId}/outcome`,
        body: { side: "expert", result: "follow_up" },
      };
    },
  },
  {
    route: "POST /events/:id/check-in/:token",
    ownedBy: null,
    access: everyone,
    page: true,
    prepare: async () => {
      const e = await selfCheckInToken();
      return { path: `/events/${e.eventId}/check-in/${e.token}` };
    },
  },
];

/** Every route Express knows, as `METHOD /path`, found by walking the app's router stack. */
function routesOf(stack: unknown[]): string[] {
  return stack.flatMap((layer) => {
    const { route, handle } = layer as {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: unknown[] };
    };
    if (route) return Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`);
    return handle?.stack ? routesOf(handle.stack) : [];
  });
}

interface Cell {
  row: Row;
  caller: Caller;
  ownership: "own" | "another's" | "—";
  allowed: boolean;
}

/** The cells of a row: anonymous on another's record; each role on its own (if it can own one) and another's. */
function cellsOf(row: Row): Cell[] {
  return callers.flatMap((caller): Cell[] => {
    const access = row.access[caller];
    if (row.ownedBy === null) return [{ row, caller, ownership: "—", allowed: access !== "none" }];
    const canOwn = caller !== "anonymous" && (row.ownedBy === "self" || row.ownedBy === caller);
    const cells: Cell[] = [{ row, caller, ownership: "another's", allowed: access === "any" }];
    if (canOwn) cells.unshift({ row, caller, ownership: "own", allowed: access !== "none" });
    return cells;
  });
}

/** The owner of a cell's record: the caller itself, or another user of the owning role. */
function ownerOf(cell: Cell): User {
  const owning = cell.row.ownedBy === "self" || cell.row.ownedBy === null ? cell.caller : cell.row.ownedBy;
  const role = owning === "anonymous" ? "organizer" : owning;
  return cell.ownership === "own" ? me[role] : other[role];
}

async function run(cell: Cell): Promise<{ status: number; location: string; label: string }> {
  const [method] = cell.row.route.split(" ");
  const caller = cell.caller === "anonymous" ? null : me[cell.caller];
  const prepared = await cell.row.prepare(ownerOf(cell), caller);
  const actor = prepared.as ?? caller;
  const response = cell.row.page
    ? await form(actor, prepared)
    : await call(actor, method!, prepared.path, prepared.body, prepared.file);
  const { status } = response;
  const label = `${cell.caller} on ${cell.ownership} record: ${cell.row.route}${cell.row.variant ? ` (${cell.row.variant})` : ""} → ${prepared.path}`;
  const location = (response.headers.location as string | undefined) ?? "";
  const shown = cell.row.page ? `→ ${location}` : JSON.stringify(response.body)?.slice(0, 160);
  return { status, location, label: `${label} answered ${response.status} ${shown}` };
}

/** Pages send anonymous callers to sign in (303 to /login) rather than answering 401. */
const toSignIn = (status: number, location: string) => status === 303 && /^\/login(\?|$)/.test(location);

function expectCell(cell: Cell, status: number, location: string, label: string): void {
  if (cell.allowed) {
    const success = cell.row.page
      ? (status === 303 && !toSignIn(status, location)) || status === 200
      : status >= 200 && status < 300;
    expect(success, `allowed, ${label}`).toBe(true);
  } else if (cell.row.page && cell.caller === "anonymous") {
    expect(toSignIn(status, location) || [401, 403, 404].includes(status), `refused, ${label}`).toBe(true);
  } else {
    expect([401, 403, 404], `refused, ${label}`).toContain(status);
  }
}

/** Every route has a row, and every row names a route that exists. */
function expectRowsMatch(routes: string[], rows: Row[]): void {
  const covered = new Set(rows.map((row) => row.route));
  expect(
    routes.filter((route) => !covered.has(route)),
    "routes without a row",
  ).toEqual([]);
  expect(
    [...covered].filter((route) => !routes.includes(route)),
    "rows naming no route",
  ).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp({}, { salons: { rateRules: { ask: { burst: 1000, perMs: 1000 } } } });
  for (const role of ["expert", "enterprise", "organizer"] as const) {
    me[role] = await makeUser(role);
    other[role] = await makeUser(role, `他人${role}`);
  }
});
afterAll(async () => {
  await t?.close();
});

describe("authorization table: role × action × ownership", () => {
  it("has a row for every operation in the route table, and no row for a route that does not exist", async () => {
    const paths = await documentedPaths(t.app);
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    expectRowsMatch(operations, apiRows);
  });

  it("has a row for every page form that changes data", () => {
    const stack = (t.app as unknown as { router: { stack: unknown[] } }).router.stack;
    const forms = routesOf(stack).filter((route) => !/^(GET|HEAD) /.test(route) && !route.includes(" /api/"));
    expectRowsMatch(forms, pageRows);
  });

  it("checks every role on its own and on another's record", () => {
    const cells = [...apiRows, ...pageRows].flatMap(cellsOf);
    const refused = cells.filter((cell) => !cell.allowed).length;
    console.info(
      `authorization table: ${apiRows.length + pageRows.length} rows, ${cells.length} cells, ${refused} refused`,
    );
    expect(cells.filter((cell) => cell.ownership === "own").length).toBeGreaterThan(50);
    expect(cells.length).toBeGreaterThan(400);
  });

  it.each(
    [...apiRows, ...pageRows].map((row) => [`${row.route}${row.variant ? ` (${row.variant})` : ""}`, row] as const),
  )("%s", async (_name, row) => {
    for (const cell of cellsOf(row)) {
      const { status, location, label } = await run(cell);
      expectCell(cell, status, location, label);
    }
  });
});
