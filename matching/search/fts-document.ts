import { documentFields } from "../text/index.js";
import { markBigrams } from "./fts-query.js";

/** A document analysed for the FTS table: a word and a bigram column per searchable field. */
export interface FtsColumns {
  /** For each searchable field in schema order: its words, then its (marked) bigrams. */
  columns: string[];
  /** How many terms the columns hold together (bm25's document length). */
  terms: number;
}

function countTerms(column: string): number {
  if (column === "") return 0;
  let count = 1;
  for (let i = column.indexOf(" "); i >= 0; i = column.indexOf(" ", i + 1)) count += 1;
  return count;
}

/** The FTS columns of a document's searchable texts (in schema order). */
export function ftsColumns(texts: readonly string[]): FtsColumns {
  const columns: string[] = [];
  let terms = 0;
  for (const text of texts) {
    const fields = documentFields(text);
    const bigrams = markBigrams(fields.bigrams);
    columns.push(fields.words, bigrams);
    terms += countTerms(fields.words) + countTerms(bigrams);
  }
  return { columns, terms };
}
