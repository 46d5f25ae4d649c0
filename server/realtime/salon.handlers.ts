import { errorBodyOf } from "../errors.js";
import type { Logger } from "../logger.js";
import type { SalonEventBus } from "../salons/salon-event-bus.js";
import type { SalonGuestsService } from "../salons/salon-guests.service.js";
import { salonActorOf, type SalonCommand, type SalonsService } from "../salons/salons.service.js";
import type { SalonActor } from "../salons/salon.types.js";
import type { Ack, AckError, SalonClientEvent, SalonPayload, SocketData } from "./events.js";
import type { PresenceStore } from "./presence-store.js";
import { parseSalonPayload, salonCommands, type SalonCommandEvent } from "./salon-commands.js";
import { createSalonDelivery } from "./salon-delivery.js";
import { startSalonEventRelay, type SalonEventRelay } from "./salon-event-relay.js";
import { createPresenceAnnouncer, type PresenceAnnouncer } from "./salon-presence-announcer.js";
import { memberKey, salonRooms, type SalonNamespace, type SalonSocket } from "./salon-rooms.js";
import type { SocketAuthenticator } from "./socket-auth.js";
import type { SocketActionGate } from "./socket-limits.js";

export { salonRooms, type SalonNamespace } from "./salon-rooms.js";

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

/** What the salon handlers work with: the service, head counts, and the relay that delivers events. */
export interface SalonHandlerComponents {
  salons: Pick<SalonsService, "access" | "join" | "perform" | "react">;
  presence: PresenceStore;
  announcer: PresenceAnnouncer;
  relay: Pick<SalonEventRelay, "joined">;
  logger: Logger;
}

/** An acknowledged action: the socket, its checked payload, and who it acts as now; answers the ack's data. */
type SalonAction<E extends SalonClientEvent> = (
  socket: SalonSocket,
  payload: SalonPayload<E>,
  actor: SalonActor | null,
) => Promise<unknown>;

/**
 * One named handler per client action (the shape of Socket.IO's CRUD example,
 * `createTodoHandlers(components)`): each knows only the components it is given, and none
 * parses, authenticates or answers; `registerSalonHandlers` does that once for all.
 */
export function createSalonHandlers({ salons, presence, announcer, relay, logger }: SalonHandlerComponents) {
  /** Takes the socket out of the salon's rooms and head count (nothing if it was not in). */
  async function leaveRooms(socket: SalonSocket, salonId: number): Promise<void> {
    if (!socket.data.salons.includes(salonId)) return;
    socket.data.salons = socket.data.salons.filter((id) => id !== salonId);
    const rooms = salonRooms(salonId);
    for (const room of [...socket.rooms].filter((name) => name === rooms.all || name.startsWith(`${rooms.all}:`))) {
      await socket.leave(room);
    }
    await presence.remove(salonId, memberKey(socket, salonId), socket.id);
    announcer.announce(salonId);
  }

  const joinSalon: SalonAction<"salon:join"> = async (socket, { salonId, lastSeq }, actor) => {
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
      relay.joined(salonId, result.state.seq);
      if (!socket.data.salons.includes(salonId)) socket.data.salons.push(salonId);
      const count = await presence.add(salonId, memberKey(socket, salonId), socket.id);
      announcer.announce(salonId);
      return { ...result, state: { ...result.state, presence: count } };
    } catch (error) {
      // Refused after the rooms were joined: leave them all again.
      if (!socket.data.salons.includes(salonId)) {
        socket.data.salons.push(salonId);
        await leaveRooms(socket, salonId);
      }
      throw error;
    }
  };

  const leaveSalon: SalonAction<"salon:leave"> = async (socket, { salonId }) => {
    await leaveRooms(socket, salonId);
    return null;
  };

  /** The handler of one command event: the payload becomes a SalonCommand the service performs. */
  function performCommand<E extends SalonCommandEvent>(event: E): SalonAction<E> {
    const toCommand = salonCommands[event] as (payload: SalonPayload<E>) => SalonCommand;
    return (_socket, payload, actor) =>
      salons.perform(actor, payload.salonId, payload.clientMutationId, toCommand(payload));
  }

  const sendReaction: SalonAction<"reaction:send"> = async (_socket, { salonId, clientMutationId, kind }, actor) => ({
    counted: await salons.react(actor, salonId, clientMutationId, kind),
  });

  /** A socket gone: it no longer counts in any salon it was in. */
  function dropPresence(socket: SalonSocket): void {
    for (const salonId of socket.data.salons) {
      presence.remove(salonId, memberKey(socket, salonId), socket.id).then(
        () => announcer.announce(salonId),
        (error: unknown) => logger.warn({ err: error, salonId }, "could not update presence"),
      );
    }
  }

  return { joinSalon, leaveSalon, performCommand, sendReaction, dropPresence };
}

/**
 * The `/salons` namespace: authenticates, validates each payload, asks the salon service
 * (which checks permissions against the current user and commits), answers through the
 * ack, and delivers committed events to each room member in the form they may see.
 */
export function registerSalonHandlers(nsp: SalonNamespace, deps: SalonHandlerDeps): () => void {
  const { salons, presence, logger } = deps;
  const announcer = createPresenceAnnouncer({ nsp, presence, logger, intervalMs: deps.presenceIntervalMs ?? 1000 });
  const relay = startSalonEventRelay({
    nsp,
    salons,
    salonEvents: deps.salonEvents,
    deliver: createSalonDelivery({ nsp, salons, guests: deps.guests, logger }),
    logger,
    clustered: deps.clustered,
    catchUpIntervalMs: deps.catchUpIntervalMs,
  });
  const handlers = createSalonHandlers({ salons, presence, announcer, relay, logger });
  const acknowledged = acknowledgedActions(deps);

  nsp.use(deps.auth.middleware({ requireUser: false }));
  nsp.on("connection", (socket: SalonSocket) => {
    socket.data.salons = [];
    socket.data.address = deps.gate.addressOf(socket.request);
    const on = acknowledged(socket);
    on("salon:join", handlers.joinSalon);
    on("salon:leave", handlers.leaveSalon);
    for (const event of Object.keys(salonCommands) as SalonCommandEvent[]) on(event, handlers.performCommand(event));
    on("reaction:send", handlers.sendReaction);
    socket.on("disconnect", () => handlers.dropPresence(socket));
  });

  // Counts another node's departure changed (it died and its lease ran out).
  const unwatch = presence.watch?.((salonIds) => salonIds.forEach((salonId) => announcer.announce(salonId)));
  return () => {
    relay.stop();
    unwatch?.();
    announcer.close();
  };
}

/**
 * What every action shares, around its handler: the flood gate (a socket refused too often is
 * disconnected), the payload's schema, the actor re-read at each action, and the ack, which
 * carries the handler's answer or the error's code and message.
 */
function acknowledgedActions(deps: Pick<SalonHandlerDeps, "auth" | "guests" | "gate" | "logger">) {
  const ackError = (error: unknown, event: string): AckError => {
    const { status, body } = errorBodyOf(error);
    if (status >= 500) deps.logger.error({ err: error, event }, "socket action failed");
    return body;
  };

  /**
   * Who a socket acts as in one salon, as of now: its user (re-read: a signed-out session
   * stops at once), else the guest its cookie names for that salon, else nobody.
   */
  const actorIn = async (auth: SocketData["auth"], salonId: number): Promise<SalonActor | null> => {
    const user = salonActorOf(await deps.auth.currentUser(auth));
    if (user || auth.via) return user;
    return deps.guests.guestFor(salonId, auth.guests[salonId]);
  };

  return (socket: SalonSocket) => {
    const { auth } = socket.data;
    // Guests count as people, not as anonymous viewers (whose per-address limit is tighter).
    const client = {
      socketId: socket.id,
      address: socket.data.address,
      anonymous: auth.user === null && Object.keys(auth.guests).length === 0,
    };
    return <E extends SalonClientEvent>(event: E, action: SalonAction<E>) => {
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
          const payload = parseSalonPayload(event, typeof args[0] === "function" ? undefined : args[0]);
          const actor = await actorIn(socket.data.auth, payload.salonId);
          ack({ ok: true, data: await action(socket, payload, actor) });
        } catch (error) {
          ack({ ok: false, error: ackError(error, event) });
        }
      });
    };
  };
}
