/**
 * A string derived from an original text together with, for every UTF-16 code unit of the
 * derived string, the range of the ORIGINAL text that produced it. Every pipeline step that
 * rewrites text (NFKC, case folding, whitespace collapse, Traditional → Simplified) produces a
 * new MappedText whose ranges still point into the very first input, so a token found at
 * [i, j) of the final string maps back to original.slice(starts[i], ends[j - 1]).
 *
 * Ranges never split a surrogate pair of the original (a step always maps whole code points),
 * and they are monotonic: starts[i] <= starts[i + 1] and ends[i] <= ends[i + 1].
 */
export interface MappedText {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The original range covered by the derived range [start, end) (end > start). */
export function originalRange(mapped: MappedText, start: number, end: number): { start: number; end: number } {
  const s = mapped.starts[start];
  const e = mapped.ends[end - 1];
  if (s === undefined || e === undefined || end <= start) {
    throw new RangeError(`range [${start}, ${end}) is outside the mapped text of length ${mapped.text.length}`);
  }
  return { start: s, end: e };
}

/** The identity mapping of a string onto itself. */
export function identityMapped(text: string): MappedText {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { text, starts, ends };
}

/**
 * Appends derived text piece by piece, recording the original range of each code unit.
 * With `trackOffsets` false it only builds the text (indexing needs terms, not offsets) and
 * build() returns empty range arrays.
 */
export class MappedTextBuilder {
  private readonly chunks: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private size = 0;

  constructor(
    capacityHint = 16,
    private readonly trackOffsets = true,
  ) {
    const capacity = trackOffsets ? Math.max(16, capacityHint) : 0;
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Appends `piece`; every one of its code units maps to the original range [start, end). */
  push(piece: string, start: number, end: number): void {
    this.chunks.push(piece);
    if (!this.trackOffsets) {
      this.size += piece.length;
      return;
    }
    this.reserve(piece.length);
    for (let k = 0; k < piece.length; k++) {
      this.starts[this.size] = start;
      this.ends[this.size] = end;
      this.size++;
    }
  }

  /** Appends original[from, to) unchanged: each code unit maps to itself. */
  pushOriginal(original: string, from: number, to: number): void {
    if (to <= from) return;
    this.chunks.push(original.slice(from, to));
    if (!this.trackOffsets) {
      this.size += to - from;
      return;
    }
    this.reserve(to - from);
    for (let k = from; k < to; k++) {
      this.starts[this.size] = k;
      this.ends[this.size] = k + 1;
      this.size++;
    }
  }

  /** Appends source.text[from, to) keeping its mapping unchanged. */
  copy(source: MappedText, from: number, to: number): void {
    if (to <= from) return;
    this.chunks.push(source.text.slice(from, to));
    if (!this.trackOffsets) {
      this.size += to - from;
      return;
    }
    this.reserve(to - from);
    this.starts.set(source.starts.subarray(from, to), this.size);
    this.ends.set(source.ends.subarray(from, to), this.size);
    this.size += to - from;
  }

  build(): MappedText {
    return {
      text: this.chunks.join(""),
      starts: this.starts.slice(0, this.size),
      ends: this.ends.slice(0, this.size),
    };
  }

  private reserve(extra: number): void {
    const needed = this.size + extra;
    if (needed <= this.starts.length) return;
    let capacity = this.starts.length * 2;
    while (capacity < needed) capacity *= 2;
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    starts.set(this.starts.subarray(0, this.size));
    ends.set(this.ends.subarray(0, this.size));
    this.starts = starts;
    this.ends = ends;
  }
}
