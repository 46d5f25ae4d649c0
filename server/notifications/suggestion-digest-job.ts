import type { Logger } from "../logger.js";
import type { MatchesService, Suggestion } from "../matches/matches.service.js";
import type { Clock } from "../shared/clock.js";
import { PollingJob } from "../shared/polling-loop.js";
import type { EmailRecipients } from "./email-recipients.js";
import type { EmailLanguage } from "./email.types.js";
import type { NotificationEmails } from "./notification-emails.js";
import type { SuggestionDigestsRepository } from "./suggestion-digests.repository.js";

export interface SuggestionDigestOptions {
  /** How long between two runs (a day). */
  intervalMs: number;
  /** How often the job checks whether a run is due (and retries one the matcher was not ready for). */
  pollMs: number;
  /** The most needs one digest lists. */
  needsPerDigest: number;
}

export const defaultSuggestionDigestOptions: SuggestionDigestOptions = {
  intervalMs: 24 * 3600_000,
  pollMs: 10 * 60_000,
  needsPerDigest: 5,
};

/** How far down an expert's suggestions a digest looks for needs they were not told about. */
const suggestionsConsidered = 30;

/**
 * Once a day, emails each expert with an account the best of their match suggestions (the
 * rankings the matcher precomputes) that no earlier digest told them of. Each digest and the
 * needs it lists are written in one transaction, and the run's time is stored, so a restart
 * neither repeats a need nor runs again early; a run cut short resumes where it stopped,
 * because what was sent is skipped. The recipient's preference applies: a daily-digest user
 * finds it in their digest, nothing goes to one who turned emails off.
 */
export class SuggestionDigestJob extends PollingJob {
  constructor(
    private readonly repository: SuggestionDigestsRepository,
    private readonly matches: MatchesService,
    private readonly recipients: EmailRecipients,
    private readonly emails: NotificationEmails,
    private readonly options: SuggestionDigestOptions,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    super({ name: "the suggestion digest", pollMs: options.pollMs, logger });
  }

  /** Its rounds check whether a day has passed, and wait as long as that says. */
  protected override round(): Promise<number> {
    return this.runIfDue();
  }

  /** Runs when a day has passed since the last run; returns how long to wait before checking again. */
  async runIfDue(): Promise<number> {
    const lastRunAt = await this.repository.lastRunAt();
    const sinceLast = lastRunAt ? this.clock.now().getTime() - lastRunAt.getTime() : Infinity;
    if (sinceLast < this.options.intervalMs) return Math.min(this.options.pollMs, this.options.intervalMs - sinceLast);
    await this.runOnce();
    return this.options.pollMs;
  }

  /**
   * One run over every expert with an account; null (and not recorded as run) while the
   * matcher has no model yet. Returns how many digests were queued.
   */
  async runOnce(): Promise<number | null> {
    const startedAt = this.clock.now();
    let queued = 0;
    for (const { expertId, userId } of await this.repository.expertsWithAccounts()) {
      const recipient = await this.recipients.user(userId);
      if (!recipient || recipient.preference === "off") continue;
      const suggestions = await this.matches.suggestionsForExpert(
        { userId, role: "expert", expertId },
        expertId,
        suggestionsConsidered,
      );
      if (suggestions.status === "preparing") return null;
      const sent = await this.repository.sentNeedIds(expertId);
      const fresh = suggestions.items.filter((s) => !sent.has(s.need.id)).slice(0, this.options.needsPerDigest);
      if (fresh.length === 0) continue;
      const items = fresh.map((s) => this.item(s, recipient.language));
      const email = this.emails.compose(
        "suggestion_digest",
        recipient,
        { items, first: items[0], count: items.length, one: items.length === 1 },
        "/inbox",
      );
      if (!email) continue;
      const needIds = fresh.map((s) => s.need.id);
      if (await this.repository.record(expertId, needIds, email, this.clock.now())) queued += 1;
    }
    await this.repository.finishedRun(startedAt);
    return queued;
  }

  /** A need as the digest lists it: its title (public even for confidential needs) and, when readable, who posted it. */
  private item(suggestion: Suggestion, language: EmailLanguage): { title: string; enterprise: string; link: string } {
    const { need, detailsVisible } = suggestion;
    return {
      title: need.title,
      enterprise: detailsVisible && !need.confidential ? need.enterprise : "",
      link: this.emails.url(`/needs/${need.id}`, language),
    };
  }
}
