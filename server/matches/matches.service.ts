import { sameOrganization, type MatchExplanation, type NeedProfile } from "../../matching/index.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { Expert, Need, Technology } from "../knowledge/knowledge.types.js";
import type { NeedsRepository } from "../knowledge/needs.repository.js";
import type { NeedsService, NeedView } from "../knowledge/needs.service.js";
import type { TechnologiesRepository } from "../knowledge/technologies.repository.js";
import type { MatchingEngineHost, MatchingModelStatus } from "./engine-host.js";
import type { InvitationsRepository } from "./invitations.repository.js";
import { excludedExpertKeys } from "./curation-exclusions.js";
import type { MatchCurationRepository, MatchOverride } from "./match-curation.repository.js";
import { needProfileOf, suggestableStatuses } from "./matching-inputs.js";

export interface ExpertMatchItem {
  rank: number;
  /**
   * Null for an expert an organizer pinned whom the engine did not rank, and for every expert
   * when the viewer may not see the need's scores.
   */
  score: number | null;
  expert: Expert;
  pinned: boolean;
  explanation: MatchExplanation | null;
}

export interface TechnologyMatchItem {
  rank: number;
  /** Null unless the viewer may see the need's scores. */
  score: number | null;
  technology: Technology;
  explanation: MatchExplanation | null;
}

/** Why a ranking is empty, when it is. */
export type EmptyReason = "no_analysable_text" | "no_candidates";

export interface NeedMatches<Item> {
  needId: number;
  items: Item[];
  reason: EmptyReason | null;
  /**
   * Whether the items carry scores and explanations: for the need's owner and organizers only.
   * Everyone else sees the ranked order and nothing of how far apart the experts are.
   */
  scoresVisible: boolean;
}

export interface ExcludedExpert {
  expert: Expert;
  note: string;
}

export interface NeedExpertMatches extends NeedMatches<ExpertMatchItem> {
  /** Organizers only: experts excluded from this need's ranking (others never see them). */
  excluded: ExcludedExpert[] | null;
}

export interface Suggestion {
  rank: number;
  score: number;
  need: Need;
  /** Whether the viewer may read the need in full (the presenter redacts it otherwise). */
  detailsVisible: boolean;
  /** True for a confidential need the expert may not read: it was matched on its public fields only. */
  publicFieldsOnly: boolean;
  explanation: MatchExplanation | null;
}

/**
 * An expert's suggestions and how current they are: `preparing` while the very first matching
 * model is being built (no suggestions yet), `partial` when some open needs (opened or edited
 * since the last ranking) are still being ranked, `ready` otherwise.
 */
export interface Suggestions {
  status: "ready" | "partial" | "preparing";
  /** When the open needs were last ranked (null while preparing). */
  rankedAt: Date | null;
  /** Open needs not ranked yet; they are ranked in the background. */
  pendingNeeds: number;
  items: Suggestion[];
}

/** Time the engine may spend on a suggestions request beyond the precomputed rankings (ms). */
const suggestionBudgetMs = 100;

/**
 * Ranks experts and technologies for needs, and needs for experts, with the matching engine,
 * applying organizers' curation (declared conflicts, pins, exclusions) at query time. The engine
 * runs in a worker thread (MatchingEngineHost): a profile edit shows once the next model is built
 * in the background (the previous one answers meanwhile), an answered invitation (feedback,
 * capacity) in the next ranking. Suggestions come from every open need's ranking, precomputed
 * after each build, so they never wait for a build.
 */
export class MatchesService {
  constructor(
    private readonly needsService: NeedsService,
    private readonly needs: NeedsRepository,
    private readonly experts: ExpertsRepository,
    private readonly technologies: TechnologiesRepository,
    private readonly invitations: InvitationsRepository,
    private readonly curation: MatchCurationRepository,
    private readonly engine: MatchingEngineHost,
  ) {}

  /** The served matching model, for /readyz. */
  modelStatus(): MatchingModelStatus {
    return this.engine.status();
  }

  /**
   * Resolves once the served model reflects the data as it is now and has ranked the open needs
   * (tests and tools; requests never wait for it).
   */
  settled(): Promise<void> {
    return this.engine.settled();
  }

  async expertsForNeed(actor: Actor | null, needId: number, limit: number): Promise<NeedExpertMatches> {
    const { need, editable: scoresVisible } = await this.readableNeed(actor, needId);
    const profile = needProfileOf(need, "id");
    const overrides = await this.curation.overridesOf(needId);
    const excluded = overrides.filter((o) => o.kind === "exclude");
    const pins = overrides.filter((o) => o.kind === "pin");
    const staffView = isStaff(actor) ? await this.presentExcluded(excluded) : null;
    const exclude = await this.excludedKeys(need, excluded);
    const pinnedKeys = new Set(pins.map((p) => String(p.expertId)).filter((key) => !exclude.has(key)));
    const { analysable, matches: ranked } = await this.engine.rankExperts(profile, {
      top: limit + pinnedKeys.size,
      explain: scoresVisible,
      excludeExperts: exclude,
    });
    if (!analysable && pins.length === 0) {
      return { needId, items: [], reason: "no_analysable_text", excluded: staffView, scoresVisible };
    }
    const pinnedMatches = pins.flatMap((pin) => {
      const key = String(pin.expertId);
      if (!pinnedKeys.has(key)) return [];
      return [ranked.find((m) => m.expertKey === key) ?? { expertKey: key, score: null, explanation: undefined }];
    });
    const ordered = [...pinnedMatches, ...ranked.filter((m) => !pinnedKeys.has(m.expertKey))].slice(0, limit);
    const experts = await this.expertsById(ordered.map((m) => Number(m.expertKey)));
    const items = ordered.flatMap((match) => {
      const expert = experts.get(Number(match.expertKey));
      if (!expert) return [];
      const pinned = pinnedKeys.has(match.expertKey);
      return [{ ...scoreOf(match, scoresVisible), expert, pinned }];
    });
    return {
      needId,
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
      reason: items.length === 0 ? (analysable ? "no_candidates" : "no_analysable_text") : null,
      excluded: staffView,
      scoresVisible,
    };
  }

  async technologiesForNeed(
    actor: Actor | null,
    needId: number,
    limit: number,
  ): Promise<NeedMatches<TechnologyMatchItem>> {
    const { need, editable: scoresVisible } = await this.readableNeed(actor, needId);
    const profile = needProfileOf(need, "id");
    const { analysable, matches: ranked } = await this.engine.rankTechnologies(profile, limit, scoresVisible);
    if (!analysable) return { needId, items: [], reason: "no_analysable_text", scoresVisible };
    const technologies = new Map(
      (await this.technologies.findByIds(ranked.map((m) => Number(m.technologyKey)))).map((t) => [t.id, t]),
    );
    const items = ranked.flatMap((match) => {
      const technology = technologies.get(Number(match.technologyKey));
      return technology ? [{ ...scoreOf(match, scoresVisible), technology }] : [];
    });
    return {
      needId,
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
      reason: items.length === 0 ? "no_candidates" : null,
      scoresVisible,
    };
  }

  /**
   * Open needs suggested to an expert: those for which the expert is among each need's best
   * experts, ranked by the expert's score, without needs the expert is already invited to or
   * barred from. Visible to the expert themself and organizers. Answered from the rankings the
   * engine precomputed; never waits for a model build.
   */
  async suggestionsForExpert(actor: Actor, expertId: number, limit: number): Promise<Suggestions> {
    if (actor.expertId !== expertId && !isStaff(actor)) {
      throw new ForbiddenError("Only the expert and organizers see an expert's suggestions");
    }
    const expert = await this.experts.findById(expertId);
    if (!expert) throw new NotFoundError("Expert", expertId);
    const [openNeeds, invited, conflicts, exclusions] = await Promise.all([
      this.needs.findByStatus(suggestableStatuses),
      this.invitations.needIdsOfExpert(expertId),
      this.curation.conflictsOf(expertId),
      this.curation.exclusions(),
    ]);
    const barred = new Set(exclusions.filter((e) => e.expertId === expertId).map((e) => e.needId));
    const candidates = openNeeds.filter(
      (need) =>
        !invited.has(need.id) &&
        !barred.has(need.id) &&
        !conflicts.some((c) => need.enterprise && sameOrganization(c.organization, need.enterprise)),
    );
    const reply = await this.engine.suggest({
      expertKey: String(expertId),
      // The ranking uses what this expert may read, whoever looks at it.
      candidates: candidates.map((need) => ({
        needId: need.id,
        stamp: need.updatedAt.getTime(),
        publicOnly: !canReadAsExpert(need, expertId),
      })),
      limit,
      budgetMs: suggestionBudgetMs,
    });
    if (!reply) return { status: "preparing", rankedAt: null, pendingNeeds: candidates.length, items: [] };
    const needsById = new Map(candidates.map((need) => [need.id, need]));
    const items = reply.items.flatMap((item) => {
      const need = needsById.get(item.needId);
      if (!need) return [];
      return [
        {
          score: item.score,
          need,
          detailsVisible: this.needsService.viewOf(actor, need).detailsVisible,
          publicFieldsOnly: item.publicOnly,
          explanation: item.explanation,
        },
      ];
    });
    return {
      status: reply.pendingNeeds > 0 ? "partial" : "ready",
      rankedAt: reply.rankedAt ? new Date(reply.rankedAt) : null,
      pendingNeeds: reply.pendingNeeds,
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
    };
  }

  /**
   * The best experts for a need, as it would be suggested to them (curation applied; a
   * confidential need on its public fields only): whom to tell about a newly opened need.
   */
  async expertsToTell(need: Need, limit: number): Promise<{ expert: Expert; score: number }[]> {
    const profile = needProfileOf(need, "id", need.confidential);
    const exclude = await this.excludedKeys(
      need,
      (await this.curation.overridesOf(need.id)).filter((o) => o.kind === "exclude"),
    );
    const { matches: ranked } = await this.engine.rankExperts(profile, { top: limit, excludeExperts: exclude });
    const experts = await this.expertsById(ranked.map((m) => Number(m.expertKey)));
    return ranked.flatMap((m) => {
      const expert = experts.get(Number(m.expertKey));
      return expert ? [{ expert, score: m.score }] : [];
    });
  }

  /**
   * Ranks only the given experts for a need (a docking event's registered experts), best first,
   * with declared conflicts and organizer exclusions left out. For events: callers decide who may
   * see the result.
   */
  async expertsAmong(
    needId: number,
    expertIds: readonly number[],
    top: number,
    explain = false,
  ): Promise<{ expertId: number; score: number; explanation: MatchExplanation | null }[]> {
    const need = await this.needs.findById(needId);
    if (!need || expertIds.length === 0) return [];
    const exclude = await this.excludedKeys(
      need,
      (await this.curation.overridesOf(need.id)).filter((o) => o.kind === "exclude"),
    );
    const { matches: ranked } = await this.engine.rankExperts(needProfileOf(need, "id"), {
      top,
      explain,
      excludeExperts: exclude,
      onlyExperts: new Set(expertIds.map(String)),
    });
    return ranked.map((m) => ({ expertId: Number(m.expertKey), score: m.score, explanation: m.explanation ?? null }));
  }

  /**
   * Experts for a free-text topic (a salon question, a draft need): the same engine, no
   * curation, no conflicts beyond the given organisation. Callers decide who may ask.
   */
  async expertsForTopic(
    topic: { title: string; description?: string; discipline?: string; enterprise?: string },
    limit: number,
  ): Promise<{ items: ExpertMatchItem[]; reason: EmptyReason | null }> {
    const profile: NeedProfile = { key: "topic", keywords: [], ...topic };
    const { analysable, matches: ranked } = await this.engine.rankExperts(profile, { top: limit, explain: true });
    if (!analysable) return { items: [], reason: "no_analysable_text" };
    const experts = await this.expertsById(ranked.map((m) => Number(m.expertKey)));
    const items = ranked.flatMap((match) => {
      const expert = experts.get(Number(match.expertKey));
      return expert ? [{ score: match.score, expert, pinned: false, explanation: match.explanation ?? null }] : [];
    });
    return {
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
      reason: items.length === 0 ? "no_candidates" : null,
    };
  }

  /**
   * Confidential needs' matches are for their owner and organizers only; so are every need's
   * scores (`editable`: the owner or an organizer).
   */
  private async readableNeed(actor: Actor | null, needId: number): Promise<NeedView> {
    const view = await this.needsService.get(actor, needId);
    if (view.need.confidential && !view.editable) {
      throw new ForbiddenError("Only the enterprise that posted this confidential need and organizers see its matches");
    }
    return view;
  }

  /** Experts never proposed for this need: organizer exclusions and declared conflicts with its enterprise. */
  private async excludedKeys(need: Need, excluded: MatchOverride[]): Promise<Set<string>> {
    const conflicts = need.enterprise ? await this.curation.allConflicts() : [];
    return excludedExpertKeys(
      need,
      excluded.map((o) => o.expertId),
      conflicts,
    );
  }

  private async presentExcluded(excluded: MatchOverride[]): Promise<ExcludedExpert[]> {
    const experts = await this.expertsById(excluded.map((o) => o.expertId));
    return excluded.flatMap((o) => {
      const expert = experts.get(o.expertId);
      return expert ? [{ expert, note: o.note }] : [];
    });
  }

  private async expertsById(ids: number[]): Promise<Map<number, Expert>> {
    return new Map((await this.experts.findByIds(ids)).map((e) => [e.id, e]));
  }
}

/** A match's score and explanation, or neither when the viewer may not see the need's scores. */
function scoreOf(
  match: { score: number | null; explanation?: MatchExplanation },
  visible: boolean,
): { score: number | null; explanation: MatchExplanation | null } {
  return visible ? { score: match.score, explanation: match.explanation ?? null } : { score: null, explanation: null };
}

/** Whether the expert may read the need in full (not confidential, or approved for it). */
function canReadAsExpert(need: Need, expertId: number): boolean {
  return !need.confidential || need.approvedExpertIds.includes(expertId);
}
