import type { Logger } from "../logger.js";
import type { Need } from "../knowledge/knowledge.types.js";
import type { MatchesService } from "../matches/matches.service.js";
import type { NotificationHub } from "./notification-hub.js";

/** How many of a newly opened need's best experts hear about it. */
const expertsTold = 10;

/**
 * Tells the best-matching experts (those with accounts) about a need that has just opened.
 * It runs after the write has committed and never fails it: ranking errors are logged.
 */
export class SuggestionNotifier {
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly matches: MatchesService,
    private readonly notifications: NotificationHub,
    private readonly logger: Logger,
  ) {}

  needOpened(need: Need): void {
    // One at a time, in order: a burst of published needs shares the matcher build.
    this.pending = this.pending
      .then(() => this.tell(need))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, needId: need.id }, "could not notify experts about a new need");
      });
  }

  /** Resolves when every notification queued so far has been sent (tests, shutdown). */
  idle(): Promise<void> {
    return this.pending;
  }

  private async tell(need: Need): Promise<void> {
    for (const { expert, score } of await this.matches.expertsToTell(need, expertsTold)) {
      if (expert.userId === null) continue;
      this.notifications.publish([expert.userId], {
        type: "suggestion.new",
        needId: need.id,
        needTitle: need.title,
        score: Math.round(score * 10_000) / 10_000,
      });
    }
  }
}
