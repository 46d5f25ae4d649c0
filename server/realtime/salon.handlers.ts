import type { Namespace, Socket } from "socket.io";
import type { z } from "zod";
import { errorBodyOf, ValidationError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { SalonEventBus } from "../salons/salon-event-bus.js";
import { presentEvent } from "../salons/salon-views.js";
import type { SalonEvent } from "../salons/salon.types.js";
import type { SalonGuestsService } from "../salons/salon-guests.service.js";
import { salonActorOf, type SalonCommand, type SalonsService } from "../salons/salons.service.js";
import type { SalonActor } from "../salons/salon.types.js";
import {
  salonPayloads,
  type Ack,
  type AckError,
  type ClientToServerEvents,
  type InterServerEvents,
  type SalonClientEvent,
  type SalonPayload,
  type ServerToClientEvents,
  type SocketData,
} from "./events.js";
import type { PresenceStore } from "./presence-store.js";
import { SalonSequencer } from "./salon-sequencer.js";
import type { SocketAuthenticator } from "./socket-auth.js";
import type { SocketActionGate } from "./socket-limits.js";

export type SalonNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type SalonSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SalonHandlerDeps {
  salons: SalonsService;
  /** Checks the guest credentials of sockets without a user. */
  guests: SalonGuestsService;
  salonEvents: SalonEventBus;
  auth: SocketAuthenticator;
  /** Refuses floods before anything is parsed or read. */
  gate: SocketActionGate;
  presence: PresenceStore;
  logger: Logger;
  /** How often at most a salon's presence count is broadcast. */
  presenceIntervalMs?: number;
  /**
   * Other nodes share the rooms (a Redis adapter): each node sends the events it commits
   * to the others and delivers every salon's events to its own sockets, in seq order.
   */
  clustered?: boolean;
  /** With several nodes, how often each node checks the log for events it never received. */
  catchUpIntervalMs?: number;
}

/**
 * A salon's rooms. Everyone in the salon is in `all`; moderators also in `mods` (they get
 * unredacted events); organizers and staff in `managers` (moderators by right, whatever
 * the list says); each signed-in user's sockets in `user(id)` (their own view, and what a
 * ban disconnects).
 */
export function salonRooms(salonId: number) {
  const prefix = `salon:${salonId}`;
  return {
    all: prefix,
    mods: `${prefix}:mods`,
    managers: `${prefix}:managers`,
    user: (userId: number) => `${prefix}:user:${userId}`,
  };
}

/** Who counts once in a salon's head count: a user (however many tabs), a guest, else the socket. */
function memberKey(socket: SalonSocket, salonId: number): string {
  const user = socket.data.auth.user;
  if (user) return `user:${user.id}`;
  const guest = socket.data.auth.guests[salonId];
  return guest ? `guest:${guest.split(".")[0]}` : `socket:${socket.id}`;
}

/** Client actions that become a SalonCommand (the rest: join, leave and reactions). */
const commands = {
  "chat:send": (p: SalonPayload<"chat:send">): SalonCommand => ({ kind: "chat", text: p.text }),
  "question:ask": (p: SalonPayload<"question:ask">): SalonCommand => ({
    kind: "ask",
    text: p.text,
    anonymous: p.anonymous,
  }),
  "question:vote": (p: SalonPayload<"question:vote">): SalonCommand => ({ kind: "vote", questionId: p.questionId }),
  "question:moderate": (p: SalonPayload<"question:moderate">): SalonCommand => ({
    kind: "moderate",
    questionId: p.questionId,
    action: p.action,
    reason: p.reason,
    intoQuestionId: p.intoQuestionId,
  }),
  "hand:raise": (): SalonCommand => ({ kind: "raiseHand" }),
  "hand:lower": (): SalonCommand => ({ kind: "lowerHand" }),
  "queue:advance": (): SalonCommand => ({ kind: "advanceQueue" }),
  "poll:open": (p: SalonPayload<"poll:open">): SalonCommand => ({
    kind: "openPoll",
    question: p.question,
    options: p.options,
    multiple: p.multiple,
  }),
  "poll:vote": (p: SalonPayload<"poll:vote">): SalonCommand => ({
    kind: "votePoll",
    pollId: p.pollId,
    optionIds: p.optionIds,
  }),
  "poll:close": (p: SalonPayload<"poll:close">): SalonCommand => ({ kind: "closePoll", pollId: p.pollId }),
  "salon:settings": (p: SalonPayload<"salon:settings">): SalonCommand => ({
    kind: "settings",
    slowModeSeconds: p.slowModeSeconds,
    premoderation: p.premoderation,
  }),
  "member:ban": (p: SalonPayload<"member:ban">): SalonCommand => ({ kind: "ban", userId: p.userId, reason: p.reason }),
  "member:mute": (p: SalonPayload<"member:mute">): SalonCommand => ({ kind: "mute", userId: p.userId, muted: p.muted }),
} satisfies Partial<Record<SalonClientEvent, (payload: never) => SalonCommand>>;

function parsePayload<E extends SalonClientEvent>(event: E, raw: unknown): SalonPayload<E> {
  const result = (salonPayloads[event] as z.ZodType).safeParse(raw);
  if (!result.success) {
    throw new ValidationError(
      `Invalid ${event} payload`,
      result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  }
  return result.data as SalonPayload<E>;
}

/**
 * The `/salons` namespace: authenticates, validates each payload, asks the salon service
 * (which checks permissions against the current user and commits), answers through the
 * ack, and delivers committed events to each room member in the form they may see.
 */
export function registerSalonHandlers(nsp: SalonNamespace, deps: SalonHandlerDeps): () => void {
  const { salons, presence, logger } = deps;
  /** This node's sockets only (with several nodes, each delivers to its own). */
  const here = nsp.local;
  const presenceIntervalMs = deps.presenceIntervalMs ?? 1000;
  const presenceTimers = new Map<number, NodeJS.Timeout>();

  /** Broadcasts a salon's head count at most once per interval (joins come in bursts). */
  const announcePresence = (salonId: number) => {
    if (presenceTimers.has(salonId)) return;
    presenceTimers.set(
      salonId,
      setTimeout(() => {
        presenceTimers.delete(salonId);
        presence.count(salonId).then(
          (count) => nsp.to(salonRooms(salonId).all).emit("salon:presence", { salonId, count }),
          (error: unknown) => logger.warn({ err: error, salonId }, "could not count presence"),
        );
      }, presenceIntervalMs),
    );
  };

  const ackError = (error: unknown, event: string): AckError => {
    const { status, body } = errorBodyOf(error);
    if (status >= 500) logger.error({ err: error, event }, "socket action failed");
    return body;
  };

  nsp.use(deps.auth.middleware({ requireUser: false }));

  /**
   * Who a socket acts as in one salon, as of now: its user (re-read: a signed-out session
   * stops at once), else the guest its cookie names for that salon, else nobody.
   */
  const actorIn = async (auth: SocketData["auth"], salonId: number): Promise<SalonActor | null> => {
    const user = salonActorOf(await deps.auth.currentUser(auth));
    if (user || auth.via) return user;
    return deps.guests.guestFor(salonId, auth.guests[salonId]);
  };

  nsp.on("connection", (socket: SalonSocket) => {
    socket.data.salons = [];
    socket.data.address = deps.gate.addressOf(socket.request);
    const { auth } = socket.data;
    // Guests count as people, not as anonymous viewers (whose per-address limit is tighter).
    const client = {
      socketId: socket.id,
      address: socket.data.address,
      anonymous: auth.user === null && Object.keys(auth.guests).length === 0,
    };

    /** Registers one acknowledged action: parse, re-read the user, run, answer. */
    const handle = <E extends SalonClientEvent>(
      event: E,
      run: (payload: SalonPayload<E>, actor: SalonActor | null) => Promise<unknown>,
    ) => {
      socket.on(event as never, async (...args: unknown[]) => {
        const last = args.at(-1);
        const ack = typeof last === "function" ? (last as (response: Ack<unknown>) => void) : () => undefined;
        try {
          deps.gate.admit(event, client);
        } catch (refusal) {
          ack({ ok: false, error: ackError(refusal, event) });
          if (deps.gate.refused(client)) socket.disconnect(true);
          return;
        }
        try {
          const payload = parsePayload(event, typeof args[0] === "function" ? undefined : args[0]);
          const actor = await actorIn(socket.data.auth, payload.salonId);
          ack({ ok: true, data: await run(payload, actor) });
        } catch (error) {
          ack({ ok: false, error: ackError(error, event) });
        }
      });
    };

    const leave = async (salonId: number) => {
      if (!socket.data.salons.includes(salonId)) return;
      socket.data.salons = socket.data.salons.filter((id) => id !== salonId);
      const rooms = salonRooms(salonId);
      for (const room of [...socket.rooms].filter((name) => name === rooms.all || name.startsWith(`${rooms.all}:`))) {
        await socket.leave(room);
      }
      await presence.remove(salonId, memberKey(socket, salonId), socket.id);
      announcePresence(salonId);
    };

    handle("salon:join", async ({ salonId, lastSeq }, actor) => {
      const access = await salons.access(actor, salonId);
      const rooms = salonRooms(salonId);
      // Join the rooms before reading the state: an event committed meanwhile is then
      // delivered (and dropped by the client if the state already holds it) rather than lost.
      await socket.join([
        rooms.all,
        ...(access.moderator ? [rooms.mods] : []),
        ...(access.manager ? [rooms.managers] : []),
        ...(actor ? [rooms.user(actor.userId)] : []),
      ]);
      try {
        const result = await salons.join(actor, salonId, lastSeq);
        sequencer.joined(salonId, result.state.seq);
        if (!socket.data.salons.includes(salonId)) socket.data.salons.push(salonId);
        const count = await presence.add(salonId, memberKey(socket, salonId), socket.id);
        announcePresence(salonId);
        return { ...result, state: { ...result.state, presence: count } };
      } catch (error) {
        if (!socket.data.salons.includes(salonId)) {
          socket.data.salons.push(salonId);
          await leave(salonId);
        }
        throw error;
      }
    });

    handle("salon:leave", async ({ salonId }) => {
      await leave(salonId);
      return null;
    });

    for (const [event, toCommand] of Object.entries(commands) as [
      keyof typeof commands,
      (payload: never) => SalonCommand,
    ][]) {
      handle(event, (payload, actor) =>
        salons.perform(actor, payload.salonId, payload.clientMutationId, toCommand(payload as never)),
      );
    }

    handle("reaction:send", async ({ salonId, clientMutationId, kind }, actor) => ({
      counted: await salons.react(actor, salonId, clientMutationId, kind),
    }));

    socket.on("disconnect", () => {
      for (const salonId of socket.data.salons) {
        presence.remove(salonId, memberKey(socket, salonId), socket.id).then(
          () => announcePresence(salonId),
          (error: unknown) => logger.warn({ err: error, salonId }, "could not update presence"),
        );
      }
    });
  });

  /**
   * Sends each event to this node's sockets three ways at most: moderators, the event's
   * subject, everyone else. Local only: every node delivers to its own sockets.
   */
  const deliver = (salonId: number, events: readonly SalonEvent[]) => {
    const rooms = salonRooms(salonId);
    for (const event of events) {
      here.to(rooms.mods).emit("salon:event", presentEvent(event, { userId: null, moderator: true }));
      const subject = event.subjectUserId;
      let others = here.to(rooms.all).except(rooms.mods);
      if (subject !== null) {
        here
          .to(rooms.user(subject))
          .except(rooms.mods)
          .emit("salon:event", presentEvent(event, { userId: subject, moderator: false }));
        others = others.except(rooms.user(subject));
      }
      others.emit("salon:event", presentEvent(event, { userId: null, moderator: false }));
      void afterDelivery(salonId, event).catch((error: unknown) =>
        logger.error({ err: error, salonId, seq: event.seq }, "could not apply an event to the rooms"),
      );
    }
  };

  /** Room membership that follows from an event: bans, moderator lists, who may still see. */
  const afterDelivery = async (salonId: number, event: SalonEvent) => {
    const rooms = salonRooms(salonId);
    if (event.type === "member.banned") {
      const own = here.in(rooms.user(event.payload.userId));
      own.emit("salon:removed", { salonId, reason: "banned" });
      own.disconnectSockets();
      return;
    }
    if (event.type !== "salon.updated") return;
    const { moderators, visibility, inviteeIds, speakers } = event.payload.changes;
    if (moderators) {
      here.in(rooms.mods).socketsLeave(rooms.mods);
      here.in(rooms.managers).socketsJoin(rooms.mods);
      for (const { userId } of moderators) here.in(rooms.user(userId)).socketsJoin(rooms.mods);
    }
    if (visibility || inviteeIds || moderators || speakers) {
      // Rare (an organizer narrowed who may attend): ask each socket in the room.
      for (const socket of await here.in(rooms.all).fetchSockets()) {
        const { auth } = socket.data;
        const actor = auth.user ? salonActorOf(auth.user) : await deps.guests.guestFor(salonId, auth.guests[salonId]);
        if (await salons.canView(actor, salonId)) continue;
        socket.emit("salon:removed", { salonId, reason: "access_revoked" });
        socket.disconnect();
      }
    }
  };

  const sequencer = new SalonSequencer({
    emit: deliver,
    hasListeners: (salonId) => (nsp.adapter.rooms.get(salonRooms(salonId).all)?.size ?? 0) > 0,
    eventsAfter: (salonId, afterSeq) => salons.eventsAfter(salonId, afterSeq),
    lastSeq: (salonId) => salons.lastSeq(salonId),
    logger,
  });
  // Our own nodes' commits: the same JSON the log stores (what a replay or gap fill reads back).
  const receiveFromPeer = (salonId: number, events: string) =>
    sequencer.receive(salonId, JSON.parse(events) as SalonEvent[]);
  let catchUp: NodeJS.Timeout | null = null;
  if (deps.clustered) {
    nsp.on("salon:events", receiveFromPeer);
    catchUp = setInterval(
      () =>
        void sequencer
          .catchUp()
          .catch((error: unknown) => logger.warn({ err: error }, "could not check salons for missed events")),
      deps.catchUpIntervalMs ?? 2000,
    );
  }
  const unsubscribe = deps.salonEvents.subscribe((salonId, events) => {
    // Once, raw, to the other nodes (each redacts for its own sockets), then to ours: after
    // the current task, because the service publishes from inside the salon's queue of
    // actions, and a fan-out to thousands of sockets there would hold up the next action.
    if (deps.clustered) nsp.serverSideEmit("salon:events", salonId, JSON.stringify(events));
    setImmediate(() => sequencer.receive(salonId, events));
  });
  // Counts another node's departure changed (it died and its lease ran out).
  const unwatch = presence.watch?.((salonIds) => salonIds.forEach(announcePresence));
  return () => {
    unsubscribe();
    unwatch?.();
    nsp.off("salon:events", receiveFromPeer);
    if (catchUp) clearInterval(catchUp);
    sequencer.close();
    for (const timer of presenceTimers.values()) clearTimeout(timer);
    presenceTimers.clear();
  };
}
