/**
 * matching/text — one analysis pipeline for documents and queries, shared by the SQLite FTS5
 * engine and the Meilisearch adapter. See text-analyzer.ts for the pipeline and its design.
 *
 * The functions below use one lazily created analyser per process (jieba's dictionary and the
 * OpenCC converter are expensive to load); there is no other global state.
 */
import { sharedTextAnalyzer } from "./text-analyzer.js";
import type { AnalyzedQuery, AnalyzedText, DocumentFields } from "./types.js";

export type { AnalyzedQuery, AnalyzedText, DocumentFields, QueryGroup, Token, TokenKind } from "./types.js";
export { TextAnalyzer, type TextAnalyzerOptions } from "./text-analyzer.js";
export { analysisThroughput, type AnalysisThroughput } from "./throughput.js";

/** Tokens of a document, with offsets into the original text, in text order. */
export function analyzeDocument(text: string): AnalyzedText {
  return sharedTextAnalyzer().analyzeDocument(text);
}

/**
 * The document's terms joined by single spaces, ready for an FTS column: words, inner words,
 * latin stems and bigrams, in text order. Bigram terms carry no prefix (see text-analyzer.ts);
 * use documentFields() to store them in their own column.
 */
export function documentTerms(text: string): string {
  return sharedTextAnalyzer().documentTerms(text);
}

/** documentTerms() split in two columns: words (words + latin) and bigrams. */
export function documentFields(text: string): DocumentFields {
  return sharedTextAnalyzer().documentFields(text);
}

/** documentFields() before joining: the words and the bigrams as lists. */
export function documentTermLists(text: string): { words: string[]; bigrams: string[] } {
  return sharedTextAnalyzer().documentTermLists(text);
}

/** A query as groups of OR-alternatives (groups are meant to be ANDed). */
export function analyzeQuery(text: string): AnalyzedQuery {
  return sharedTextAnalyzer().analyzeQuery(text);
}

/** Steps 1–2 only: NFKC, lowercase, collapsed whitespace, Simplified with Taiwan phrases converted. */
export function normalizeText(text: string): string {
  return sharedTextAnalyzer().normalizeText(text);
}
