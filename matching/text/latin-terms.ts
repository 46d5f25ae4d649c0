/**
 * Step 4 of the pipeline: terms for words of non-Han scripts (mostly English).
 *
 * The input is already NFKC-folded and lowercased. A word becomes a term by:
 * 1. dropping a possessive 's and any other apostrophe (parkinson's → parkinson, o'neill → oneill);
 * 2. removing diacritics from Latin letters (schrödinger → schrodinger, café → cafe), so users
 *    need not type them (kana voicing marks and other scripts' marks are kept: が stays が);
 * 3. dropping English stop words;
 * 4. Porter stemming (the `stemmer` package) of pure a–z words: batteries, battery → batteri;
 *    networks → network. Words with digits (5g, h2o, covid19, 2023) are kept as they are.
 *
 * Every term consists of letters and digits only (/^[\p{L}\p{N}]+$/u), so a term can never be
 * read as query syntax and survives any whitespace or unicode61 tokenizer unchanged.
 */
import { stemmer } from "stemmer";
import { ENGLISH_STOP_WORDS } from "./stop-words.js";

const APOSTROPHES = /['\u2019]/g;
const POSSESSIVE = /['\u2019]s$/;
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const ASCII_LETTERS = /^[a-z]+$/;
const NON_ASCII = /[^\p{ASCII}]/u;

/** The unstemmed form of a word: apostrophes and diacritics removed. */
export function foldWord(word: string): string {
  let w = word;
  if (w.includes("'") || w.includes("\u2019")) w = w.replace(POSSESSIVE, "").replace(APOSTROPHES, "");
  if (NON_ASCII.test(w)) w = w.normalize("NFD").replace(LATIN_MARKS, "$1").normalize("NFC");
  return w;
}

/** The stored term for a folded word, or null for a stop word. */
export function latinTerm(folded: string): string | null {
  if (folded === "" || ENGLISH_STOP_WORDS.has(folded)) return null;
  return ASCII_LETTERS.test(folded) ? stemmer(folded) : folded;
}
