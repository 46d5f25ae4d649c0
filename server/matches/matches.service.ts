import { setImmediate } from "node:timers/promises";
import {
  ExpertMatcher,
  TechnologyMatcher,
  sameOrganization,
  type ExpertMatch,
  type FeedbackEvent,
  type MatchExplanation,
  type NeedProfile,
} from "../../matching/index.js";
import type { Clock } from "../accounts/accounts.service.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import type { Db } from "../db/prisma.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { Expert, Need, Technology } from "../knowledge/knowledge.types.js";
import type { NeedsRepository } from "../knowledge/needs.repository.js";
import type { NeedsService } from "../knowledge/needs.service.js";
import type { TechnologiesRepository } from "../knowledge/technologies.repository.js";
import type { InvitationsRepository } from "./invitations.repository.js";
import type { MatchCurationRepository, MatchOverride } from "./match-curation.repository.js";
import { loadExpertProfiles, loadTechnologyProfiles, needProfileOf } from "./matching-inputs.js";

export interface ExpertMatchItem {
  rank: number;
  /** Null for an expert an organizer pinned whom the engine did not rank. */
  score: number | null;
  expert: Expert;
  pinned: boolean;
  explanation: MatchExplanation | null;
}

export interface TechnologyMatchItem {
  rank: number;
  score: number;
  technology: Technology;
  explanation: MatchExplanation | null;
}

/** Why a ranking is empty, when it is. */
export type EmptyReason = "no_analysable_text" | "no_candidates";

export interface NeedMatches<Item> {
  needId: number;
  items: Item[];
  reason: EmptyReason | null;
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

/** Open needs can take experts; they are what experts are suggested. */
const suggestableStatuses = ["open", "in_progress"] as const;
/** An expert is suggested a need when they are among its best this many experts. */
const suggestionDepth = 100;
/** The longest a suggestions request computes before letting other work run (ms). */
const eventLoopSliceMs = 20;

interface Matchers {
  version: string;
  experts: ExpertMatcher;
  technologies: TechnologyMatcher;
  /** Per need (and its version): the best experts' keys with scores, for suggestions. */
  rankings: Map<string, ExpertMatch[]>;
}

/**
 * Ranks experts and technologies for needs, and needs for experts, with the matching engine,
 * applying organizers' curation (declared conflicts, pins, exclusions) at query time. The
 * engine's corpus statistics are rebuilt when expert or technology data or invitation answers
 * change (checked on each call by a cheap fingerprint), so a profile edit, an accepted
 * engagement (capacity) or a declined invitation (feedback) shows in the next ranking.
 */
export class MatchesService {
  private built: Matchers | null = null;
  private building: Promise<Matchers> | null = null;

  constructor(
    private readonly db: Db,
    private readonly needsService: NeedsService,
    private readonly needs: NeedsRepository,
    private readonly experts: ExpertsRepository,
    private readonly technologies: TechnologiesRepository,
    private readonly invitations: InvitationsRepository,
    private readonly curation: MatchCurationRepository,
    private readonly clock: Clock,
  ) {}

  async expertsForNeed(actor: Actor | null, needId: number, limit: number): Promise<NeedExpertMatches> {
    const need = await this.readableNeed(actor, needId);
    const profile = needProfileOf(need, "id");
    const matchers = await this.matchers();
    const overrides = await this.curation.overridesOf(needId);
    const excluded = overrides.filter((o) => o.kind === "exclude");
    const pins = overrides.filter((o) => o.kind === "pin");
    const staffView = isStaff(actor) ? await this.presentExcluded(excluded) : null;
    if (matchers.experts.queryTerms(profile).length === 0 && pins.length === 0) {
      return { needId, items: [], reason: "no_analysable_text", excluded: staffView };
    }
    const exclude = await this.excludedKeys(need, excluded);
    const pinnedKeys = new Set(pins.map((p) => String(p.expertId)).filter((key) => !exclude.has(key)));
    const ranked = matchers.experts.matchNeed(profile, {
      top: limit + pinnedKeys.size,
      explain: true,
      excludeExperts: exclude,
    });
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
      return [{ score: match.score, expert, pinned, explanation: match.explanation ?? null }];
    });
    return {
      needId,
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
      reason:
        items.length === 0
          ? matchers.experts.queryTerms(profile).length === 0
            ? "no_analysable_text"
            : "no_candidates"
          : null,
      excluded: staffView,
    };
  }

  async technologiesForNeed(
    actor: Actor | null,
    needId: number,
    limit: number,
  ): Promise<NeedMatches<TechnologyMatchItem>> {
    const need = await this.readableNeed(actor, needId);
    const profile = needProfileOf(need, "id");
    const matchers = await this.matchers();
    if (matchers.experts.queryTerms(profile).length === 0) return { needId, items: [], reason: "no_analysable_text" };
    const ranked = matchers.technologies.matchNeed(profile, { top: limit, explain: true });
    const technologies = new Map(
      (await this.technologies.findByIds(ranked.map((m) => Number(m.technologyKey)))).map((t) => [t.id, t]),
    );
    const items = ranked.flatMap((match) => {
      const technology = technologies.get(Number(match.technologyKey));
      return technology ? [{ score: match.score, technology, explanation: match.explanation ?? null }] : [];
    });
    return {
      needId,
      items: items.map((item, index) => ({ ...item, rank: index + 1 })),
      reason: items.length === 0 ? "no_candidates" : null,
    };
  }

  /**
   * Open needs suggested to an expert: those for which the expert is among the best
   * `suggestionDepth` experts, ranked by the expert's score, without needs the expert is
   * already invited to or barred from. Visible to the expert themself and organizers.
   */
  async suggestionsForExpert(actor: Actor, expertId: number, limit: number): Promise<Suggestion[]> {
    if (actor.expertId !== expertId && !isStaff(actor)) {
      throw new ForbiddenError("Only the expert and organizers see an expert's suggestions");
    }
    const expert = await this.experts.findById(expertId);
    if (!expert) throw new NotFoundError("Expert", expertId);
    const key = String(expertId);
    const [matchers, openNeeds, invited, conflicts, exclusions] = await Promise.all([
      this.matchers(),
      this.needs.findByStatus(suggestableStatuses),
      this.invitations.needIdsOfExpert(expertId),
      this.curation.conflictsOf(expertId),
      this.curation.exclusions(),
    ]);
    const barred = new Set(exclusions.filter((e) => e.expertId === expertId).map((e) => e.needId));
    const candidates: { need: Need; profile: NeedProfile; publicFieldsOnly: boolean; score: number }[] = [];
    let sliceStarted = performance.now();
    for (const need of openNeeds) {
      if (invited.has(need.id) || barred.has(need.id)) continue;
      if (conflicts.some((c) => need.enterprise && sameOrganization(c.organization, need.enterprise))) continue;
      // The ranking uses what this expert may read, whoever looks at it.
      const publicFieldsOnly = !canReadAsExpert(need, expertId);
      const profile = needProfileOf(need, "id", publicFieldsOnly);
      const match = this.rankingOf(matchers, need, profile, publicFieldsOnly).find((m) => m.expertKey === key);
      if (match) candidates.push({ need, profile, publicFieldsOnly, score: match.score });
      // Ranking every open need after a data change takes seconds at scale (about 9 ms a need
      // over 54,000 experts): let other requests and live salons in between, every 20 ms.
      if (performance.now() - sliceStarted > eventLoopSliceMs) {
        await setImmediate();
        sliceStarted = performance.now();
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.need.id - b.need.id);
    return candidates.slice(0, limit).map((candidate, index) => {
      const [explained] = matchers.experts.matchNeed(candidate.profile, {
        top: 1,
        explain: true,
        onlyExperts: new Set([key]),
      });
      return {
        rank: index + 1,
        score: candidate.score,
        need: candidate.need,
        detailsVisible: this.needsService.viewOf(actor, candidate.need).detailsVisible,
        publicFieldsOnly: candidate.publicFieldsOnly,
        explanation: explained?.explanation ?? null,
      };
    });
  }

  /**
   * The best experts for a need, as it would be suggested to them (curation applied; a
   * confidential need on its public fields only): whom to tell about a newly opened need.
   */
  async expertsToTell(need: Need, limit: number): Promise<{ expert: Expert; score: number }[]> {
    const matchers = await this.matchers();
    const profile = needProfileOf(need, "id", need.confidential);
    const exclude = await this.excludedKeys(
      need,
      (await this.curation.overridesOf(need.id)).filter((o) => o.kind === "exclude"),
    );
    const ranked = matchers.experts.matchNeed(profile, { top: limit, excludeExperts: exclude });
    const experts = await this.expertsById(ranked.map((m) => Number(m.expertKey)));
    return ranked.flatMap((m) => {
      const expert = experts.get(Number(m.expertKey));
      return expert ? [{ expert, score: m.score }] : [];
    });
  }

  /**
   * Experts for a free-text topic (a salon question, a draft need): the same engine, no
   * curation, no conflicts beyond the given organisation. Callers decide who may ask.
   */
  async expertsForTopic(
    topic: { title: string; description?: string; discipline?: string; enterprise?: string },
    limit: number,
  ): Promise<{ items: ExpertMatchItem[]; reason: EmptyReason | null }> {
    const matchers = await this.matchers();
    const profile: NeedProfile = { key: "topic", keywords: [], ...topic };
    if (matchers.experts.queryTerms(profile).length === 0) return { items: [], reason: "no_analysable_text" };
    const ranked = matchers.experts.matchNeed(profile, { top: limit, explain: true });
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

  /** Confidential needs' matches are for their owner and organizers only. */
  private async readableNeed(actor: Actor | null, needId: number): Promise<Need> {
    const view = await this.needsService.get(actor, needId);
    if (view.need.confidential && !view.editable) {
      throw new ForbiddenError("Only the enterprise that posted this confidential need and organizers see its matches");
    }
    return view.need;
  }

  /** Experts never proposed for this need: organizer exclusions and declared conflicts with its enterprise. */
  private async excludedKeys(need: Need, excluded: MatchOverride[]): Promise<Set<string>> {
    const keys = new Set(excluded.map((o) => String(o.expertId)));
    if (need.enterprise) {
      for (const conflict of await this.curation.allConflicts()) {
        if (sameOrganization(conflict.organization, need.enterprise)) keys.add(String(conflict.expertId));
      }
    }
    return keys;
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

  /** The need's best experts (no explanations), cached until the need or the engine's data changes. */
  private rankingOf(matchers: Matchers, need: Need, profile: NeedProfile, publicFieldsOnly: boolean): ExpertMatch[] {
    const cacheKey = `${need.id}:${need.updatedAt.getTime()}:${publicFieldsOnly ? "public" : "full"}`;
    let ranking = matchers.rankings.get(cacheKey);
    if (!ranking) {
      ranking = matchers.experts.matchNeed(profile, { top: suggestionDepth });
      matchers.rankings.set(cacheKey, ranking);
    }
    return ranking;
  }

  /** What expert and technology data looks like now: counts and the latest change of every input. */
  private async dataVersion(): Promise<string> {
    const [experts, technologies, publications, invitations] = await Promise.all([
      this.db.expert.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.technology.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
      this.db.publication.aggregate({ _count: { _all: true }, _max: { id: true } }),
      this.invitations.fingerprint(),
    ]);
    return JSON.stringify([experts, technologies, publications, invitations]);
  }

  private async matchers(): Promise<Matchers> {
    const version = await this.dataVersion();
    if (this.built?.version === version) return this.built;
    // Concurrent requests share one build.
    this.building ??= (async () => {
      const [experts, technologies, engagements, answered] = await Promise.all([
        loadExpertProfiles(this.db, "id"),
        loadTechnologyProfiles(this.db, "id"),
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
      return {
        version,
        experts: new ExpertMatcher({ experts, feedback, clock: this.clock }),
        technologies: new TechnologyMatcher({ technologies, clock: this.clock }),
        rankings: new Map(),
      };
    })().finally(() => {
      this.building = null;
    });
    this.built = await this.building;
    return this.built;
  }
}

/** Whether the expert may read the need in full (not confidential, or approved for it). */
function canReadAsExpert(need: Need, expertId: number): boolean {
  return !need.confidential || need.approvedExpertIds.includes(expertId);
}
