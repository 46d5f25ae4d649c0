import type { AnalyzedQuery, QueryGroup } from "../text/index.js";
import type { IndexSchema } from "./search-index.js";

/** Chinese words of one query group may have inner words stored between them; allow that much distance. */
const nearDistance = 6;

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

function groupExpression(
  group: QueryGroup,
  wordColumns: string,
  bigramColumns: string,
  typos: Map<string, string[]>,
): string {
  const alternatives = new Set<string>();
  for (const terms of group.alternatives) {
    if (terms.length === 0) continue;
    alternatives.add(alternativeExpression(terms, group));
    const [only] = terms;
    if (terms.length === 1 && only !== undefined)
      for (const near of typos.get(only) ?? []) alternatives.add(quoted(near));
  }
  const options = [...alternatives].map((expression) => `${wordColumns} : ${expression}`);
  if (group.bigrams.length > 0) {
    const phrase = group.bigrams.map(quoted).join(" + ") + (group.prefix ? " *" : "");
    options.push(`${bigramColumns} : ${phrase}`);
  }
  return options.length === 1 ? options[0]! : `(${options.join(" OR ")})`;
}

/**
 * The FTS5 MATCH expression of an analysed query: each group is an OR of its alternatives
 * (synonyms, typo corrections) over the word columns, or its bigram phrase over the bigram
 * columns; groups are ANDed ("all") or ORed ("any").
 */
export function buildFtsMatch(
  query: AnalyzedQuery,
  schema: IndexSchema,
  mode: "all" | "any",
  typos: Map<string, string[]> = new Map(),
  fields: readonly string[] = schema.searchable.map((s) => s.field),
): string {
  const wordColumns = `{${fields.join(" ")}}`;
  const bigramColumns = `{${fields.map((field) => `${field}__bi`).join(" ")}}`;
  const groups = query.groups
    .filter((group) => group.alternatives.some((terms) => terms.length > 0) || group.bigrams.length > 0)
    .map((group) => groupExpression(group, wordColumns, bigramColumns, typos));
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
