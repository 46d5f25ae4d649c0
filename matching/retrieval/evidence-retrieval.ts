import { topK } from "../engine/top-k.js";
import type { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import type { MatchingWeights } from "../scoring/weights.data.js";
import type { QueryTerm } from "./need-query.js";

export interface RetrievedCandidate {
  expert: number;
  /** Aggregated evidence: best document × bestEvidence + decayed next ones (see aggregation.ts). */
  evidence: number;
  /** BM25 of the need against the whole profile. */
  profileScore: number;
  /** evidence + profile weight × profileScore. */
  text: number;
}

/**
 * Scores a query against every evidence document and every whole profile through the corpus
 * postings (only documents sharing a selected term are touched), aggregates each expert's
 * document scores on the fly (top-k per expert in flat typed arrays, no per-expert objects),
 * and returns the `limit` experts with the best text score. Document scores are weighted by
 * `docWeights` (recency). Scratch arrays are reused between queries: not reentrant.
 */
export class EvidenceRetriever {
  private readonly docScores: Float64Array;
  private readonly profileScores: Float64Array;
  /** evidenceTopK best document scores per expert, descending. */
  private readonly topDocs: Float64Array;
  private readonly seen: Uint8Array;
  /** Per expert: aggregated evidence and text score of the current query (touched experts only). */
  private readonly evidenceOf: Float64Array;
  private readonly textOf: Float64Array;
  private readonly touchedDocs: number[] = [];
  private readonly touchedExperts: number[] = [];
  private readonly docNorms: Float32Array;
  private readonly profileNorms: Float32Array;
  private readonly k: number;

  constructor(
    private readonly corpus: EvidenceCorpus,
    private readonly weights: MatchingWeights,
    private readonly docWeights: Float32Array,
  ) {
    const { k1, b } = weights;
    this.k = Math.max(1, weights.evidenceTopK);
    this.docScores = new Float64Array(corpus.documentCount);
    this.profileScores = new Float64Array(corpus.expertCount);
    this.topDocs = new Float64Array(corpus.expertCount * this.k);
    this.seen = new Uint8Array(corpus.expertCount);
    this.evidenceOf = new Float64Array(corpus.expertCount);
    this.textOf = new Float64Array(corpus.expertCount);
    this.docNorms = Float32Array.from(corpus.docs, (d) => k1 * (1 - b + (b * d.length) / corpus.avgDocLength));
    this.profileNorms = Float32Array.from(
      corpus.experts,
      (e) => k1 * (1 - b + (b * e.profileLength) / corpus.avgProfileLength),
    );
  }

  retrieve(query: readonly QueryTerm[], limit: number): RetrievedCandidate[] {
    const { corpus, weights, docScores, profileScores, docNorms, profileNorms } = this;
    const k1 = weights.k1;
    for (const term of query) {
      const docs = corpus.docPostingsOf(term.id);
      if (docs && docs.ids.length > 0) {
        const factor = term.weight * corpus.docIdf(term.id) * (k1 + 1);
        const { ids, tfs } = docs;
        for (let i = 0; i < ids.length; i++) {
          const doc = ids[i]!;
          const tf = tfs[i]!;
          if (docScores[doc] === 0) this.touchedDocs.push(doc);
          docScores[doc]! += (factor * tf) / (tf + docNorms[doc]!);
        }
      }
      const profiles = corpus.profilePostingsOf(term.id);
      if (profiles && profiles.ids.length > 0) {
        const factor = term.weight * corpus.profileIdf(term.id) * (k1 + 1);
        const { ids, tfs } = profiles;
        for (let i = 0; i < ids.length; i++) {
          const expert = ids[i]!;
          const tf = tfs[i]!;
          if (this.seen[expert] === 0) {
            this.seen[expert] = 1;
            this.touchedExperts.push(expert);
          }
          profileScores[expert]! += (factor * tf) / (tf + profileNorms[expert]!);
        }
      }
    }
    // Each touched document into its expert's top-k.
    const { k, topDocs } = this;
    for (const doc of this.touchedDocs) {
      const expert = corpus.docs[doc]!.expert;
      if (this.seen[expert] === 0) {
        this.seen[expert] = 1;
        this.touchedExperts.push(expert);
      }
      let score = docScores[doc]! * this.docWeights[doc]!;
      docScores[doc] = 0;
      const base = expert * k;
      for (let j = 0; j < k; j++) {
        if (score > topDocs[base + j]!) {
          const displaced = topDocs[base + j]!;
          topDocs[base + j] = score;
          score = displaced;
        }
      }
    }
    this.touchedDocs.length = 0;

    const { textOf, evidenceOf } = this;
    const experts = this.touchedExperts;
    for (const expert of experts) {
      let evidence = 0;
      let factor = weights.bestEvidence;
      const base = expert * k;
      for (let j = 0; j < k; j++) {
        evidence += factor * topDocs[base + j]!;
        topDocs[base + j] = 0;
        factor *= weights.evidenceDecay;
      }
      evidenceOf[expert] = evidence;
      textOf[expert] = evidence + weights.profile * profileScores[expert]!;
    }
    const result = topK(experts, textOf, limit).map((expert) => ({
      expert,
      evidence: evidenceOf[expert]!,
      profileScore: profileScores[expert]!,
      text: textOf[expert]!,
    }));
    for (const expert of experts) {
      profileScores[expert] = 0;
      this.seen[expert] = 0;
    }
    this.touchedExperts.length = 0;
    return result;
  }
}
