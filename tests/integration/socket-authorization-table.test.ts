import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { salonPayloads } from "../../server/realtime/events.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { SalonClient, salonInput, tokenUser, type TokenUser } from "../support/salon-clients.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

/**
 * The authorization table of the salon socket events: every client event of `/salons` (the
 * list comes from the payload schemas the server validates with, so a new event without a row
 * fails here) × every kind of caller, on a fresh public salon that is open. Allowed cells must
 * succeed; refused cells must answer `unauthenticated` (anonymous) or `forbidden`.
 *
 * Callers: anonymous; an attendee (an expert and an enterprise, signed in); a guest who joined
 * this salon by its code (no account: the guest cookie); a moderator named on the salon; an
 * organizer (organizers run every salon); a member a moderator banned.
 */
type Caller = "anonymous" | "expert" | "enterprise" | "guest" | "moderator" | "organizer" | "banned";
const callers: Caller[] = ["anonymous", "expert", "enterprise", "guest", "moderator", "organizer", "banned"];
type Event = keyof typeof salonPayloads;

/** Who may: everyone who can see the salon, signed-in participants, or its moderators. */
const viewers: Record<Caller, boolean> = {
  anonymous: true,
  expert: true,
  enterprise: true,
  guest: true,
  moderator: true,
  organizer: true,
  banned: false,
};
const participants: Record<Caller, boolean> = { ...viewers, anonymous: false };
const moderators: Record<Caller, boolean> = {
  anonymous: false,
  expert: false,
  enterprise: false,
  guest: false,
  moderator: true,
  organizer: true,
  banned: false,
};

/** How a caller connects: an account's token, or a guest's cookie for the cell's salon. */
interface Credentials {
  token?: string;
  cookie?: string;
}

interface Cell {
  salonId: number;
  caller: Credentials | null;
}

interface Row {
  access: Record<Caller, boolean>;
  /** The payload for one cell; may set things up first (a question to vote on, a poll…). */
  payload: (cell: Cell) => Promise<Record<string, unknown>>;
}

let server: RunningTestServer;
let organizer: TokenUser;
let moderator: TokenUser;
let asker: TokenUser;
const clients: SalonClient[] = [];

const connect = async (who: TokenUser | Credentials | null) => {
  const client = await SalonClient.connect(
    server.baseUrl,
    who ? { token: who.token, cookie: (who as Credentials).cookie } : {},
  );
  clients.push(client);
  return client;
};

/** An organizer's (or moderator's) own socket, joined, for setting up a cell. */
const staffIn = async (salonId: number, who: TokenUser = organizer) => {
  const client = await connect(who);
  await client.join(salonId);
  return client;
};

const askedQuestion = async (salonId: number) => {
  const client = await connect(asker);
  await client.join(salonId);
  return (await client.act<{ questionId: number }>("question:ask", { salonId, text: "界面阻抗怎么降低？" })).questionId;
};

const openedPoll = async (salonId: number) =>
  (
    await (
      await staffIn(salonId)
    ).act<{ pollId: number }>("poll:open", { salonId, question: "下次沙龙的主题？", options: ["电解质", "正极"] })
  ).pollId;

let people = 0;
const someone = () => tokenUser(server.container, "expert", `旁听者${++people}`);

const rows: Record<Event, Row> = {
  "salon:join": { access: viewers, payload: async ({ salonId }) => ({ salonId }) },
  "salon:leave": { access: { ...viewers, banned: true }, payload: async ({ salonId }) => ({ salonId }) },
  "chat:send": { access: participants, payload: async ({ salonId }) => ({ salonId, text: "大家好" }) },
  "question:ask": { access: participants, payload: async ({ salonId }) => ({ salonId, text: "硫化物怎么防潮？" }) },
  "question:vote": {
    access: participants,
    payload: async ({ salonId }) => ({ salonId, questionId: await askedQuestion(salonId) }),
  },
  "question:moderate": {
    access: moderators,
    payload: async ({ salonId }) => ({ salonId, questionId: await askedQuestion(salonId), action: "pin" }),
  },
  "hand:raise": { access: participants, payload: async ({ salonId }) => ({ salonId }) },
  "hand:lower": {
    access: participants,
    payload: async ({ salonId, caller }) => {
      // Their own raised hand, where they may raise one.
      if (caller) {
        const client = await connect(caller);
        await client.join(salonId).catch(() => undefined);
        await client.act("hand:raise", { salonId }).catch(() => undefined);
      }
      return { salonId };
    },
  },
  "queue:advance": {
    access: moderators,
    payload: async ({ salonId }) => {
      // Someone waiting to speak.
      const waiting = await connect(await someone());
      await waiting.join(salonId);
      await waiting.act("hand:raise", { salonId });
      return { salonId };
    },
  },
  "poll:open": {
    access: moderators,
    payload: async ({ salonId }) => ({ salonId, question: "哪个方向更急？", options: ["界面", "量产"] }),
  },
  "poll:vote": {
    access: participants,
    payload: async ({ salonId }) => ({ salonId, pollId: await openedPoll(salonId), optionIds: [0] }),
  },
  "poll:close": {
    access: moderators,
    payload: async ({ salonId }) => ({ salonId, pollId: await openedPoll(salonId) }),
  },
  "reaction:send": { access: participants, payload: async ({ salonId }) => ({ salonId, kind: "clap" }) },
  "salon:settings": { access: moderators, payload: async ({ salonId }) => ({ salonId, slowModeSeconds: 0 }) },
  "member:ban": {
    access: moderators,
    payload: async ({ salonId }) => ({ salonId, userId: (await someone()).user.id, reason: "刷屏" }),
  },
  "member:mute": {
    access: moderators,
    payload: async ({ salonId }) => ({ salonId, userId: (await someone()).user.id }),
  },
};

/** A fresh open public salon, with `caller` banned from it when the cell is the banned one's. */
async function salonFor(caller: Caller, who: TokenUser | null): Promise<number> {
  const actor = salonActorOf(organizer.user)!;
  const detail = await server.container.salons.create(actor, salonInput({ moderatorIds: [moderator.user.id] }));
  const salonId = detail.salon.id;
  await server.container.salons.open(actor, salonId);
  if (caller === "banned") await (await staffIn(salonId)).act("member:ban", { salonId, userId: who!.user.id });
  return salonId;
}

/** A guest of the salon, as joining by its code makes one: their cookie. */
async function guestIn(salonId: number): Promise<Credentials> {
  const { credential } = await server.container.salonGuests.admit(salonId, `访客${++people}`, "127.0.0.1");
  return { cookie: `sb_guest_${salonId}=${credential}` };
}

async function callerFor(caller: Caller): Promise<TokenUser | null> {
  if (caller === "anonymous" || caller === "guest") return null;
  if (caller === "moderator") return moderator;
  if (caller === "organizer") return organizer;
  return tokenUser(server.container, caller === "enterprise" ? "enterprise" : "expert", `${caller}${++people}`);
}

beforeAll(async () => {
  server = await startTestServer();
  organizer = await tokenUser(server.container, "organizer", "组织者");
  moderator = await tokenUser(server.container, "expert", "主持人");
  asker = await tokenUser(server.container, "expert", "提问者");
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

describe("salon socket events: caller × event", () => {
  it("has a row for every client event the server accepts", () => {
    expect(Object.keys(rows).sort()).toEqual(Object.keys(salonPayloads).sort());
  });

  it.each(Object.keys(rows) as Event[])("%s", async (event) => {
    const row = rows[event];
    for (const caller of callers) {
      const user = await callerFor(caller);
      const salonId = await salonFor(caller, user);
      const who = caller === "guest" ? await guestIn(salonId) : user && { token: user.token };
      const payload = await row.payload({ salonId, caller: who });
      const client = await connect(who);
      if (event !== "salon:join") await client.join(salonId).catch(() => undefined);
      const ack = await client.emit(event, { clientMutationId: `cell-${caller}-${event}`, ...payload });
      const label = `${caller} → ${event}: ${JSON.stringify(ack)}`;
      if (row.access[caller]) expect(ack.ok, label).toBe(true);
      else {
        expect(ack.ok, label).toBe(false);
        if (!ack.ok) expect(ack.error.code, label).toBe(caller === "anonymous" ? "unauthenticated" : "forbidden");
      }
      for (const open of clients.splice(0)) open.close();
    }
  });
});
