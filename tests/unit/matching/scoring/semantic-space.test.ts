import { describe, expect, it } from "vitest";
import { ExpertMatcher, type ExpertProfile } from "../../../../matching/index.js";
import { seededRandom } from "../../../../matching/scoring/semantic-space.js";

const experts: ExpertProfile[] = [
  { key: "cathode", name: "A", evidence: [{ title: "锂电池正极材料" }, { title: "锂电池隔膜" }] },
  { key: "electrolyte", name: "B", evidence: [{ title: "锂电池电解液" }, { title: "电解液添加剂" }] },
  { key: "tea", name: "C", evidence: [{ title: "乌龙茶香气" }, { title: "茶叶加工" }] },
  { key: "tea2", name: "D", evidence: [{ title: "乌龙茶做青工艺" }, { title: "茶叶香气" }] },
];
const clock = { now: () => new Date("2026-01-01T00:00:00Z") };
const weights = { semanticDims: 2, semantic: 5, semanticCandidates: 4 };

describe("semantic space (LSA over the instance's own texts)", () => {
  it("finds an expert through related words the need does not contain", () => {
    const matcher = new ExpertMatcher({ experts, clock, weights });
    const matches = matcher.matchNeed({ key: "n", title: "正极" }, { top: 4, explain: true });
    const similarity = (key: string) => matches.find((m) => m.expertKey === key)?.explanation?.semanticSimilarity ?? -1;
    // "electrolyte" never says 正极, but shares 锂电池 with the expert who does.
    expect(similarity("electrolyte")).toBeGreaterThan(similarity("tea"));
    expect(matches.map((m) => m.expertKey).indexOf("electrolyte")).toBeLessThan(
      matches.map((m) => m.expertKey).indexOf("tea") === -1 ? Infinity : matches.map((m) => m.expertKey).indexOf("tea"),
    );
  });

  it("is deterministic for the same random source and off by default", () => {
    const a = new ExpertMatcher({ experts, clock, weights, random: seededRandom(7) }).matchNeed(
      { key: "n", title: "正极" },
      { top: 4 },
    );
    const b = new ExpertMatcher({ experts, clock, weights, random: seededRandom(7) }).matchNeed(
      { key: "n", title: "正极" },
      { top: 4 },
    );
    expect(a).toEqual(b);
    const off = new ExpertMatcher({ experts, clock }).matchNeed({ key: "n", title: "正极" }, { top: 4, explain: true });
    expect(off.map((m) => m.expertKey)).toEqual(["cathode"]);
    expect(off[0]!.explanation!.semanticSimilarity).toBe(0);
  });
});
