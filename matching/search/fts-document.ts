import { documentTermLists } from "../text/index.js";
import { bigramMarker } from "./fts-query.js";

/** A document analysed for the FTS table: a word and a bigram column per searchable field. */
export interface FtsColumns {
  /** For each searchable field in schema order: its words, then its bigrams (marked: see bigramMarker). */
  columns: string[];
  /** How many terms the columns hold together (bm25's document length). */
  terms: number;
}

/** The FTS columns of a document's searchable texts (in schema order). */
export function ftsColumns(texts: readonly string[]): FtsColumns {
  const columns: string[] = [];
  let terms = 0;
  for (const text of texts) {
    const { words, bigrams } = documentTermLists(text);
    columns.push(words.join(" "), bigrams.length === 0 ? "" : bigramMarker + bigrams.join(` ${bigramMarker}`));
    terms += words.length + bigrams.length;
  }
  return { columns, terms };
}
