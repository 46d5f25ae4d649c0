import { describe, expect, it } from "vitest";
import { disciplineAgreement } from "../../../../matching/scoring/discipline.js";

describe("disciplineAgreement", () => {
  it("is 1 for the same discipline across scripts", () => {
    expect(disciplineAgreement("计算机科学", ["計算機科學"]).agreement).toBe(1);
    expect(disciplineAgreement("Computer Science", ["computer  science"]).agreement).toBe(1);
  });

  it("gives partial credit for shared words and none for unrelated disciplines", () => {
    const partial = disciplineAgreement("应用经济", ["理论经济"]);
    expect(partial.agreement).toBeGreaterThan(0);
    expect(partial.agreement).toBeLessThan(1);
    expect(partial.matched).toBe("理论经济");
    expect(disciplineAgreement("法学", ["体育学"]).agreement).toBe(0);
    expect(disciplineAgreement("", ["法学"]).agreement).toBe(0);
  });
});
