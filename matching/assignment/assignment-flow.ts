/**
 * The plain assignment (demands, loads, conflicts; no quotas) as a min-cost flow:
 * need --(cap 1, cost −score)--> expert --(cap maxLoad − minLoad)--> sink.
 * A need supplies `demand` units, an expert's `minLoad` is a demand of its own node (the
 * lower bound moved off its sink arc), and the sink absorbs the rest.
 */
import type { AssignmentProblem, CandidatePair } from "./assignment.types.js";
import { MinCostFlowNetwork, type FlowProgress, type MinCostFlowResult } from "./min-cost-flow.js";

/** Listed pairs minus conflicts, one per (need, expert) (the best score when listed twice), sorted. */
export function usablePairs(problem: AssignmentProblem): CandidatePair[] {
  const experts = problem.experts.length;
  const conflicts = new Set<number>();
  for (const c of problem.conflicts ?? []) conflicts.add(c.need * experts + c.expert);
  const best = new Map<number, CandidatePair>();
  for (const pair of problem.pairs) {
    const key = pair.need * experts + pair.expert;
    if (conflicts.has(key)) continue;
    const seen = best.get(key);
    if (!seen || pair.score > seen.score) best.set(key, pair);
  }
  // Sorted by need then expert so that every solver sees the same order (determinism).
  return [...best.entries()].sort((a, b) => a[0] - b[0]).map(([, pair]) => pair);
}

export interface FlowAssignment {
  result: MinCostFlowResult;
  /** Indices into `pairs` of the pairs that carry flow. */
  chosen: number[];
  network: MinCostFlowNetwork;
  sink: number;
}

export function solveAssignmentFlow(
  problem: Pick<AssignmentProblem, "needs" | "experts">,
  pairs: readonly CandidatePair[],
  onProgress?: FlowProgress,
): FlowAssignment {
  const needCount = problem.needs.length;
  const expertCount = problem.experts.length;
  const sink = needCount + expertCount;
  const network = new MinCostFlowNetwork(sink + 1);
  let totalDemand = 0;
  let totalMinLoad = 0;
  problem.needs.forEach((need, i) => {
    network.setSupply(i, need.demand);
    totalDemand += need.demand;
  });
  problem.experts.forEach((expert, j) => {
    network.setSupply(needCount + j, -expert.minLoad);
    totalMinLoad += expert.minLoad;
  });
  network.setSupply(sink, -Math.max(0, totalDemand - totalMinLoad));

  // Potentials that make every initial arc's reduced cost non-negative (the network is layered).
  const potential = new Float64Array(sink + 1);
  for (const pair of pairs) {
    const node = needCount + pair.expert;
    if (-pair.score < potential[node]!) potential[node] = -pair.score;
  }
  for (const pair of pairs) network.addArc(pair.need, needCount + pair.expert, 1, -pair.score);
  problem.experts.forEach((expert, j) => {
    network.addArc(needCount + j, sink, expert.maxLoad - expert.minLoad, 0);
    if (potential[needCount + j]! < potential[sink]!) potential[sink] = potential[needCount + j]!;
  });

  const result = network.solve({ initialPotential: potential, onProgress });
  const chosen: number[] = [];
  for (let k = 0; k < pairs.length; k++) if (result.flow[k]! > 0) chosen.push(k);
  return { result, chosen, network, sink };
}
