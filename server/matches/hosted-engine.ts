import fs from "node:fs";
import { setImmediate } from "node:timers/promises";
import {
  ExpertMatcher,
  TechnologyMatcher,
  type BuildProgress,
  type MatchExplanation,
  type MatchNeedOptions,
  type NeedProfile,
} from "../../matching/index.js";
import type { Db } from "../db/prisma.js";
import type {
  BuildReport,
  RankAmongRequest,
  RankedExperts,
  RankedTechnologies,
  SuggestionCandidate,
  SuggestReply,
  SuggestRequest,
} from "./engine-messages.js";
import { OutcomesRepository } from "../events/outcomes.repository.js";
import { InvitationsRepository } from "./invitations.repository.js";
import {
  loadExpertProfiles,
  loadMatchingDynamics,
  loadRankableNeeds,
  loadTechnologyProfiles,
  matchingDataVersion,
  needProfileOf,
  type RankableNeed,
} from "./matching-inputs.js";
import { readTrainedState, retrainReason, writeTrainedState, type RetrainRule } from "./trained-state-file.js";

/** An expert is suggested a need when they are among its best this many experts. */
export const suggestionDepth = 100;
/** The longest the ranking of needs runs before letting queries in (ms). */
const sliceMs = 20;
/** Explanations kept for repeated suggestion requests. */
const explanationCacheSize = 20_000;

export interface HostedEngineOptions {
  db: Db;
  modelFile: string;
  /** The time the build is for (recency, trainedAt). */
  now: Date;
  retrain: RetrainRule;
  onProgress: (progress: BuildProgress) => void;
}

/** One need's best experts, for suggestions. */
interface Ranking {
  profile: NeedProfile;
  scores: Map<string, number>;
  /** The dynamics it was ranked under. */
  dynamicsEpoch: number;
}

/** This thread's id in the operating system (Linux: /proc/thread-self → <pid>/task/<tid>), or null. */
function osThreadId(): number | null {
  try {
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").at(-1));
    return Number.isInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}

const rankingKey = (needId: number, stamp: number, publicOnly: boolean) =>
  `${needId}:${stamp}:${publicOnly ? "public" : "full"}`;

/**
 * A built engine and what it answers, in the thread that owns it (the engine worker): expert and
 * technology rankings for a need, and the precomputed rankings of every open need's best experts
 * from which suggestions are answered. Capacity and feedback are set on the built model when
 * invitations change; the rankings of needs are then made again in the background.
 */
export class HostedEngine {
  private rankings = new Map<string, Ranking>();
  private rankedAt: Date | null = null;
  private dynamicsEpoch = 0;
  private passEpoch = 0;
  private passRunning: Promise<void> | null = null;
  /** Needs a suggestion request found unranked and had no time for, ranked in the background. */
  private readonly backlog = new Map<string, SuggestionCandidate>();
  private backlogRunning: Promise<void> | null = null;
  private readonly explanations = new Map<string, MatchExplanation | null>();
  /** Suggestions a request had no time to explain: explained in the background for the next request. */
  private readonly unexplained = new Map<string, { key: string; ranking: Ranking; expertKey: string }>();
  private explaining: Promise<void> | null = null;
  /** Told when a pass over the open needs has finished (the rankings were replaced). */
  onRanked: (ranked: { rankedAt: Date; needs: number; seconds: number }) => void = () => {};
  /** Told of the ranking pass's progress. */
  onProgress: (progress: BuildProgress) => void = () => {};
  /** Told when background ranking failed (the previous rankings stay). */
  onError: (error: unknown) => void = () => {};

  private constructor(
    private readonly db: Db,
    private readonly experts: ExpertMatcher,
    private readonly technologies: TechnologyMatcher,
    readonly report: BuildReport,
  ) {}

  /** Loads the profiles, builds the model (training it unless the persisted state may be reused). */
  static async build(options: HostedEngineOptions): Promise<HostedEngine> {
    const started = performance.now();
    const { db, now } = options;
    options.onProgress({ phase: "loading profiles", done: 0, total: 1, etaSeconds: null });
    // The version is read before the data: the model is never older than the version it claims.
    const version = await matchingDataVersion(db);
    const dynamics = await loadMatchingDynamics({
      invitations: new InvitationsRepository(db),
      outcomes: new OutcomesRepository(db),
    });
    const [experts, technologies] = await Promise.all([loadExpertProfiles(db, "id"), loadTechnologyProfiles(db, "id")]);
    options.onProgress({ phase: "loading profiles", done: 1, total: 1, etaSeconds: null });

    const warnings: string[] = [];
    const persisted = readTrainedState(options.modelFile);
    if (persisted.problem) warnings.push(persisted.problem);
    let reason = retrainReason(persisted.state, experts.length, now, options.retrain);
    const clock = { now: () => now };
    let matcher: ExpertMatcher | null = null;
    if (reason === null) {
      try {
        matcher = new ExpertMatcher({ experts, clock, trained: persisted.state!, onProgress: options.onProgress });
      } catch (error) {
        reason = `the engine refused the persisted state (${(error as Error).message})`;
        warnings.push(reason);
      }
    }
    const training = matcher ? "reused" : "trained";
    if (!matcher) {
      matcher = new ExpertMatcher({ experts, clock, onProgress: options.onProgress });
      try {
        writeTrainedState(options.modelFile, matcher.trainedState());
      } catch (error) {
        warnings.push(`could not persist the trained state: ${(error as Error).message}`);
      }
    }
    matcher.setDynamics(dynamics.dynamics);
    const technologyMatcher = new TechnologyMatcher({ technologies, clock });
    return new HostedEngine(db, matcher, technologyMatcher, {
      version,
      buildSeconds: Math.round(performance.now() - started) / 1000,
      experts: experts.length,
      technologies: technologies.length,
      training,
      trainedAt: matcher.trainedState().trainedAt,
      retrainReason: reason,
      dynamicsVersion: dynamics.version,
      osThreadId: osThreadId(),
      warnings,
    });
  }

  rankExperts(profile: NeedProfile, options: MatchNeedOptions): RankedExperts {
    const analysable = this.experts.queryTerms(profile).length > 0;
    return { analysable, matches: analysable ? this.experts.matchNeed(profile, options) : [] };
  }

  rankExpertsAmong(request: RankAmongRequest): RankedExperts[] {
    const onlyExperts = new Set(request.onlyExperts);
    return request.needs.map(({ profile, excludeExperts }) =>
      this.rankExperts(profile, { top: request.top, excludeExperts: new Set(excludeExperts), onlyExperts }),
    );
  }

  rankTechnologies(profile: NeedProfile, top: number, explain: boolean): RankedTechnologies {
    const analysable = this.experts.queryTerms(profile).length > 0;
    return { analysable, matches: analysable ? this.technologies.matchNeed(profile, { top, explain }) : [] };
  }

  /** Applies the invitations as they are now (cheap), then ranks the open needs again. */
  async refreshDynamics(): Promise<string> {
    const { version, dynamics } = await loadMatchingDynamics({
      invitations: new InvitationsRepository(this.db),
      outcomes: new OutcomesRepository(this.db),
    });
    this.experts.setDynamics(dynamics);
    this.dynamicsEpoch += 1;
    this.explanations.clear();
    this.unexplained.clear();
    this.rankOpenNeeds();
    return version;
  }

  /**
   * Ranks every open need's best experts in the background, a slice at a time, and then replaces
   * the rankings at once (requests meanwhile use the previous ones). A new pass cancels the
   * running one.
   */
  rankOpenNeeds(): void {
    const epoch = ++this.passEpoch;
    const pass = this.rankPass(epoch)
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        if (this.passRunning === pass) this.passRunning = null;
      });
    this.passRunning = pass;
  }

  /** Resolves when no ranking pass, backlog or background explaining is running. */
  async idle(): Promise<void> {
    while (this.passRunning || this.backlogRunning || this.explaining)
      await (this.passRunning ?? this.backlogRunning ?? this.explaining);
  }

  private async rankPass(epoch: number): Promise<void> {
    const started = performance.now();
    const startedAt = new Date();
    const dynamicsEpoch = this.dynamicsEpoch;
    const needs = await loadRankableNeeds(this.db);
    const next = new Map<string, Ranking>();
    let slice = performance.now();
    for (const [index, need] of needs.entries()) {
      if (epoch !== this.passEpoch) return;
      // What anyone may read of a confidential need; its full text is ranked on demand for approved experts.
      next.set(rankingKey(need.id, need.stamp, need.confidential), this.rank(need, need.confidential));
      if (performance.now() - slice > sliceMs) {
        const elapsed = (performance.now() - started) / 1000;
        const done = index + 1;
        this.onProgress({
          phase: "ranking needs",
          done,
          total: needs.length,
          etaSeconds: Math.round((elapsed / done) * (needs.length - done)),
        });
        await setImmediate();
        slice = performance.now();
      }
    }
    if (epoch !== this.passEpoch) return;
    // Keep what was ranked on demand meanwhile under the same dynamics (needs opened since the pass began).
    for (const [key, ranking] of this.rankings) {
      if (!next.has(key) && ranking.dynamicsEpoch === dynamicsEpoch) next.set(key, ranking);
    }
    this.rankings = next;
    this.rankedAt = startedAt;
    this.onRanked({ rankedAt: startedAt, needs: needs.length, seconds: (performance.now() - started) / 1000 });
  }

  private rank(need: RankableNeed, publicOnly: boolean): Ranking {
    const profile = needProfileOf(need.fields, "id", publicOnly);
    const matches = this.experts.matchNeed(profile, { top: suggestionDepth });
    return {
      profile,
      scores: new Map(matches.map((m) => [m.expertKey, m.score])),
      dynamicsEpoch: this.dynamicsEpoch,
    };
  }

  private rankAndKeep(need: RankableNeed, publicOnly: boolean): Ranking {
    const key = rankingKey(need.id, need.stamp, publicOnly);
    let ranking = this.rankings.get(key);
    if (!ranking) {
      ranking = this.rank(need, publicOnly);
      this.rankings.set(key, ranking);
    }
    return ranking;
  }

  /**
   * The expert's best candidate needs, from the precomputed rankings. Needs missing from them
   * (opened or edited since) are ranked here while half the budget lasts, the others in the
   * background (counted as pending); explanations are made while the budget lasts (and kept).
   */
  async suggest(request: SuggestRequest): Promise<SuggestReply> {
    const started = performance.now();
    const { expertKey } = request;
    const found: { needId: number; publicOnly: boolean; score: number; ranking: Ranking; key: string }[] = [];
    const missing: SuggestionCandidate[] = [];
    for (const candidate of request.candidates) {
      const key = rankingKey(candidate.needId, candidate.stamp, candidate.publicOnly);
      const ranking = this.rankings.get(key);
      if (!ranking) {
        missing.push(candidate);
        continue;
      }
      const score = ranking.scores.get(expertKey);
      if (score !== undefined) found.push({ ...candidate, score, ranking, key });
    }
    let pendingNeeds = 0;
    if (missing.length > 0) {
      const needs = new Map(
        (
          await loadRankableNeeds(
            this.db,
            missing.map((m) => m.needId),
          )
        ).map((n) => [n.id, n]),
      );
      for (const candidate of missing) {
        const need = needs.get(candidate.needId);
        if (!need) continue; // closed meanwhile
        if (performance.now() - started > request.budgetMs / 2) {
          this.queueBacklog(candidate);
          pendingNeeds += 1;
          continue;
        }
        const ranking = this.rankAndKeep(need, candidate.publicOnly);
        const score = ranking.scores.get(expertKey);
        const key = rankingKey(need.id, need.stamp, candidate.publicOnly);
        if (score !== undefined) found.push({ ...candidate, score, ranking, key });
      }
    }
    found.sort((a, b) => b.score - a.score || a.needId - b.needId);
    const items = found.slice(0, request.limit).map(({ needId, publicOnly, score, ranking, key }) => {
      const inBudget = performance.now() - started < request.budgetMs;
      const explanation = this.explanation(key, ranking, expertKey, inBudget);
      if (!inBudget) this.explainLater(key, ranking, expertKey);
      return { needId, publicOnly, score, explanation };
    });
    return { items, pendingNeeds, rankedAt: this.rankedAt?.toISOString() ?? null };
  }

  private explanation(key: string, ranking: Ranking, expertKey: string, mayCompute: boolean): MatchExplanation | null {
    const cacheKey = `${key}|${expertKey}`;
    const cached = this.explanations.get(cacheKey);
    if (cached !== undefined || !mayCompute) return cached ?? null;
    const [match] = this.experts.matchNeed(ranking.profile, {
      top: 1,
      explain: true,
      onlyExperts: new Set([expertKey]),
    });
    const explanation = match?.explanation ?? null;
    if (this.explanations.size >= explanationCacheSize) this.explanations.clear();
    this.explanations.set(cacheKey, explanation);
    return explanation;
  }

  /** Explains a suggestion after the reply, one between each turn of the event loop, unless it already is. */
  private explainLater(key: string, ranking: Ranking, expertKey: string): void {
    const cacheKey = `${key}|${expertKey}`;
    if (this.explanations.has(cacheKey)) return;
    this.unexplained.set(cacheKey, { key, ranking, expertKey });
    this.explaining ??= this.explainUnexplained()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.explaining = null;
      });
  }

  private async explainUnexplained(): Promise<void> {
    for (;;) {
      await setImmediate();
      const next = this.unexplained.entries().next();
      if (next.done) return;
      const [cacheKey, { key, ranking, expertKey }] = next.value;
      this.unexplained.delete(cacheKey);
      this.explanation(key, ranking, expertKey, true);
    }
  }

  private queueBacklog(candidate: SuggestionCandidate): void {
    this.backlog.set(rankingKey(candidate.needId, candidate.stamp, candidate.publicOnly), candidate);
    this.backlogRunning ??= this.rankBacklog()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.backlogRunning = null;
      });
  }

  private async rankBacklog(): Promise<void> {
    while (this.backlog.size > 0) {
      const batch = [...this.backlog.values()].slice(0, 200);
      for (const candidate of batch)
        this.backlog.delete(rankingKey(candidate.needId, candidate.stamp, candidate.publicOnly));
      const needs = new Map(
        (
          await loadRankableNeeds(
            this.db,
            batch.map((c) => c.needId),
          )
        ).map((n) => [n.id, n]),
      );
      let slice = performance.now();
      for (const candidate of batch) {
        const need = needs.get(candidate.needId);
        if (need) this.rankAndKeep(need, candidate.publicOnly);
        if (performance.now() - slice > sliceMs) {
          await setImmediate();
          slice = performance.now();
        }
      }
    }
  }
}
