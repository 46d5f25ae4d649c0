import { describe, expect, it } from "vitest";
import { FeedbackModel, needWordSet } from "../../../../matching/scoring/feedback.js";

describe("FeedbackModel", () => {
  const model = new FeedbackModel([
    { needKey: "N1", expertKey: "E1", outcome: "declined" },
    { needKey: "N0", expertKey: "E2", outcome: "solved", needText: "锂电池正极材料循环寿命" },
  ]);
  const words = () => needWordSet("锂电池正极材料包覆改性");

  it("sinks a declined pair, only for that need", () => {
    expect(model.effect("N1", words, "E1", 0.1, 0.5)?.factor).toBe(0.1);
    expect(model.effect("N9", words, "E1", 0.1, 0.5)).toBeNull();
  });

  it("lifts an expert who solved a similar need, in proportion to similarity", () => {
    const lift = model.effect("N2", words, "E2", 0.1, 0.5);
    expect(lift?.factor).toBeGreaterThan(1);
    expect(lift?.factor).toBeLessThanOrEqual(1.5);
    expect(model.effect("N3", () => needWordSet("乌龙茶香气"), "E2", 0.1, 0.5)).toBeNull();
  });

  it("says what each factor stands on: this need declined, this need engaged, a similar need", () => {
    expect(model.effect("N1", words, "E1", 0.1, 0.5)?.basis).toBe("declined");
    expect(model.effect("N2", words, "E2", 0.1, 0.5)).toMatchObject({ basis: "similar_need" });
    // The solved need itself, asked about again: the expert is engaged on it, not on a similar one.
    const own = model.effect("N0", words, "E2", 0.1, 0.5);
    expect(own).toEqual({ factor: 1.5, basis: "this_need", reasons: ["solved on this need"] });
  });
});

describe("FeedbackModel with the collection's word weights", () => {
  // In a real collection 加工 and 提升 occur everywhere (low idf); 中药 and 机床 are specific.
  const idf: Record<string, number> = { 加工: 0.3, 提升: 0.3, 工艺: 0.4 };
  const weight = (word: string) => idf[word] ?? 3;
  const model = new FeedbackModel(
    [{ needKey: "N0", expertKey: "E", outcome: "accepted", needText: "中药材加工工艺提升" }],
    weight,
  );

  it("does not lift an expert for a need that shares only generic words", () => {
    expect(model.effect("N1", () => needWordSet("机床加工精度提升"), "E", 0.1, 0.5)).toBeNull();
  });

  it("still lifts them for a need about the same thing", () => {
    expect(model.effect("N2", () => needWordSet("中药材加工"), "E", 0.1, 0.5)?.factor).toBeGreaterThan(1.2);
  });
});
