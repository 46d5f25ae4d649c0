import { describe, expect, it } from "vitest";
import { aggregateEvidence } from "../../../../matching/scoring/aggregation.js";

describe("aggregateEvidence", () => {
  it("lets one highly relevant document outweigh many weak ones", () => {
    const strong = aggregateEvidence([10], 1, 0.3, 3);
    const manyWeak = aggregateEvidence(
      Array.from({ length: 20 }, () => 2),
      1,
      0.3,
      3,
    );
    expect(strong).toBeGreaterThan(manyWeak);
  });

  it("counts the best fully and the next ones with a geometric decay, top k only", () => {
    expect(aggregateEvidence([1, 4, 2, 8], 1, 0.5, 3)).toBeCloseTo(8 + 0.5 * 4 + 0.25 * 2);
  });

  it("ignores non-positive scores and returns 0 without evidence", () => {
    expect(aggregateEvidence([], 1, 0.3, 3)).toBe(0);
    expect(aggregateEvidence([0, -1], 1, 0.3, 3)).toBe(0);
  });
});
