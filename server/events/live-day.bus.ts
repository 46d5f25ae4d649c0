import { EventEmitter } from "node:events";
import type { LiveMeeting } from "./live-day.types.js";

/** One side of a proposed or confirmed refill meeting, as the desk shows it. */
export interface RefillSide {
  id: number;
  name: string;
  organization: string;
}

/** A replacement meeting the engine proposes for a counterpart stranded by a no-show. */
export interface RefillProposalView {
  slot: number;
  tableNo: number;
  score: number;
  /** The no-show meeting it replaces. */
  cancelledMeetingId: number;
  need: RefillSide;
  expert: RefillSide;
}

/** What the live day tells organizers' screens and walls, after the change is committed. */
export type LiveDayChange =
  | { type: "refill.proposed"; eventId: number; participantId: number; proposals: RefillProposalView[] }
  | { type: "refill.confirmed"; eventId: number; meeting: LiveMeeting }
  | { type: "meetings.changed"; eventId: number; meetings: LiveMeeting[] }
  | {
      type: "participant.changed";
      eventId: number;
      participant: { id: number; checkedInAt: string | null; noShowAt: string | null };
    };

type Listener = (change: LiveDayChange) => void;

/** Committed live-day changes, for the realtime server to deliver (the domain knows no sockets). */
export class LiveDayBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onError: (error: unknown) => void) {}

  publish(change: LiveDayChange): void {
    for (const listener of this.emitter.listeners("change") as Listener[]) {
      try {
        listener(change);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener): () => void {
    this.emitter.on("change", listener);
    return () => this.emitter.off("change", listener);
  }
}
