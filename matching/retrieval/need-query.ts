import { analyzeDocument, analyzeQuery } from "../text/index.js";
import type { NeedProfile } from "../engine/types.js";
import type { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import { isBigramKey, termKey } from "../scoring/term-key.js";
import type { MatchingWeights } from "../scoring/weights.data.js";

export interface QueryTerm {
  /** Term id in the corpus. */
  id: number;
  /** Query-side weight (field × token kind), before idf. */
  weight: number;
  /** True for a term added by co-occurrence expansion rather than typed in the need. */
  expanded: boolean;
  /**
   * Set on a term that stands for typed words in another language or wording (machine learning
   * for 机器学习, from the synonym groups): the typed words' ids it may replace (empty when the
   * collection never uses them) and which alternative it belongs to (all of an alternative's
   * terms together replace the typed words).
   */
  synonym?: { of: readonly number[]; alternative: number };
}

/**
 * The need as weighted corpus terms: its title, keywords and description analysed with the
 * shared pipeline (Traditional → Simplified, segmentation, stems, bigrams), each term weighted
 * by field and kind, unknown terms dropped, and only the `maxQueryTerms` most informative
 * (weight × idf) kept — so a long description stays as fast as a title.
 */
export function buildNeedQuery(need: NeedProfile, corpus: EvidenceCorpus, weights: MatchingWeights): QueryTerm[] {
  const byId = new Map<number, number>();
  const fields: [string, number][] = [
    [need.title, weights.titleWeight],
    [(need.keywords ?? []).join("；"), weights.keywordWeight],
    [need.description ?? "", weights.descriptionWeight],
  ];
  for (const [text, fieldWeight] of fields) {
    if (!text) continue;
    for (const token of analyzeDocument(text).tokens) {
      const id = corpus.termId(termKey(token));
      if (id === undefined) continue;
      const weight = fieldWeight * (token.kind === "bigram" ? weights.bigramWeight : weights.wordWeight);
      const previous = byId.get(id) ?? 0;
      // Repetition adds a little: the max weight, plus a tenth per further occurrence.
      byId.set(id, previous === 0 ? weight : Math.max(previous, weight) + 0.1 * Math.min(previous, weight));
    }
  }
  let terms = [...byId].map(([id, weight]) => ({ id, weight, expanded: false }));
  // Terms nearly every document has (研究, study) cost the most postings and tell nothing apart.
  const maxDf = Math.max(weights.minStopTermDocs, weights.maxTermDocShare * corpus.documentCount);
  const informative = terms.filter((t) => (corpus.docPostingsOf(t.id)?.ids.length ?? 0) <= maxDf);
  if (informative.length > 0) terms = informative;
  terms.sort((a, b) => b.weight * corpus.docIdf(b.id) - a.weight * corpus.docIdf(a.id) || a.id - b.id);
  const selected = terms.slice(0, weights.maxQueryTerms);
  selected.push(...synonymTerms(fields, selected, corpus, weights));
  if (weights.expansionPerTerm > 0) selected.push(...expandQuery(selected, corpus, weights));
  return selected;
}

const hasHan = (term: string) => /\p{Script=Han}/u.test(term);

/**
 * The need's words in the collection's other languages and wordings: the synonym groups of the
 * text analyser (机器学习 ↔ machine learning, 電動車 ↔ 电动汽车 ↔ electric vehicle), as the
 * search box uses them. Without them a Chinese need never meets an overseas expert who writes in
 * English, nor an English need a Taiwan expert; Chinese wordings (影像辨识 ↔ 图像识别) count too. An alternative counts only when the collection uses all its words; its terms weigh
 * `synonymWeight` of a typed word.
 */
function synonymTerms(
  fields: readonly [string, number][],
  typed: readonly QueryTerm[],
  corpus: EvidenceCorpus,
  weights: MatchingWeights,
): QueryTerm[] {
  const typedIds = new Set(typed.map((t) => t.id));
  const added = new Map<number, QueryTerm>();
  let alternatives = 0;
  for (const [text, fieldWeight] of fields) {
    if (!text) continue;
    // A trailing line break: the last word is whole, not a prefix still being typed.
    for (const group of analyzeQuery(`${text}\n`).groups) {
      const [own = [], ...others] = group.alternatives;
      const of = own.map((term) => corpus.termId(term)).filter((id) => id !== undefined && typedIds.has(id));
      for (const alternative of others) {
        // English for English (NLP ↔ natural language processing) only adds noise: abbreviations
        // are ambiguous, and an expansion's words (language, processing) are common on their own.
        if (group.latin && !alternative.some(hasHan)) continue;
        const ids = alternative.map((term) => corpus.termId(term));
        if (!ids.every((id) => id !== undefined) || ids.every((id) => typedIds.has(id))) continue;
        const synonym = { of: of as number[], alternative: alternatives++ };
        const weight = fieldWeight * weights.wordWeight * weights.synonymWeight;
        for (const id of ids) {
          if (typedIds.has(id) || (added.get(id)?.weight ?? 0) >= weight) continue;
          added.set(id, { id, weight, expanded: false, synonym });
        }
      }
    }
  }
  return [...added.values()];
}

/** Documents a word may occur in for its co-occurrence profile to be computed per query. */
const maxExpansionDf = 2000;

/**
 * Semantic neighbours learned from the instance's own texts: for each typed word, the words
 * that co-occur with it in evidence documents far more often than chance (positive PMI,
 * counted on the fly from its postings), added with a reduced weight.
 */
export function expandQuery(
  terms: readonly QueryTerm[],
  corpus: EvidenceCorpus,
  weights: MatchingWeights,
): QueryTerm[] {
  const typed = new Set(terms.map((t) => t.id));
  const added = new Map<number, number>();
  for (const term of terms) {
    if (isBigramKey(corpus.termName(term.id))) continue;
    // Co-occurrence within one expert's work (all their evidence), not only within one document:
    // the same person's projects link related vocabulary (道学 ↔ 朱子学).
    const postings = corpus.profilePostingsOf(term.id);
    if (!postings || postings.ids.length < 3 || postings.ids.length > maxExpansionDf) continue;
    const together = new Map<number, number>();
    for (const expert of postings.ids) {
      const seen = new Set<number>();
      for (const doc of corpus.experts[expert]!.docs) {
        for (const other of corpus.docs[doc]!.terms) {
          if (other === term.id || seen.has(other) || typed.has(other) || isBigramKey(corpus.termName(other))) continue;
          seen.add(other);
          together.set(other, (together.get(other) ?? 0) + 1);
        }
      }
    }
    const dfTerm = postings.ids.length;
    const n = corpus.expertCount;
    const scored: [number, number][] = [];
    for (const [other, count] of together) {
      if (count < 3) continue;
      const dfOther = corpus.profilePostingsOf(other)!.ids.length;
      const pmi = Math.log((count * n) / (dfTerm * dfOther));
      // Association strength: PMI weighted by how much of the word's context the neighbour covers.
      if (pmi > 1) scored.push([other, pmi * (count / dfTerm)]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [other] of scored.slice(0, weights.expansionPerTerm)) {
      const weight = term.weight * weights.expansionWeight;
      added.set(other, Math.max(added.get(other) ?? 0, weight));
    }
  }
  return [...added].map(([id, weight]) => ({ id, weight, expanded: true }));
}
