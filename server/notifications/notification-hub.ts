import { EventEmitter } from "node:events";

/** What a signed-in user is told live (the pages show the same facts on the next load). */
export type Notification =
  | { type: "invitation.received"; invitationId: number; needId: number; needTitle: string }
  | {
      type: "invitation.answered";
      invitationId: number;
      needId: number;
      needTitle: string;
      expertName: string;
      status: "accepted" | "declined";
    }
  | { type: "suggestion.new"; needId: number; needTitle: string; score: number }
  | { type: "question.forwarded"; salonId: number; salonTitle: string; questionId: number; questionText: string }
  | {
      /** A docking event's meeting of this user was cancelled (a no-show) or added (a refill). */
      type: "event.agenda";
      eventId: number;
      eventTitle: string;
      meetingId: number;
      change: "cancelled" | "added";
      slot: number | null;
      tableNo: number | null;
      needTitle: string;
      expertName: string;
    }
  | {
      /** An organizer's import job moved on (progress) or ended (finished: succeeded, failed…). */
      type: "import.progress" | "import.finished";
      importJobId: number;
      fileName: string;
      status: string;
      percent: number | null;
      etaSeconds: number | null;
    };

export type NotificationListener = (userId: number, notification: Notification) => void;

/**
 * Routes notifications to whoever delivers them (the realtime layer's per-user channel).
 * Publishing never fails the write that caused it: a listener's error is reported to
 * `onError` and the others still run.
 */
export class NotificationHub {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onError: (error: unknown) => void) {}

  publish(userIds: Iterable<number>, notification: Notification): void {
    for (const userId of new Set(userIds)) {
      for (const listener of this.emitter.listeners("notification") as NotificationListener[]) {
        try {
          listener(userId, notification);
        } catch (error) {
          this.onError(error);
        }
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: NotificationListener): () => void {
    this.emitter.on("notification", listener);
    return () => this.emitter.off("notification", listener);
  }
}
