import { describe, expect, it } from "vitest";
import {
  defaultMatchingWeights,
  ExpertMatcher,
  type ExpertProfile,
  type NeedProfile,
} from "../../../../matching/index.js";

const clock = { now: () => new Date("2026-01-01T00:00:00Z") };

const experts: ExpertProfile[] = [
  {
    key: "battery",
    name: "林海",
    organization: "厦门大学",
    region: "厦门",
    disciplines: ["化学"],
    evidence: [
      { title: "高镍三元正极材料的结构稳定性与循环寿命", year: 2022 },
      { title: "锂离子电池正极材料表面包覆改性", year: 2020 },
    ],
  },
  {
    key: "battery-old",
    name: "王磊",
    organization: "福州大学",
    region: "福州",
    disciplines: ["化学"],
    evidence: [{ title: "锂离子电池正极材料表面包覆改性", year: 1995 }],
  },
  {
    key: "many-weak",
    name: "李多",
    organization: "某研究院",
    region: "北京",
    evidence: Array.from({ length: 12 }, (_, i) => ({ title: `材料科学综述第${i + 1}篇：电池产业政策`, year: 2020 })),
  },
  {
    key: "taiwan-network",
    name: "張志明",
    organization: "國立臺灣大學",
    region: "台灣",
    disciplines: ["資訊工程"],
    evidence: [{ title: "軟體定義網路的流量排程與負載平衡", year: 2021 }],
  },
  {
    key: "mainland-network",
    name: "刘网",
    organization: "东南大学",
    region: "南京",
    disciplines: ["计算机"],
    evidence: [{ title: "软件定义网络流量调度", year: 2021 }],
  },
  {
    key: "english-imaging",
    name: "Grace Tan",
    organization: "National University of Singapore",
    region: "新加坡",
    evidence: [
      {
        title: "Deep learning for medical image segmentation",
        abstract: "Convolutional networks segment tumours in CT images.",
        year: 2022,
      },
    ],
  },
  {
    key: "english-finance",
    name: "John Smith",
    organization: "LSE",
    region: "英国",
    evidence: [{ title: "Learning rates in corporate finance markets", year: 2022 }],
  },
  {
    key: "tea",
    name: "陈茗",
    organization: "福建农林大学",
    region: "福州",
    evidence: [{ title: "乌龙茶做青工艺对香气品质的影响", year: 2021 }],
  },
];

const batteryNeed: NeedProfile = {
  key: "N1",
  title: "锂电池正极材料循环寿命提升",
  description: "三元正极材料表面包覆改性",
  discipline: "化学",
};
const keys = (matches: { expertKey: string }[]) => matches.map((m) => m.expertKey);

describe("ExpertMatcher", () => {
  const matcher = new ExpertMatcher({ experts, clock });

  it("ranks the expert with the most relevant evidence first, above many weak documents", () => {
    const ranked = keys(matcher.matchNeed(batteryNeed, { top: 5 }));
    expect(ranked[0]).toBe("battery");
    expect(ranked.indexOf("battery")).toBeLessThan(
      ranked.indexOf("many-weak") === -1 ? Infinity : ranked.indexOf("many-weak"),
    );
  });

  it("prefers recent evidence when the texts are equally relevant", () => {
    const ranked = keys(matcher.matchNeed({ key: "N", title: "锂离子电池正极材料表面包覆改性" }, { top: 5 }));
    expect(ranked.indexOf("battery")).toBeLessThan(ranked.indexOf("battery-old"));
  });

  it("matches a Traditional-Chinese profile to a Simplified need", () => {
    const ranked = keys(matcher.matchNeed({ key: "N3", title: "软件定义网络的流量负载平衡" }, { top: 3 }));
    expect(ranked.slice(0, 2)).toContain("taiwan-network");
  });

  it("matches an English profile to an English need", () => {
    const ranked = keys(
      matcher.matchNeed({ key: "N4", title: "Segmenting medical images with deep learning" }, { top: 3 }),
    );
    expect(ranked[0]).toBe("english-imaging");
  });

  it("never proposes the need's own organisation or a declared conflict", () => {
    const withConflicts = new ExpertMatcher({
      experts,
      clock,
      conflicts: [{ needKey: "N1", expertKey: "battery-old" }],
    });
    const ranked = keys(withConflicts.matchNeed({ ...batteryNeed, enterprise: "厦门大学" }, { top: 10 }));
    expect(ranked).not.toContain("battery");
    expect(ranked).not.toContain("battery-old");
    expect(keys(withConflicts.matchNeed({ ...batteryNeed, key: "N2" }, { top: 10 }))).toContain("battery-old");
  });

  it("sinks a declined pair and lifts an expert who solved a similar need", () => {
    const declined = new ExpertMatcher({
      experts,
      clock,
      feedback: [{ needKey: "N1", expertKey: "battery", outcome: "declined" }],
    });
    expect(keys(declined.matchNeed(batteryNeed, { top: 5 }))[0]).not.toBe("battery");
    const base = matcher.matchNeed(batteryNeed, { top: 5 }).find((m) => m.expertKey === "battery-old")!.score;
    const lifted = new ExpertMatcher({
      experts,
      clock,
      feedback: [{ needKey: "N0", expertKey: "battery-old", outcome: "solved", needText: "锂电池正极材料包覆" }],
    });
    expect(lifted.matchNeed(batteryNeed, { top: 5 }).find((m) => m.expertKey === "battery-old")!.score).toBeGreaterThan(
      base,
    );
  });

  it("favours the Taiwan expert on the straits track for a Fujian need", () => {
    const need: NeedProfile = { key: "N5", title: "软件定义网络流量", region: "福州" };
    const ratio = (ranked: { expertKey: string; score: number }[]) =>
      ranked.find((m) => m.expertKey === "taiwan-network")!.score /
      ranked.find((m) => m.expertKey === "mainland-network")!.score;
    const plain = ratio(matcher.matchNeed(need, { top: 2 }));
    const straits = ratio(matcher.matchNeed({ ...need, track: "straits" }, { top: 2 }));
    // Both texts match (軟體 = 软件 after normalisation); the track lifts the Taiwan expert by its factor.
    expect(straits / plain).toBeCloseTo(defaultMatchingWeights.policyBoost, 5);
  });

  it("reads an unknown discipline as neither agreement nor disagreement", () => {
    const law = (key: string, disciplines?: string[]): ExpertProfile => ({
      key,
      name: key,
      ...(disciplines ? { disciplines } : {}),
      evidence: [{ title: "公司决议瑕疵的法律规制", year: 2020 }],
    });
    // "other" comes before "unknown", so a tie (unknown read as different) would rank it first.
    const pool = [law("same", ["法学"]), law("other", ["体育学"]), law("unknown")];
    const need: NeedProfile = { key: "N", title: "公司决议瑕疵法律规制研究", discipline: "法学" };
    const ranked = new ExpertMatcher({ experts: pool, clock }).matchNeed(need, { top: 3, explain: true });
    expect(keys(ranked)).toEqual(["same", "unknown", "other"]);
    expect(ranked[1]!.explanation!.discipline).toMatchObject({
      expert: null,
      agreement: defaultMatchingWeights.disciplineUnknown,
    });
  });

  it("lowers experts with no remaining capacity", () => {
    const full = experts.map((e) => (e.key === "battery" ? { ...e, capacity: 1, activeEngagements: 1 } : e));
    const busy = new ExpertMatcher({ experts: full, clock });
    const score = (m: ExpertMatcher) =>
      m.matchNeed(batteryNeed, { top: 5 }).find((x) => x.expertKey === "battery")!.score;
    expect(score(busy)).toBeLessThan(score(matcher));
  });

  it("explains a match with the evidence, terms, discipline and policy that produced it", () => {
    const [best] = matcher.matchNeed({ ...batteryNeed, track: "assist", region: "泉州" }, { top: 1, explain: true });
    const explanation = best!.explanation!;
    expect(explanation.evidence[0]!.title).toMatch(/正极材料/);
    expect(explanation.evidence[0]!.matchedTerms).toContain("正极");
    expect(explanation.matchedTerms.length).toBeGreaterThan(0);
    expect(explanation.discipline).toMatchObject({ expert: "化学", agreement: 1 });
    expect(explanation.policy).toMatchObject({ track: "assist" });
    // The fused text score is exactly the weighted sum of the channels it shows.
    const weighted = explanation.channels.reduce((sum, channel) => sum + channel.weight * channel.value, 0);
    expect(explanation.textScore).toBeCloseTo(weighted, 5);
    expect(explanation.channels.map((c) => c.name)).toContain("plainProfile");
  });

  it("explains with words as written: no stems, no pairs across two words, no profile blob as a record", () => {
    const vision: ExpertProfile = {
      key: "vision",
      name: "Ada Chen",
      keywords: ["defect detection", "machine vision"],
      bio: "Works on industrial vision.",
      evidence: [{ title: "Surface inspection of ceramic tiles with deep learning", year: 2023 }],
    };
    const classifier: ExpertProfile = {
      key: "classifier",
      name: "周敏",
      evidence: [
        { title: "基于深度学习的性能分析", year: 2022 },
        { title: "材料智能分类方法", year: 2021 },
      ],
    };
    const engine = new ExpertMatcher({ experts: [vision, classifier, ...experts], clock });
    const [english] = engine.matchNeed(
      { key: "tiles", title: "Machine vision for surface defect detection of ceramic tiles" },
      { top: 1, explain: true },
    );
    expect(english!.expertKey).toBe("vision");
    const explanation = english!.explanation!;
    expect(explanation.matchedTerms).toEqual(expect.arrayContaining(["machine", "vision", "surface", "ceramic"]));
    for (const stem of ["machin", "surfac", "ceram", "defect detect"])
      expect(explanation.matchedTerms).not.toContain(stem);
    // The keywords and bio count towards the matched words but are not listed as a record.
    expect(explanation.evidence.map((e) => e.title)).toEqual([
      "Surface inspection of ceramic tiles with deep learning",
    ]);
    expect(explanation.evidence[0]!.matchedTerms).toEqual(expect.arrayContaining(["surface", "ceramic", "tiles"]));

    const [chinese] = engine.matchNeed({ key: "sort", title: "智能分类系统" }, { top: 1, explain: true });
    expect(chinese!.expertKey).toBe("classifier");
    expect(chinese!.explanation!.matchedTerms).toContain("智能");
    expect(chinese!.explanation!.matchedTerms).not.toContain("能分");
  });

  it("finds experts who write in another language through the synonym groups, and says so in their words", () => {
    const overseas: ExpertProfile = {
      key: "overseas",
      name: "Grace Lin",
      evidence: [{ title: "Machine learning for lithium battery state of health estimation", year: 2023 }],
    };
    const taiwan: ExpertProfile = {
      key: "taiwan-vision",
      name: "謝明哲",
      evidence: [{ title: "機器視覺應用於瓷磚瑕疵檢測", year: 2022 }],
    };
    const engine = new ExpertMatcher({ experts: [overseas, taiwan, ...experts], clock });
    const chinese = engine.matchNeed(
      { key: "soh", title: "基于机器学习的锂电池健康状态估计" },
      { top: 10, explain: true },
    );
    const found = chinese.find((m) => m.expertKey === "overseas");
    expect(found).toBeDefined();
    expect(found!.explanation!.matchedTerms).toEqual(expect.arrayContaining(["machine", "learning", "lithium"]));
    // Machine learning and lithium battery in its own words outrank experts who share only 电池.
    const rank = (key: string) => chinese.findIndex((m) => m.expertKey === key);
    expect(rank("overseas")).toBeLessThan(rank("battery"));
    expect(rank("overseas")).toBeLessThan(rank("battery-old"));

    // Words of a wording are not the wording: "model" and "large" are not 大语言模型.
    const turbines = new ExpertMatcher({
      experts: [
        { key: "wind", name: "W", evidence: [{ title: "Model predictive control of large wind turbines" }] },
        { key: "llm", name: "L", evidence: [{ title: "Large language model alignment" }] },
      ],
      clock,
    });
    expect(turbines.matchNeed({ key: "llm", title: "大语言模型" }, { top: 5 }).map((m) => m.expertKey)).toEqual([
      "llm",
    ]);

    const english = engine.matchNeed({ key: "tiles", title: "machine vision inspection of tiles" }, { top: 10 });
    expect(english.map((m) => m.expertKey)).toContain("taiwan-vision");
  });

  it("is deterministic and returns scores in [0, 1) sorted descending", () => {
    const a = matcher.matchNeed(batteryNeed, { top: 8 });
    const b = new ExpertMatcher({ experts, clock }).matchNeed(batteryNeed, { top: 8 });
    expect(a).toEqual(b);
    const scores = a.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    for (const s of scores) expect(s >= 0 && s < 1).toBe(true);
  });

  it("returns nothing for a need with no known terms", () => {
    expect(matcher.matchNeed({ key: "N", title: "？？？" }, { top: 5 })).toEqual([]);
  });
});
