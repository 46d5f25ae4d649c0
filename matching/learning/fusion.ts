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

/** Reciprocal rank (within the first 10) of the best-placed answer; ties count against it. */
export function reciprocalRankAt10(weights: FusionWeights, example: FusionExample): number {
  const count = example.relevant.length;
  let best = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < count; c++)
    if (example.relevant[c]) best = Math.max(best, fuse(weights, example.features, c * featureCount));
  if (best === Number.NEGATIVE_INFINITY) return 0;
  let above = 0;
  for (let c = 0; c < count && above < 10; c++) {
    if (!example.relevant[c] && fuse(weights, example.features, c * featureCount) >= best) above += 1;
  }
  return above < 10 ? 1 / (above + 1) : 0;
}

export function meanReciprocalRank(weights: FusionWeights, examples: readonly FusionExample[]): number {
  if (examples.length === 0) return 0;
  let sum = 0;
  for (const example of examples) sum += reciprocalRankAt10(weights, example);
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
