/**
 * Step 1 of the pipeline: Unicode normalisation with an offset map.
 *
 * - NFKC: full-width forms fold to ASCII ("ＡＩ芯片，１２３" → "ai芯片,123"), compatibility
 *   characters expand ("㎡" → "m2", "ﬁ" → "fi"), compatibility ideographs unify.
 * - Case folding (toLowerCase, after NFKC).
 * - Whitespace collapse: every run of whitespace (including U+3000) becomes one space;
 *   leading and trailing whitespace is dropped.
 * - Invisible characters (controls, zero-width spaces, soft hyphens, BOM, variation selectors)
 *   are dropped so that "锂电\u200b池" still reads 锂电池.
 *
 * NFKC is applied per "segment": one code point and the combining marks that follow it, so
 * composition ("e" + U+0301 → "é") still happens and every output code unit can be attributed
 * to exactly one original segment, whatever the change in length.
 */
import { isInvisible, isMark, isWhitespace, unitLength } from "./char-classes.js";
import { MappedTextBuilder, type MappedText } from "./mapped-text.js";

/** With `trackOffsets` false only the text is built (its range arrays are empty). */
export function normalizeWithOffsets(input: string, trackOffsets = true): MappedText {
  const out = new MappedTextBuilder(input.length, trackOffsets);
  const n = input.length;
  let spaceStart = -1;
  let spaceEnd = -1;

  // A run of characters that normalise to themselves, copied in one piece when it ends.
  let keptStart = -1;
  const flushSpace = (): void => {
    if (spaceStart >= 0) {
      if (out.length > 0) out.push(" ", spaceStart, spaceEnd);
      spaceStart = -1;
    }
  };
  const flushKept = (end: number): void => {
    if (keptStart < 0) return;
    flushSpace();
    out.pushOriginal(input, keptStart, end);
    keptStart = -1;
  };
  const emit = (piece: string, start: number, end: number): void => {
    flushSpace();
    out.push(piece, start, end);
  };
  const whitespace = (start: number, end: number): void => {
    if (spaceStart < 0) {
      spaceStart = start;
      spaceEnd = end;
    }
  };

  let i = 0;
  while (i < n) {
    const cp = input.codePointAt(i) as number;
    let j = i + unitLength(cp);
    // Extend the segment over following combining marks.
    while (j < n) {
      const next = input.codePointAt(j) as number;
      if (!isMark(next)) break;
      j += unitLength(next);
    }

    if (j === i + 1) {
      // Fast paths: a lone ASCII character or CJK ideograph is NFKC-stable.
      const kept =
        (cp > 0x20 && cp < 0x7f && !(cp >= 0x41 && cp <= 0x5a)) ||
        (cp >= 0x4e00 && cp <= 0x9fff) ||
        (cp >= 0x3400 && cp <= 0x4dbf);
      if (kept) {
        if (keptStart < 0) keptStart = i;
        i = j;
        continue;
      }
    }
    flushKept(i);
    if (j === i + 1) {
      if (cp < 0x80) {
        if (isWhitespace(cp)) whitespace(i, j);
        else if (!isInvisible(cp)) emit(String.fromCharCode(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp), i, j);
        i = j;
        continue;
      }
    }

    const folded = input.slice(i, j).normalize("NFKC").toLowerCase();
    for (const ch of folded) {
      const c = ch.codePointAt(0) as number;
      if (isWhitespace(c)) whitespace(i, j);
      else if (!isInvisible(c)) emit(ch, i, j);
    }
    i = j;
  }
  flushKept(n);
  return out.build();
}
