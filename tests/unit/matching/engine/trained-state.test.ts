import { describe, expect, it } from "vitest";
import { aclDevExperts, aclDevLines } from "../../../support/acl-dev-slice.js";
import { ExpertMatcher } from "../../../../matching/index.js";

/** A slice of the real acl-dev benchmark, large enough to train on (hundreds of multi-record experts). */
const experts = aclDevExperts(1500);
const needs = aclDevLines("needs.jsonl", 20).map((n) => ({
  key: String(n.externalId),
  title: String(n.title),
  description: String(n.description ?? ""),
}));
const clock = { now: () => new Date("2026-01-01T00:00:00Z") };
const rankings = (matcher: ExpertMatcher) =>
  needs.map((need) => matcher.matchNeed(need, { top: 10 }).map((m) => [m.expertKey, m.score]));

describe("a trained matcher's state", () => {
  const trained = new ExpertMatcher({ experts, clock, weights: { encoderTimeBudgetSeconds: 600 } });

  it("holds what training chose, the weak normalisation's b included, and a restart ranks exactly alike", () => {
    expect(trained.trainingReport?.usedDefaults).toBe(false);
    expect(trained.weights.weakNormBChoices).toContain(trained.weakNormB);
    // Passed through structured cloning, as the state is written to disk and read back.
    const restarted = new ExpertMatcher({ experts, clock, trained: structuredClone(trained.trainedState()) });
    expect(restarted.trainingReport).toBeNull();
    expect(restarted.weakNormB).toBe(trained.weakNormB);
    expect(restarted.fusion).toEqual(trained.fusion);
    const before = rankings(trained);
    expect(before.filter((ranking) => ranking.length === 10).length).toBeGreaterThan(15);
    expect(rankings(restarted)).toEqual(before);
  });

  it("serves with the b it holds: the same b ranks alike, another b ranks otherwise", () => {
    // A state where the weakly normalised channel carries weight, as on chinaxiv-dev.
    const state = trained.trainedState() as ReturnType<ExpertMatcher["trainedState"]> & {
      fusion: Record<string, number>;
    };
    const withB = (b: number) =>
      new ExpertMatcher({
        experts,
        clock,
        trained: structuredClone({ ...state, fusion: { ...state.fusion, plainWeakNorm: 3 }, weakNormB: b }),
      });
    const flat = withB(0.1);
    expect(flat.weakNormB).toBe(0.1);
    expect(rankings(withB(0.1))).toEqual(rankings(flat));
    expect(rankings(withB(0.5))).not.toEqual(rankings(flat));
  });

  it("is refused when it comes from another format or lacks the fitted b (the build then trains again)", () => {
    const state = trained.trainedState();
    expect(() => new ExpertMatcher({ experts, clock, trained: { ...state, format: 5 } })).toThrow(/format 5/);
    const { weakNormB: _dropped, ...withoutB } = state as Record<string, unknown> & typeof state;
    expect(() => new ExpertMatcher({ experts, clock, trained: withoutB as typeof state })).toThrow(/weakNormB/);
    expect(() => new ExpertMatcher({ experts, clock, trained: { ...state, weakNormB: Number.NaN } })).toThrow(
      /weakNormB/,
    );
  });
});
