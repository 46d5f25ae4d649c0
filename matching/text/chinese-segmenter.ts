/**
 * Step 3 of the pipeline: Chinese word segmentation with jieba (@node-rs/jieba) and the domain
 * user dictionary.
 *
 * jieba's search mode (cutForSearch) is "cut, then for every word longer than two characters
 * also emit the dictionary words of length 2 and 3 inside it" (锂电池 → 锂电 电池 锂电池). It
 * returns bare strings, without offsets, and never finds a 4-character word inside a longer
 * one (神经网络 inside 卷积神经网络). So we do the same thing with offsets:
 *
 * - `cut(run)` — the accurate-mode words (HMM on, so unknown words still group), which tile
 *   the run exactly, so their offsets are running sums of their lengths;
 * - `innerWords(word)` — every dictionary word strictly inside a word of 3+ characters, from
 *   jieba's full mode (cutAll) on that word. This is a superset of what cutForSearch emits
 *   (tests check it), located by position, and memoised per distinct word (long words repeat a
 *   lot: 管理系统, 锂离子电池…).
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { DOMAIN_TERMS, DOMAIN_WORD_FREQUENCY } from "./domain-dictionary.js";

export interface InnerWord {
  text: string;
  /** Offset (UTF-16 code units) inside the containing word. */
  offset: number;
}

const INNER_CACHE_LIMIT = 50_000;

export class ChineseSegmenter {
  private readonly jieba: Jieba;
  private readonly innerCache = new Map<string, readonly InnerWord[]>();

  constructor(userWords: readonly string[] = DOMAIN_TERMS, frequency = DOMAIN_WORD_FREQUENCY) {
    this.jieba = Jieba.withDict(dict);
    const lines = [...new Set(userWords)].map((w) => `${w} ${frequency} nz`).join("\n");
    if (lines !== "") this.jieba.loadDict(new TextEncoder().encode(lines));
  }

  /** Accurate-mode words of a Han run; they concatenate to the run. */
  cut(run: string): string[] {
    const words = this.jieba.cut(run, true);
    let total = 0;
    for (const w of words) total += w.length;
    // jieba returns every character; guard anyway so offsets can never drift.
    return total === run.length ? words : [...run];
  }

  /**
   * cut() of several runs in one call into jieba (one crossing instead of one per run: documents
   * have dozens of short clauses). jieba cuts every block of Han characters on its own, so runs
   * joined by a space come back cut exactly as they would alone, separated by " " tokens.
   */
  cutRuns(runs: readonly string[]): string[][] {
    if (runs.length <= 1) return runs.map((run) => this.cut(run));
    const words = this.jieba.cut(runs.join(" "), true);
    const out: string[][] = [];
    let current: string[] = [];
    for (const word of words) {
      if (word === " ") {
        out.push(current);
        current = [];
      } else current.push(word);
    }
    out.push(current);
    if (out.length !== runs.length) return runs.map((run) => this.cut(run));
    return out.map((cut, i) => {
      const run = runs[i]!;
      let total = 0;
      for (const w of cut) total += w.length;
      return total === run.length ? cut : this.cut(run);
    });
  }

  /** jieba's own search mode, for comparison in tests. */
  cutForSearch(run: string): string[] {
    return this.jieba.cutForSearch(run, true);
  }

  /** Dictionary words of 2+ characters strictly inside `word`, in order of position. */
  innerWords(word: string): readonly InnerWord[] {
    if (word.length < 3) return [];
    const cached = this.innerCache.get(word);
    if (cached) return cached;
    const found: InnerWord[] = [];
    const seen = new Set<string>();
    const lastOffset = new Map<string, number>();
    for (const piece of this.jieba.cutAll(word)) {
      if (piece.length < 2 || piece.length >= word.length) continue;
      const offset = word.indexOf(piece, (lastOffset.get(piece) ?? -1) + 1);
      if (offset < 0) continue;
      lastOffset.set(piece, offset);
      const key = `${offset}:${piece}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ text: piece, offset });
    }
    found.sort((a, b) => a.offset - b.offset || b.text.length - a.text.length);
    if (this.innerCache.size >= INNER_CACHE_LIMIT) this.innerCache.clear();
    this.innerCache.set(word, found);
    return found;
  }
}
