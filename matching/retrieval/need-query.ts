import { analyzeDocument, analyzeQuery, type Token } from "../text/index.js";
import { hasHan } from "../text/char-classes.js";
import { needTranslations, type TranslationContext } from "./need-translations.js";
import type { NeedProfile } from "../engine/types.js";
import type { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import { isGenericTerm } from "../scoring/generic-terms.js";
import { isBigramKey, termKey } from "../scoring/term-key.js";
import { SYNONYM_GROUPS } from "../text/synonyms.data.js";
import type { MatchingWeights } from "../scoring/weights.data.js";

/** One field of the need (title, keywords, description), its weight and its analysed tokens. */
interface NeedField {
  text: string;
  weight: number;
  tokens: Token[];
}

export interface QueryTerm {
  /** Term id in the corpus. */
  id: number;
  /** Query-side weight (field × token kind), before idf. */
  weight: number;
  /** True for a term added by co-occurrence expansion rather than typed in the need. */
  expanded: boolean;
  /** Set on a term of one of the need's words in another language or wording (see SynonymGroup). */
  synonym?: SynonymGroup;
}

/**
 * One typed word of the need in the collection's other languages or wordings (机器学习 as
 * machine learning): every term of one group shares this object.
 */
export interface SynonymGroup {
  /** The typed word's ids with its inner words (机器学习, 机器, 学习); empty when the collection never uses them. */
  of: readonly number[];
  /** The wordings the collection uses, as term ids: a record holding one in full holds the word. */
  alternatives: readonly (readonly number[])[];
}

/**
 * The need as weighted corpus terms: its title, keywords and description analysed with the
 * shared pipeline (Traditional → Simplified, segmentation, stems, bigrams), each term weighted
 * by field and kind, unknown terms dropped, and only the `maxQueryTerms` most informative
 * (weight × idf) kept — so a long description stays as fast as a title.
 */
export function buildNeedQuery(need: NeedProfile, corpus: EvidenceCorpus, weights: MatchingWeights): QueryTerm[] {
  const byId = new Map<number, number>();
  const fields: NeedField[] = [
    { text: need.title, weight: weights.titleWeight },
    { text: (need.keywords ?? []).join("；"), weight: weights.keywordWeight },
    { text: need.description ?? "", weight: weights.descriptionWeight },
  ]
    .filter((field) => field.text)
    .map((field) => ({ ...field, tokens: analyzeDocument(field.text).tokens }));
  for (const { tokens, weight: fieldWeight } of fields) {
    for (const token of tokens) {
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
  selected.push(...synonymTerms(fields, selected, corpus, weights, maxDf));
  if (weights.expansionPerTerm > 0) selected.push(...expandQuery(selected, corpus, weights));
  return selected;
}

let abbreviations: ReadonlySet<string> | null = null;

/**
 * The synonym table's abbreviations as the analyser writes them (AI → ai, GaN → gan): written
 * with two or more capitals there. In running text they are mostly something else (GaN in
 * 生成对抗网络's group is also gallium nitride; EV is also electronvolt), so they are not
 * offered as another language's wording of a typed word.
 */
function isAbbreviation(alternative: readonly string[]): boolean {
  abbreviations ??= new Set(
    SYNONYM_GROUPS.flat()
      .filter((entry) => !/\s/.test(entry) && (entry.match(/\p{Lu}/gu)?.length ?? 0) >= 2)
      .map((entry) =>
        analyzeQuery(`${entry}\n`)
          .groups.flatMap((group) => group.alternatives[0] ?? [])
          .join(" "),
      ),
  );
  return abbreviations.has(alternative.join(" "));
}

/**
 * The need's words in the collection's other languages and wordings: the synonym groups of the
 * text analyser (机器学习 ↔ machine learning, 電動車 ↔ 电动汽车 ↔ electric vehicle), as the
 * search box uses them, and in a collection that holds both Chinese and English records the
 * dictionary's translations (need-translations.ts). Without them a Chinese need never meets
 * an overseas expert who writes in English, nor an English need a Taiwan expert; Chinese
 * wordings (影像辨识 ↔ 图像识别) count too. A wording counts only when the collection uses all
 * its words and none is a corpus stop word or a generic word; its terms weigh `synonymWeight`
 * of a typed word (`dictionaryWeight` for a dictionary translation, which may be another sense).
 */
function synonymTerms(
  fields: readonly NeedField[],
  typed: readonly QueryTerm[],
  corpus: EvidenceCorpus,
  weights: MatchingWeights,
  maxDf: number,
): QueryTerm[] {
  const typedIds = new Set(typed.map((t) => t.id));
  const usable = (id: number | undefined): id is number =>
    id !== undefined && !isGenericTerm(corpus.termName(id)) && (corpus.docPostingsOf(id)?.ids.length ?? 0) <= maxDf;
  const added = new Map<number, QueryTerm>();
  const offer = (of: Iterable<number>, alternatives: number[][], weight: number) => {
    if (alternatives.length === 0) return;
    const synonym: SynonymGroup = { of: [...of], alternatives };
    for (const id of alternatives.flat()) {
      if (typedIds.has(id) || (added.get(id)?.weight ?? 0) >= weight) continue;
      added.set(id, { id, weight, expanded: false, synonym });
    }
  };
  for (const { text, tokens, weight: fieldWeight } of fields) {
    // The table's groups for this text, so the dictionary does not add to them.
    const tableHan: string[] = [];
    const tableLatin: string[] = [];
    // A trailing line break: the last word is whole, not a prefix still being typed.
    for (const group of analyzeQuery(`${text}\n`).groups) {
      const of = new Set<number>();
      const alternatives: number[][] = [];
      for (const [index, alternative] of group.alternatives.entries()) {
        const ids = alternative.map((term) => corpus.termId(term));
        // The typed word and its inner words (机器, 学习): what a held wording stands for.
        if (index === 0 || ids.every((id) => id !== undefined && typedIds.has(id))) {
          for (const id of ids) if (id !== undefined && typedIds.has(id)) of.add(id);
          continue;
        }
        // English for English (NLP ↔ natural language processing) only adds noise: abbreviations
        // are ambiguous, and an expansion's words (language, processing) are common on their own.
        if (group.latin && !alternative.some(hasHan)) continue;
        if (isAbbreviation(alternative) || !ids.every(usable)) continue;
        alternatives.push(ids);
      }
      if (alternatives.length > 0) {
        if (group.latin) tableLatin.push(` ${(group.alternatives[0] ?? []).join(" ")} `);
        else tableHan.push(group.text);
      }
      offer(of, alternatives, fieldWeight * weights.wordWeight * weights.synonymWeight);
    }
    const context: TranslationContext = {
      corpus,
      typed: typedIds,
      usable,
      tableCovers: (words) =>
        hasHan(words) ? tableHan.some((t) => t.includes(words)) : tableLatin.some((t) => t.includes(` ${words} `)),
    };
    for (const translation of needTranslations(text, tokens, context)) {
      offer(translation.of, translation.alternatives, fieldWeight * weights.wordWeight * weights.dictionaryWeight);
    }
  }
  return [...added.values()];
}

/**
 * The need's synonym groups one of the expert's records holds in full (all the words of one
 * wording in a single record: machine in one paper and learning in another is not machine learning).
 */
export function heldSynonymGroups(query: readonly QueryTerm[], corpus: EvidenceCorpus, expert: number): SynonymGroup[] {
  const groups = new Set<SynonymGroup>();
  for (const t of query) if (t.synonym) groups.add(t.synonym);
  if (groups.size === 0) return [];
  const records = corpus.experts[expert]!.docs.map((doc) => new Set(corpus.docs[doc]!.terms));
  return [...groups].filter((group) =>
    group.alternatives.some((ids) => records.some((terms) => ids.every((id) => terms.has(id)))),
  );
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
