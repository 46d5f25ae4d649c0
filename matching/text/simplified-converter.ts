/**
 * Step 2 of the pipeline: Traditional → Simplified with Taiwan phrase conversion, keeping the
 * offset map right.
 *
 * Why not run OpenCC over everything: the Taiwan-phrase converter (twp → cn) rewrites phrases
 * that are also ordinary Simplified text. On the CSL abstracts it turns 建立 into 创建,
 * 显著 into 显着, 程序 into 进程, 核心 into 内核, 序列 into 串行, 向量 into 矢量 and
 * 多工况 into 多任务况. So we decide which text is Traditional first:
 *
 * - From OpenCC's own character tables we derive two marker sets: characters that only occur in
 *   Traditional text (鋰, 電, 體…) and characters that only occur in Simplified text (锂, 电,
 *   体…). Characters valid in both (干, 后, 里, 台, 著, 于, 群…) are in neither set: any character
 *   that the conversion tables produce as an output of a phrase on the other side is removed
 *   from a marker set. On the 2,000 CSL abstracts this classifies every Simplified abstract
 *   and every Taiwan-converted copy correctly.
 * - Each run of Han characters (a clause) whose Traditional markers outnumber its Simplified
 *   markers is converted with the phrase converter; a run without markers (程式, 管理) follows
 *   the verdict of the whole text. A text without any marker at all (a keyword list such as
 *   "雷射, 伺服器") gets only the Taiwan words that mainland text never uses
 *   (taiwan-phrases.data.ts). Other runs only get their Traditional-only characters
 *   mapped character by character (a Simplified abstract containing 噁 gets 恶), which is safe
 *   by construction.
 *
 * Offsets: a converted run of the same length maps code unit to code unit. When phrase
 * conversion changes the length (乙太網路 → 以太网) we split the run where converting the two
 * halves separately gives the same result, recursively, which pins the length change to the
 * phrase that caused it; only when no such split exists do we map proportionally inside the
 * smallest such piece.
 */
import * as OpenCC from "opencc-js";
import { isHan, unitLength } from "./char-classes.js";
import { MappedTextBuilder, type MappedText } from "./mapped-text.js";
import { TAIWAN_ONLY_PHRASES } from "./taiwan-phrases.data.js";

export type Script = "simplified" | "traditional";

type DictLike = string | readonly (readonly [string, string])[];

function dictEntries(dict: DictLike): [string, string][] {
  if (typeof dict !== "string") return dict.map(([k, v]) => [k, v]);
  if (dict === "") return [];
  return dict.split("|").map((line) => {
    const [k = "", v = ""] = line.split(" ");
    return [k, v];
  });
}

function localeEntries(groups: readonly (readonly DictLike[])[] | undefined): [string, string][] {
  const entries: [string, string][] = [];
  for (const group of groups ?? []) for (const dict of group) entries.push(...dictEntries(dict));
  return entries;
}

function isSingleCodePoint(s: string): boolean {
  return s.length > 0 && unitLength(s.codePointAt(0) as number) === s.length;
}

const TRADITIONAL_ONLY = 1;
const SIMPLIFIED_ONLY = 2;

function singleCharMap(entries: readonly [string, string][]): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of entries) if (isSingleCodePoint(k)) map.set(k, v);
  return map;
}

export interface ConversionResult {
  mapped: MappedText;
  /** Verdict for the text as a whole; `markers` is false when no character decided it. */
  script: Script;
  markers: boolean;
}

export class SimplifiedConverter {
  private readonly phraseConverter: (text: string) => string;
  private readonly taiwanOnlyConverter: (text: string) => string;
  /** Traditional-only character → its Simplified form. */
  private readonly traditionalOnly = new Map<string, string>();
  private readonly simplifiedOnly = new Set<string>();
  /** The same two sets by code point, for the per-character scan: 1 = Traditional-only, 2 = Simplified-only. */
  private readonly markerByCodePoint = new Uint8Array(0x30000);

  constructor() {
    this.phraseConverter = OpenCC.Converter({ from: "twp", to: "cn" });
    this.taiwanOnlyConverter = OpenCC.CustomConverter(
      TAIWAN_ONLY_PHRASES.map((p) => [p, this.phraseConverter(p)] as [string, string]),
    );

    const toSimplified = localeEntries(OpenCC.Locale.to["cn"]); // TSPhrases + TSCharacters
    const toTraditional = localeEntries(OpenCC.Locale.from["cn"]); // STPhrases + STCharacters
    // Character-level Taiwan variants (the phrase converter goes through them): 羣 ↔ 群 etc.
    const twVariant = singleCharMap(localeEntries(OpenCC.Locale.to["tw"]));
    const twVariantReverse = singleCharMap(localeEntries(OpenCC.Locale.from["tw"]));
    const tsChar = singleCharMap(toSimplified);

    for (const [k, v] of toSimplified) {
      if (!isSingleCodePoint(k) || v === k) continue;
      const viaVariant = twVariantReverse.get(k) ?? k;
      if ((tsChar.get(viaVariant) ?? viaVariant) !== k) this.traditionalOnly.set(k, v);
    }
    for (const [k, v] of toTraditional) {
      if (!isSingleCodePoint(k) || v === k) continue;
      if ((twVariant.get(v) ?? v) !== k) this.simplifiedOnly.add(k);
    }
    // A character that a phrase table outputs on one side is valid on that side.
    for (const [k, v] of toTraditional) if (!isSingleCodePoint(k)) for (const ch of v) this.simplifiedOnly.delete(ch);
    for (const [k, v] of toSimplified) if (!isSingleCodePoint(k)) for (const ch of v) this.traditionalOnly.delete(ch);
    for (const ch of [...this.traditionalOnly.keys()]) {
      if (this.simplifiedOnly.has(ch)) {
        this.traditionalOnly.delete(ch);
        this.simplifiedOnly.delete(ch);
      }
    }
    for (const ch of this.traditionalOnly.keys())
      this.markerByCodePoint[ch.codePointAt(0) as number] = TRADITIONAL_ONLY;
    for (const ch of this.simplifiedOnly) this.markerByCodePoint[ch.codePointAt(0) as number] = SIMPLIFIED_ONLY;
  }

  /** Counts Traditional-only and Simplified-only characters. */
  markers(text: string): { traditional: number; simplified: number } {
    let traditional = 0;
    let simplified = 0;
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i) as number;
      const marker = this.markerByCodePoint[cp];
      if (marker === TRADITIONAL_ONLY) traditional++;
      else if (marker === SIMPLIFIED_ONLY) simplified++;
      i += unitLength(cp);
    }
    return { traditional, simplified };
  }

  /** Taiwan-phrase conversion of a string, without any script detection. */
  convertTraditional(text: string): string {
    return this.phraseConverter(text);
  }

  /** `trackOffsets` false: `input` carries no ranges and neither does the result (indexing needs terms only). */
  convert(input: MappedText, trackOffsets = true): ConversionResult {
    const text = input.text;
    const runs: { start: number; end: number; traditional: number; simplified: number }[] = [];
    let totalTraditional = 0;
    let totalSimplified = 0;
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i) as number;
      if (!isHan(cp)) {
        i += unitLength(cp);
        continue;
      }
      const start = i;
      let traditional = 0;
      let simplified = 0;
      while (i < text.length) {
        const c = text.codePointAt(i) as number;
        if (!isHan(c)) break;
        const marker = this.markerByCodePoint[c];
        if (marker === TRADITIONAL_ONLY) traditional++;
        else if (marker === SIMPLIFIED_ONLY) simplified++;
        i += unitLength(c);
      }
      runs.push({ start, end: i, traditional, simplified });
      totalTraditional += traditional;
      totalSimplified += simplified;
    }

    const script: Script = totalTraditional > totalSimplified ? "traditional" : "simplified";
    const markers = totalTraditional + totalSimplified > 0;
    const verdict = (run: (typeof runs)[number]): Script =>
      run.traditional > run.simplified ? "traditional" : run.simplified > run.traditional ? "simplified" : script;
    if (!markers) {
      const unchanged = (run: (typeof runs)[number]): boolean => {
        const source = text.slice(run.start, run.end);
        return this.taiwanOnlyConverter(source) === source;
      };
      if (runs.every(unchanged)) return { mapped: input, script, markers };
    } else if (runs.every((run) => run.traditional === 0 && verdict(run) === "simplified")) {
      // Nothing to rewrite: no Traditional run and no stray Traditional character.
      return { mapped: input, script, markers };
    }

    const out = new MappedTextBuilder(text.length, trackOffsets);
    let cursor = 0;
    for (const run of runs) {
      out.copy(input, cursor, run.start);
      if (!markers) this.convertRun(input, run.start, run.end, out, this.taiwanOnlyConverter);
      else if (verdict(run) === "traditional") this.convertRun(input, run.start, run.end, out, this.phraseConverter);
      else this.fixStrayTraditional(input, run.start, run.end, out);
      cursor = run.end;
    }
    out.copy(input, cursor, text.length);
    return { mapped: out.build(), script, markers };
  }

  private fixStrayTraditional(input: MappedText, start: number, end: number, out: MappedTextBuilder): void {
    let copied = start;
    let i = start;
    while (i < end) {
      const cp = input.text.codePointAt(i) as number;
      const len = unitLength(cp);
      const replacement =
        this.markerByCodePoint[cp] === TRADITIONAL_ONLY
          ? this.traditionalOnly.get(String.fromCodePoint(cp))
          : undefined;
      if (replacement !== undefined) {
        out.copy(input, copied, i);
        out.push(replacement, input.starts[i] as number, input.ends[i + len - 1] as number);
        copied = i + len;
      }
      i += len;
    }
    out.copy(input, copied, end);
  }

  private convertRun(
    input: MappedText,
    start: number,
    end: number,
    out: MappedTextBuilder,
    convert: (text: string) => string,
  ): void {
    const source = input.text.slice(start, end);
    this.align(input, start, source, convert(source), out, convert, 0);
  }

  private align(
    input: MappedText,
    offset: number,
    source: string,
    converted: string,
    out: MappedTextBuilder,
    convert: (text: string) => string,
    depth: number,
  ): void {
    if (converted === source) {
      out.copy(input, offset, offset + source.length);
      return;
    }
    if (converted.length === source.length) {
      this.mapOneToOne(input, offset, converted, out);
      return;
    }
    if (depth < 16 && source.length > 1) {
      const mid = source.length >> 1;
      for (const delta of [0, 1, -1, 2, -2, 3, -3]) {
        const k = mid + delta;
        if (k <= 0 || k >= source.length) continue;
        const unit = source.charCodeAt(k);
        if (unit >= 0xdc00 && unit <= 0xdfff) continue; // never split a surrogate pair
        const left = convert(source.slice(0, k));
        const right = convert(source.slice(k));
        if (left + right === converted) {
          this.align(input, offset, source.slice(0, k), left, out, convert, depth + 1);
          this.align(input, offset + k, source.slice(k), right, out, convert, depth + 1);
          return;
        }
      }
    }
    this.mapProportionally(input, offset, source.length, converted, out);
  }

  private mapOneToOne(input: MappedText, offset: number, converted: string, out: MappedTextBuilder): void {
    // Same length; surrogate pairs of the source map to whole code points already, so a
    // code unit of the output maps to the code unit at the same index.
    for (let k = 0; k < converted.length; k++) {
      out.push(converted[k] as string, input.starts[offset + k] as number, input.ends[offset + k] as number);
    }
  }

  private mapProportionally(
    input: MappedText,
    offset: number,
    sourceLength: number,
    converted: string,
    out: MappedTextBuilder,
  ): void {
    const m = converted.length;
    let k = 0;
    for (const ch of converted) {
      const from = Math.floor((k * sourceLength) / m);
      const to = Math.max(from + 1, Math.ceil(((k + ch.length) * sourceLength) / m));
      out.push(
        ch,
        input.starts[offset + from] as number,
        input.ends[offset + Math.min(to, sourceLength) - 1] as number,
      );
      k += ch.length;
    }
  }
}
