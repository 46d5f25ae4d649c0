import type { TermBag } from "./term-dictionary.js";

export interface Bm25Parameters {
  k1: number;
  b: number;
}

/**
 * An inverted BM25 index over documents given as term bags, in flat typed arrays (CSR:
 * one offsets array, one document array, one frequency array), so 100,000 documents with
 * abstracts cost tens of megabytes and a query touches only the postings of its terms.
 */
export class Bm25Index {
  readonly documentCount: number;
  private readonly offsets: Int32Array;
  private readonly postingDocs: Int32Array;
  private readonly postingTfs: Float32Array;
  /** k1 × (1 − b + b × length / average length), per document. */
  private readonly norms: Float32Array;
  private readonly k1: number;

  constructor(docs: readonly TermBag[], termCount: number, parameters: Bm25Parameters) {
    const { k1, b } = parameters;
    this.k1 = k1;
    this.documentCount = docs.length;
    const df = new Int32Array(termCount + 1);
    let lengthSum = 0;
    for (const doc of docs) {
      for (const term of doc.terms) df[term + 1]! += 1;
      lengthSum += doc.length;
    }
    for (let t = 0; t < termCount; t++) df[t + 1]! += df[t]!;
    this.offsets = df;
    const total = df[termCount]!;
    this.postingDocs = new Int32Array(total);
    this.postingTfs = new Float32Array(total);
    const fill = df.slice(0, termCount);
    docs.forEach((doc, d) => {
      for (let i = 0; i < doc.terms.length; i++) {
        const at = fill[doc.terms[i]!]!++;
        this.postingDocs[at] = d;
        this.postingTfs[at] = doc.counts[i]!;
      }
    });
    const average = docs.length > 0 ? Math.max(1e-9, lengthSum / docs.length) : 1;
    this.norms = Float32Array.from(docs, (doc) => k1 * (1 - b + (b * doc.length) / average));
  }

  documentFrequency(term: number): number {
    if (term < 0 || term + 1 >= this.offsets.length) return 0;
    return this.offsets[term + 1]! - this.offsets[term]!;
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
    const { offsets, postingDocs, postingTfs, norms } = this;
    const k1p1 = this.k1 + 1;
    for (let q = 0; q < terms.length; q++) {
      const term = terms[q]!;
      if (term + 1 >= offsets.length) continue;
      const start = offsets[term]!;
      const end = offsets[term + 1]!;
      if (start === end) continue;
      const factor = (weights ? weights[q]! : 1) * this.idf(term) * k1p1;
      for (let i = start; i < end; i++) {
        const doc = postingDocs[i]!;
        const tf = postingTfs[i]!;
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

  /** Postings of a term: [start, end) into docs()/tfs(). */
  postings(term: number): { docs: Int32Array; tfs: Float32Array } {
    const start = this.offsets[term] ?? 0;
    const end = this.offsets[term + 1] ?? start;
    return { docs: this.postingDocs.subarray(start, end), tfs: this.postingTfs.subarray(start, end) };
  }
}
