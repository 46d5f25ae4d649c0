import type { TermBag } from "../lexical/term-dictionary.js";
import { shuffleInPlace } from "./seeded-random.js";

/** A training example: a held-out record (the query) and the rest of its expert's profile. */
export interface EncoderPair {
  query: TermBag;
  target: TermBag;
}

export interface DualEncoderOptions {
  /** Embedding dimensions. */
  dim: number;
  /** Passes over the pairs (fewer when the time budget runs out first). */
  epochs: number;
  batchSize: number;
  /** Adagrad learning rate. */
  learningRate: number;
  /** Cosine similarities are multiplied by this before the softmax (inverse temperature). */
  scale: number;
  /** A text keeps only its heaviest terms (by idf × log tf) while training. */
  maxTrainingTerms: number;
  /** Stop after this many milliseconds even if epochs remain. */
  timeBudgetMs: number;
  random: () => number;
  onProgress?: (done: number, total: number) => void;
  now?: () => number;
}

/**
 * Everything the encoder learned (persisted with the matcher's trained state). Rows are named by
 * their term, not by a dictionary id, so a later build of a changed collection can reuse them.
 */
export interface DualEncoderState {
  dim: number;
  /** The term of each embedding row. */
  vocabulary: string[];
  /** Weight of each row's term when pooling (its idf at training time). */
  rowWeights: Float32Array;
  embeddings: Float32Array;
}

/** The dictionary the encoder reads term ids from. */
export interface EncoderDictionary {
  size: number;
  name(id: number): string;
  lookup(term: string): number | undefined;
}

interface Sparse {
  rows: Int32Array;
  weights: Float32Array;
}

/**
 * A small dual encoder learned from the collection itself: a text is the idf-weighted sum of its
 * terms' embeddings, L2-normalised; training pulls a held-out record towards the rest of its
 * expert's profile and pushes it from the other profiles in the batch (in-batch negatives,
 * InfoNCE loss in both directions, sparse row-wise Adagrad). It learns which words and
 * character bigrams one person uses together (道学 ↔ 朱子学, chatbot ↔ dialogue), which plain
 * BM25 cannot see. Deterministic given `random`; plain typed arrays, no dependencies.
 */
export class DualEncoder {
  /** Row of each dictionary term id, or -1 for terms without an embedding. */
  private readonly rows: Int32Array;
  /** Adagrad's sums of squared gradients per row, kept so that training can go on (trainMore). */
  private adagrad: Float32Array | null = null;
  /** The order of the pairs after the last epoch (each epoch shuffles it again), for trainMore. */
  private order: number[] | null = null;

  private constructor(
    private readonly state: DualEncoderState,
    dictionary: EncoderDictionary,
  ) {
    this.rows = new Int32Array(dictionary.size).fill(-1);
    state.vocabulary.forEach((term, row) => {
      const id = dictionary.lookup(term);
      if (id !== undefined) this.rows[id] = row;
    });
  }

  /** An encoder trained earlier, reading the term ids of `dictionary`. */
  static fromState(state: DualEncoderState, dictionary: EncoderDictionary): DualEncoder {
    return new DualEncoder(state, dictionary);
  }

  /**
   * Trains on `pairs`. `documentFrequency` and `documentCount` give the idf of each dictionary
   * term; terms in fewer than `minDf` documents get no embedding (nothing to generalise from).
   */
  static train(
    pairs: readonly EncoderPair[],
    dictionary: EncoderDictionary,
    statistics: { documentFrequency: (term: number) => number; documentCount: number },
    options: DualEncoderOptions,
    minDf = 2,
  ): DualEncoder {
    const { dim, random } = options;
    const vocabulary: string[] = [];
    const rowWeights: number[] = [];
    for (let t = 0; t < dictionary.size; t++) {
      const df = statistics.documentFrequency(t);
      if (df < minDf) continue;
      vocabulary.push(dictionary.name(t));
      rowWeights.push(Math.log(1 + (statistics.documentCount - df + 0.5) / (df + 0.5)));
    }
    const embeddings = new Float32Array(vocabulary.length * dim);
    const spread = 1 / Math.sqrt(dim);
    for (let i = 0; i < embeddings.length; i++) embeddings[i] = (random() * 2 - 1) * spread;
    const encoder = new DualEncoder(
      { dim, vocabulary, rowWeights: Float32Array.from(rowWeights), embeddings },
      dictionary,
    );
    encoder.adagrad = new Float32Array(vocabulary.length);
    encoder.fit(pairs, options, encoder.adagrad);
    return encoder;
  }

  /**
   * Goes on training for `options.epochs` more passes where `train` stopped. With the same pairs
   * and the same `random` (not drawn from in between), train(1 epoch) then trainMore(2 epochs)
   * gives exactly the encoder train(3 epochs) gives.
   */
  trainMore(pairs: readonly EncoderPair[], options: DualEncoderOptions): void {
    if (!this.adagrad) throw new Error("Only an encoder trained here can train more (not one loaded from a state)");
    this.fit(pairs, options, this.adagrad);
  }

  get dim(): number {
    return this.state.dim;
  }

  get exported(): DualEncoderState {
    return this.state;
  }

  /** Writes the text's unit vector into `out`; false when none of its terms has an embedding. */
  encode(bag: TermBag, out: Float32Array, offset = 0): boolean {
    return this.pool(this.sparse(bag, Number.POSITIVE_INFINITY), out, offset) > 0;
  }

  private sparse(bag: TermBag, maxTerms: number): Sparse {
    const { rows } = this;
    const { rowWeights } = this.state;
    const kept: [number, number][] = [];
    for (let i = 0; i < bag.terms.length; i++) {
      const row = rows[bag.terms[i]!] ?? -1;
      if (row < 0) continue;
      kept.push([row, rowWeights[row]! * (1 + Math.log(bag.counts[i]!))]);
    }
    if (kept.length > maxTerms) {
      kept.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      kept.length = maxTerms;
    }
    return { rows: Int32Array.from(kept, (k) => k[0]), weights: Float32Array.from(kept, (k) => k[1]) };
  }

  /** Weighted sum of the rows into out[offset…], normalised; returns the norm before normalising. */
  private pool(text: Sparse, out: Float32Array, offset: number): number {
    const { dim, embeddings } = this.state;
    out.fill(0, offset, offset + dim);
    for (let i = 0; i < text.rows.length; i++) {
      const base = text.rows[i]! * dim;
      const w = text.weights[i]!;
      for (let j = 0; j < dim; j++) out[offset + j]! += w * embeddings[base + j]!;
    }
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += out[offset + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < dim; j++) out[offset + j]! /= norm;
    return norm;
  }

  private fit(pairs: readonly EncoderPair[], options: DualEncoderOptions, adagrad: Float32Array): void {
    const { dim } = this.state;
    const { batchSize, scale, learningRate } = options;
    const now = options.now ?? (() => performance.now());
    const started = now();
    const examples = pairs.map((p) => ({
      query: this.sparse(p.query, options.maxTrainingTerms),
      target: this.sparse(p.target, options.maxTrainingTerms),
    }));
    const q = new Float32Array(batchSize * dim);
    const p = new Float32Array(batchSize * dim);
    const qNorm = new Float32Array(batchSize);
    const pNorm = new Float32Array(batchSize);
    const logits = new Float32Array(batchSize * batchSize);
    const gradLogits = new Float32Array(batchSize * batchSize);
    const gq = new Float32Array(batchSize * dim);
    const gp = new Float32Array(batchSize * dim);
    const order = this.order?.length === examples.length ? this.order : examples.map((_, i) => i);
    this.order = order;
    const total = options.epochs * examples.length;
    let done = 0;
    options.onProgress?.(0, total);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffleInPlace(order, options.random);
      for (let start = 0; start + 1 < order.length; start += batchSize) {
        if (now() - started > options.timeBudgetMs) return;
        const batch = order.slice(start, start + batchSize);
        const n = batch.length;
        batch.forEach((index, i) => {
          qNorm[i] = this.pool(examples[index]!.query, q, i * dim);
          pNorm[i] = this.pool(examples[index]!.target, p, i * dim);
        });
        // Logits, then the gradient of the two-way InfoNCE loss with respect to them.
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < n; k++) {
            let dot = 0;
            for (let j = 0; j < dim; j++) dot += q[i * dim + j]! * p[k * dim + j]!;
            logits[i * n + k] = scale * dot;
          }
        }
        gradLogits.fill(0, 0, n * n);
        softmaxGradient(logits, gradLogits, n, 1, n);
        softmaxGradient(logits, gradLogits, n, n, 1);
        const factor = scale / (2 * n);
        gq.fill(0, 0, n * dim);
        gp.fill(0, 0, n * dim);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < n; k++) {
            const g = gradLogits[i * n + k]! * factor;
            if (g === 0) continue;
            for (let j = 0; j < dim; j++) {
              gq[i * dim + j]! += g * p[k * dim + j]!;
              gp[k * dim + j]! += g * q[i * dim + j]!;
            }
          }
        }
        batch.forEach((index, i) => {
          this.update(examples[index]!.query, q, gq, i * dim, qNorm[i]!, adagrad, learningRate);
          this.update(examples[index]!.target, p, gp, i * dim, pNorm[i]!, adagrad, learningRate);
        });
        done += n;
        options.onProgress?.(done, total);
      }
    }
  }

  /** Back through the normalisation to the rows of the text, with row-wise Adagrad. */
  private update(
    text: Sparse,
    unit: Float32Array,
    gradUnit: Float32Array,
    offset: number,
    norm: number,
    adagrad: Float32Array,
    learningRate: number,
  ): void {
    if (norm === 0) return;
    const { dim, embeddings } = this.state;
    let along = 0;
    for (let j = 0; j < dim; j++) along += unit[offset + j]! * gradUnit[offset + j]!;
    const grad = new Float32Array(dim);
    let squared = 0;
    for (let j = 0; j < dim; j++) {
      grad[j] = (gradUnit[offset + j]! - unit[offset + j]! * along) / norm;
      squared += grad[j]! ** 2;
    }
    squared /= dim;
    for (let i = 0; i < text.rows.length; i++) {
      const row = text.rows[i]!;
      const w = text.weights[i]!;
      adagrad[row]! += w * w * squared;
      const step = (learningRate * w) / Math.sqrt(adagrad[row]! + 1e-8);
      const base = row * dim;
      for (let j = 0; j < dim; j++) embeddings[base + j]! -= step * grad[j]!;
    }
  }
}

/**
 * Adds softmax(logits) − onehot(diagonal) along rows (stride 1 within a row) or columns into
 * `grad`: rows when (outer, inner) = (n, 1), columns when (1, n).
 */
function softmaxGradient(logits: Float32Array, grad: Float32Array, n: number, outer: number, inner: number): void {
  for (let a = 0; a < n; a++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < n; k++) max = Math.max(max, logits[a * outer + k * inner]!);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += Math.exp(logits[a * outer + k * inner]! - max);
    for (let k = 0; k < n; k++) {
      const at = a * outer + k * inner;
      grad[at]! += Math.exp(logits[at]! - max) / sum - (k === a ? 1 : 0);
    }
  }
}
