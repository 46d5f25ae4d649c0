import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadHighs, solveAssignment, type AssignmentProblem } from "../../../../matching/index.js";

const highsPromise = loadHighs();

/** An independent reference: the LP of the plain assignment, written out here (its optimum is integral). */
async function highsOptimum(problem: AssignmentProblem): Promise<number | null> {
  const highs = await highsPromise;
  const conflicts = new Set((problem.conflicts ?? []).map((c) => `${c.need}:${c.expert}`));
  const best = new Map<string, number>();
  for (const p of problem.pairs) {
    const key = `${p.need}:${p.expert}`;
    if (conflicts.has(key)) continue;
    best.set(key, Math.max(best.get(key) ?? -Infinity, p.score));
  }
  const cols = [...best.entries()].map(([key, score]) => {
    const [need, expert] = key.split(":").map(Number) as [number, number];
    return { need, expert, score };
  });
  const lines = ["Maximize", ` obj: ${cols.map((c, k) => `${c.score} x${k}`).join(" + ") || "0 x0"}`, "Subject To"];
  problem.needs.forEach((n, i) => {
    const terms = cols.flatMap((c, k) => (c.need === i ? [`x${k}`] : []));
    lines.push(` d${i}: ${terms.length ? terms.join(" + ") : "0 x0"} = ${n.demand}`);
  });
  problem.experts.forEach((e, j) => {
    const terms = cols.flatMap((c, k) => (c.expert === j ? [`x${k}`] : []));
    if (terms.length === 0) {
      if (e.minLoad > 0) lines.push(` l${j}: 0 x0 >= ${e.minLoad}`);
      return;
    }
    lines.push(` u${j}: ${terms.join(" + ")} <= ${e.maxLoad}`);
    lines.push(` l${j}: ${terms.join(" + ")} >= ${e.minLoad}`);
  });
  lines.push("Bounds", ...(cols.length ? cols.map((_c, k) => ` 0 <= x${k} <= 1`) : [" 0 <= x0 <= 0"]), "End");
  const result = highs.solve(lines.join("\n"), { output_flag: false });
  if (result.Status === "Infeasible") return null;
  expect(result.Status).toBe("Optimal");
  return result.ObjectiveValue;
}

const instance = fc
  .record({
    needs: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
    experts: fc.array(fc.record({ min: fc.integer({ min: 0, max: 1 }), extra: fc.integer({ min: 0, max: 3 }) }), {
      minLength: 1,
      maxLength: 7,
    }),
    density: fc.double({ min: 0.2, max: 1, noNaN: true }),
    seed: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 42, maxLength: 42 }),
    conflicts: fc.array(fc.nat(41), { maxLength: 4 }),
  })
  .map(({ needs, experts, density, seed, conflicts }): AssignmentProblem => {
    const pairs = [];
    for (let i = 0; i < needs.length; i++) {
      for (let j = 0; j < experts.length; j++) {
        const r = seed[(i * 7 + j) % 42]!;
        if (Math.abs(r) <= density) pairs.push({ need: i, expert: j, score: Math.round(r * 1000) / 100 });
      }
    }
    return {
      needs: needs.map((demand, i) => ({ id: `N${i}`, demand, attrs: {} })),
      experts: experts.map((e, j) => ({ id: `E${j}`, minLoad: e.min, maxLoad: e.min + e.extra, attrs: {} })),
      pairs,
      conflicts: conflicts.map((c) => ({ need: c % needs.length, expert: c % experts.length })),
    };
  });

function checkValid(problem: AssignmentProblem, assigned: { need: number; expert: number }[]) {
  const conflicts = new Set((problem.conflicts ?? []).map((c) => `${c.need}:${c.expert}`));
  const listed = new Set(problem.pairs.map((p) => `${p.need}:${p.expert}`));
  const seen = new Set<string>();
  const perNeed = problem.needs.map(() => 0);
  const perExpert = problem.experts.map(() => 0);
  for (const a of assigned) {
    const key = `${a.need}:${a.expert}`;
    expect(listed.has(key)).toBe(true);
    expect(conflicts.has(key)).toBe(false);
    expect(seen.has(key)).toBe(false);
    seen.add(key);
    perNeed[a.need]!++;
    perExpert[a.expert]!++;
  }
  problem.needs.forEach((n, i) => expect(perNeed[i]).toBe(n.demand));
  problem.experts.forEach((e, j) => {
    expect(perExpert[j]).toBeGreaterThanOrEqual(e.minLoad);
    expect(perExpert[j]).toBeLessThanOrEqual(e.maxLoad);
  });
}

describe("assignment by min-cost flow", () => {
  it("matches the HiGHS optimum on random small instances, and is infeasible exactly when HiGHS says so", async () => {
    await fc.assert(
      fc.asyncProperty(instance, async (problem) => {
        const reference = await highsOptimum(problem);
        const result = await solveAssignment(problem);
        if (reference === null) {
          expect(result.status).toBe("infeasible");
          expect(result.assigned).toEqual([]);
          expect(result.diagnosis?.reasons.length).toBeGreaterThan(0);
          return;
        }
        expect(result.status).toBe("optimal");
        checkValid(problem, result.assigned);
        expect(result.objective).toBeCloseTo(reference, 6);
        expect(result.upperBound).toBeCloseTo(reference, 6);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it("prefers the better global assignment over each need's greedy first choice", async () => {
    // Greedy gives E0 to N0 (0.9) and leaves N1 with E1 (0.1): 1.0. Optimum: N0–E1 + N1–E0 = 1.6.
    const result = await solveAssignment({
      needs: [
        { id: "N0", demand: 1, attrs: {} },
        { id: "N1", demand: 1, attrs: {} },
      ],
      experts: [
        { id: "E0", minLoad: 0, maxLoad: 1, attrs: {} },
        { id: "E1", minLoad: 0, maxLoad: 1, attrs: {} },
      ],
      pairs: [
        { need: 0, expert: 0, score: 0.9 },
        { need: 0, expert: 1, score: 0.7 },
        { need: 1, expert: 0, score: 0.85 },
        { need: 1, expert: 1, score: 0.1 },
      ],
    });
    expect(result.status).toBe("optimal");
    expect(result.objective).toBeCloseTo(1.55, 9);
    expect(result.assigned.map((a) => `${a.need}-${a.expert}`).sort()).toEqual(["0-1", "1-0"]);
  });
});
