import { wholeCounts } from "../scoring/postings-table.js";
/** Interns term strings to dense integer ids (one dictionary per model). */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The term's id, adding it when new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(term, id);
      this.names.push(term);
    }
    return id;
  }

  /** The term's id, or undefined when the collection never used it. */
  lookup(term: string): number | undefined {
    return this.ids.get(term);
  }

  name(id: number): string {
    return this.names[id]!;
  }

  /** Term counts of a token list, interning new terms. */
  countNew(tokens: readonly string[]): TermBag {
    const counts = new Map<number, number>();
    for (const token of tokens) {
      const id = this.intern(token);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return bagOf(counts, tokens.length);
  }

  /** Term counts of a token list, ignoring terms the dictionary does not hold. */
  countKnown(tokens: readonly string[]): TermBag {
    const counts = new Map<number, number>();
    let length = 0;
    for (const token of tokens) {
      const id = this.ids.get(token);
      if (id === undefined) continue;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      length += 1;
    }
    return bagOf(counts, length);
  }
}

/**
 * A bag of words: distinct term ids with their counts (`wholeCounts`: a collection holds millions
 * of bags), and the token count.
 */
export interface TermBag {
  terms: Int32Array;
  counts: Uint16Array;
  length: number;
}

function bagOf(counts: Map<number, number>, length: number): TermBag {
  return {
    terms: Int32Array.from(counts.keys()),
    counts: wholeCounts(counts.values()),
    length,
  };
}

/** The sum of several bags (a profile made of its records). */
export function mergeBags(bags: readonly TermBag[]): TermBag {
  const counts = new Map<number, number>();
  let length = 0;
  for (const bag of bags) {
    for (let i = 0; i < bag.terms.length; i++)
      counts.set(bag.terms[i]!, (counts.get(bag.terms[i]!) ?? 0) + bag.counts[i]!);
    length += bag.length;
  }
  return bagOf(counts, length);
}
