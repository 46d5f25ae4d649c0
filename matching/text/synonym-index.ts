/**
 * Step 5 of the pipeline: synonym groups stored analysed.
 *
 * Every entry of every group is analysed once (with the query analysis, without synonyms) into
 * a term sequence; the index maps the space-joined sequence to the sequences of every group the
 * entry belongs to. At query time the analyser looks up runs of query terms, longest first, so
 * "machine learning" (machin learn) and "新能源汽车" (新能源 汽车) are found as one group.
 */
export class SynonymIndex {
  private readonly byKey = new Map<string, string[][]>();
  /** Longest entry, in terms. */
  readonly maxLength: number;

  constructor(groups: readonly (readonly string[])[], analyze: (entry: string) => string[]) {
    let maxLength = 1;
    for (const group of groups) {
      const sequences: string[][] = [];
      const keys = new Set<string>();
      for (const entry of group) {
        const terms = analyze(entry);
        const key = terms.join(" ");
        if (terms.length === 0 || keys.has(key)) continue;
        keys.add(key);
        sequences.push(terms);
        maxLength = Math.max(maxLength, terms.length);
      }
      for (const seq of sequences) {
        const key = seq.join(" ");
        const existing = this.byKey.get(key) ?? [];
        const known = new Set(existing.map((s) => s.join(" ")));
        for (const alt of sequences) if (!known.has(alt.join(" "))) existing.push(alt);
        this.byKey.set(key, existing);
      }
    }
    this.maxLength = maxLength;
  }

  /** All alternatives of the groups containing this term sequence (including itself), or undefined. */
  lookup(terms: readonly string[]): readonly (readonly string[])[] | undefined {
    return this.byKey.get(terms.join(" "));
  }

  get size(): number {
    return this.byKey.size;
  }
}
