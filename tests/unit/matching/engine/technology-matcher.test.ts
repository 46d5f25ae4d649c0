import { describe, expect, it } from "vitest";
import { TechnologyMatcher, type NeedProfile, type TechnologyProfile } from "../../../../matching/index.js";

const clock = { now: () => new Date("2026-01-01T00:00:00Z") };

const technologies: TechnologyProfile[] = [
  {
    key: "coating",
    title: "高鎳三元正極材料表面包覆技術",
    abstract: "原子層沉積氧化鋁包覆，提升鋰電池循環壽命與熱穩定性。",
    keywords: ["鋰電池", "正極材料"],
    discipline: "材料科学与工程",
    organization: "國立清華大學",
    region: "台湾",
    year: 2024,
  },
  {
    key: "recycling",
    title: "废旧锂电池正极材料湿法回收",
    keywords: ["锂电池", "回收"],
    discipline: "化学工程",
    organization: "宁德某电池材料有限公司",
    region: "宁德",
  },
  { key: "tea", title: "白茶萎凋智能控制系统", keywords: ["白茶"], discipline: "园艺学", organization: "福建农林大学" },
];

const need: NeedProfile = {
  key: "n1",
  title: "锂电池高镍正极材料表面改性",
  description: "提升高镍三元正极材料循环寿命",
  keywords: ["锂电池", "正极材料"],
  discipline: "材料科学与工程",
  region: "福建",
  track: "straits",
};

describe("TechnologyMatcher", () => {
  const matcher = new TechnologyMatcher({ technologies, clock });

  it("ranks a Traditional-Chinese technology first for a Simplified need, explained by its matched terms", () => {
    const [top, ...rest] = matcher.matchNeed(need, { top: 10, explain: true });
    expect(top?.technologyKey).toBe("coating");
    expect(top?.explanation?.matchedTerms).toEqual(expect.arrayContaining(["锂电池"]));
    expect(top?.explanation?.policy?.track).toBe("straits");
    expect(rest.map((m) => m.technologyKey)).not.toContain("tea");
  });

  it("never proposes a technology of the need's own organization", () => {
    const own = matcher.matchNeed({ ...need, enterprise: "宁德某电池材料有限公司" }, { top: 10 });
    expect(own.map((m) => m.technologyKey)).not.toContain("recycling");
    expect(matcher.matchNeed(need, { top: 10 }).map((m) => m.technologyKey)).toContain("recycling");
  });

  it("does not propose a technology that shares a single word with a detailed need", () => {
    const withStray = new TechnologyMatcher({
      clock,
      technologies: [...technologies, { key: "stray", title: "金属硫蛋白分离纯化", keywords: ["蛋白"] }],
    });
    const detailed = { ...need, description: "提升高镍三元正极材料循环寿命，改善金属离子混排与热稳定性" };
    expect(withStray.matchNeed(detailed, { top: 10 }).map((m) => m.technologyKey)).not.toContain("stray");
    expect(withStray.matchNeed({ key: "short", title: "金属蛋白" }, { top: 10 }).map((m) => m.technologyKey)).toContain(
      "stray",
    );
  });

  it("scores within [0, 1) in descending order", () => {
    const scores = matcher.matchNeed(need, { top: 10 }).map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score >= 0 && score < 1).toBe(true);
  });
});
