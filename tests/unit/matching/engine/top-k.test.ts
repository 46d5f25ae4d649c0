import { describe, expect, it } from "vitest";
import { topK } from "../../../../matching/engine/top-k.js";
import { seededRandom } from "../../../../matching/learning/seeded-random.js";

describe("topK", () => {
  it("returns the same k items, in the same order, as a full sort (ties to the lower item)", () => {
    const random = seededRandom(3);
    for (const [n, k] of [
      [1000, 10],
      [50, 200],
      [5000, 200],
      [300, 300],
    ] as const) {
      const items = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
      // Few distinct values, so ties are common.
      const scores = Float64Array.from({ length: n }, () => Math.floor(random() * 40));
      const expected = [...items].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, k);
      expect(topK(items, scores, k)).toEqual(expected);
    }
  });

  it("keeps the best k when every new item beats the ones before it (each replaces the worst kept)", () => {
    const items = Int32Array.from({ length: 2000 }, (_, i) => i);
    const rising = Float32Array.from(items, (i) => i / 7);
    expect(topK(items, rising, 5)).toEqual([1999, 1998, 1997, 1996, 1995]);
    const falling = Float32Array.from(items, (i) => -i);
    expect(topK(items, falling, 3)).toEqual([0, 1, 2]);
  });

  it("returns nothing for k ≤ 0 or no items", () => {
    expect(topK([1, 2], [1, 1, 1], 0)).toEqual([]);
    expect(topK([], [], 5)).toEqual([]);
  });
});
