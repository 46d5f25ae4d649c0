import type { EvidenceCorpus } from "./evidence-corpus.js";
import { isBigramKey } from "./term-key.js";

/**
 * Latent semantic space learned from the instance's own texts at index time (LSA): the
 * expert × word matrix (log tf × idf, rows normalised) reduced to `dims` dimensions with a
 * randomised SVD (one power iteration). Words, experts and needs all become vectors in that
 * space, so a need can be near an expert whose work uses different but related words.
 * Nothing is downloaded; the only randomness is the `random` source passed in.
 */
export class SemanticSpace {
  /** Per term id: offset into `termVectors`, or -1 for terms outside the space. */
  private readonly termRow: Int32Array;
  private readonly termVectors: Float32Array;
  /** Unit vectors, one per expert, `dims` floats each. */
  readonly expertVectors: Float32Array;

  private constructor(
    readonly dims: number,
    termRow: Int32Array,
    termVectors: Float32Array,
    expertVectors: Float32Array,
  ) {
    this.termRow = termRow;
    this.termVectors = termVectors;
    this.expertVectors = expertVectors;
  }

  static build(corpus: EvidenceCorpus, dims: number, random: () => number): SemanticSpace {
    const n = corpus.expertCount;
    // Vocabulary: words (not bigrams); in a large corpus only those in at least 3 profiles and
    // at most 10% of them (rare words are noise, common ones carry no topic).
    const large = n >= 1000;
    const minDf = large ? 3 : 1;
    const maxDf = large ? 0.1 * n : n;
    const termCount = corpus.termCount;
    const termRow = new Int32Array(termCount).fill(-1);
    const vocab: number[] = [];
    for (let t = 0; t < termCount; t++) {
      const df = corpus.profilePostingsOf(t)?.ids.length ?? 0;
      if (df >= minDf && df <= maxDf && !isBigramKey(corpus.termName(t))) {
        termRow[t] = vocab.length;
        vocab.push(t);
      }
    }
    const v = vocab.length;
    // Sparse A (experts × vocab) in CSR, rows L2-normalised.
    const rowCounts = new Int32Array(n + 1);
    for (const t of vocab) for (const e of corpus.profilePostingsOf(t)!.ids) rowCounts[e + 1]! += 1;
    for (let i = 0; i < n; i++) rowCounts[i + 1]! += rowCounts[i]!;
    const cols = new Int32Array(rowCounts[n]!);
    const vals = new Float32Array(rowCounts[n]!);
    const fill = rowCounts.slice(0, n);
    for (const t of vocab) {
      const p = corpus.profilePostingsOf(t)!;
      const idf = corpus.profileIdf(t);
      for (let i = 0; i < p.ids.length; i++) {
        const e = p.ids[i]!;
        const at = fill[e]!++;
        cols[at] = termRow[t]!;
        vals[at] = (1 + Math.log(p.tfs[i]!)) * idf;
      }
    }
    for (let i = 0; i < n; i++) {
      let norm = 0;
      for (let j = rowCounts[i]!; j < rowCounts[i + 1]!; j++) norm += vals[j]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let j = rowCounts[i]!; j < rowCounts[i + 1]!; j++) vals[j]! /= norm;
    }
    const l = Math.min(dims + 10, Math.max(1, Math.min(n, v)));
    const k = Math.min(dims, l);
    // Y = A Ω, then one power iteration Y = A (Aᵀ Y), orthonormalised each time.
    const omega = new Float64Array(v * l);
    for (let i = 0; i < omega.length; i++) omega[i] = random() * 2 - 1;
    let y = multiplyA(rowCounts, cols, vals, n, omega, l);
    orthonormalise(y, n, l);
    const z = multiplyAt(rowCounts, cols, vals, n, v, y, l);
    y = multiplyA(rowCounts, cols, vals, n, z, l);
    orthonormalise(y, n, l);
    // Bᵀ = Aᵀ Q (v × l); C = B Bᵀ (l × l) = Σ_rows of Bᵀ outer products.
    const bt = multiplyAt(rowCounts, cols, vals, n, v, y, l);
    const c = new Float64Array(l * l);
    for (let r = 0; r < v; r++) {
      const o = r * l;
      for (let a = 0; a < l; a++) {
        const x = bt[o + a]!;
        if (x === 0) continue;
        for (let b = a; b < l; b++) c[a * l + b]! += x * bt[o + b]!;
      }
    }
    for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) c[a * l + b] = c[b * l + a]!;
    const { vectors, values } = jacobiEigen(c, l);
    const order = Array.from({ length: l }, (_, i) => i).sort((a, b) => values[b]! - values[a]!);
    // Term vectors: rows of Bᵀ U_k (= V_k Σ_k), the word's coordinates in the latent space.
    const termVectors = new Float32Array(v * k);
    for (let r = 0; r < v; r++) {
      for (let d = 0; d < k; d++) {
        const col = order[d]!;
        let s = 0;
        for (let a = 0; a < l; a++) s += bt[r * l + a]! * vectors[a * l + col]!;
        termVectors[r * k + d] = s;
      }
    }
    // Expert vectors: their own normalised row folded in, then unit length.
    const expertVectors = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const o = i * k;
      for (let j = rowCounts[i]!; j < rowCounts[i + 1]!; j++) {
        const t = cols[j]! * k;
        const x = vals[j]!;
        for (let d = 0; d < k; d++) expertVectors[o + d]! += x * termVectors[t + d]!;
      }
      normalise(expertVectors, o, k);
    }
    return new SemanticSpace(k, termRow, termVectors, expertVectors);
  }

  /** A unit vector for weighted terms (term id → weight); null when no term is in the space. */
  vectorOf(terms: ReadonlyMap<number, number>, idf: (term: number) => number): Float32Array | null {
    const out = new Float32Array(this.dims);
    let any = false;
    for (const [term, weight] of terms) {
      const row = this.termRow[term] ?? -1;
      if (row < 0) continue;
      any = true;
      const x = weight * idf(term);
      for (let d = 0; d < this.dims; d++) out[d]! += x * this.termVectors[row * this.dims + d]!;
    }
    if (!any) return null;
    normalise(out, 0, this.dims);
    return out;
  }

  /** Cosine of a unit vector with every expert, into `into`. */
  similarities(vector: Float32Array, into: Float32Array): void {
    const k = this.dims;
    const ev = this.expertVectors;
    for (let i = 0, o = 0; i < into.length; i++, o += k) {
      let s = 0;
      for (let d = 0; d < k; d++) s += ev[o + d]! * vector[d]!;
      into[i] = s;
    }
  }
}

function normalise(array: Float32Array | Float64Array, offset: number, length: number): void {
  let norm = 0;
  for (let d = 0; d < length; d++) norm += array[offset + d]! ** 2;
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (let d = 0; d < length; d++) array[offset + d]! /= norm;
}

/** A (n × v, CSR) times X (v × l, row-major) → n × l. */
function multiplyA(
  rows: Int32Array,
  cols: Int32Array,
  vals: Float32Array,
  n: number,
  x: Float64Array,
  l: number,
): Float64Array {
  const out = new Float64Array(n * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let j = rows[i]!; j < rows[i + 1]!; j++) {
      const xo = cols[j]! * l;
      const a = vals[j]!;
      for (let c = 0; c < l; c++) out[o + c]! += a * x[xo + c]!;
    }
  }
  return out;
}

/** Aᵀ (v × n) times Y (n × l) → v × l. */
function multiplyAt(
  rows: Int32Array,
  cols: Int32Array,
  vals: Float32Array,
  n: number,
  v: number,
  y: Float64Array,
  l: number,
): Float64Array {
  const out = new Float64Array(v * l);
  for (let i = 0; i < n; i++) {
    const yo = i * l;
    for (let j = rows[i]!; j < rows[i + 1]!; j++) {
      const o = cols[j]! * l;
      const a = vals[j]!;
      for (let c = 0; c < l; c++) out[o + c]! += a * y[yo + c]!;
    }
  }
  return out;
}

/** Modified Gram–Schmidt on the l columns of Y (n × l, row-major), in place. */
function orthonormalise(y: Float64Array, n: number, l: number): void {
  for (let c = 0; c < l; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += y[i * l + c]! * y[i * l + p]!;
      for (let i = 0; i < n; i++) y[i * l + c]! -= dot * y[i * l + p]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += y[i * l + c]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) y[i * l + c]! /= norm;
  }
}

/** Eigen-decomposition of a symmetric l × l matrix by cyclic Jacobi rotations. */
function jacobiEigen(matrix: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const vectors = new Float64Array(l * l);
  for (let i = 0; i < l; i++) vectors[i * l + i] = 1;
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = cos * akp - sin * akq;
          a[k * l + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = cos * apk - sin * aqk;
          a[q * l + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = vectors[k * l + p]!;
          const vkq = vectors[k * l + q]!;
          vectors[k * l + p] = cos * vkp - sin * vkq;
          vectors[k * l + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i]!;
  return { values, vectors };
}

/** A small, fast, seedable random source (mulberry32) for callers without their own. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
