/**
 * Splits normalised text into runs: Han runs (handed to the Chinese segmenter) and word runs
 * (letters and digits of every other script, handed to the English/Latin term rules).
 * Everything else — spaces, punctuation, and every query syntax character (" * : - ^ ( ) + …)
 * — separates runs and never reaches a term.
 *
 * A few programming-language names whose symbols carry the meaning are kept whole and given
 * an alphanumeric term: c++ → cpp, c# → csharp, f# → fsharp, .net → dotnet. Apostrophes
 * inside a word join it (o'neill, parkinson's); hyphens and dots split (li-ion → li, ion).
 */
import { isHan, isMark, isWordChar, unitLength } from "./char-classes.js";

export interface TextRun {
  kind: "han" | "word";
  start: number;
  end: number;
  /** For word runs with a fixed term (c++ → cpp). */
  special?: string;
}

const SPECIAL_SUFFIXES: readonly { word: string; suffix: string; term: string }[] = [
  { word: "c", suffix: "++", term: "cpp" },
  { word: "c", suffix: "#", term: "csharp" },
  { word: "f", suffix: "#", term: "fsharp" },
];

function isApostrophe(cp: number): boolean {
  return cp === 0x27 || cp === 0x2019;
}

function wordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  let cp = text.codePointAt(i) as number;
  // Step back onto a high surrogate if i points at the low half.
  if (cp >= 0xdc00 && cp <= 0xdfff && i > 0) cp = text.codePointAt(i - 1) as number;
  return isWordChar(cp);
}

export function scanRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cp = text.codePointAt(i) as number;
    if (isHan(cp)) {
      const start = i;
      i += unitLength(cp);
      while (i < n) {
        const c = text.codePointAt(i) as number;
        if (!isHan(c)) break;
        i += unitLength(c);
      }
      runs.push({ kind: "han", start, end: i });
      continue;
    }
    if (cp === 0x2e && text.startsWith("net", i + 1) && !wordCharAt(text, i - 1) && !wordCharAt(text, i + 4)) {
      runs.push({ kind: "word", start: i, end: i + 4, special: "dotnet" });
      i += 4;
      continue;
    }
    if (!isWordChar(cp)) {
      i += unitLength(cp);
      continue;
    }
    const start = i;
    i += unitLength(cp);
    while (i < n) {
      const c = text.codePointAt(i) as number;
      if (isWordChar(c) || isMark(c)) {
        i += unitLength(c);
      } else if (isApostrophe(c) && i + 1 < n && isWordChar(text.codePointAt(i + 1) as number)) {
        i += 1;
      } else {
        break;
      }
    }
    const word = text.slice(start, i);
    const special = SPECIAL_SUFFIXES.find(
      (s) => s.word === word && text.startsWith(s.suffix, i) && !wordCharAt(text, i + s.suffix.length),
    );
    if (special) {
      i += special.suffix.length;
      runs.push({ kind: "word", start, end: i, special: special.term });
    } else {
      runs.push({ kind: "word", start, end: i });
    }
  }
  return runs;
}
