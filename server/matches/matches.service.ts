import { ExpertMatcher, type FeedbackEvent, type MatchExplanation } from "../../matching/index.js";
import type { Clock } from "../accounts/accounts.service.js";
import type { Actor } from "../accounts/accounts.types.js";
import type { Db } from "../db/prisma.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { Expert } from "../knowledge/knowledge.types.js";
import type { NeedsService } from "../knowledge/needs.service.js";
import type { InvitationsRepository } from "./invitations.repository.js";
import { loadExpertProfiles, needProfileOf } from "./matching-inputs.js";

export interface ExpertMatchItem {
  rank: number;
  score: number;
  expert: Expert;
  explanation: MatchExplanation | null;
}

export interface NeedMatches {
  needId: number;
  items: ExpertMatchItem[];
  /** Why the ranking is empty, when it is. */
  reason: "no_analysable_text" | "no_candidates" | null;
}

/**
 * Ranks experts for a need with the matching engine. The engine's corpus statistics are
 * built from every expert and rebuilt when expert data or invitation answers change
 * (checked on each call by a cheap fingerprint), so a profile edit, an accepted
 * engagement (capacity) or a declined invitation (feedback) shows in the next ranking.
 */
export class MatchesService {
  private built: { version: string; matcher: ExpertMatcher } | null = null;
  private building: Promise<{ version: string; matcher: ExpertMatcher }> | null = null;

  constructor(
    private readonly db: Db,
    private readonly needs: NeedsService,
    private readonly experts: ExpertsRepository,
    private readonly invitations: InvitationsRepository,
    private readonly clock: Clock,
  ) {}

  async expertsForNeed(actor: Actor | null, needId: number, limit: number): Promise<NeedMatches> {
    const view = await this.needs.get(actor, needId);
    if (view.need.confidential && !view.editable) {
      throw new ForbiddenError("Only the enterprise that posted this confidential need and organizers see its matches");
    }
    const row = await this.db.need.findUnique({ where: { id: needId }, include: { track: true } });
    if (!row) throw new NotFoundError("Need", needId);
    const need = needProfileOf(row, "id");
    const matcher = await this.matcher();
    if (matcher.queryTerms(need).length === 0) return { needId, items: [], reason: "no_analysable_text" };
    const matches = matcher.matchNeed(need, { top: limit, explain: true });
    const experts = new Map(
      (await this.experts.findByIds(matches.map((m) => Number(m.expertKey)))).map((e) => [e.id, e]),
    );
    const items = matches.flatMap((match) => {
      const expert = experts.get(Number(match.expertKey));
      return expert ? [{ score: match.score, expert, explanation: match.explanation ?? null }] : [];
    });
    return {
      needId,
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
      reason: items.length === 0 ? "no_candidates" : null,
    };
  }

  /** What expert data looks like now: counts and the latest change of every input. */
  private async dataVersion(): Promise<string> {
    const [experts, technologies, publications, invitations] = await Promise.all([
      this.db.expert.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.technology.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.publication.aggregate({ _count: { _all: true }, _max: { id: true } }),
      this.invitations.fingerprint(),
    ]);
    return JSON.stringify([experts, technologies, publications, invitations]);
  }

  private async matcher(): Promise<ExpertMatcher> {
    const version = await this.dataVersion();
    if (this.built?.version === version) return this.built.matcher;
    // Concurrent requests share one build.
    this.building ??= (async () => {
      const [experts, engagements, answered] = await Promise.all([
        loadExpertProfiles(this.db, "id"),
        this.invitations.activeEngagementsByExpert(),
        this.invitations.answered(),
      ]);
      for (const expert of experts) expert.activeEngagements = engagements.get(Number(expert.key)) ?? 0;
      const feedback: FeedbackEvent[] = answered.map((answer) => ({
        needKey: String(answer.needId),
        expertKey: String(answer.expertId),
        outcome: answer.status === "declined" ? "declined" : answer.needSolved ? "solved" : "accepted",
        needText: answer.needText,
      }));
      const matcher = new ExpertMatcher({ experts, feedback, clock: this.clock });
      return { version, matcher };
    })().finally(() => {
      this.building = null;
    });
    this.built = await this.building;
    return this.built.matcher;
  }
}
