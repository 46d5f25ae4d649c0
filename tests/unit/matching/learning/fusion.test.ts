import { describe, expect, it } from "vitest";
import {
  featureCount,
  fitFeatureVariant,
  fitFusion,
  meanReciprocalRank,
  plainFusionWeights,
  type FusionExample,
} from "../../../../matching/learning/fusion.js";
import { seededRandom } from "../../../../matching/learning/seeded-random.js";

/**
 * Examples where the answer has a noisy plain score, a clearly higher "engine" value, and the
 * dense and record channels are pure noise.
 */
function examples(count: number, seed: number): FusionExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const candidates = 30;
    const features = new Float32Array(candidates * featureCount);
    const relevant = new Uint8Array(candidates);
    relevant[0] = 1;
    for (let c = 0; c < candidates; c++) {
      features[c * featureCount] = random();
      features[c * featureCount + 1] = random();
      features[c * featureCount + 2] = random() * 0.5 + (c === 0 ? 0.5 : 0);
      features[c * featureCount + 3] = random();
      features[c * featureCount + 4] = random();
    }
    return { features, relevant };
  });
}

describe("fusion fitted on validation needs", () => {
  it("gives weight to a channel that separates the answers and none to noise", () => {
    const fit = fitFusion(examples(300, 1), { minGain: 0.002, rounds: 3 });
    expect(fit.weights.plainProfile).toBe(1);
    expect(fit.weights.engine).toBeGreaterThan(0.5);
    expect(fit.weights.dense).toBe(0);
    expect(fit.fittedMrr).toBeGreaterThan(fit.floorMrr);
    // And the gain holds on examples it was not fitted on.
    const unseen = examples(300, 2);
    expect(meanReciprocalRank(fit.weights, unseen)).toBeGreaterThan(meanReciprocalRank(plainFusionWeights, unseen));
  });

  it("never ends below the plain channel on its validation needs", () => {
    const noise = examples(200, 3).map((e) => ({
      ...e,
      relevant: Uint8Array.from(e.relevant, (_, i) => (i === 5 ? 1 : 0)),
    }));
    const fit = fitFusion(noise, { minGain: 0.002, rounds: 3 });
    expect(fit.fittedMrr).toBeGreaterThanOrEqual(fit.floorMrr);
  });

  it("keeps a channel's floor weight", () => {
    const fit = fitFusion(examples(100, 4), { minGain: 0.002, rounds: 3, floors: { dense: 0.1 } });
    expect(fit.weights.dense).toBeGreaterThanOrEqual(0.1);
  });

  it("chooses a channel's parameter with the fusion: the variant that separates the answers, none when no variant helps", () => {
    const base = examples(300, 5);
    const fit = fitFusion(base, { minGain: 0.002, rounds: 3 });
    const column = (example: FusionExample, answerLift: number, random: () => number) =>
      Float32Array.from(example.relevant, (answer) => random() * 0.5 + (answer ? answerLift : 0));
    const random = seededRandom(6);
    const noise = { parameter: 0.5, columns: base.map((e) => column(e, 0, random)) };
    const telling = { parameter: 0.2, columns: base.map((e) => column(e, 0.5, random)) };
    const options = { minGain: 0.002, rounds: 3 };

    const chosen = fitFeatureVariant(base, fit, "plainWeakNorm", [noise, telling], options);
    expect(chosen.parameter).toBe(0.2);
    expect(chosen.fit.weights.plainWeakNorm).toBeGreaterThan(0);
    expect(chosen.fit.fittedMrr).toBeGreaterThan(fit.fittedMrr + 0.002);

    const unchanged = fitFeatureVariant(base, fit, "plainWeakNorm", [noise], options);
    expect(unchanged.parameter).toBeNull();
    expect(unchanged.fit).toBe(fit);
  });
});
