/**
 * Linear fusion of the engine's channels, fitted per collection on self-supervised validation
 * needs. The plain BM25 channel has weight 1 and is never dropped; every other channel starts at
 * weight 0 and keeps a weight only when it raises validation MRR@10 by more than `minGain`, so
 * a channel that does not help a collection gets no weight.
 */

/** The channels, in feature-vector order. */
export const fusionFeatures = [
  "plainProfile",
  "plainRecord",
  "engine",
  "dense",
  "prior",
  "phrase",
  "plainWeakNorm",
] as const;
export type FusionFeature = (typeof fusionFeatures)[number];
export type FusionWeights = Record<FusionFeature, number>;

export const featureCount = fusionFeatures.length;

/** The floor alone: what an unfitted (or too small) collection uses. */
export const plainFusionWeights: FusionWeights = {
  plainProfile: 1,
  plainRecord: 0,
  engine: 0,
  dense: 0,
  prior: 0,
  phrase: 0,
  plainWeakNorm: 0,
};

/** One validation need: candidate feature vectors (row-major) and which candidates are answers. */
export interface FusionExample {
  features: Float32Array;
  relevant: Uint8Array;
}

export interface FusionFit {
  weights: FusionWeights;
  /** Validation MRR@10 of the floor alone and of the fitted weights. */
  floorMrr: number;
  fittedMrr: number;
  examples: number;
}

const grids: Record<FusionFeature, readonly number[]> = {
  plainProfile: [1],
  plainRecord: [0, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5],
  engine: [0, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2],
  dense: [0, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3],
  prior: [0, 0.02, 0.05, 0.1, 0.2],
  phrase: [0, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2],
  plainWeakNorm: [0, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 4],
};

/** Fused score of one candidate. */
export function fuse(weights: FusionWeights, features: Float32Array, offset = 0): number {
  let score = 0;
  for (let f = 0; f < featureCount; f++) score += weights[fusionFeatures[f]!] * features[offset + f]!;
  return score;
}

/**
 * The same sum with the weights as a vector in feature order: fitting evaluates a weighting over
 * every candidate of every validation need hundreds of times, and reading the weights by name
 * per candidate made that half of the fit.
 */
function fuseVector(weights: Float64Array, features: Float32Array, offset: number): number {
  let score = 0;
  for (let f = 0; f < featureCount; f++) score += weights[f]! * features[offset + f]!;
  return score;
}

/** Reciprocal rank (within the first 10) of the best-placed answer; ties count against it. */
function reciprocalRankAt10(weights: Float64Array, example: FusionExample): number {
  const count = example.relevant.length;
  let best = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < count; c++)
    if (example.relevant[c]) best = Math.max(best, fuseVector(weights, example.features, c * featureCount));
  if (best === Number.NEGATIVE_INFINITY) return 0;
  let above = 0;
  for (let c = 0; c < count && above < 10; c++) {
    if (!example.relevant[c] && fuseVector(weights, example.features, c * featureCount) >= best) above += 1;
  }
  return above < 10 ? 1 / (above + 1) : 0;
}

export function meanReciprocalRank(weights: FusionWeights, examples: readonly FusionExample[]): number {
  if (examples.length === 0) return 0;
  const vector = Float64Array.from(fusionFeatures, (feature) => weights[feature]);
  let sum = 0;
  for (const example of examples) sum += reciprocalRankAt10(vector, example);
  return sum / examples.length;
}

/** Coordinate ascent over each channel's grid, a few rounds, keeping only clear gains. */
export function fitFusion(
  examples: readonly FusionExample[],
  options: { minGain: number; rounds: number; floors?: Partial<FusionWeights> },
): FusionFit {
  let weights: FusionWeights = { ...plainFusionWeights, ...options.floors };
  const floorOf = (feature: FusionFeature) => options.floors?.[feature] ?? 0;
  const floorMrr = meanReciprocalRank(plainFusionWeights, examples);
  let bestMrr = meanReciprocalRank(weights, examples);
  for (let round = 0; round < options.rounds; round++) {
    let moved = false;
    for (const feature of fusionFeatures) {
      for (const value of grids[feature]) {
        if (value === weights[feature] || value < floorOf(feature)) continue;
        const trial = { ...weights, [feature]: value };
        const mrr = meanReciprocalRank(trial, examples);
        if (mrr > bestMrr + options.minGain) {
          bestMrr = mrr;
          weights = trial;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return { weights, floorMrr, fittedMrr: bestMrr, examples: examples.length };
}

/** Another version of one feature (the same channel with another parameter): one column per example. */
export interface FeatureVariant {
  parameter: number;
  columns: readonly Float32Array[];
}

/** The examples with `feature` replaced by `columns` (per example, one value per candidate). */
export function withFeature(
  examples: readonly FusionExample[],
  feature: FusionFeature,
  columns: readonly Float32Array[],
): FusionExample[] {
  const f = fusionFeatures.indexOf(feature);
  return examples.map((example, i) => {
    const features = example.features.slice();
    columns[i]!.forEach((value, c) => (features[c * featureCount + f] = value));
    return { features, relevant: example.relevant };
  });
}

/**
 * Chooses a channel's parameter with the fusion: each variant of `feature` is tried with the
 * other weights of `fit` held and its own weight over its grid; the best one that beats `fit` by
 * more than `minGain` is kept and the whole fusion is fitted again with it. Returns the parameter
 * chosen (null: keep the one `fit` was made with) and the fit that goes with it.
 */
export function fitFeatureVariant(
  examples: readonly FusionExample[],
  fit: FusionFit,
  feature: FusionFeature,
  variants: readonly FeatureVariant[],
  options: { minGain: number; rounds: number; floors?: Partial<FusionWeights> },
): { parameter: number | null; fit: FusionFit } {
  let best: { variant: FeatureVariant; examples: FusionExample[]; weights: FusionWeights; mrr: number } | null = null;
  for (const variant of variants) {
    const trialExamples = withFeature(examples, feature, variant.columns);
    // Weight 0 is the same for every variant: a gain there says nothing about the parameter.
    for (const value of grids[feature]) {
      if (value === 0) continue;
      const weights = { ...fit.weights, [feature]: value };
      const mrr = meanReciprocalRank(weights, trialExamples);
      if (mrr > (best?.mrr ?? fit.fittedMrr + options.minGain))
        best = { variant, examples: trialExamples, weights, mrr };
    }
  }
  if (!best) return { parameter: null, fit };
  const refit = fitFusion(best.examples, options);
  // Fitted again from the start, the ascent may settle lower than the held weights did.
  const chosen = refit.fittedMrr >= best.mrr ? refit : { ...refit, weights: best.weights, fittedMrr: best.mrr };
  return { parameter: best.variant.parameter, fit: chosen };
}
