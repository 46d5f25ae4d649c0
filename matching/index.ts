/** Public API of the matching engine: the server imports matching only through this file. */
export {
  analyzeDocument,
  analyzeQuery,
  documentFields,
  documentTerms,
  normalizeText,
  analysisThroughput,
  TextAnalyzer,
} from "./text/index.js";
export type {
  AnalyzedQuery,
  AnalyzedText,
  AnalysisThroughput,
  DocumentFields,
  QueryGroup,
  Token,
  TokenKind,
} from "./text/index.js";
export * from "./search/search-index.js";
export { SqliteFtsIndex } from "./search/sqlite-fts-index.js";
export { cropHighlight, highlightText, queryTermsOf, type QueryTerms } from "./search/highlight.js";
export { MeilisearchIndex, type MeilisearchIndexOptions } from "./search/meilisearch-index.js";
