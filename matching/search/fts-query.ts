import type { AnalyzedQuery, QueryGroup } from "../text/index.js";
import type { IndexSchema } from "./search-index.js";

/** Chinese words of one query group may have inner words stored between them; allow that much distance. */
const nearDistance = 6;

/**
 * Stored bigram terms start with this private-use character, so a bigram never equals a word
 * (电池 the word, \uE000电池 the bigram). Words and bigrams then sit in separate terms, and a MATCH
 * over every field needs no column filter: FTS5 reads no positions to check columns, while the
 * phrases, their weights and so their bm25 scores stay exactly those of per-column filters.
 */
export const bigramMarker = "\uE000";

/** A term as an FTS5 string: quoted, so nothing a user types can act as query syntax. */
function quoted(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function alternativeExpression(terms: readonly string[], group: QueryGroup): string {
  const parts = terms.map((term, i) => quoted(term) + (group.prefix && i === terms.length - 1 ? " *" : ""));
  if (parts.length === 1) return parts[0]!;
  // Latin words form a phrase; Chinese words sit near each other, with inner words between.
  return group.latin ? parts.join(" + ") : `NEAR(${parts.join(" ")}, ${nearDistance})`;
}

/**
 * Whether the bigram phrase finds every document the word `terms` finds: a Chinese word of two
 * characters or more lies inside one clause, whose bigrams are all stored in order.
 */
function impliedByBigrams(terms: readonly string[], group: QueryGroup): boolean {
  return terms.length === 1 && !group.prefix && group.bigrams.length > 0 && terms[0] === group.text;
}

function groupExpression(
  group: QueryGroup,
  wordColumns: string,
  bigramColumns: string | null,
  typos: Map<string, string[]>,
  unranked: boolean,
): string {
  const alternatives = new Set<string>();
  for (const terms of group.alternatives) {
    if (terms.length === 0) continue;
    if (unranked && bigramColumns !== null && impliedByBigrams(terms, group)) continue;
    alternatives.add(alternativeExpression(terms, group));
    const [only] = terms;
    if (terms.length === 1 && only !== undefined)
      for (const near of typos.get(only) ?? []) alternatives.add(quoted(near));
  }
  const options = [...alternatives].map((expression) => wordColumns + expression);
  if (bigramColumns !== null && group.bigrams.length > 0) {
    const phrase =
      group.bigrams.map((bigram) => quoted(bigramMarker + bigram)).join(" + ") + (group.prefix ? " *" : "");
    options.push(bigramColumns + phrase);
  }
  if (options.length === 0) return "";
  return options.length === 1 ? options[0]! : `(${options.join(" OR ")})`;
}

export interface FtsMatchOptions {
  /** Corrections of latin query terms (typo tolerance), as alternatives. */
  typos?: Map<string, string[]>;
  /** Search only these fields (every searchable field by default). */
  fields?: readonly string[];
  /** Words only, without the bigram fallback (the first ranking pass's "strong field" tier). */
  wordsOnly?: boolean;
  /**
   * For a pass that only needs which documents match (no bm25): leave out alternatives whose
   * matches the bigram phrase finds anyway (锂电池 the word when 锂电 + 电池 is there): the same
   * documents from fewer doclists. A ranking needs every phrase: they all weigh in bm25.
   */
  unranked?: boolean;
}

/**
 * The FTS5 MATCH expression of an analysed query: each group is an OR of its alternatives
 * (synonyms, typo corrections) as words, or its bigram phrase; groups are ANDed ("all") or ORed
 * ("any"). Column filters appear only when some fields are left out.
 */
export function buildFtsMatch(
  query: AnalyzedQuery,
  schema: IndexSchema,
  mode: "all" | "any",
  options: FtsMatchOptions = {},
): string {
  const fields = options.fields ?? schema.searchable.map((s) => s.field);
  const everyField = schema.searchable.every((s) => fields.includes(s.field));
  const wordColumns = everyField ? "" : `{${fields.join(" ")}} : `;
  const bigramColumns = options.wordsOnly
    ? null
    : everyField
      ? ""
      : `{${fields.map((field) => `${field}__bi`).join(" ")}} : `;
  const groups = query.groups
    .filter((group) => group.alternatives.some((terms) => terms.length > 0) || group.bigrams.length > 0)
    .map((group) =>
      groupExpression(group, wordColumns, bigramColumns, options.typos ?? new Map(), options.unranked ?? false),
    )
    .filter((expression) => expression !== "");
  return groups.join(mode === "all" ? " AND " : " OR ");
}

/** Optimal-string-alignment distance, stopping early once it exceeds `limit`. */
function withinDistance(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return false;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]! <= limit;
}

/** Indexed latin terms one edit (insert, delete, substitute, swap) away from `term`. */
export function typoCandidates(term: string, candidates: readonly string[]): string[] {
  return candidates.filter(
    (candidate) => candidate !== term && /^[a-z0-9]+$/.test(candidate) && withinDistance(term, candidate, 1),
  );
}
