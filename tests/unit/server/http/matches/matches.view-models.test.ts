import { describe, expect, it } from "vitest";
import type { MatchExplanation } from "../../../../../matching/index.js";
import type { Expert } from "../../../../../server/knowledge/knowledge.types.js";
import type { MatchingModelStatus } from "../../../../../server/matches/engine-host.js";
import {
  modelUpdatingNotice,
  presentExplanation,
  presentNeedMatches,
  weakMatchBelow,
} from "../../../../../server/http/matches/matches.view-models.js";

const explanation = (changes: Partial<MatchExplanation> = {}): MatchExplanation => ({
  evidenceScore: 1,
  profileScore: 1,
  semanticSimilarity: 0,
  textScore: 1,
  channels: [],
  closestRecord: null,
  evidence: [
    { title: "一种混合键合方法", type: "patent", year: 2022, score: 1, recency: 1, matchedTerms: [] },
    { title: "未知类型成果", type: "poster", year: null, score: 1, recency: 1, matchedTerms: [] },
  ],
  matchedTerms: ["有限元", "有限", "仿真", "张网"],
  discipline: { need: "力学", expert: "力学", agreement: 1, factor: 1.1 },
  policy: null,
  capacity: null,
  feedback: null,
  ...changes,
});

describe("presentExplanation", () => {
  it("is absent when the ranking has no explanation", () => {
    expect(presentExplanation("en", null)).toBeNull();
  });

  it("drops character pairs already shown inside a longer matched word", () => {
    expect(presentExplanation("en", explanation())!.terms).toEqual(["有限元", "仿真", "张网"]);
  });

  it("labels evidence by type and year, an unknown type as another output", () => {
    expect(presentExplanation("en", explanation())!.evidence).toEqual([
      { title: "一种混合键合方法", meta: "Patent · 2022" },
      { title: "未知类型成果", meta: "Output" },
    ]);
  });

  it("says whether feedback came from this need or a similar one", () => {
    const note = (basis: "declined" | "this_need" | "similar_need", factor: number) =>
      presentExplanation("en", explanation({ feedback: { factor, basis, reasons: [] } }))!.notes.at(-1);
    expect(note("declined", 0.1)).toBe("Declined this need before: ranked lower");
    expect(note("this_need", 1.5)).toBe("Engaged on this need: ranked higher");
    expect(note("similar_need", 1.3)).toBe("Engaged on a similar need before: ranked higher");
  });

  it("names every factor that moved the score, and only those", () => {
    const quiet = explanation({ discipline: { need: "力学", expert: null, agreement: 0, factor: 1 } });
    expect(presentExplanation("en", quiet)!.notes).toEqual([]);
    const busy = explanation({
      policy: { track: "straits", factor: 1.2, reason: "raw reason" },
      capacity: { capacity: 3, active: 3, factor: 0.5 },
    });
    expect(presentExplanation("en", busy)!.notes).toEqual([
      "Same discipline: 力学",
      "Cross-strait track: Fujian–Taiwan pairs favoured",
      "Fully engaged (3/3): ranked lower",
    ]);
    // A partial agreement is a related discipline, not the same one.
    const related = explanation({ discipline: { need: "应用经济", expert: "理论经济", agreement: 0.25, factor: 1.1 } });
    expect(presentExplanation("zh-CN", related)!.notes).toEqual(["相近学科：理论经济"]);
    const unknownTrack = explanation({ policy: { track: "pilot", factor: 0.9, reason: "试点赛道" } });
    expect(presentExplanation("zh-CN", unknownTrack)!.notes).toContain("试点赛道");
  });
});

describe("presentNeedMatches", () => {
  const expert = (id: number): Expert => ({
    id,
    externalId: null,
    userId: null,
    name: `专家${id}`,
    organization: "福州大学",
    title: "教授",
    region: "福建",
    disciplines: [],
    keywords: [],
    bio: "",
    languages: ["zh"],
    capacity: 3,
    societies: [],
    publications: [],
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });

  it("marks a match below the weak line as weak, and only those", () => {
    const scores = [0.82, weakMatchBelow, weakMatchBelow - 0.01, 0.06];
    const model = presentNeedMatches("zh-CN", {
      needId: 1,
      experts: {
        needId: 1,
        items: scores.map((score, i) => ({
          rank: i + 1,
          score,
          expert: expert(i + 1),
          pinned: false,
          explanation: null,
        })),
        reason: null,
        scoresVisible: true,
        excluded: null,
      },
      technologies: { needId: 1, items: [], reason: null, scoresVisible: true },
      invitations: [],
      canInvite: false,
      canCurate: false,
      moreHref: null,
    });
    expect(model.experts.map((row) => [row.score, row.weak])).toEqual([
      ["82", false],
      ["35", false],
      ["34", true],
      ["6", true],
    ]);
  });
});

describe("modelUpdatingNotice", () => {
  const served: MatchingModelStatus = {
    version: "v1",
    builtAt: "2026-12-07T02:00:00.000Z",
    ageSeconds: 60,
    experts: 300,
    training: "trained",
    trainedAt: "2026-12-07T02:00:00.000Z",
    rankedAt: "2026-12-07T02:00:30.000Z",
    building: false,
    build: null,
    lastError: null,
  };
  const build = { startedAt: "2026-12-07T02:01:00.000Z", phase: "training", done: 4, total: 10, etaSeconds: 75 };

  it("says nothing while the served model is current, or before there is one", () => {
    expect(modelUpdatingNotice("zh-CN", served)).toBeNull();
    expect(modelUpdatingNotice("zh-CN", { ...served, version: null, building: true, build })).toBeNull();
    // The first model serves while it ranks the open needs: building, but current.
    expect(modelUpdatingNotice("zh-CN", { ...served, rankedAt: null, building: true, build })).toBeNull();
  });

  it("says the ranking is from the model before the change while the next one is built", () => {
    expect(modelUpdatingNotice("zh-CN", { ...served, building: true, build })).toContain("约 2 分钟");
    expect(modelUpdatingNotice("en", { ...served, building: true, build: { ...build, etaSeconds: null } })).toMatch(
      /^The matching model is being updated/,
    );
  });
});
