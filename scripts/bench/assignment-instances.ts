/**
 * Seeded synthetic docking-event instances for the assignment and schedule benchmarks:
 * experts' popularity is skewed (a few are everybody's candidate, as in real top-K lists),
 * 2 % of the pairs are conflicts, and every expert has an organization for the atMostSame rule.
 */
import type { AssignmentProblem, CandidatePair } from "../../matching/index.js";
import { Rng } from "../demo-data/prng.js";

export interface InstanceShape {
  needs: number;
  experts: number;
  pairs: number;
  demand: number;
  /** Total expert capacity as a multiple of total demand (1.2 = tight). */
  capacityRatio: number;
  organizations: number;
  seed: number;
}

/** The benchmarks' synthetic events: demand 3, tight capacity (1.2 × demand), seeded. */
export const largeEvent: InstanceShape = {
  needs: 5000,
  experts: 50000,
  pairs: 500_000,
  demand: 3,
  capacityRatio: 1.2,
  organizations: 2000,
  seed: 1,
};
export const mediumEvent: InstanceShape = {
  needs: 1000,
  experts: 10000,
  pairs: 50_000,
  demand: 3,
  capacityRatio: 1.2,
  organizations: 300,
  seed: 2,
};

export function syntheticInstance(shape: InstanceShape): AssignmentProblem {
  const rng = new Rng(shape.seed);
  const needs = Array.from({ length: shape.needs }, (_x, i) => ({ id: `N${i}`, demand: shape.demand, attrs: {} }));
  const perExpert = Math.max(1, Math.ceil((shape.capacityRatio * shape.needs * shape.demand) / shape.experts));
  const experts = Array.from({ length: shape.experts }, (_x, j) => ({
    id: `E${j}`,
    minLoad: 0,
    maxLoad: perExpert,
    attrs: organizationAttrs(rng.int(0, shape.organizations - 1)),
  }));
  const perNeed = Math.round(shape.pairs / shape.needs);
  const pairs: CandidatePair[] = [];
  const conflicts: { need: number; expert: number }[] = [];
  for (let i = 0; i < shape.needs; i++) {
    const seen = new Set<number>();
    while (seen.size < Math.min(perNeed, shape.experts)) {
      // Skewed popularity: squaring a uniform draw favours low expert numbers.
      const u = rng.next();
      seen.add(Math.floor(u * u * shape.experts));
    }
    for (const expert of seen) {
      const score = Math.round((0.2 + 0.8 * rng.next()) * 1e6) / 1e6;
      pairs.push({ need: i, expert, score });
      if (rng.chance(0.02)) conflicts.push({ need: i, expert });
    }
  }
  return { needs, experts, pairs, conflicts };
}

/** Every fifth organization is in 台湾 (for the atLeast rule), so region follows organization. */
function organizationAttrs(organization: number): Record<string, string> {
  return {
    organization: `O${organization}`,
    ...(organization % 5 === 0 ? { region: "台湾" } : {}),
  };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
