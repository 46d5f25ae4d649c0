import { analyzeDocument, normalizeText, type AnalyzedQuery } from "../text/index.js";
import type { Highlight } from "./search-index.js";

/** The terms a query can match (every alternative of every group), and the prefixes of a query being typed. */
export interface QueryTerms {
  exact: Set<string>;
  prefixes: string[];
  /**
   * What a text must contain to have a matching term, checked on its normalised form before any
   * analysis: a Chinese term (or prefix) is a substring of it; a latin term is stemmed, so a text
   * with any letter or digit outside Chinese may match one.
   */
  screen?: { chinese: string[]; latin: boolean };
}

const onlyHan = /^\p{Script=Han}+$/u;
const nonHanWordCharacter = /(?!\p{Script=Han})[\p{L}\p{N}]/u;

export function queryTermsOf(query: AnalyzedQuery, extraTerms: Iterable<string> = []): QueryTerms {
  const exact = new Set<string>(extraTerms);
  const prefixes: string[] = [];
  for (const group of query.groups) {
    for (const alternative of group.alternatives) {
      alternative.forEach((term, i) => {
        if (group.prefix && i === alternative.length - 1) prefixes.push(term);
        else exact.add(term);
      });
    }
    for (const bigram of group.bigrams) exact.add(bigram);
  }
  const all = [...exact, ...prefixes];
  const chinese = all.filter((term) => onlyHan.test(term));
  return { exact, prefixes, screen: { chinese, latin: chinese.length < all.length } };
}

/**
 * Marks the parts of `original` whose analysed terms match the query. Engine-independent:
 * it re-analyses the original text, so the marks sit on the surface the user wrote
 * (軟體 is marked for the query 软件) whatever engine found the document.
 */
export function highlightText(original: string, terms: QueryTerms): Highlight {
  if (!original) return [];
  if (terms.screen) {
    const normalized = normalizeText(original);
    const { chinese, latin } = terms.screen;
    if (!chinese.some((term) => normalized.includes(term)) && !(latin && nonHanWordCharacter.test(normalized)))
      return [{ text: original, match: false }];
  }
  const matches = (term: string) => terms.exact.has(term) || terms.prefixes.some((p) => term.startsWith(p));
  const ranges = analyzeDocument(original)
    .tokens.filter((token) => matches(token.term))
    .map((token) => [token.start, token.end] as const)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const runs: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) runs.push({ text: original.slice(at, start), match: false });
    runs.push({ text: original.slice(start, end), match: true });
    at = end;
  }
  if (at < original.length) runs.push({ text: original.slice(at), match: false });
  return runs;
}

/**
 * Cuts a highlight down to about `maxChars` characters around its first match, marking
 * the cuts with an ellipsis, so long abstracts show the part that matched.
 */
export function cropHighlight(highlight: Highlight, maxChars: number): Highlight {
  const total = highlight.reduce((n, run) => n + run.text.length, 0);
  if (total <= maxChars) return highlight;
  let firstMatch = 0;
  for (const run of highlight) {
    if (run.match) break;
    firstMatch += run.text.length;
  }
  const start = Math.max(0, Math.min(firstMatch - Math.floor(maxChars / 4), total - maxChars));
  const end = start + maxChars;
  const out: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const run of highlight) {
    const runStart = at;
    const runEnd = at + run.text.length;
    at = runEnd;
    if (runEnd <= start || runStart >= end) continue;
    out.push({
      text: run.text.slice(Math.max(0, start - runStart), Math.min(run.text.length, end - runStart)),
      match: run.match,
    });
  }
  if (start > 0) out.unshift({ text: "…", match: false });
  if (end < total) out.push({ text: "…", match: false });
  return out;
}
