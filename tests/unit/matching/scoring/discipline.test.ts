import { describe, expect, it } from "vitest";
import { disciplineAgreement, disciplineKey } from "../../../../matching/scoring/discipline.js";

describe("disciplineAgreement", () => {
  it("is 1 for the same discipline across scripts", () => {
    expect(disciplineAgreement("计算机科学", ["計算機科學"]).agreement).toBe(1);
    expect(disciplineAgreement("Computer Science", ["computer  science"]).agreement).toBe(1);
  });

  it("ignores spaces and punctuation inside discipline names", () => {
    expect(disciplineKey("马列·科社")).toBe(disciplineKey("马列科社"));
    expect(disciplineAgreement("马列·科社", ["马列•科社"]).agreement).toBe(1);
    expect(disciplineAgreement("民族问题研究", ["民族问题\n研究"]).agreement).toBe(1);
  });

  it("gives partial credit for shared words and none for unrelated disciplines", () => {
    const partial = disciplineAgreement("应用经济", ["理论经济"]);
    expect(partial.agreement).toBeGreaterThan(0);
    expect(partial.agreement).toBeLessThan(1);
    expect(partial.matched).toBe("理论经济");
    expect(disciplineAgreement("法学", ["体育学"]).agreement).toBe(0);
    expect(disciplineAgreement("", ["法学"]).agreement).toBe(0);
  });

  it("does not relate disciplines that share only a word most discipline names carry", () => {
    // The demo showed 学科一致 for 材料科学与工程 against 船舶与海洋工程 and 电气工程: all they share is 工程.
    expect(disciplineAgreement("材料科学与工程", ["船舶与海洋工程"]).agreement).toBe(0);
    expect(disciplineAgreement("动力工程及工程热物理", ["光学工程"]).agreement).toBe(0);
    expect(disciplineAgreement("民族问题研究", ["国际问题研究"]).agreement).toBe(0);
    expect(disciplineAgreement("Computer Science", ["Political Science"]).agreement).toBe(0);
    expect(disciplineAgreement("材料科学与工程", ["材料物理与化学"]).agreement).toBeGreaterThan(0);
  });

  it("compares the words of English names, not one glued word", () => {
    expect(disciplineAgreement("Computer Science", ["Computer Engineering"])).toEqual({
      agreement: 0.5,
      matched: "Computer Engineering",
    });
  });

  it("gives an expert with no known discipline the prior, not the score of a different discipline", () => {
    expect(disciplineAgreement("法学", [], 0.5)).toEqual({ agreement: 0.5, matched: null });
    // Placeholders name no discipline.
    expect(disciplineAgreement("法学", ["0", " "], 0.5)).toEqual({ agreement: 0.5, matched: null });
    expect(disciplineAgreement("法学", ["0", "体育学"], 0.5).agreement).toBe(0);
    expect(disciplineAgreement("法学", []).agreement).toBe(0);
  });

  it("agrees with no one when the need has no discipline", () => {
    expect(disciplineAgreement(undefined, [], 0.5).agreement).toBe(0);
    expect(disciplineAgreement("0", ["法学"], 0.5).agreement).toBe(0);
  });
});
