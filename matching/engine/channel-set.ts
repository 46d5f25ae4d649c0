import type { DualEncoder } from "../learning/dual-encoder.js";
import { featureCount } from "../learning/fusion.js";
import type { PlainBm25Channel } from "../lexical/plain-channel.js";
import type { TermBag } from "../lexical/term-dictionary.js";
import { buildNeedQuery, heldSynonymGroups, type QueryTerm } from "../retrieval/need-query.js";
import { EvidenceRetriever, type RetrievedCandidate } from "../retrieval/evidence-retrieval.js";
import type { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import type { MatchingWeights } from "../scoring/weights.data.js";
import type { NeedProfile } from "./types.js";
import { topK } from "./top-k.js";

/** Candidates of one need with their channel features (row-major, fusionFeatures order). */
export interface CandidateFeatures {
  experts: Int32Array;
  features: Float32Array;
  /** The engine channel's own figures for the candidates it retrieved (for explanations). */
  engine: Map<number, RetrievedCandidate>;
  /** Cosine of need and expert in the learned space, for every candidate (0 without a model). */
  dense: Float32Array;
  engineQuery: QueryTerm[];
  /** The need's terms as the plain channel reads them. */
  plainQuery: TermBag;
}

/** Records beyond which the prior stops growing (log scale). */
const priorRecordCap = 50;

/**
 * Every channel over one version of the collection (the whole of it, or the same without the
 * records held out for fitting): the plain BM25 channel, the engine's analysed evidence channel
 * and the learned dense channel. Gathers each need's candidates from all three and describes
 * each candidate by the features the fusion weighs. Scratch space is reused: not reentrant.
 */
export class ChannelSet {
  readonly retriever: EvidenceRetriever;
  /** Unit vectors of every expert's profile in the learned space (null without a model). */
  readonly expertVectors: Float32Array | null;
  private readonly similarities: Float32Array;
  private readonly queryVector: Float32Array;
  private readonly prior: Float32Array;
  private readonly allExperts: Int32Array;

  constructor(
    readonly corpus: EvidenceCorpus,
    readonly plain: PlainBm25Channel,
    /** BM25 over adjacent Latin word pairs (see latinWordPairs). */
    readonly phrase: PlainBm25Channel,
    readonly encoder: DualEncoder | null,
    private readonly weights: MatchingWeights,
    recencies: Float32Array,
    /** Length normalisation of the `plainWeakNorm` channel (fitted per collection). */
    private readonly weakNormB: number,
  ) {
    this.retriever = new EvidenceRetriever(corpus, weights, recencies);
    const n = plain.expertCount;
    this.allExperts = Int32Array.from({ length: n }, (_, i) => i);
    this.similarities = new Float32Array(encoder ? n : 0);
    this.queryVector = new Float32Array(encoder?.dim ?? 0);
    if (encoder) {
      this.expertVectors = new Float32Array(n * encoder.dim);
      plain.profiles.forEach((bag, expert) => encoder.encode(bag, this.expertVectors!, expert * encoder.dim));
    } else {
      this.expertVectors = null;
    }
    const cap = Math.log1p(priorRecordCap);
    this.prior = Float32Array.from(plain.records, (records) => Math.min(1, Math.log1p(records.length) / cap));
  }

  /**
   * The need's candidates from every channel, described by their fusion features. Without
   * `denseSearch` the learned channel scores the other channels' candidates but brings none of
   * its own, which spares the scan over every expert (most of a fitting pass at 54k experts):
   * enough to see whether the channel earns a weight at all.
   */
  candidates(
    need: NeedProfile,
    depth: number,
    { denseSearch = true }: { denseSearch?: boolean } = {},
  ): CandidateFeatures {
    const engineQuery = buildNeedQuery(need, this.corpus, this.weights);
    const { full: plainQuery, ownText } = this.plain.queryBags(need);
    const plain = this.plain.score(plainQuery);
    const engineHits = engineQuery.length > 0 ? this.retriever.retrieve(engineQuery, depth) : [];
    const engine = new Map(engineHits.map((hit) => [hit.expert, hit]));
    const chosen = new Set<number>(topK(plain.touched, plain.profile, depth));
    const phraseScores = this.phraseScores(need, chosen, depth);
    for (const e of engine.keys()) chosen.add(e);
    const encoded = this.encoder !== null && this.encoder.encode(plainQuery, this.queryVector);
    const similarities = encoded && denseSearch ? this.denseSimilarities() : null;
    if (similarities) for (const e of topK(this.allExperts, similarities, depth >> 1)) chosen.add(e);
    const similarityOf = (e: number) => (similarities ? similarities[e]! : encoded ? this.similarityTo(e) : 0);

    // A candidate shares a word of the need's own text, or holds one of its words in another
    // language or wording in full in one record (machine learning for 机器学习; not model and
    // large from 大语言模型's "large language model"), or is close in the learned space.
    const pool = Int32Array.from(chosen);
    const shares = this.plain.sharing(ownText, pool);
    const experts = pool.filter(
      (e, i) =>
        shares[i] === 1 ||
        similarityOf(e) > 0 ||
        (engine.has(e) && heldSynonymGroups(engineQuery, this.corpus, e).length > 0),
    );
    const bestRecord = this.plain.bestRecordScores(plainQuery, experts);
    const weakNorm = this.weakNormFeature(plainQuery, experts, this.weakNormB);
    let maxProfile = 0;
    let maxRecord = 0;
    let maxEngine = 0;
    let maxPhrase = 0;
    for (const [i, e] of experts.entries()) {
      maxPhrase = Math.max(maxPhrase, phraseScores?.[e] ?? 0);
      maxProfile = Math.max(maxProfile, plain.profile[e]!);
      maxRecord = Math.max(maxRecord, bestRecord[i]!);
      maxEngine = Math.max(maxEngine, engine.get(e)?.text ?? 0);
    }
    const features = new Float32Array(experts.length * featureCount);
    const dense = new Float32Array(experts.length);
    experts.forEach((e, i) => {
      const at = i * featureCount;
      features[at] = maxProfile > 0 ? plain.profile[e]! / maxProfile : 0;
      features[at + 1] = maxRecord > 0 ? bestRecord[i]! / maxRecord : 0;
      features[at + 2] = maxEngine > 0 ? (engine.get(e)?.text ?? 0) / maxEngine : 0;
      dense[i] = similarityOf(e);
      features[at + 3] = dense[i]!;
      features[at + 4] = this.prior[e]!;
      features[at + 5] = maxPhrase > 0 ? phraseScores![e]! / maxPhrase : 0;
      features[at + 6] = weakNorm[i]!;
    });
    return { experts, features, engine, dense, engineQuery, plainQuery };
  }

  /**
   * The `plainWeakNorm` feature of the given candidates with length normalisation `b`: the
   * weakly normalised profile score divided by its best value among them.
   */
  weakNormFeature(plainQuery: TermBag, experts: Int32Array, b: number): Float32Array {
    const scores = this.plain.weakNormProfileScores(plainQuery, experts, b);
    let best = 0;
    for (const score of scores) best = Math.max(best, score);
    if (best > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= best;
    return scores;
  }

  /**
   * Phrase-channel scores of every expert (null when the need has no phrase the collection
   * uses); its best `depth / 2` experts join the candidates. Read before the next call.
   */
  private phraseScores(need: NeedProfile, chosen: Set<number>, depth: number): Float32Array | null {
    const query = this.phrase.queryBag(need);
    if (query.terms.length === 0) return null;
    const scores = this.phrase.score(query);
    for (const e of topK(scores.touched, scores.profile, depth >> 1)) chosen.add(e);
    return scores.profile;
  }

  /** Cosine of the encoded need (`queryVector`) with one expert in the learned space. */
  private similarityTo(expert: number): number {
    const dim = this.queryVector.length;
    return dotProduct(this.queryVector, this.expertVectors!, expert * dim, dim);
  }

  /** Cosine of the encoded need (`queryVector`) with every expert in the learned space. */
  private denseSimilarities(): Float32Array {
    const { expertVectors, similarities, queryVector } = this;
    const dim = queryVector.length;
    for (let e = 0, base = 0; e < similarities.length; e++, base += dim) {
      similarities[e] = dotProduct(queryVector, expertVectors!, base, dim);
    }
    return similarities;
  }
}

/**
 * `query` · `rows[base, base + dim)`. Four running sums: the dot products over every expert are
 * most of a fitting pass (about 10 ms per need at 54k experts and 64 dimensions), and
 * independent sums run about a third faster. One function for the scan and for single experts,
 * so both give the same value to the last bit.
 */
function dotProduct(query: Float32Array, rows: Float32Array, base: number, dim: number): number {
  const unrolled = dim - (dim % 4);
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let j = 0; j < unrolled; j += 4) {
    a += query[j]! * rows[base + j]!;
    b += query[j + 1]! * rows[base + j + 1]!;
    c += query[j + 2]! * rows[base + j + 2]!;
    d += query[j + 3]! * rows[base + j + 3]!;
  }
  for (let j = unrolled; j < dim; j++) a += query[j]! * rows[base + j]!;
  return a + b + c + d;
}
