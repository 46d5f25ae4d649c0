import { buildNeedQuery, type QueryTerm } from "../retrieval/need-query.js";
import { EvidenceRetriever, type RetrievedCandidate } from "../retrieval/evidence-retrieval.js";
import { ConflictRegistry, organizationKey, sameOrganizationKey } from "../scoring/conflicts.js";
import { disciplineAgreement, type DisciplineAgreement } from "../scoring/discipline.js";
import { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import type { EvidenceExplanation, MatchExplanation } from "../scoring/explanation.js";
import { FeedbackModel, needWordSet, type FeedbackEffect } from "../scoring/feedback.js";
import { trackPolicyByKind, type PolicyEffect } from "../scoring/policy.js";
import { regionKind, type RegionKind } from "../scoring/regions.js";
import { recencyFactor } from "../scoring/recency.js";
import { SemanticSpace, seededRandom } from "../scoring/semantic-space.js";
import { termOfKey } from "../scoring/term-key.js";
import { defaultMatchingWeights, type MatchingWeights } from "../scoring/weights.data.js";
import type { Clock, DeclaredConflict, ExpertProfile, FeedbackEvent, NeedProfile } from "./types.js";

export interface ExpertMatcherInputs {
  experts: readonly ExpertProfile[];
  /** Recency is measured from clock.now(); nothing else reads the time. */
  clock: Clock;
  weights?: Partial<MatchingWeights>;
  feedback?: readonly FeedbackEvent[];
  conflicts?: readonly DeclaredConflict[];
  /** Randomness for building the semantic space (default: a fixed seed, so runs repeat). */
  random?: () => number;
  /**
   * What an earlier build learned from the collection (trainedState()): given, the build skips
   * training and reuses it, so a restart does not retrain.
   */
  trained?: TrainedMatchingState;
  /** Told of each phase of the build (and of training) with an estimate of the time left. */
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * What a build learned from its collection, as plain data and typed arrays (structured-clone and
 * v8.serialize safe): persist it beside the database and hand it back as `trained`.
 */
export interface TrainedMatchingState {
  readonly format: number;
  /** ISO time of the training. */
  readonly trainedAt: string;
  /** Experts in the collection it was trained on (to decide when to retrain). */
  readonly expertCount: number;
  readonly [part: string]: unknown;
}

/** Where a matcher build stands: the phase, how far it is, and the seconds left (null: unknown). */
export interface BuildProgress {
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
}

/**
 * What changes often and costs nothing to apply: answered invitations (feedback) and open
 * engagements (capacity). Set on a built matcher without rebuilding its text model.
 */
export interface MatchingDynamics {
  feedback?: readonly FeedbackEvent[];
  /** Open engagements per expert key (experts not listed have none). */
  activeEngagements?: ReadonlyMap<string, number>;
}

export interface ExpertMatch {
  expertKey: string;
  /** In [0, 1), comparable within one need. */
  score: number;
  explanation?: MatchExplanation;
}

export interface MatchNeedOptions {
  top: number;
  /** Build explanations for the returned matches (costs a little time per match). */
  explain?: boolean;
  /** Expert keys never to return for this need (conflicts and exclusions known only at query time). */
  excludeExperts?: ReadonlySet<string>;
  /** Score only these experts (e.g. to explain one pair); the others are skipped after retrieval. */
  onlyExperts?: ReadonlySet<string>;
}

interface Scored {
  candidate: RetrievedCandidate;
  semantic: number;
  raw: number;
  discipline: DisciplineAgreement;
  policy: PolicyEffect | null;
  capacityFactor: number;
  feedback: FeedbackEffect | null;
}

/**
 * Matches needs to experts. Deterministic: the same profiles, clock and inputs give the same
 * ranking (ties go to the expert given first); no randomness is used.
 *
 *   retrieval  need → informative terms → evidence documents and profiles sharing them
 *   scoring    per-document BM25 × recency, aggregated per expert (best + decayed top-k),
 *              + whole-profile BM25; × discipline agreement, track policy, capacity, feedback
 *   filtering  conflicts of interest (own organisation, declared) are never returned
 */
export class ExpertMatcher {
  readonly weights: MatchingWeights;
  private readonly corpus: EvidenceCorpus;
  private readonly retriever: EvidenceRetriever;
  private readonly conflicts: ConflictRegistry;
  private feedback: FeedbackModel;
  private activeEngagements: ReadonlyMap<string, number> | null = null;
  private readonly trainedAt: string;
  private readonly currentYear: number;
  private readonly disciplineCache = new Map<string, DisciplineAgreement>();
  /** Per expert, computed on first use: organisation key and region kind. */
  private readonly organizationKeys: (string | undefined)[] = [];
  private readonly regionKinds: (RegionKind | undefined)[] = [];
  /** Per evidence document: recency weight at the clock's year. */
  private readonly recencies: Float32Array;
  private readonly semanticSpace: SemanticSpace | null;
  private readonly similarities: Float32Array;

  constructor(inputs: ExpertMatcherInputs) {
    this.weights = { ...defaultMatchingWeights, ...inputs.weights };
    this.corpus = EvidenceCorpus.build(inputs.experts);
    this.conflicts = new ConflictRegistry(inputs.conflicts);
    this.feedback = new FeedbackModel(inputs.feedback);
    this.currentYear = inputs.clock.now().getUTCFullYear();
    this.trainedAt = inputs.trained?.trainedAt ?? inputs.clock.now().toISOString();
    const w = this.weights;
    this.recencies = Float32Array.from(this.corpus.docs, (doc) =>
      recencyFactor(doc.year, this.currentYear, w.recencyHalfLifeYears, w.recencyFloor),
    );
    this.retriever = new EvidenceRetriever(this.corpus, this.weights, this.recencies);
    this.semanticSpace =
      w.semanticDims > 0 && this.corpus.expertCount > 0
        ? SemanticSpace.build(this.corpus, w.semanticDims, inputs.random ?? seededRandom(20261127))
        : null;
    this.similarities = new Float32Array(this.semanticSpace ? this.corpus.expertCount : 0);
  }

  /** What this build learned, to persist and pass back as `trained` on the next start. */
  trainedState(): TrainedMatchingState {
    return { format: 1, trainedAt: this.trainedAt, expertCount: this.corpus.expertCount };
  }

  /** Replaces feedback and open engagements; the next query uses them. Cheap: no rebuild. */
  setDynamics(dynamics: MatchingDynamics): void {
    if (dynamics.feedback) this.feedback = new FeedbackModel(dynamics.feedback);
    if (dynamics.activeEngagements) this.activeEngagements = dynamics.activeEngagements;
  }

  get expertCount(): number {
    return this.corpus.expertCount;
  }

  get evidenceCount(): number {
    return this.corpus.documentCount;
  }

  /** The need's selected query terms in readable form (for diagnostics). */
  queryTerms(need: NeedProfile): string[] {
    return buildNeedQuery(need, this.corpus, this.weights).map((t) => termOfKey(this.corpus.termName(t.id)));
  }

  matchNeed(need: NeedProfile, options: MatchNeedOptions): ExpertMatch[] {
    const w = this.weights;
    const query = buildNeedQuery(need, this.corpus, w);
    if (query.length === 0 || options.top <= 0) return [];
    // Text relevance first, over every expert sharing a term; the other features for the best only.
    const retrieved = this.retriever.retrieve(query, Math.max(w.candidates, options.top));
    const semantic = this.semanticScores(query, retrieved);

    const needOrganization = organizationKey(need.enterprise);
    const needRegion = regionKind(need.region);
    let needWords: Set<string> | undefined;
    const words = () => (needWords ??= needWordSet([need.title, need.description ?? ""].join("\n")));
    const scored: Scored[] = [];
    for (const candidate of retrieved) {
      const expert = candidate.expert;
      const profile = this.corpus.experts[expert]!.profile;
      if (options.onlyExperts && !options.onlyExperts.has(profile.key)) continue;
      if (this.conflicts.declared(need.key, profile.key) || options.excludeExperts?.has(profile.key)) continue;
      if (needOrganization && sameOrganizationKey(needOrganization, this.organizationKey(expert))) continue;
      const discipline = this.discipline(need.discipline, profile);
      const policy = need.track
        ? trackPolicyByKind(need.track, needRegion, this.regionKind(expert), w.policyBoost)
        : null;
      const capacityFactor = this.capacityFactor(profile);
      const feedback = this.feedback.empty
        ? null
        : this.feedback.effect(need.key, words, profile.key, w.declined, w.feedbackLift);
      const similarity = semantic?.get(expert) ?? 0;
      const text = candidate.text + w.semantic * Math.max(0, similarity);
      const raw =
        text *
        (1 + w.discipline * discipline.agreement) *
        (policy?.factor ?? 1) *
        capacityFactor *
        (feedback?.factor ?? 1);
      scored.push({
        candidate: { ...candidate, text },
        semantic: similarity,
        raw,
        discipline,
        policy,
        capacityFactor,
        feedback,
      });
    }
    scored.sort((a, b) => b.raw - a.raw || a.candidate.expert - b.candidate.expert);
    return scored.slice(0, options.top).map((s) => ({
      expertKey: this.corpus.experts[s.candidate.expert]!.profile.key,
      score: s.raw / (s.raw + w.scoreSaturation),
      ...(options.explain ? { explanation: this.explain(need, query, s) } : {}),
    }));
  }

  /**
   * Cosine of the need with every expert in the latent space: a score for each lexical
   * candidate, and the best `semanticCandidates` experts added as candidates (with no lexical
   * score) so an expert using different words can still be found. Null when the feature is off.
   */
  private semanticScores(query: readonly QueryTerm[], retrieved: RetrievedCandidate[]): Map<number, number> | null {
    const space = this.semanticSpace;
    if (!space) return null;
    const vector = space.vectorOf(new Map(query.map((t) => [t.id, t.weight])), (t) => this.corpus.profileIdf(t));
    if (!vector) return null;
    space.similarities(vector, this.similarities);
    const result = new Map<number, number>();
    for (const c of retrieved) result.set(c.expert, this.similarities[c.expert]!);
    const extra = this.weights.semanticCandidates;
    if (extra > 0 && this.similarities.length > 0) {
      const sorted = this.similarities.slice().sort();
      const threshold = sorted[Math.max(0, sorted.length - extra)]!;
      for (let e = 0; e < this.similarities.length; e++) {
        if (this.similarities[e]! < threshold || result.has(e)) continue;
        result.set(e, this.similarities[e]!);
        retrieved.push({ expert: e, evidence: 0, profileScore: 0, text: 0 });
      }
    }
    return result;
  }

  private recency(doc: number): number {
    return this.recencies[doc]!;
  }

  private organizationKey(expert: number): string {
    return (this.organizationKeys[expert] ??= organizationKey(this.corpus.experts[expert]!.profile.organization));
  }

  private regionKind(expert: number): RegionKind {
    return (this.regionKinds[expert] ??= regionKind(this.corpus.experts[expert]!.profile.region));
  }

  private discipline(needDiscipline: string | undefined, profile: ExpertProfile): DisciplineAgreement {
    if (!needDiscipline) return { agreement: 0, matched: null };
    const disciplines = profile.disciplines ?? [];
    const key = `${needDiscipline}\u0000${disciplines.join("\u0000")}`;
    let found = this.disciplineCache.get(key);
    if (!found) {
      found = disciplineAgreement(needDiscipline, disciplines, this.weights.disciplineUnknown);
      if (this.disciplineCache.size > 100_000) this.disciplineCache.clear();
      this.disciplineCache.set(key, found);
    }
    return found;
  }

  private active(profile: ExpertProfile): number | undefined {
    return this.activeEngagements ? (this.activeEngagements.get(profile.key) ?? 0) : profile.activeEngagements;
  }

  private capacityFactor(profile: ExpertProfile): number {
    const active = this.active(profile);
    if (profile.capacity === undefined || profile.capacity === null || active === undefined) return 1;
    return active >= profile.capacity ? this.weights.fullCapacity : 1;
  }

  private explain(need: NeedProfile, query: readonly QueryTerm[], s: Scored): MatchExplanation {
    const queryIds = new Map(query.map((t) => [t.id, t.weight]));
    const readable = (ids: Iterable<number>) => [...new Set([...ids].map((id) => termOfKey(this.corpus.termName(id))))];
    const expert = this.corpus.experts[s.candidate.expert]!;
    const { k1, b } = this.weights;
    const evidence: EvidenceExplanation[] = expert.docs
      .map((doc) => ({ doc, score: this.corpus.scoreDoc(doc, queryIds, k1, b), recency: this.recency(doc) }))
      .filter((d) => d.score > 0)
      .sort((a, b) => b.score * b.recency - a.score * a.recency || a.doc - b.doc)
      .slice(0, this.weights.evidenceTopK)
      .map((d) => {
        const doc = this.corpus.docs[d.doc]!;
        return {
          title: doc.title,
          type: doc.type,
          year: doc.year,
          score: d.score * d.recency,
          recency: d.recency,
          matchedTerms: readable([...doc.terms].filter((id) => queryIds.has(id))),
        };
      });
    const matched = new Set<number>();
    for (const doc of expert.docs) for (const id of this.corpus.docs[doc]!.terms) if (queryIds.has(id)) matched.add(id);
    const profile = expert.profile;
    return {
      evidenceScore: s.candidate.evidence,
      profileScore: s.candidate.profileScore,
      semanticSimilarity: s.semantic,
      textScore: s.candidate.text,
      evidence,
      matchedTerms: readable(matched),
      discipline: {
        need: need.discipline ?? "",
        expert: s.discipline.matched,
        agreement: s.discipline.agreement,
        factor: 1 + this.weights.discipline * s.discipline.agreement,
      },
      policy: s.policy,
      capacity:
        profile.capacity !== undefined && profile.capacity !== null && this.active(profile) !== undefined
          ? { capacity: profile.capacity, active: this.active(profile)!, factor: s.capacityFactor }
          : null,
      feedback: s.feedback,
    };
  }
}
