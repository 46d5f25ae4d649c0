/**
 * The analysis pipeline shared by both search engines, for documents and queries:
 *
 *   1. normalize.ts            NFKC, case folding, whitespace collapse (offset map)
 *   2. simplified-converter.ts Traditional → Simplified with Taiwan phrases (offset map kept)
 *   3. chinese-segmenter.ts    jieba words + inner words; character bigrams (here)
 *   4. latin-terms.ts          English/other words: fold, stop words, Porter stem
 *   5. synonym-index.ts        synonym groups, expanded at query time
 *
 * Bigrams. Every clause (Han run between punctuation, Latin words and stop words) also yields
 * its character bigrams, as tokens of kind "bigram" with no prefix on the term (a bigram and a
 * two-character word with the same characters are the same term: they mean the same match, and
 * unprefixed terms keep the FTS column plain). Why every clause and not only unknown or long
 * words: jieba's segmentation depends on context, so a query word and the same characters in a
 * document are not always cut alike (石墨烯 vs 石墨/烯 before the dictionary knew it, names,
 * new terms, typos). A complete bigram stream guarantees that any two or more characters of a
 * query that occur in a clause of the document can be found there, as a phrase of bigrams — the
 * classic CJK-bigram recall that the reference BM25 baseline relies on — and bigram overlap gives
 * Chinese some typo tolerance. Engines keep bigrams apart (Token.kind, documentFields) and
 * weight them below words, so precision comes from words and recall from bigrams.
 * Stop words break clauses, so junk pairs like 的锂 are not produced.
 */
import { ChineseSegmenter } from "./chinese-segmenter.js";
import { unitLength } from "./char-classes.js";
import { foldWord, latinTerm } from "./latin-terms.js";
import { originalRange, type MappedText } from "./mapped-text.js";
import { normalizeWithOffsets } from "./normalize.js";
import { scanRuns, type TextRun } from "./script-runs.js";
import { SimplifiedConverter, type ConversionResult } from "./simplified-converter.js";
import { isStopWord } from "./stop-words.js";
import { SynonymIndex } from "./synonym-index.js";
import { SYNONYM_GROUPS } from "./synonyms.data.js";
import type { AnalyzedQuery, AnalyzedText, DocumentFields, QueryGroup, Token, TokenKind } from "./types.js";
import { DOMAIN_TERMS } from "./domain-dictionary.js";

export interface TextAnalyzerOptions {
  userWords?: readonly string[];
  synonymGroups?: readonly (readonly string[])[];
}

interface PendingToken {
  term: string;
  kind: TokenKind;
  /** Offsets in the normalised, converted text. */
  from: number;
  to: number;
}

/** One query word before grouping. */
interface QueryUnit {
  term: string;
  /** Folded surface for latin words (unstemmed), the word itself for Chinese. */
  raw: string;
  latin: boolean;
  from: number;
  to: number;
}

const KIND_RANK: Record<TokenKind, number> = { word: 0, latin: 0, bigram: 1 };
const ENDS_WITH_SEPARATOR = /[\s\p{P}\p{S}]$/u;

/** Code-point positions of a string segment [from, to), plus `to`. */
function codePointBoundaries(text: string, from: number, to: number): number[] {
  const bounds: number[] = [];
  for (let i = from; i < to;) {
    bounds.push(i);
    i += unitLength(text.codePointAt(i) as number);
  }
  bounds.push(to);
  return bounds;
}

/** Receives the terms of a document in text order (see scanDocument). */
type TermSink = (term: string, kind: TokenKind, from: number, to: number) => void;

/**
 * A short Latin word in Chinese text is nearly always an acronym, and acronyms come in variants
 * that add a letter or a prefix in front: CNIS (China's NIS) and NIS, BiLSTM and LSTM, WebGIS and
 * GIS. Such a word also yields each tail of three or more characters as a term, so either form
 * finds the other (a query's CNIS meets a document's NIS through the tail "nis" on both sides,
 * since needs and documents are analysed alike). Only short words standing alone in Chinese
 * text: English prose keeps its words whole (a tail of "station" is not "ion"), and so does a
 * Latin phrase inside Chinese text, such as a species name (羊柴 Hedysarum laeve: "laeve" is no
 * acronym, and its tail "eve", stemmed to "ev", would meet the EV of 电动汽车).
 */
const ACRONYM_LIKE = /^[a-z][a-z0-9]{3,5}$/;
const MIN_ACRONYM_TAIL = 3;

function emitAcronymTails(folded: string, wholeTerm: string | null, start: number, emit: TermSink): void {
  if (!ACRONYM_LIKE.test(folded)) return;
  const seen = new Set(wholeTerm ? [wholeTerm] : []);
  for (let cut = 1; folded.length - cut >= MIN_ACRONYM_TAIL; cut++) {
    const tail = folded.slice(cut);
    if (!/^[a-z]/.test(tail)) continue;
    const term = latinTerm(tail);
    if (!term || seen.has(term)) continue;
    seen.add(term);
    emit(term, "latin", start + cut, start + folded.length);
  }
}

/** Whether word run `k` has a word run beside it with only spaces between: part of a Latin phrase. */
function inLatinPhrase(text: string, runs: readonly TextRun[], k: number): boolean {
  const besideWord = (a: TextRun | undefined, b: TextRun | undefined) =>
    a?.kind === "word" && b?.kind === "word" && /^\s+$/.test(text.slice(a.end, b.start));
  return besideWord(runs[k - 1], runs[k]) || besideWord(runs[k], runs[k + 1]);
}

function emitBigrams(text: string, from: number, to: number, emit: TermSink): void {
  if (to - from < 2) return;
  const b = codePointBoundaries(text, from, to);
  for (let k = 0; k + 2 < b.length; k++) {
    const s = b[k] as number;
    const e = b[k + 2] as number;
    emit(text.slice(s, e), "bigram", s, e);
  }
}

class AlternativeList {
  readonly items: string[][] = [];
  private readonly keys = new Set<string>();

  add(terms: readonly string[]): void {
    if (terms.length === 0) return;
    const key = terms.join(" ");
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.items.push([...terms]);
  }
}

export class TextAnalyzer {
  private readonly converter: SimplifiedConverter;
  private readonly segmenter: ChineseSegmenter;
  private readonly synonyms: SynonymIndex;

  constructor(options: TextAnalyzerOptions = {}) {
    this.converter = new SimplifiedConverter();
    this.segmenter = new ChineseSegmenter(options.userWords ?? DOMAIN_TERMS);
    this.synonyms = new SynonymIndex(options.synonymGroups ?? SYNONYM_GROUPS, (entry) =>
      this.queryUnits(this.prepare(entry).mapped.text).map((u) => u.term),
    );
  }

  /** Steps 1–2: normalised Simplified text with its offset map (without it when `trackOffsets` is false). */
  prepare(text: string, trackOffsets = true): ConversionResult {
    return this.converter.convert(normalizeWithOffsets(text, trackOffsets), trackOffsets);
  }

  normalizeText(text: string): string {
    return this.prepare(text, false).mapped.text;
  }

  analyzeDocument(text: string): AnalyzedText {
    const { mapped } = this.prepare(text);
    const pending: PendingToken[] = [];
    this.scanDocument(mapped.text, (term, kind, from, to) => pending.push({ term, kind, from, to }));
    pending.sort((a, b) => a.from - b.from || KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.to - a.to);
    return { tokens: pending.map((p) => this.toToken(mapped, p)) };
  }

  documentTerms(text: string): string {
    return this.analyzeDocument(text)
      .tokens.map((t) => t.term)
      .join(" ");
  }

  /**
   * The terms of analyzeDocument() split by kind, without offsets: the indexing path. Within a
   * kind, scanDocument() emits terms already in analyzeDocument()'s order (by start, longer
   * first; bigrams clause by clause), so no sort is needed (tests compare both on real text).
   */
  documentTermLists(text: string): { words: string[]; bigrams: string[] } {
    const words: string[] = [];
    const bigrams: string[] = [];
    this.scanDocument(this.prepare(text, false).mapped.text, (term, kind) =>
      (kind === "bigram" ? bigrams : words).push(term),
    );
    return { words, bigrams };
  }

  documentFields(text: string): DocumentFields {
    const { words, bigrams } = this.documentTermLists(text);
    return { words: words.join(" "), bigrams: bigrams.join(" ") };
  }

  analyzeQuery(text: string): AnalyzedQuery {
    const { mapped, markers } = this.prepare(text);
    const t = mapped.text;
    const units = this.queryUnits(t);
    const groups: QueryGroup[] = [];
    let i = 0;
    while (i < units.length) {
      let length = 1;
      let synonyms: readonly (readonly string[])[] = [];
      for (let len = Math.min(this.synonyms.maxLength, units.length - i); len >= 1; len--) {
        const found = this.synonyms.lookup(units.slice(i, i + len).map((u) => u.term));
        if (found) {
          length = len;
          synonyms = found;
          break;
        }
      }
      groups.push(this.buildGroup(t, units.slice(i, i + length), synonyms, !markers));
      i += length;
    }
    const last = groups.at(-1);
    const lastUnit = units.at(-1);
    if (last && lastUnit && lastUnit.to === t.length && !ENDS_WITH_SEPARATOR.test(text)) {
      last.prefix = true;
      if (last.latin && last.alternatives[0]?.length === 1) this.addPrefixForms(last, lastUnit.raw);
    }
    return { groups };
  }

  // ---------------------------------------------------------------------------------------

  private toToken(mapped: MappedText, p: PendingToken): Token {
    const range = originalRange(mapped, p.from, p.to);
    return { term: p.term, kind: p.kind, start: range.start, end: range.end };
  }

  /**
   * Emits a document's terms: per run in text order, each Chinese word then its inner words,
   * each clause's bigrams when the clause ends. All Han runs go to jieba in one call.
   */
  private scanDocument(t: string, emit: TermSink): void {
    const runs = scanRuns(t);
    const cuts = this.segmenter.cutRuns(
      runs.filter((run) => run.kind === "han").map((run) => t.slice(run.start, run.end)),
    );
    let hanIndex = 0;
    const chineseText = cuts.length > 0;
    for (const [k, run] of runs.entries()) {
      if (run.kind === "word") {
        const folded = run.special ? null : foldWord(t.slice(run.start, run.end));
        const term = run.special ?? latinTerm(folded!);
        if (term) emit(term, "latin", run.start, run.end);
        if (chineseText && folded && !inLatinPhrase(t, runs, k)) emitAcronymTails(folded, term, run.start, emit);
        continue;
      }
      let pos = run.start;
      let clauseStart = -1;
      for (const word of cuts[hanIndex++]!) {
        const end = pos + word.length;
        if (isStopWord(word)) {
          if (clauseStart >= 0) emitBigrams(t, clauseStart, pos, emit);
          clauseStart = -1;
        } else {
          if (clauseStart < 0) clauseStart = pos;
          emit(word, "word", pos, end);
          for (const inner of this.segmenter.innerWords(word)) {
            if (isStopWord(inner.text)) continue;
            const from = pos + inner.offset;
            emit(inner.text, "word", from, from + inner.text.length);
          }
        }
        pos = end;
      }
      if (clauseStart >= 0) emitBigrams(t, clauseStart, pos, emit);
    }
  }

  /** Query words in order: segmenter words (accurate mode, no inner words) and latin terms, without stop words. */
  private queryUnits(t: string): QueryUnit[] {
    const units: QueryUnit[] = [];
    for (const run of scanRuns(t)) {
      if (run.kind === "word") {
        const raw = run.special ?? foldWord(t.slice(run.start, run.end));
        const term = run.special ?? latinTerm(raw);
        if (term) units.push({ term, raw, latin: true, from: run.start, to: run.end });
        continue;
      }
      let pos = run.start;
      for (const word of this.segmenter.cut(t.slice(run.start, run.end))) {
        if (!isStopWord(word)) units.push({ term: word, raw: word, latin: false, from: pos, to: pos + word.length });
        pos += word.length;
      }
    }
    return units;
  }

  private buildGroup(
    t: string,
    members: QueryUnit[],
    synonyms: readonly (readonly string[])[],
    ambiguousScript: boolean,
  ): QueryGroup {
    const first = members[0] as QueryUnit;
    const last = members[members.length - 1] as QueryUnit;
    const text = t.slice(first.from, last.to);
    const latin = members.every((u) => u.latin);
    const alternatives = new AlternativeList();
    alternatives.add(members.map((u) => u.term));
    if (members.length === 1 && !first.latin) {
      const tiling = this.tiling(first.term);
      if (tiling) alternatives.add(tiling);
    }
    for (const alt of synonyms) alternatives.add(alt);

    // A query without any script-specific character (程式, 建立) may be Traditional: also
    // search for what the Taiwan phrase conversion would have made of it.
    if (ambiguousScript && !latin) {
      const converted = this.converter.convertTraditional(text);
      if (converted !== text) {
        const terms = this.queryUnits(converted).map((u) => u.term);
        alternatives.add(terms);
        for (const alt of this.synonyms.lookup(terms) ?? []) alternatives.add(alt);
      }
    }

    const bigrams: string[] = [];
    for (const run of scanRuns(text))
      if (run.kind === "han") emitBigrams(text, run.start, run.end, (term) => bigrams.push(term));
    return { text, alternatives: alternatives.items, prefix: false, latin, bigrams };
  }

  /**
   * A split of a Chinese word into the fewest dictionary words inside it (锂离子电池 → 锂离子 电池,
   * 神经网络 → 神经 网络), or null when it has none (锂电池: 锂电 and 电池 overlap).
   */
  private tiling(word: string): string[] | null {
    const inner = this.segmenter.innerWords(word).filter((w) => !isStopWord(w.text));
    if (inner.length === 0) return null;
    // best[i]: fewest pieces covering word[i..]; ties go to the longer first piece.
    const best: (string[] | null)[] = new Array<string[] | null>(word.length + 1).fill(null);
    best[word.length] = [];
    for (let i = word.length - 1; i >= 0; i--) {
      let choice: string[] | null = null;
      for (const w of inner) {
        if (w.offset !== i) continue;
        const rest = best[i + w.text.length];
        if (!rest) continue;
        if (!choice || rest.length + 1 < choice.length) choice = [w.text, ...rest];
      }
      best[i] = choice;
    }
    return best[0] ?? null;
  }

  /** Prefix search on a half-typed English word: its stem may be shorter than what was typed (learni… → learn). */
  private addPrefixForms(group: QueryGroup, raw: string): void {
    const alternatives = new AlternativeList();
    for (const alt of group.alternatives) alternatives.add(alt);
    alternatives.add([raw]);
    if (raw.length > 4) alternatives.add([raw.slice(0, Math.max(4, raw.length - 2))]);
    group.alternatives = alternatives.items;
  }
}

let shared: TextAnalyzer | undefined;

/** The process-wide analyser, created on first use (loading jieba and OpenCC takes ~0.5 s). */
export function sharedTextAnalyzer(): TextAnalyzer {
  shared ??= new TextAnalyzer();
  return shared;
}
