/** Postings of one term: parallel arrays of document (or expert) index and term frequency. */
export interface Postings {
  ids: Int32Array;
  tfs: Uint16Array;
}

/** A document as a bag of term ids with their frequencies. */
export interface PostingsSource {
  terms: Int32Array;
  tfs: ArrayLike<number>;
}

/** The largest count a posting or a bag holds (16 bits): no text repeats a term more. */
const maxCount = 65_535;

/** Whole term counts as postings and bags keep them: 16 bits, capped at `maxCount`. */
export function wholeCounts(counts: Iterable<number>): Uint16Array {
  return Uint16Array.from(counts, (count) => Math.min(count, maxCount));
}

/**
 * An inverted index in three flat typed arrays (CSR: offsets by term, then document ids and
 * frequencies), built in two passes over the documents. A million postings cost 6 MB, where
 * one array (or builder) per term would cost an object per term and twice the memory while
 * building — what decides whether a 100,000-record collection trains within its memory budget.
 * Frequencies are whole counts, kept in 16 bits (capped at `maxCount`).
 */
export class PostingsTable {
  private constructor(
    private readonly offsets: Int32Array,
    private readonly ids: Int32Array,
    private readonly tfs: Uint16Array,
  ) {}

  static build(termCount: number, docs: ArrayLike<PostingsSource>): PostingsTable {
    const offsets = new Int32Array(termCount + 1);
    for (let d = 0; d < docs.length; d++) for (const term of docs[d]!.terms) offsets[term + 1]! += 1;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const ids = new Int32Array(offsets[termCount]!);
    const tfs = new Uint16Array(ids.length);
    const fill = offsets.slice(0, termCount);
    for (let d = 0; d < docs.length; d++) {
      const { terms, tfs: counts } = docs[d]!;
      for (let i = 0; i < terms.length; i++) {
        const at = fill[terms[i]!]!++;
        ids[at] = d;
        tfs[at] = Math.min(counts[i]!, maxCount);
      }
    }
    return new PostingsTable(offsets, ids, tfs);
  }

  get termCount(): number {
    return this.offsets.length - 1;
  }

  /** Documents holding the term (0 for a term the table does not know). */
  documentFrequency(term: number): number {
    if (term < 0 || term + 1 >= this.offsets.length) return 0;
    return this.offsets[term + 1]! - this.offsets[term]!;
  }

  /** The term's postings as views into the table; undefined for a term it does not know. */
  of(term: number): Postings | undefined {
    if (term < 0 || term + 1 >= this.offsets.length) return undefined;
    const start = this.offsets[term]!;
    const end = this.offsets[term + 1]!;
    return { ids: this.ids.subarray(start, end), tfs: this.tfs.subarray(start, end) };
  }
}
