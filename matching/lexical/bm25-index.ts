import { PostingsTable } from "../scoring/postings-table.js";
import type { TermBag } from "./term-dictionary.js";

export interface Bm25Parameters {
  k1: number;
  b: number;
}

/**
 * BM25 over documents given as term bags, on a flat PostingsTable, so 100,000 documents with
 * abstracts cost tens of megabytes and a query touches only the postings of its terms.
 */
export class Bm25Index {
  readonly documentCount: number;
  private readonly postings: PostingsTable;
  /** k1 × (1 − b + b × length / average length), per document. */
  private readonly norms: Float32Array;
  private readonly k1: number;

  constructor(docs: readonly TermBag[], termCount: number, parameters: Bm25Parameters) {
    const { k1, b } = parameters;
    this.k1 = k1;
    this.documentCount = docs.length;
    this.postings = PostingsTable.build(
      termCount,
      docs.map((doc) => ({ terms: doc.terms, tfs: doc.counts })),
    );
    let lengthSum = 0;
    for (const doc of docs) lengthSum += doc.length;
    const average = docs.length > 0 ? Math.max(1e-9, lengthSum / docs.length) : 1;
    this.norms = Float32Array.from(docs, (doc) => k1 * (1 - b + (b * doc.length) / average));
  }

  documentFrequency(term: number): number {
    return this.postings.documentFrequency(term);
  }

  /** Robertson–Spärck Jones idf as BM25 uses it (always positive). */
  idf(term: number): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5));
  }

  /**
   * Adds weight × idf × saturated tf of every query term to `scores` (one slot per document),
   * and records each document seen for the first time in `touched` (its score was 0).
   */
  accumulate(terms: Int32Array, weights: Float32Array | null, scores: Float32Array, touched: number[]): void {
    const { norms } = this;
    const k1p1 = this.k1 + 1;
    for (let q = 0; q < terms.length; q++) {
      const postings = this.postings.of(terms[q]!);
      if (!postings || postings.ids.length === 0) continue;
      const { ids, tfs } = postings;
      const factor = (weights ? weights[q]! : 1) * this.idf(terms[q]!) * k1p1;
      for (let i = 0; i < ids.length; i++) {
        const doc = ids[i]!;
        const tf = tfs[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (factor * tf) / (tf + norms[doc]!);
      }
    }
  }

  /** k1 × (1 − b + b × length / average length) of one document. */
  norm(doc: number): number {
    return this.norms[doc]!;
  }

  get k1Plus1(): number {
    return this.k1 + 1;
  }
}
