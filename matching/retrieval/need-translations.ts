/**
 * Which words of a need are translated with the bilingual dictionary, and into which of its
 * words: the dictionary part of the engine channel's query (need-query.ts turns the result into
 * query terms, weighted `dictionaryWeight`).
 *
 * Consulted only in a collection that holds records in both languages. A translation must be
 * a word the collection uses, not generic, not a corpus stop word; and since a dictionary lists
 * senses without frequencies, a Chinese word is offered only when the collection uses its first
 * sense (材料 is material, and only then also data), and an English wording becomes two of the
 * Chinese words it is the first or second sense of, first senses first, then those the
 * collection uses most (predict: 预言 and 预测, never 预卜, whose third sense it is).
 */
import { analyzeQuery, type Token } from "../text/index.js";
import { sharedBilingualDictionary, type BilingualDictionary } from "../text/bilingual-dictionary.js";
import { hasHan } from "../text/char-classes.js";
import type { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import { isGenericTerm } from "../scoring/generic-terms.js";

/** Records in each language a collection must hold for the dictionary to be consulted. */
const minRecordsPerLanguage = 5;
/** Chinese words offered for one English wording. */
const maxChineseRenderings = 2;
/** Renderings of an English wording looked at to find them (the analysis of each costs a segmenter call). */
const maxRenderingsTried = 8;

/** One word or wording of the need and its translations, as corpus term ids. */
export interface NeedTranslation {
  /** The need's typed terms it stands for: the word and its inner words (empty for a word the collection never uses). */
  of: number[];
  /** Translations, as term ids, in order of preference. */
  alternatives: number[][];
}

/** What the translations must respect: the query's typed terms and what a usable term is. */
export interface TranslationContext {
  corpus: EvidenceCorpus;
  typed: ReadonlySet<number>;
  /** Used by the collection, not generic, not a corpus stop word. */
  usable: (id: number | undefined) => id is number;
  /** Text the synonym table already offered wordings for (its groups are curated; the dictionary does not add to them). */
  tableCovers: (text: string) => boolean;
}

/** Whether the collection's records are in both Chinese and English. */
export function consultsDictionary(corpus: EvidenceCorpus): boolean {
  const records = corpus.languageRecords();
  return records.chinese >= minRecordsPerLanguage && records.english >= minRecordsPerLanguage;
}

/** Loads the dictionary now when the collection will consult it, so no need waits for it. */
export function prepareTranslations(corpus: EvidenceCorpus): void {
  if (!consultsDictionary(corpus)) return;
  sharedBilingualDictionary().chineseOf([]);
}

/**
 * The dictionary translations of one field of the need, given its analysed tokens (none in a
 * collection in one language).
 */
export function needTranslations(
  text: string,
  tokens: readonly Token[],
  context: TranslationContext,
): NeedTranslation[] {
  if (!consultsDictionary(context.corpus)) return [];
  const dictionary = sharedBilingualDictionary();
  // A field is translated from the language it is written in: the English words inside Chinese
  // text (基于Python的…, gene and method names) already meet the Chinese records through the text.
  if (hasHan(text)) return chineseTranslations(text, tokens, dictionary, context);
  return englishTranslations(text, tokens, dictionary, context);
}

/**
 * Each Chinese word that overlaps no longer translated word (钠离子电池 has no entry, its 离子 and
 * 电池 do), then each character of one or two meanings no translated word covers (钠).
 */
function chineseTranslations(
  text: string,
  tokens: readonly Token[],
  dictionary: BilingualDictionary,
  context: TranslationContext,
): NeedTranslation[] {
  const { corpus, typed } = context;
  const words = tokens.filter((token) => token.kind === "word" && hasHan(token.term));
  const wordsAt = new Map<number, Token[]>();
  for (const word of words) wordsAt.set(word.start, [...(wordsAt.get(word.start) ?? []), word]);
  const covered = new Uint8Array(text.length);
  const free = (start: number, end: number) => covered.subarray(start, end).every((mark) => mark === 0);
  const out: NeedTranslation[] = [];
  const translate = (term: string, start: number, end: number, character: boolean) => {
    if (isGenericTerm(term) || context.tableCovers(term)) return;
    const own = corpus.termId(term);
    // A word the collection uses but the query left out (a corpus stop word, a generic word, one
    // past the 40 most informative) is not brought back through its translation; a character is
    // never a query word of its own.
    if (!character && own !== undefined && !typed.has(own)) return;
    const senses = dictionary.englishOf(term);
    if (senses.length === 0) return;
    const alternatives = senses.map((terms) => terms.map((key) => corpus.termId(key)));
    // The word's first sense must be one the collection uses: 材料 is material, and data only with it.
    if (!alternatives[0]!.every(context.usable)) return;
    covered.fill(1, start, end);
    const of: number[] = [];
    for (let at = start; at < end; at++) {
      for (const inner of wordsAt.get(at) ?? []) {
        const id = inner.end <= end ? corpus.termId(inner.term) : undefined;
        if (id !== undefined && typed.has(id)) of.push(id);
      }
    }
    out.push({ of, alternatives: alternatives.filter((ids): ids is number[] => ids.every(context.usable)) });
  };
  // Longest first; of two words of one length the later, since Chinese compounds end in their
  // head (大黄鱼 without an entry is a 黄鱼, yellow croaker, not a 大黄, rhubarb).
  const longestFirst = [...words].sort((a, b) => b.end - b.start - (a.end - a.start) || b.start - a.start);
  for (const word of longestFirst) if (free(word.start, word.end)) translate(word.term, word.start, word.end, false);
  for (const word of words) {
    // Not inside a word the query left out (its characters are no more wanted than the word).
    const id = corpus.termId(word.term);
    if (id !== undefined && !typed.has(id)) continue;
    const characters = Array.from(word.term);
    // Only where the stored word has the text's characters one for one (not 乙太網路 → 以太网).
    if (characters.length !== word.end - word.start) continue;
    characters.forEach((character, i) => {
      if (free(word.start + i, word.start + i + 1)) translate(character, word.start + i, word.start + i + 1, true);
    });
  }
  return out;
}

/** Each English wording of up to three words, the longest first (heat exchanger before heat). */
function englishTranslations(
  text: string,
  tokens: readonly Token[],
  dictionary: BilingualDictionary,
  context: TranslationContext,
): NeedTranslation[] {
  const { corpus, typed } = context;
  const out: NeedTranslation[] = [];
  for (const run of latinRuns(text, tokens)) {
    for (let i = 0; i < run.length;) {
      let length = Math.min(dictionary.maxEnglishTerms, run.length - i);
      for (; length > 0; length--) {
        const terms = run.slice(i, i + length);
        const renderings = dictionary.chineseOf(terms);
        if (renderings.length === 0) continue;
        const ids = terms.map((term) => corpus.termId(term));
        const leftOut = ids.some((id) => id !== undefined && !typed.has(id));
        if (leftOut || terms.every(isGenericTerm) || context.tableCovers(terms.join(" "))) break;
        const alternatives = chineseRenderings(renderings, context);
        if (alternatives.length > 0) out.push({ of: ids.filter((id) => id !== undefined), alternatives });
        break;
      }
      i += Math.max(1, length);
    }
  }
  return out;
}

/** The words an English wording is first the sense of, then those the collection uses most. */
function chineseRenderings(
  renderings: readonly { word: string; sense: number }[],
  context: TranslationContext,
): number[][] {
  const { corpus } = context;
  const uses = (word: string) => corpus.docPostingsOf(corpus.termId(word) ?? -1)?.ids.length ?? 0;
  const ranked = renderings
    .map((rendering) => ({ ...rendering, uses: uses(rendering.word) }))
    .sort((a, b) => a.sense - b.sense || b.uses - a.uses || a.word.localeCompare(b.word));
  const chosen: number[][] = [];
  for (const rendering of ranked.slice(0, maxRenderingsTried)) {
    if (isGenericTerm(rendering.word)) continue;
    const ids = analysedWord(rendering.word).map((term) => corpus.termId(term));
    if (ids.length > 0 && ids.every(context.usable)) chosen.push(ids);
    if (chosen.length === maxChineseRenderings) break;
  }
  return chosen;
}

/** Runs of English terms that nothing but spaces, hyphens or dropped stop words separates. */
function latinRuns(text: string, tokens: readonly Token[]): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  let previousEnd = -1;
  for (const token of tokens) {
    if (token.kind !== "latin") continue;
    if (run.length > 0 && /[^\p{L}\p{N}\s'’-]/u.test(text.slice(previousEnd, token.start))) {
      runs.push(run);
      run = [];
    }
    run.push(token.term);
    previousEnd = token.end;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

const analysedWords = new Map<string, string[]>();

/** A Chinese word as the query analysis writes it (换热器 may be 换热 器 where jieba does not know it). */
function analysedWord(word: string): string[] {
  let terms = analysedWords.get(word);
  if (!terms) {
    terms = analyzeQuery(`${word}\n`).groups.flatMap((group) => group.alternatives[0] ?? []);
    analysedWords.set(word, terms);
  }
  return terms;
}
