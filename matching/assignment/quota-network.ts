/**
 * Quota rules as a network, so the quota problem stays a min-cost flow and exactly optimal.
 *
 * Per need, every rule names sets of that need's candidate pairs with bounds on how many of
 * them may be chosen: `atMostSame` a set per attribute value holding more pairs than its count
 * (at most `count`), `atLeast` the qualifying pairs (at least min(count, demand)). When these
 * sets form a laminar family (any two are disjoint or nested, as one organization rule always
 * is, and an `atLeast` rule with it whenever no organization straddles the qualifying line),
 * they are a tree under the need: need → set node → … → innermost set → expert. An arc into
 * a set node carries the set's bounds; a lower bound l on arc (u, v) becomes capacity
 * upper − l with l units of supply moved from u to v (the standard transformation: Ahuja,
 * Magnanti & Orlin 1993, §2.4). Flow conservation at the set nodes then counts exactly the
 * chosen pairs in each set, and a network matrix is totally unimodular, so the flow optimum is
 * the integer program's optimum (Schrijver, Combinatorial Optimization, Thm 13.10 on laminar
 * families). Families that cross (two rules on different attributes that overlap) are not a
 * network: `quotaNetworkLayout` returns null and the caller uses the integer program.
 */
import type { AssignmentProblem, CandidatePair } from "./assignment.types.js";
import { ruleApplies } from "./infeasibility-diagnosis.js";
import { MinCostFlowNetwork, type FlowProgress } from "./min-cost-flow.js";
import type { FlowAssignment } from "./assignment-flow.js";

/** One set node of a need's tree: its parent (a need node or another set node) and bounds. */
interface SetNode {
  parent: number;
  lower: number;
  upper: number;
}

export interface QuotaNetworkLayout {
  /** For each pair, the node its arc to the expert starts from (its need or innermost set). */
  pairTail: Int32Array;
  /** Set nodes, numbered after needs, experts and the sink. */
  sets: SetNode[];
}

export interface BoundedSet {
  members: number[];
  lower: number;
  upper: number;
}

/**
 * The bounded sets the rules make for one need (members are indices into `pairs`, `cols` the
 * need's own): at most `count` per attribute value, at least min(count, demand) qualifying.
 */
export function needQuotaSets(problem: AssignmentProblem, pairs: readonly CandidatePair[], i: number, cols: number[]) {
  const need = problem.needs[i]!;
  const sets: BoundedSet[] = [];
  for (const rule of problem.quotas ?? []) {
    if (!ruleApplies(rule, need.id)) continue;
    if (rule.kind === "atLeast") {
      const lower = Math.min(rule.count, need.demand);
      if (lower <= 0) continue;
      const members = cols.filter((k) => problem.experts[pairs[k]!.expert]!.attrs[rule.attr] === rule.value);
      sets.push({ members, lower, upper: members.length });
    } else {
      const groups = new Map<string, number[]>();
      for (const k of cols) {
        const value = problem.experts[pairs[k]!.expert]!.attrs[rule.attr];
        if (value === undefined) continue;
        const group = groups.get(value) ?? [];
        group.push(k);
        groups.set(value, group);
      }
      // A group no larger than the count can never be violated: it needs no node (or row).
      for (const members of groups.values())
        if (members.length > rule.count) sets.push({ members, lower: 0, upper: rule.count });
    }
  }
  return sets;
}

/**
 * The tree of every need's quota sets, or null when some need's sets cross (not a network).
 * With `dropCrossing`, a set that crosses a larger one is left out instead: a relaxation, whose
 * optimum is an upper bound, and the optimum itself whenever it happens to keep the dropped rules.
 */
export function quotaNetworkLayout(
  problem: AssignmentProblem,
  pairs: readonly CandidatePair[],
  options: { dropCrossing?: boolean } = {},
): QuotaNetworkLayout | null {
  const needCount = problem.needs.length;
  const firstSetNode = needCount + problem.experts.length + 1;
  const pairTail = new Int32Array(pairs.length);
  const byNeed: number[][] = Array.from({ length: needCount }, () => []);
  pairs.forEach((p, k) => {
    byNeed[p.need]!.push(k);
    pairTail[k] = p.need;
  });
  const sets: SetNode[] = [];
  for (let i = 0; i < needCount; i++) {
    // Largest first: a set's parent is then the innermost set already holding all its members,
    // and members held by different nodes mean the set crosses one of them.
    const bounded = needQuotaSets(problem, pairs, i, byNeed[i]!).sort((a, b) => b.members.length - a.members.length);
    for (const set of bounded) {
      const parent = set.members.length === 0 ? i : pairTail[set.members[0]!]!;
      if (set.members.some((k) => pairTail[k] !== parent)) {
        if (options.dropCrossing) continue;
        return null;
      }
      const node = firstSetNode + sets.length;
      sets.push({ parent, lower: set.lower, upper: set.upper });
      for (const k of set.members) pairTail[k] = node;
    }
  }
  return { pairTail, sets };
}

/**
 * The assignment network with the quota tree: arc k is pair k (so `chosen` maps back), then the
 * set arcs, then expert → sink. Needs supply their demand minus their sets' lower bounds.
 */
export function solveQuotaFlow(
  problem: AssignmentProblem,
  pairs: readonly CandidatePair[],
  layout: QuotaNetworkLayout,
  onProgress?: FlowProgress,
): FlowAssignment {
  const needCount = problem.needs.length;
  const expertCount = problem.experts.length;
  const sink = needCount + expertCount;
  const firstSetNode = sink + 1;
  const network = new MinCostFlowNetwork(firstSetNode + layout.sets.length);
  const supply = new Float64Array(firstSetNode + layout.sets.length);
  let totalDemand = 0;
  let totalMinLoad = 0;
  problem.needs.forEach((need, i) => {
    supply[i] = need.demand;
    totalDemand += need.demand;
  });
  problem.experts.forEach((expert, j) => {
    supply[needCount + j] = -expert.minLoad;
    totalMinLoad += expert.minLoad;
  });
  supply[sink] = -Math.max(0, totalDemand - totalMinLoad);
  pairs.forEach((pair, k) => network.addArc(layout.pairTail[k]!, needCount + pair.expert, 1, -pair.score));
  layout.sets.forEach((set, s) => {
    const node = firstSetNode + s;
    supply[set.parent]! -= set.lower;
    supply[node]! += set.lower;
    network.addArc(set.parent, node, Math.max(0, set.upper - set.lower), 0);
  });
  problem.experts.forEach((expert, j) => network.addArc(needCount + j, sink, expert.maxLoad - expert.minLoad, 0));
  supply.forEach((amount, node) => network.setSupply(node, amount));

  // Without initial potentials the network runs Bellman–Ford, exact here: the network is acyclic.
  const result = network.solve({ onProgress });
  const chosen: number[] = [];
  for (let k = 0; k < pairs.length; k++) if (result.flow[k]! > 0) chosen.push(k);
  return { result, chosen, network, sink };
}
