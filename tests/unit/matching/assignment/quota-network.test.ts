import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveAssignment, usablePairs, type AssignmentProblem, type QuotaRule } from "../../../../matching/index.js";
import { solveAssignmentMip } from "../../../../matching/assignment/assignment-mip.js";
import { quotaNetworkLayout } from "../../../../matching/assignment/quota-network.js";

const rules: QuotaRule[] = [
  { kind: "atMostSame", attr: "organization", count: 1 },
  { kind: "atMostSame", attr: "organization", count: 2 },
  { kind: "atLeast", attr: "region", value: "台湾", count: 1, needs: "all" },
  { kind: "atLeast", attr: "region", value: "福建", count: 2, needs: ["N0", "N2"] },
  { kind: "atLeast", attr: "organization", value: "A", count: 1, needs: ["N1"] },
];

/**
 * Small events whose organizations mostly sit in one region (so organization and region rules
 * nest: a network) and sometimes straddle two (the rules cross: the integer program).
 */
const events = fc
  .record({
    needs: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
    experts: fc.array(
      fc.record({
        maxLoad: fc.integer({ min: 1, max: 3 }),
        minLoad: fc.constantFrom(0, 0, 0, 1),
        org: fc.constantFrom("A", "B", "C", "D"),
        straddles: fc.constantFrom(false, false, false, false, false, true),
        ownRegion: fc.constantFrom("台湾", "福建", undefined),
      }),
      { minLength: 3, maxLength: 7 },
    ),
    scores: fc.array(fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined, freq: 5 }), {
      minLength: 28,
      maxLength: 28,
    }),
    rules: fc.subarray(rules, { minLength: 1 }),
  })
  .map(({ needs, experts, scores, rules }): AssignmentProblem => {
    const regionOfOrg: Record<string, string | undefined> = { A: "台湾", B: "台湾", C: "福建", D: undefined };
    const pairs = [];
    for (let i = 0; i < needs.length; i++)
      for (let j = 0; j < experts.length; j++) {
        const s = scores[i * 7 + j];
        if (s !== undefined) pairs.push({ need: i, expert: j, score: s / 10 });
      }
    return {
      needs: needs.map((demand, i) => ({ id: `N${i}`, demand, attrs: {} })),
      experts: experts.map((e, j) => {
        const region = e.straddles ? e.ownRegion : regionOfOrg[e.org];
        return {
          id: `E${j}`,
          minLoad: Math.min(e.minLoad, e.maxLoad),
          maxLoad: e.maxLoad,
          attrs: { organization: e.org, ...(region ? { region } : {}) },
        };
      }),
      pairs,
      quotas: rules,
    };
  });

describe("quota rules as a network", () => {
  it("equals the HiGHS integer program's optimum, as a network whenever the rules nest, and is infeasible exactly when it is", async () => {
    let networks = 0;
    let crossing = 0;
    await fc.assert(
      fc.asyncProperty(events, async (problem) => {
        const pairs = usablePairs(problem);
        const layout = quotaNetworkLayout(problem, pairs);
        if (layout) networks++;
        else crossing++;
        const mip = await solveAssignmentMip({ problem, pairs, timeLimitSeconds: 30, relativeGap: 0 });
        const result = await solveAssignment(problem);
        if (mip.status === "infeasible") {
          expect(result.status).toBe("infeasible");
          expect(result.diagnosis!.reasons.length).toBeGreaterThan(0);
          return;
        }
        expect(mip.status).toBe("optimal");
        expect(result.status).toBe("optimal");
        if (layout) expect(result.solver).toBe("quota-flow");
        expect(result.objective).toBeCloseTo(mip.objective, 6);
        expectValid(problem, result.assigned);
      }),
      { numRuns: 120, seed: 14 },
    );
    // Both kinds were drawn: the comparison ran on networks, and crossing rules were recognised.
    expect(networks).toBeGreaterThan(40);
    expect(crossing).toBeGreaterThan(5);
  });

  it("recognises rules that cross: an organization straddling the atLeast line is not a network", () => {
    const problem: AssignmentProblem = {
      needs: [{ id: "N0", demand: 2, attrs: {} }],
      experts: [
        { id: "E0", minLoad: 0, maxLoad: 1, attrs: { organization: "A", region: "台湾" } },
        { id: "E1", minLoad: 0, maxLoad: 1, attrs: { organization: "A" } },
        { id: "E2", minLoad: 0, maxLoad: 1, attrs: { organization: "B", region: "台湾" } },
      ],
      pairs: [0, 1, 2].map((j) => ({ need: 0, expert: j, score: 1 })),
      quotas: [
        { kind: "atMostSame", attr: "organization", count: 1 },
        { kind: "atLeast", attr: "region", value: "台湾", count: 1, needs: "all" },
      ],
    };
    expect(quotaNetworkLayout(problem, usablePairs(problem))).toBeNull();
    const nested = {
      ...problem,
      experts: problem.experts.map((e) => ({ ...e, attrs: { ...e.attrs, region: "台湾" } })),
    };
    expect(quotaNetworkLayout(nested, usablePairs(nested))).not.toBeNull();
  });

  it("with crossing rules, answers from the network without the crossing sets when that answer keeps them", async () => {
    const problem = (scores: number[], taiwanCount: number): AssignmentProblem => ({
      needs: [{ id: "N0", demand: 2, attrs: {} }],
      experts: [
        { id: "E0", minLoad: 0, maxLoad: 1, attrs: { organization: "A", region: "台湾" } },
        { id: "E1", minLoad: 0, maxLoad: 1, attrs: { organization: "A" } },
        { id: "E2", minLoad: 0, maxLoad: 1, attrs: { organization: "B", region: "台湾" } },
      ],
      pairs: scores.map((score, j) => ({ need: 0, expert: j, score })),
      quotas: [
        { kind: "atMostSame", attr: "organization", count: 1 },
        { kind: "atLeast", attr: "region", value: "台湾", count: taiwanCount, needs: "all" },
      ],
    });
    // The best pair (E0, E2) keeps both rules: the relaxation's optimum is the optimum.
    expect(await solveAssignment(problem([1, 0.1, 0.9], 1))).toMatchObject({ status: "optimal", solver: "quota-flow" });
    // Without the 台湾 rule the best is E1 + E2 (1.9); with two 台湾 experts required only E0 + E2 (1.0) is valid.
    const strict = await solveAssignment(problem([0.1, 1, 0.9], 2));
    expect(strict).toMatchObject({ status: "optimal", solver: "highs-mip", upperBound: 1 });
    expect(strict.objective).toBeCloseTo(1, 9);
  });

  it("runs a large integer program in a worker thread and gives the same answer as in this thread", async () => {
    const problem = await fc.sample(events, { numRuns: 1, seed: 3 })[0]!;
    const pairs = usablePairs(problem);
    const here = await solveAssignmentMip({ problem, pairs, timeLimitSeconds: 30, relativeGap: 0 });
    const isolated = await solveAssignmentMip({ problem, pairs, timeLimitSeconds: 30, relativeGap: 0, isolate: true });
    expect(isolated).toEqual(here);
  });
});

function expectValid(problem: AssignmentProblem, assigned: readonly { need: number; expert: number }[]): void {
  const load = problem.experts.map(() => 0);
  const byNeed = problem.needs.map(() => [] as number[]);
  for (const a of assigned) {
    load[a.expert]!++;
    byNeed[a.need]!.push(a.expert);
  }
  problem.needs.forEach((n, i) => expect(byNeed[i]!.length).toBe(n.demand));
  problem.experts.forEach((e, j) => expect(load[j]!).toBeGreaterThanOrEqual(e.minLoad));
  problem.experts.forEach((e, j) => expect(load[j]!).toBeLessThanOrEqual(e.maxLoad));
  for (const rule of problem.quotas ?? []) {
    byNeed.forEach((experts, i) => {
      const values = experts.map((j) => problem.experts[j]!.attrs[rule.attr]);
      if (rule.kind === "atLeast") {
        if (rule.needs !== "all" && !rule.needs.includes(problem.needs[i]!.id)) return;
        const count = values.filter((v) => v === rule.value).length;
        expect(count).toBeGreaterThanOrEqual(Math.min(rule.count, problem.needs[i]!.demand));
      } else {
        for (const v of new Set(values)) {
          if (v !== undefined) expect(values.filter((w) => w === v).length).toBeLessThanOrEqual(rule.count);
        }
      }
    });
  }
}
