import { trainOnCollection, defaultFusion, type TrainingReport } from "../learning/collection-training.js";
import { DualEncoder, type DualEncoderState } from "../learning/dual-encoder.js";
import { featureCount, fuse, fusionFeatures, type FusionWeights } from "../learning/fusion.js";
import { seededRandom } from "../learning/seeded-random.js";
import { PlainBm25Channel } from "../lexical/plain-channel.js";
import { latinWordPairs } from "../lexical/plain-tokens.js";
import { buildNeedQuery, heldSynonymGroups, type QueryTerm, type SynonymGroup } from "../retrieval/need-query.js";
import type { RetrievedCandidate } from "../retrieval/evidence-retrieval.js";
import { ConflictRegistry, organizationKey, sameOrganizationKey } from "../scoring/conflicts.js";
import { disciplineAgreement, type DisciplineAgreement } from "../scoring/discipline.js";
import { aboutText, EvidenceCorpus, evidenceText, type ExpertEntry } from "../scoring/evidence-corpus.js";
import type { EvidenceExplanation, MatchExplanation } from "../scoring/explanation.js";
import { FeedbackModel, needWordSet, type FeedbackEffect } from "../scoring/feedback.js";
import { trackPolicyByKind, type PolicyEffect } from "../scoring/policy.js";
import { regionKind, type RegionKind } from "../scoring/regions.js";
import { recencyFactor } from "../scoring/recency.js";
import { isGenericTerm } from "../scoring/generic-terms.js";
import { isBigramKey, termOfKey } from "../scoring/term-key.js";
import { TermSurfaces } from "../scoring/term-surfaces.js";
import { prepareTranslations } from "../retrieval/need-translations.js";
import { defaultMatchingWeights, type MatchingWeights } from "../scoring/weights.data.js";
import { ChannelSet, type CandidateFeatures } from "./channel-set.js";
import type { Clock, DeclaredConflict, ExpertProfile, FeedbackEvent, NeedProfile } from "./types.js";

export interface ExpertMatcherInputs {
  experts: readonly ExpertProfile[];
  /** Recency is measured from clock.now(); nothing else reads the time. */
  clock: Clock;
  weights?: Partial<MatchingWeights>;
  feedback?: readonly FeedbackEvent[];
  conflicts?: readonly DeclaredConflict[];
  /** Randomness for self-supervised training (default: a fixed seed, so builds repeat). */
  random?: () => number;
  /**
   * Learn from the collection (self-supervised fusion weights and dual encoder). False uses the
   * default fusion, as for collections of one-record profiles such as technologies.
   */
  learn?: boolean;
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
  /** In [0, 1), on one scale for every need: the best match scores its share of the need's words. */
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
  /** Row of the candidate in the need's CandidateFeatures. */
  row: number;
  expert: number;
  fused: number;
  raw: number;
  discipline: DisciplineAgreement;
  policy: PolicyEffect | null;
  capacityFactor: number;
  feedback: FeedbackEffect | null;
}

/**
 * Version of trainedState(). A state of another format, or one missing a part, is refused before
 * anything is built (the service then trains again: see server/matches/hosted-engine.ts).
 */
const trainedFormat = 6;

interface TrainedParts extends TrainedMatchingState {
  fusion: FusionWeights;
  weakNormB: number;
  encoder: DualEncoderState | null;
  report: TrainingReport | null;
}

/** Why a trained state cannot be used (null: it can). */
function trainedStateProblem(state: TrainedMatchingState): string | null {
  if (state.format !== trainedFormat)
    return `trained state of format ${String(state.format)}, expected ${trainedFormat}`;
  if (typeof state.fusion !== "object" || state.fusion === null) return "trained state without fusion weights";
  if (typeof state.weakNormB !== "number" || !Number.isFinite(state.weakNormB)) {
    return "trained state without a length normalisation (weakNormB)";
  }
  return null;
}

/**
 * Matches needs to experts. Deterministic: the same profiles, clock, seed and inputs give the
 * same ranking (ties go to the expert given first).
 *
 *   channels   plain bigram BM25 over whole profiles (the floor, kept intact) and over single
 *              records; the engine's analysed evidence (segmentation, Traditional → Simplified,
 *              stems, synonyms, per-record aggregation, recency); a dual encoder learned from
 *              the collection; a prior on how much an expert has published
 *   fusion     a weighted sum of the channels, the weights fitted on self-supervised needs
 *              (held-out records) of this very collection at build time
 *   factors    × discipline agreement, track policy, capacity, feedback
 *   filtering  conflicts of interest (own organisation, declared) are never returned
 */
export class ExpertMatcher {
  readonly weights: MatchingWeights;
  /** The channel weights in use (fitted on this collection, given back, or the defaults). */
  readonly fusion: FusionWeights;
  /** Length normalisation of the `plainWeakNorm` channel (fitted with the fusion). */
  readonly weakNormB: number;
  /** What training measured; null when the build reused a trained state or did not learn. */
  readonly trainingReport: TrainingReport | null;
  private readonly corpus: EvidenceCorpus;
  private readonly channels: ChannelSet;
  private readonly encoder: DualEncoder | null;
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

  constructor(inputs: ExpertMatcherInputs) {
    const progress = progressReporter(inputs.onProgress);
    const w = (this.weights = { ...defaultMatchingWeights, ...inputs.weights });
    const problem = inputs.trained ? trainedStateProblem(inputs.trained) : null;
    if (problem) throw new Error(problem);
    const trained = inputs.trained ? (inputs.trained as TrainedParts) : null;
    this.conflicts = new ConflictRegistry(inputs.conflicts);
    this.currentYear = inputs.clock.now().getUTCFullYear();
    progress("analysing", 0, 1);
    this.corpus = EvidenceCorpus.build(inputs.experts);
    const plain = PlainBm25Channel.build(inputs.experts);
    const phrase = PlainBm25Channel.build(inputs.experts, latinWordPairs);
    // A collection in Chinese and English loads its dictionary here, not in the first need.
    prepareTranslations(this.corpus);
    progress("analysing", 1, 1);
    this.recencies = this.recenciesOf(this.corpus);
    this.feedback = new FeedbackModel(inputs.feedback, this.wordWeight);
    if (trained) {
      this.fusion = trained.fusion;
      this.weakNormB = trained.weakNormB;
      this.encoder = trained.encoder ? DualEncoder.fromState(trained.encoder, plain.dictionary) : null;
      this.trainingReport = null;
      this.trainedAt = trained.trainedAt;
    } else if (inputs.learn === false || inputs.experts.length === 0) {
      this.fusion = defaultFusion(w);
      this.weakNormB = w.weakNormB;
      this.encoder = null;
      this.trainingReport = null;
      this.trainedAt = inputs.clock.now().toISOString();
    } else {
      const training = trainOnCollection(inputs.experts, this.corpus, plain, phrase, {
        weights: w,
        random: inputs.random ?? seededRandom(20261206),
        recenciesOf: (corpus) => this.recenciesOf(corpus),
        onProgress: (p) => progress(p.phase, p.done, p.total),
      });
      this.fusion = training.fusion;
      this.weakNormB = training.weakNormB;
      this.encoder = training.encoder;
      this.trainingReport = training.report;
      this.trainedAt = inputs.clock.now().toISOString();
    }
    progress("indexing", 0, 1);
    this.channels = new ChannelSet(this.corpus, plain, phrase, this.encoder, w, this.recencies, this.weakNormB);
    progress("indexing", 1, 1);
  }

  /** What this build learned, to persist and pass back as `trained` on the next start. */
  trainedState(): TrainedMatchingState {
    const state: TrainedParts = {
      format: trainedFormat,
      trainedAt: this.trainedAt,
      expertCount: this.corpus.expertCount,
      fusion: this.fusion,
      weakNormB: this.weakNormB,
      encoder: this.encoder?.exported ?? null,
      report: this.trainingReport,
    };
    return state;
  }

  /** Replaces feedback and open engagements; the next query uses them. Cheap: no rebuild. */
  setDynamics(dynamics: MatchingDynamics): void {
    if (dynamics.feedback) this.feedback = new FeedbackModel(dynamics.feedback, this.wordWeight);
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
    return buildNeedQuery(need, this.corpus, this.weights)
      .filter((t) => !t.synonym)
      .map((t) => termOfKey(this.corpus.termName(t.id)));
  }

  matchNeed(need: NeedProfile, options: MatchNeedOptions): ExpertMatch[] {
    const w = this.weights;
    if (options.top <= 0) return [];
    const found = this.channels.candidates(need, Math.max(w.fusionDepth, options.top));
    if (found.experts.length === 0 || found.engineQuery.length === 0) return [];
    const needOrganization = organizationKey(need.enterprise);
    const needRegion = regionKind(need.region);
    let needWords: Set<string> | undefined;
    const words = () => (needWords ??= needWordSet([need.title, need.description ?? ""].join("\n")));
    const scored: Scored[] = [];
    let best: Scored | null = null;
    found.experts.forEach((expert, row) => {
      const profile = this.corpus.experts[expert]!.profile;
      const fused = fuse(this.fusion, found.features, row * featureCount);
      if (fused <= 0) return;
      const discipline = this.discipline(need.discipline, profile);
      const policy = need.track
        ? trackPolicyByKind(need.track, needRegion, this.regionKind(expert), w.policyBoost)
        : null;
      const capacityFactor = this.capacityFactor(profile);
      const feedback = this.feedback.empty
        ? null
        : this.feedback.effect(need.key, words, profile.key, w.declined, w.feedbackLift);
      const raw =
        fused *
        (1 + w.discipline * discipline.agreement) *
        (policy?.factor ?? 1) *
        capacityFactor *
        (feedback?.factor ?? 1);
      const s = { row, expert, fused, raw, discipline, policy, capacityFactor, feedback };
      if (!best || fused > best.fused) best = s;
      if (options.onlyExperts && !options.onlyExperts.has(profile.key)) return;
      if (this.conflicts.declared(need.key, profile.key) || options.excludeExperts?.has(profile.key)) return;
      if (needOrganization && sameOrganizationKey(needOrganization, this.organizationKey(expert))) return;
      scored.push(s);
    });
    if (!best) return [];
    // Scores read on one scale for every need: the text score relative to the best text match,
    // times that match's share of the need's informative words (a weak best match shows as
    // weak), times the candidate's own factors (so capacity or feedback shows in its score).
    const top: Scored = best;
    const scale = coverage(this.corpus, found.engineQuery, top.expert) / top.fused;
    scored.sort((a, b) => b.raw - a.raw || a.expert - b.expert);
    const needSurfaces = options.explain ? surfacesOfNeed(need) : null;
    return scored.slice(0, options.top).map((s) => ({
      expertKey: this.corpus.experts[s.expert]!.profile.key,
      score: softCap(s.raw * scale),
      ...(needSurfaces ? { explanation: this.explain(need, found, s, needSurfaces) } : {}),
    }));
  }

  /** A word's idf among evidence documents; a word the collection never used counts as rare. */
  private readonly wordWeight = (word: string): number => {
    const id = this.corpus.termId(word);
    return id === undefined ? Math.log(1 + this.corpus.documentCount + 0.5) : this.corpus.docIdf(id);
  };

  private recenciesOf(corpus: EvidenceCorpus): Float32Array {
    const w = this.weights;
    return Float32Array.from(corpus.docs, (doc) =>
      recencyFactor(doc.year, this.currentYear, w.recencyHalfLifeYears, w.recencyFloor),
    );
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

  private explain(
    need: NeedProfile,
    found: CandidateFeatures,
    s: Scored,
    needSurfaces: TermSurfaces,
  ): MatchExplanation {
    const query = found.engineQuery;
    const queryIds = new Map(query.map((t) => [t.id, t.weight]));
    const expert = this.corpus.experts[s.expert]!;
    const readable = this.readableTerms(needSurfaces, expert);
    const engine: RetrievedCandidate | undefined = found.engine.get(s.expert);
    const { k1, b } = this.weights;
    // The profile's keywords and bio count towards the matched words but are not a record to list.
    const evidence: EvidenceExplanation[] = expert.docs
      .filter((doc) => this.corpus.docs[doc]!.record >= 0)
      .map((doc) => ({ doc, score: this.corpus.scoreDoc(doc, queryIds, k1, b), recency: this.recencies[doc]! }))
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
          matchedTerms: readable(
            informative(
              this.corpus,
              [...doc.terms].filter((id) => queryIds.has(id)),
            ),
          ),
        };
      });
    const matched = new Set<number>();
    for (const doc of expert.docs) for (const id of this.corpus.docs[doc]!.terms) if (queryIds.has(id)) matched.add(id);
    const profile = expert.profile;
    const active = this.active(profile);
    const semanticSimilarity = found.dense[s.row]!;
    return {
      evidenceScore: engine?.evidence ?? 0,
      profileScore: engine?.profileScore ?? 0,
      semanticSimilarity,
      textScore: s.fused,
      channels: fusionFeatures.map((name, f) => ({
        name,
        value: found.features[s.row * featureCount + f]!,
        weight: this.fusion[name],
      })),
      closestRecord: this.fusion.dense > 0 ? this.closestRecord(need, s.expert) : null,
      evidence,
      matchedTerms: readable(informative(this.corpus, matched)),
      discipline: {
        need: need.discipline ?? "",
        expert: s.discipline.matched,
        agreement: s.discipline.agreement,
        factor: 1 + this.weights.discipline * s.discipline.agreement,
      },
      policy: s.policy,
      capacity:
        profile.capacity !== undefined && profile.capacity !== null && active !== undefined
          ? { capacity: profile.capacity, active, factor: s.capacityFactor }
          : null,
      feedback: s.feedback,
    };
  }

  /**
   * Matched term ids as the words a reader sees: as written in the need, else (a synonym's match)
   * as written in the expert's record that holds it; stems and word-spanning bigrams never show.
   */
  private readableTerms(needSurfaces: TermSurfaces, expert: ExpertEntry): (ids: Iterable<number>) => string[] {
    let expertSurfaces: TermSurfaces | null = null;
    const read = new Set<number>();
    const surfaceOf = (id: number): string | undefined => {
      const key = this.corpus.termName(id);
      const fromNeed = needSurfaces.of(key);
      if (fromNeed !== undefined) return fromNeed;
      // Only the records that hold the term are read (a record is analysed once).
      expertSurfaces ??= new TermSurfaces();
      const { evidence = [] } = expert.profile;
      for (const doc of expert.docs) {
        if (expertSurfaces.of(key) !== undefined) break;
        const { record, terms } = this.corpus.docs[doc]!;
        if (!terms.includes(id) || read.has(doc)) continue;
        read.add(doc);
        expertSurfaces.add(record >= 0 ? evidenceText(evidence[record]!) : aboutText(expert.profile));
      }
      return expertSurfaces.of(key);
    };
    return (ids) => {
      const shown = new Set<string>();
      for (const id of ids) {
        const surface = surfaceOf(id);
        if (surface !== undefined) shown.add(surface);
      }
      return [...shown];
    };
  }

  /** The expert's record nearest the need in the learned space: what drove the dense channel. */
  private closestRecord(need: NeedProfile, expert: number): { title: string; similarity: number } | null {
    const encoder = this.encoder;
    const plain = this.channels.plain;
    if (!encoder) return null;
    const needVector = new Float32Array(encoder.dim);
    if (!encoder.encode(plain.queryBag(need), needVector)) return null;
    const recordVector = new Float32Array(encoder.dim);
    let best: { title: string; similarity: number } | null = null;
    plain.records[expert]!.forEach((bag, index) => {
      if (!encoder.encode(bag, recordVector)) return;
      let similarity = 0;
      for (let j = 0; j < encoder.dim; j++) similarity += needVector[j]! * recordVector[j]!;
      const title = this.corpus.experts[expert]!.profile.evidence?.[index]?.title ?? "";
      if (!best || similarity > best.similarity) best = { title, similarity };
    });
    return best;
  }
}

/**
 * Terms worth showing as evidence: the matched words; character bigrams only when no word
 * matched (a bigram beside words is either inside one of them or a fragment across a word
 * boundary, such as 升到 in 提升到, which is no evidence).
 */
function informative(corpus: EvidenceCorpus, ids: Iterable<number>): number[] {
  const list = [...ids].filter((id) => !isGenericTerm(corpus.termName(id)));
  const words = list.filter((id) => !isBigramKey(corpus.termName(id)));
  return words.length > 0 ? words : list;
}

/** The need's words as written (title first), for its explanations. */
function surfacesOfNeed(need: NeedProfile): TermSurfaces {
  const surfaces = new TermSurfaces();
  for (const text of [need.title, ...(need.keywords ?? []), need.description ?? ""]) surfaces.add(text);
  return surfaces;
}

/**
 * The idf-weighted share of the need's query words (bigrams when it has no words) that the
 * expert's records contain: 1 when every informative word of the need is in them.
 */
function coverage(corpus: EvidenceCorpus, query: readonly QueryTerm[], expert: number): number {
  const present = new Set<number>();
  for (const doc of corpus.experts[expert]!.docs) for (const id of corpus.docs[doc]!.terms) present.add(id);
  const held = new Set(heldSynonymGroups(query, corpus, expert));
  // A wording a record holds in full (machine learning) covers the typed word and its inner words (机器学习, 机器, 学习).
  const replaced = new Set([...held].flatMap((group) => group.of));
  const typed = query.filter((t) => !t.expanded && !t.synonym && !isGenericTerm(corpus.termName(t.id)));
  const words = typed.filter((t) => !isBigramKey(corpus.termName(t.id)));
  const counted = words.length > 0 ? words : typed;
  let total = 0;
  let found = 0;
  for (const t of counted) {
    const mass = t.weight * corpus.docIdf(t.id);
    total += mass;
    if (present.has(t.id) || replaced.has(t.id)) found += mass;
  }
  // A typed word the collection never uses (a Chinese need among English records) counts once,
  // through its heaviest wording.
  const orphans = new Map<SynonymGroup, number>();
  for (const t of query) {
    if (!t.synonym || t.synonym.of.length > 0) continue;
    orphans.set(t.synonym, Math.max(orphans.get(t.synonym) ?? 0, t.weight * corpus.docIdf(t.id)));
  }
  for (const [group, mass] of orphans) {
    total += mass;
    if (held.has(group)) found += mass;
  }
  return total > 0 ? found / total : 0;
}

/** Identity up to 0.9, then an exponential approach to 1: bounded, and never reorders. */
function softCap(x: number): number {
  return x <= 0.9 ? x : 0.9 + 0.1 * (1 - Math.exp(-(x - 0.9) / 0.1));
}

/** Turns phase updates into BuildProgress with an estimate of the time left in the phase. */
function progressReporter(
  onProgress: ((progress: BuildProgress) => void) | undefined,
): (phase: string, done: number, total: number) => void {
  let phase = "";
  let started = 0;
  return (next, done, total) => {
    if (!onProgress) return;
    const now = performance.now();
    if (next !== phase) {
      phase = next;
      started = now;
    }
    const elapsed = (now - started) / 1000;
    const etaSeconds = done > 0 && total > 0 ? Math.round((elapsed * (total - done)) / done) : null;
    onProgress({ phase, done, total, etaSeconds });
  };
}
