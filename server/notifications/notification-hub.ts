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
      /** A message in an engagement's thread (an accepted invitation). */
      type: "engagement.message";
      invitationId: number;
      messageId: number;
      needTitle: string;
      authorName: string;
      body: string;
      createdAt: string;
    }
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
    }
  | {
      /** A docking event's assignment run moved on (to the organizer who started it). */
      type: "event.assignment.progress";
      eventId: number;
      runId: number;
      phase: string;
      percent: number;
      etaSeconds: number | null;
    }
  | {
      /** The run ended: optimal, feasible, infeasible (the page shows the diagnosis) or failed. */
      type: "event.assignment.finished";
      eventId: number;
      runId: number;
      status: string;
    }
  | {
      /** The event's schedule was published: each participant's agenda is ready. */
      type: "event.published";
      eventId: number;
      eventTitle: string;
      meetings: number;
    };

export type NotificationListener = (userId: number, notification: Notification) => void;

/** Whether a user has a live channel open (on any node); the realtime layer answers it. */
export type PresenceCheck = (userId: number) => Promise<boolean>;

/**
 * Routes notifications to whoever delivers them (the realtime layer's per-user channel).
 * Publishing never fails the write that caused it: a listener's error is reported to
 * `onError` and the others still run.
 */
export class NotificationHub {
  private readonly emitter = new EventEmitter();
  private presence: PresenceCheck = () => Promise.resolve(false);

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

  /** Set by the realtime layer; without it nobody counts as online (so emails go out). */
  setPresence(check: PresenceCheck): void {
    this.presence = check;
  }

  /** Whether the user would see a published notification now; false when that cannot be told. */
  async isOnline(userId: number): Promise<boolean> {
    try {
      return await this.presence(userId);
    } catch (error) {
      this.onError(error);
      return false;
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: NotificationListener): () => void {
    this.emitter.on("notification", listener);
    return () => this.emitter.off("notification", listener);
  }
}
