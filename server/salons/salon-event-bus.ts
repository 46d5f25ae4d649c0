import type { SalonEvent } from "./salon.types.js";

export type SalonEventListener = (salonId: number, events: readonly SalonEvent[]) => void;

/**
 * Committed salon events, in seq order, to whoever delivers them (the realtime server).
 * It decouples the domain from the transport: REST actions and socket actions publish the
 * same way, and the service never knows whether anything listens.
 */
export class SalonEventBus {
  private readonly listeners = new Set<SalonEventListener>();

  subscribe(listener: SalonEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(salonId: number, events: readonly SalonEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener(salonId, events);
  }
}
