/**
 * Token kinds:
 * - "word": a Chinese word from the segmenter, or a dictionary word inside a longer word
 *   (电池 inside 锂电池);
 * - "bigram": two adjacent Han characters of a clause — a recall fallback that engines should
 *   weight below words (see text-analyzer.ts for why every clause gets them);
 * - "latin": a term from a word of any other script (English stems, digits, Greek…).
 */
export type TokenKind = "word" | "bigram" | "latin";

export interface Token {
  /** The stored term: Simplified, lowercased, stemmed; letters and digits only. */
  term: string;
  kind: TokenKind;
  /** UTF-16 offsets into the ORIGINAL text: original.slice(start, end) is the surface form. */
  start: number;
  end: number;
}

export interface AnalyzedText {
  /** In text order (by start; at equal start, longer words first, bigrams last). */
  tokens: Token[];
}

export interface QueryGroup {
  /** What the user typed for this group, normalised (NFKC, lowercase, Simplified). */
  text: string;
  /**
   * OR-alternatives; each is a term sequence to be matched close together and in order
   * (a phrase for latin terms, NEAR for Chinese words, whose inner words sit between them in
   * the stored stream). The first alternative is the group's own terms.
   */
  alternatives: string[][];
  /** The last group of a query still being typed: engines may prefix-match the last term of each alternative. */
  prefix: boolean;
  /** True when the group has no Han characters. */
  latin: boolean;
  /**
   * Character bigrams of the group's Han text, in order: a lower-weight fallback that matches
   * the stored bigrams as a phrase even where the document was segmented differently. Empty for
   * latin groups and single characters.
   */
  bigrams: string[];
}

export interface AnalyzedQuery {
  groups: QueryGroup[];
}

/** Stored terms split by token kind, for engines that keep bigrams in a separate, lower-weighted column. */
export interface DocumentFields {
  words: string;
  bigrams: string;
}
