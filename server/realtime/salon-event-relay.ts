import type { Logger } from "../logger.js";
import type { SalonEventBus } from "../salons/salon-event-bus.js";
import type { SalonEvent } from "../salons/salon.types.js";
import type { SalonsService } from "../salons/salons.service.js";
import { salonRooms, type SalonNamespace } from "./salon-rooms.js";
import { SalonSequencer } from "./salon-sequencer.js";

export interface SalonEventRelayDeps {
  nsp: SalonNamespace;
  salons: Pick<SalonsService, "eventsAfter" | "lastSeq">;
  salonEvents: SalonEventBus;
  /** Delivers events, in seq order, to this node's sockets. */
  deliver: (salonId: number, events: readonly SalonEvent[]) => void;
  logger: Logger;
  /** Other nodes share the rooms: send them what this node commits, and receive theirs. */
  clustered?: boolean;
  /** With several nodes, how often each node checks the log for events it never received. */
  catchUpIntervalMs?: number;
}

export interface SalonEventRelay {
  /** A socket here joined the salon with its state as of `seq`. */
  joined(salonId: number, seq: number): void;
  stop(): void;
}

/**
 * Carries committed salon events to this node's sockets in seq order: this node's own commits
 * from the event bus and, with several nodes, the other nodes' commits over the adapter plus a
 * periodic check of the log for any that never arrived.
 */
export function startSalonEventRelay(deps: SalonEventRelayDeps): SalonEventRelay {
  const { nsp, salons, logger } = deps;
  const sequencer = new SalonSequencer({
    emit: deps.deliver,
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
  return {
    joined: (salonId, seq) => sequencer.joined(salonId, seq),
    stop() {
      unsubscribe();
      nsp.off("salon:events", receiveFromPeer);
      if (catchUp) clearInterval(catchUp);
      sequencer.close();
    },
  };
}
