import { describe, expect, it } from "vitest";
import { ExpertMatcher, type ExpertProfile, type NeedProfile } from "../../../../matching/index.js";

const clock = { now: () => new Date("2026-01-01T00:00:00Z") };
const expert = (key: string, title: string): ExpertProfile => ({
  key,
  name: key,
  organization: `${key} 大学`,
  evidence: [{ title, year: 2023 }],
});
const matcher = new ExpertMatcher({
  clock,
  experts: [
    expert("a", "海上风电叶片复合材料疲劳"),
    expert("b", "风电叶片复合材料损伤检测"),
    expert("c", "风电场功率预测"),
  ],
});
const need: NeedProfile = { key: "n", title: "风电叶片复合材料" };

describe("matchNeed options", () => {
  it("never returns experts excluded for this call, and keeps the others' order and scores", () => {
    const all = matcher.matchNeed(need, { top: 10 });
    const without = matcher.matchNeed(need, { top: 10, excludeExperts: new Set([all[0]!.expertKey]) });
    expect(without).toEqual(all.slice(1));
  });

  it("scores only the requested experts, with the same score as in the full ranking", () => {
    const all = matcher.matchNeed(need, { top: 10 });
    const last = all.at(-1)!;
    const [only, ...none] = matcher.matchNeed(need, { top: 10, explain: true, onlyExperts: new Set([last.expertKey]) });
    expect(none).toEqual([]);
    expect(only).toMatchObject({ expertKey: last.expertKey, score: last.score });
    expect(only?.explanation?.matchedTerms.length).toBeGreaterThan(0);
  });
});
