import type { Logger } from "../logger.js";
import type { PresenceStore } from "./presence-store.js";
import { salonRooms, type SalonNamespace } from "./salon-rooms.js";

export interface PresenceAnnouncer {
  /** Broadcasts the salon's head count soon (once per interval, however many calls). */
  announce(salonId: number): void;
  /** Drops the announcements not yet sent. */
  close(): void;
}

/** Broadcasts a salon's head count at most once per interval: joins and departures come in bursts. */
export function createPresenceAnnouncer(deps: {
  nsp: SalonNamespace;
  presence: PresenceStore;
  logger: Logger;
  intervalMs: number;
}): PresenceAnnouncer {
  const timers = new Map<number, NodeJS.Timeout>();
  const broadcastCount = (salonId: number) => {
    timers.delete(salonId);
    deps.presence.count(salonId).then(
      (count) => deps.nsp.to(salonRooms(salonId).all).emit("salon:presence", { salonId, count }),
      (error: unknown) => deps.logger.warn({ err: error, salonId }, "could not count presence"),
    );
  };
  return {
    announce(salonId) {
      if (timers.has(salonId)) return;
      timers.set(
        salonId,
        setTimeout(() => broadcastCount(salonId), deps.intervalMs),
      );
    },
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
