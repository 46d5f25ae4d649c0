/**
 * Character classes used by the pipeline, with fast paths for the ranges that make up nearly
 * all of our text (ASCII and the CJK Unified Ideographs) before falling back to Unicode
 * property regexes.
 */

const HAN = /\p{Script=Han}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const WHITESPACE = /\s/u;
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/** Whether a text holds any Han character (a Chinese word, a Chinese title, a field written in Chinese). */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** CJK ideographs (any Han-script code point, including 〇 and 々). */
export function isHan(cp: number): boolean {
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  if (cp < 0x2e80) return false;
  if (cp >= 0x3400 && cp <= 0x4dbf) return true;
  if (cp >= 0xac00 && cp <= 0xf8ff) return false; // Hangul syllables, surrogates, private use
  return HAN.test(String.fromCodePoint(cp));
}

/** Letters and digits of any script other than Han (Latin, Greek, Cyrillic, kana, Hangul…). */
export function isWordChar(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a);
  }
  if (isHan(cp)) return false;
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

/** Combining marks (they belong to the preceding character). */
export function isMark(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp >= 0x3400 && cp <= 0x9fff) return false;
  if (cp >= 0xff00 && cp <= 0xffef) return false;
  return MARK.test(String.fromCodePoint(cp));
}

export function isWhitespace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  return WHITESPACE.test(String.fromCodePoint(cp));
}

/** Controls, format characters (zero-width space, soft hyphen, BOM, bidi marks) and variation selectors. */
export function isInvisible(cp: number): boolean {
  if (cp < 0x80) return cp < 0x20 || cp === 0x7f;
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return true;
  return INVISIBLE.test(String.fromCodePoint(cp));
}

/** Number of UTF-16 code units of the code point. */
export function unitLength(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}
