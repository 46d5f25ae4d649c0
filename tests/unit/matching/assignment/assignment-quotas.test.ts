import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  resolveWithLittleChurn,
  solveAssignment,
  type AssignmentProblem,
  type QuotaRule,
} from "../../../../matching/index.js";

/** Every subset of the usable pairs: the exact optimum (total, or fair then total) of a tiny instance. */
function bruteForce(problem: AssignmentProblem, objective: "total" | "fair"): { total: number; floor: number } | null {
  const pairs = problem.pairs;
  let best: { total: number; floor: number } | null = null;
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const chosen = pairs.filter((_p, k) => mask & (1 << k));
    if (!valid(problem, chosen)) continue;
    const sums = problem.needs.map((_n, i) => chosen.filter((p) => p.need === i).reduce((s, p) => s + p.score, 0));
    const candidate = { total: chosen.reduce((s, p) => s + p.score, 0), floor: Math.min(...sums) };
    const better =
      best === null ||
      (objective === "total"
        ? candidate.total > best.total + 1e-9
        : candidate.floor > best.floor + 1e-9 ||
          (Math.abs(candidate.floor - best.floor) <= 1e-9 && candidate.total > best.total + 1e-9));
    if (better) best = candidate;
  }
  return best;
}

function valid(problem: AssignmentProblem, chosen: readonly { need: number; expert: number }[]): boolean {
  const byNeed = problem.needs.map(() => [] as number[]);
  const load = problem.experts.map(() => 0);
  for (const p of chosen) {
    byNeed[p.need]!.push(p.expert);
    load[p.expert]!++;
  }
  if (problem.needs.some((n, i) => byNeed[i]!.length !== n.demand)) return false;
  if (problem.experts.some((e, j) => load[j]! < e.minLoad || load[j]! > e.maxLoad)) return false;
  for (const rule of problem.quotas ?? []) {
    for (const [i, experts] of byNeed.entries()) {
      const attrs = experts.map((j) => problem.experts[j]!.attrs[rule.attr]);
      if (rule.kind === "atLeast") {
        if (rule.needs !== "all" && !rule.needs.includes(problem.needs[i]!.id)) continue;
        if (attrs.filter((a) => a === rule.value).length < Math.min(rule.count, problem.needs[i]!.demand)) return false;
      } else {
        const counts = new Map<string, number>();
        for (const a of attrs) if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
        if ([...counts.values()].some((c) => c > rule.count)) return false;
      }
    }
  }
  return true;
}

const tiny = fc
  .record({
    needs: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 3 }),
    experts: fc.array(
      fc.record({ maxLoad: fc.integer({ min: 1, max: 2 }), org: fc.constantFrom("A", "B", "C"), taiwan: fc.boolean() }),
      {
        minLength: 2,
        maxLength: 4,
      },
    ),
    scores: fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined, freq: 4 }), {
      minLength: 12,
      maxLength: 12,
    }),
    rules: fc.subarray<QuotaRule>([
      { kind: "atMostSame", attr: "organization", count: 1 },
      { kind: "atLeast", attr: "region", value: "台湾", count: 1, needs: ["N0"] },
    ]),
  })
  .map(({ needs, experts, scores, rules }): AssignmentProblem => {
    const pairs = [];
    for (let i = 0; i < needs.length; i++)
      for (let j = 0; j < experts.length; j++) {
        const s = scores[i * 4 + j];
        if (s !== undefined) pairs.push({ need: i, expert: j, score: s / 10 });
      }
    return {
      needs: needs.map((demand, i) => ({ id: `N${i}`, demand, attrs: {} })),
      experts: experts.map((e, j) => ({
        id: `E${j}`,
        minLoad: 0,
        maxLoad: e.maxLoad,
        attrs: { organization: e.org, ...(e.taiwan ? { region: "台湾" } : {}) },
      })),
      pairs,
      quotas: rules,
    };
  });

describe("assignment with quotas and the fair objective", () => {
  it("finds the exact optimum with quotas (quota network or HiGHS MIP), or proves infeasibility with a diagnosis", async () => {
    await fc.assert(
      fc.asyncProperty(tiny, fc.constantFrom("total" as const, "fair" as const), async (problem, objective) => {
        const expected = bruteForce(problem, objective);
        const result = await solveAssignment(problem, { objective });
        if (expected === null) {
          expect(result.status).toBe("infeasible");
          expect(result.diagnosis!.reasons.length).toBeGreaterThan(0);
          return;
        }
        expect(result.status).toBe("optimal");
        expect(valid(problem, result.assigned)).toBe(true);
        if (objective === "fair") expect(result.minNeedScore).toBeCloseTo(expected.floor, 6);
        expect(result.objective).toBeCloseTo(expected.total, 6);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("fair raises the worst-off need even when that costs total score", async () => {
    const problem: AssignmentProblem = {
      needs: [
        { id: "N0", demand: 1, attrs: {} },
        { id: "N1", demand: 1, attrs: {} },
      ],
      experts: [
        { id: "E0", minLoad: 0, maxLoad: 1, attrs: {} },
        { id: "E1", minLoad: 0, maxLoad: 1, attrs: {} },
      ],
      pairs: [
        { need: 0, expert: 0, score: 1 },
        { need: 0, expert: 1, score: 0.5 },
        { need: 1, expert: 0, score: 0.4 },
        { need: 1, expert: 1, score: 0 },
      ],
    };
    const total = await solveAssignment(problem);
    const fair = await solveAssignment(problem, { objective: "fair" });
    expect(total.objective).toBeCloseTo(1, 9);
    expect(total.minNeedScore).toBeCloseTo(0, 9);
    expect(fair.minNeedScore).toBeCloseTo(0.4, 9);
    expect(fair.objective).toBeCloseTo(0.9, 9);
  });
});

describe("infeasibility diagnosis", () => {
  const base = (maxLoad: number): AssignmentProblem => ({
    needs: Array.from({ length: 4 }, (_x, i) => ({ id: `N${i}`, demand: 2, attrs: {} })),
    experts: [
      ...Array.from({ length: 3 }, (_x, j) => ({ id: `S${j}`, minLoad: 0, maxLoad, attrs: {} })),
      { id: "FREE", minLoad: 0, maxLoad: 10, attrs: {} },
      { id: "FREE2", minLoad: 0, maxLoad: 10, attrs: {} },
    ],
    // N0–N2 share S0–S2 only; N3 has two experts of its own.
    pairs: [
      ...[0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => ({ need: i, expert: j, score: 1 }))),
      { need: 3, expert: 3, score: 1 },
      { need: 3, expert: 4, score: 1 },
    ],
  });

  it("names the group of needs whose shared experts lack capacity, with the shortfall and a checked relaxation", async () => {
    const result = await solveAssignment(base(1)); // N0–N2 need 6, S0–S2 give 3
    expect(result.status).toBe("infeasible");
    const cut = result.diagnosis!.reasons.find((r) => r.kind === "capacityCut")!;
    expect(cut.needIds.sort()).toEqual(["N0", "N1", "N2"]);
    expect(cut.expertIds.sort()).toEqual(["S0", "S1", "S2"]);
    expect(cut.shortfall).toBe(3);
    expect(cut.message).toContain("ask for 6 experts");
    // One expert cannot close it (one meeting per pair), so the suggestion spreads the 3.
    expect(cut.relaxation).toContain("Raise the maxLoad of S0, S1, S2 by 3 in total");
    expect(await solveAssignment(base(2))).toMatchObject({ status: "optimal" });
  });

  it("suggests one expert's maxLoad when that alone is enough, and checks it", async () => {
    const result = await solveAssignment({
      needs: [
        { id: "N0", demand: 1, attrs: {} },
        { id: "N1", demand: 1, attrs: {} },
      ],
      experts: [{ id: "E0", minLoad: 0, maxLoad: 1, attrs: {} }],
      pairs: [
        { need: 0, expert: 0, score: 1 },
        { need: 1, expert: 0, score: 1 },
      ],
    });
    const cut = result.diagnosis!.reasons[0]!;
    expect(cut).toMatchObject({ kind: "capacityCut", shortfall: 1, expertIds: ["E0"] });
    expect(cut.relaxation).toContain("Raise the maxLoad of E0 from 1 to 2 (checked");
  });

  it("names needs with fewer usable candidates than demand, counting conflicts", async () => {
    const problem = { ...base(5), conflicts: [{ need: 3, expert: 4 }] };
    const result = await solveAssignment(problem);
    expect(result.status).toBe("infeasible");
    expect(result.diagnosis!.reasons).toEqual([
      expect.objectContaining({ kind: "tooFewCandidates", needIds: ["N3"], shortfall: 1 }),
    ]);
    expect(result.diagnosis!.reasons[0]!.message).toContain("excluded by conflicts");
  });

  it("names a quota that no candidate can satisfy", async () => {
    const problem: AssignmentProblem = {
      ...base(5),
      quotas: [{ kind: "atLeast", attr: "region", value: "台湾", count: 1, needs: ["N1"] }],
    };
    const result = await solveAssignment(problem);
    expect(result.status).toBe("infeasible");
    expect(result.diagnosis!.reasons[0]).toMatchObject({ kind: "quota", needIds: ["N1"] });
  });
});

describe("re-solving with little churn", () => {
  it("keeps previous pairs when an expert drops out, staying within the tolerance of the optimum", async () => {
    const needs = Array.from({ length: 6 }, (_x, i) => ({ id: `N${i}`, demand: 1, attrs: {} }));
    const experts = Array.from({ length: 8 }, (_x, j) => ({ id: `E${j}`, minLoad: 0, maxLoad: 1, attrs: {} }));
    const pairs = needs.flatMap((_n, i) =>
      experts.map((_e, j) => ({ need: i, expert: j, score: 1 + ((i * 7 + j * 3) % 5) / 1000 })),
    );
    const first = await solveAssignment({ needs, experts, pairs });
    const dropped = first.assigned[0]!.expert;
    const after = { needs, experts: experts.map((e, j) => (j === dropped ? { ...e, maxLoad: 0 } : e)), pairs };
    const plain = await solveAssignment(after);
    const stable = await resolveWithLittleChurn(after, { previous: first.assigned, tolerance: 0.01 });
    expect(stable.objective).toBeGreaterThanOrEqual(plain.objective * 0.99 - 1e-9);
    expect(stable.kept).toBe(5); // only the dropped expert's pair changes
    expect(stable.kept).toBeGreaterThanOrEqual(
      first.assigned.filter((a) => plain.assigned.some((b) => b.need === a.need && b.expert === a.expert)).length,
    );
  });

  it("keeps locked pairs even when they are not optimal", async () => {
    const problem: AssignmentProblem = {
      needs: [{ id: "N0", demand: 1, attrs: {} }],
      experts: [
        { id: "E0", minLoad: 0, maxLoad: 1, attrs: {} },
        { id: "E1", minLoad: 0, maxLoad: 1, attrs: {} },
      ],
      pairs: [
        { need: 0, expert: 0, score: 1 },
        { need: 0, expert: 1, score: 0.1 },
      ],
    };
    const result = await resolveWithLittleChurn(problem, { previous: [], locked: [{ need: 0, expert: 1 }] });
    expect(result.assigned).toEqual([{ need: 0, expert: 1, score: 0.1 }]);
  });
});
