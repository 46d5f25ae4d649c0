import { describe, expect, it } from "vitest";
import { recencyFactor } from "../../../../matching/scoring/recency.js";

describe("recencyFactor", () => {
  it("is 1 for this year's evidence and halves towards the floor every half-life", () => {
    expect(recencyFactor(2026, 2026, 10, 0.5)).toBe(1);
    expect(recencyFactor(2016, 2026, 10, 0.5)).toBeCloseTo(0.75);
    expect(recencyFactor(1906, 2026, 10, 0.5)).toBeGreaterThanOrEqual(0.5);
  });

  it("treats an unknown year as one half-life old and a future year as new", () => {
    expect(recencyFactor(null, 2026, 10, 0.5)).toBeCloseTo(0.75);
    expect(recencyFactor(2030, 2026, 10, 0.5)).toBe(1);
  });
});
