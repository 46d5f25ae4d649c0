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
  const out = new NormalizedOutput(input, new MappedTextBuilder(input.length, trackOffsets));
  const n = input.length;
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
        out.keep(i);
        i = j;
        continue;
      }
    }
    out.flushKept(i);
    if (j === i + 1) {
      if (cp < 0x80) {
        if (isWhitespace(cp)) out.whitespace(i, j);
        else if (!isInvisible(cp)) out.emit(String.fromCharCode(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp), i, j);
        i = j;
        continue;
      }
    }

    const folded = input.slice(i, j).normalize("NFKC").toLowerCase();
    for (const ch of folded) {
      const c = ch.codePointAt(0) as number;
      if (isWhitespace(c)) out.whitespace(i, j);
      else if (!isInvisible(c)) out.emit(ch, i, j);
    }
    i = j;
  }
  out.flushKept(n);
  return out.build();
}

/**
 * The output of one normalisation: a pending run of whitespace, written as one space before
 * the next text, and a pending run of characters that normalise to themselves, copied in one
 * piece when it ends. A class rather than closures inside the function: the function runs for
 * every field of every record, and closures made per call cost a third of it where functions
 * are wrapped to keep their names (tsx, which runs the batch CLI and the benchmarks).
 */
class NormalizedOutput {
  private spaceStart = -1;
  private spaceEnd = -1;
  private keptStart = -1;

  constructor(
    private readonly input: string,
    private readonly out: MappedTextBuilder,
  ) {}

  keep(at: number): void {
    if (this.keptStart < 0) this.keptStart = at;
  }

  flushKept(end: number): void {
    if (this.keptStart < 0) return;
    this.flushSpace();
    this.out.pushOriginal(this.input, this.keptStart, end);
    this.keptStart = -1;
  }

  emit(piece: string, start: number, end: number): void {
    this.flushSpace();
    this.out.push(piece, start, end);
  }

  whitespace(start: number, end: number): void {
    if (this.spaceStart < 0) {
      this.spaceStart = start;
      this.spaceEnd = end;
    }
  }

  build(): MappedText {
    return this.out.build();
  }

  private flushSpace(): void {
    if (this.spaceStart >= 0) {
      if (this.out.length > 0) this.out.push(" ", this.spaceStart, this.spaceEnd);
      this.spaceStart = -1;
    }
  }
}
