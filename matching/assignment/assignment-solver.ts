/**
 * Global assignment for a docking event: every need gets its demand, every expert stays in
 * [minLoad, maxLoad], conflicted and unlisted pairs are never used, quotas hold.
 *
 * - `total` without quotas: our min-cost flow, optimal with a dual certificate.
 * - `total` with quotas that form a laminar family per need (one organization rule, an atLeast
 *   rule, or both when they nest): the same flow with a tree of quota nodes under each need
 *   (quota-network.ts), still optimal with a dual certificate.
 * - other quotas or `fair`: the flow first proves capacity feasibility (or yields the violated
 *   cut), then HiGHS solves the integer program, warm-started from the flow when the flow
 *   already satisfies the quotas.
 */
import type {
  AssignedPair,
  AssignmentOptions,
  AssignmentProblem,
  AssignmentProgress,
  AssignmentResult,
  CandidatePair,
} from "./assignment.types.js";
import { solveAssignmentFlow, usablePairs, type FlowAssignment } from "./assignment-flow.js";
import { diagnoseCapacity, diagnoseQuotas, ruleApplies, summarize } from "./infeasibility-diagnosis.js";
import { solveAssignmentMip } from "./assignment-mip.js";
import { quotaNetworkLayout, solveQuotaFlow } from "./quota-network.js";

export { usablePairs } from "./assignment-flow.js";

/** Reduced costs this far below zero still count as optimal (double rounding on scores). */
const CERTIFICATE_TOLERANCE = 1e-7;

export function validateProblem(problem: AssignmentProblem): void {
  for (const need of problem.needs) {
    if (!Number.isInteger(need.demand) || need.demand < 0)
      throw new RangeError(`need ${need.id}: demand must be a non-negative integer`);
  }
  for (const e of problem.experts) {
    if (!Number.isInteger(e.minLoad) || !Number.isInteger(e.maxLoad) || e.minLoad < 0 || e.maxLoad < e.minLoad) {
      throw new RangeError(`expert ${e.id}: need integers 0 ≤ minLoad ≤ maxLoad`);
    }
  }
  for (const p of problem.pairs) {
    if (!(p.need >= 0 && p.need < problem.needs.length && p.expert >= 0 && p.expert < problem.experts.length)) {
      throw new RangeError("pair index out of range");
    }
    if (!Number.isFinite(p.score)) throw new RangeError("pair score must be finite");
  }
}

/** Progress with an ETA from the rate so far. */
export function progressReporter(onProgress: AssignmentOptions["onProgress"]) {
  let phaseStart = performance.now();
  let phase = "";
  return (name: string, done: number, total: number) => {
    if (!onProgress) return;
    if (name !== phase) {
      phase = name;
      phaseStart = performance.now();
    }
    const elapsed = (performance.now() - phaseStart) / 1000;
    const eta = done > 0 && total > 0 ? Math.round((elapsed * (total - done)) / done) : null;
    const progress: AssignmentProgress = { phase: name, done, total, etaSeconds: eta };
    onProgress(progress);
  };
}

export function perNeedSums(needCount: number, assigned: readonly AssignedPair[]): number[] {
  const sums = new Array<number>(needCount).fill(0);
  for (const a of assigned) sums[a.need]! += a.score;
  return sums;
}

function finish(
  started: number,
  needCount: number,
  assigned: AssignedPair[],
  rest: Omit<AssignmentResult, "assigned" | "objective" | "minNeedScore" | "seconds">,
): AssignmentResult {
  const sums = perNeedSums(needCount, assigned);
  return {
    ...rest,
    assigned,
    objective: assigned.reduce((s, a) => s + a.score, 0),
    minNeedScore: sums.length === 0 ? 0 : Math.min(...sums),
    seconds: (performance.now() - started) / 1000,
  };
}

function quotasHold(problem: AssignmentProblem, assigned: readonly AssignedPair[]): boolean {
  const byNeed = new Map<number, number[]>();
  for (const a of assigned) {
    const list = byNeed.get(a.need) ?? [];
    list.push(a.expert);
    byNeed.set(a.need, list);
  }
  for (const rule of problem.quotas ?? []) {
    for (let i = 0; i < problem.needs.length; i++) {
      const need = problem.needs[i]!;
      if (!ruleApplies(rule, need.id)) continue;
      const experts = byNeed.get(i) ?? [];
      if (rule.kind === "atLeast") {
        const count = experts.filter((j) => problem.experts[j]!.attrs[rule.attr] === rule.value).length;
        if (count < Math.min(rule.count, need.demand)) return false;
      } else {
        const groups = new Map<string, number>();
        for (const j of experts) {
          const v = problem.experts[j]!.attrs[rule.attr];
          if (v === undefined) continue;
          const c = (groups.get(v) ?? 0) + 1;
          if (c > rule.count) return false;
          groups.set(v, c);
        }
      }
    }
  }
  return true;
}

export async function solveAssignment(
  problem: AssignmentProblem,
  options: AssignmentOptions = {},
): Promise<AssignmentResult> {
  const started = performance.now();
  validateProblem(problem);
  const objective = options.objective ?? "total";
  const report = progressReporter(options.onProgress);
  const pairs: CandidatePair[] = usablePairs(problem);
  const needCount = problem.needs.length;

  const flow = solveAssignmentFlow(problem, pairs, (done, total) => report("min-cost flow", done, total));
  const totalDemand = problem.needs.reduce((s, n) => s + n.demand, 0);
  const totalMinLoad = problem.experts.reduce((s, e) => s + e.minLoad, 0);
  const quotaReasons = diagnoseQuotas(problem, pairs);
  if (flow.result.unrouted > 0 || totalMinLoad > totalDemand || quotaReasons.length > 0) {
    const reasons = [
      ...(flow.result.unrouted > 0 || totalMinLoad > totalDemand ? diagnoseCapacity(problem, pairs, flow) : []),
      ...quotaReasons,
    ];
    return finish(started, needCount, [], {
      status: "infeasible",
      upperBound: null,
      gapPercent: null,
      solver: "min-cost-flow",
      diagnosis: summarize(reasons),
    });
  }
  const flowAssigned: AssignedPair[] = flow.chosen.map((k) => ({ ...pairs[k]! }));
  const hasQuotas = (problem.quotas ?? []).length > 0;

  if (objective === "total" && !hasQuotas) return certified(started, needCount, flow, flowAssigned, "min-cost-flow");
  const layout = objective === "total" ? quotaNetworkLayout(problem, pairs) : null;
  if (layout) {
    const quotaFlow = solveQuotaFlow(problem, pairs, layout, (done, total) =>
      report("quotas (min-cost flow)", done, total),
    );
    if (quotaFlow.result.unrouted > 0) return quotaConflict(problem, pairs, started);
    const assigned = quotaFlow.chosen.map((k) => ({ ...pairs[k]! }));
    return certified(started, needCount, quotaFlow, assigned, "quota-flow");
  }

  // Crossing rules: first the network without the sets that cross (a relaxation). Its optimum is
  // an upper bound, and the optimum itself when it keeps every rule anyway.
  let relaxedBound: number | null = null;
  if (objective === "total") {
    const relaxed = solveQuotaFlow(problem, pairs, quotaNetworkLayout(problem, pairs, { dropCrossing: true })!);
    // A relaxation without a solution: neither has the problem itself.
    if (relaxed.result.unrouted > 0) return quotaConflict(problem, pairs, started);
    if (relaxed.network.certify() >= -CERTIFICATE_TOLERANCE) {
      const assigned = relaxed.chosen.map((k) => ({ ...pairs[k]! }));
      if (quotasHold(problem, assigned)) return certified(started, needCount, relaxed, assigned, "quota-flow");
      relaxedBound = -relaxed.result.cost;
    }
  }

  // Integer program. The flow's answer is a valid start when it already respects the quotas.
  const timeLimit = options.timeLimitSeconds ?? 60;
  const relativeGap = options.relativeGap ?? 1e-4;
  const flowStart = quotasHold(problem, flowAssigned)
    ? pairs.map((_p, k) => (flow.result.flow[k]! > 0 ? 1 : 0))
    : undefined;
  const deadline = started + timeLimit * 1000;
  const remaining = () => Math.max(1, (deadline - performance.now()) / 1000);

  let floor: number | undefined;
  let floorBound: number | null = null;
  if (objective === "fair") {
    report("fair: raise the worst-off need", 0, 2);
    const first = await solveAssignmentMip({
      problem,
      pairs,
      maximizeFloor: true,
      timeLimitSeconds: remaining() / 2,
      relativeGap,
    });
    if (first.status === "infeasible") return quotaConflict(problem, pairs, started);
    if (first.status === "unknown") return noSolutionInTime(started, needCount, flowAssigned, hasQuotas);
    floor = first.floor ?? undefined;
    floorBound = first.bound;
  }
  report(objective === "fair" ? "fair: then the total" : "quotas (MIP)", objective === "fair" ? 1 : 0, 2);
  const outcome = await solveAssignmentMip({
    problem,
    pairs,
    floorAtLeast: floor === undefined ? undefined : floor - 1e-9 * Math.max(1, Math.abs(floor)),
    timeLimitSeconds: remaining(),
    relativeGap,
    start: floor === undefined ? flowStart : undefined,
  });
  report("done", 2, 2);
  if (outcome.status === "infeasible") return quotaConflict(problem, pairs, started);
  if (outcome.status === "unknown") return noSolutionInTime(started, needCount, flowAssigned, hasQuotas);
  const assigned = outcome.chosen.flatMap((x, k) => (x > 0.5 ? [{ ...pairs[k]! }] : []));
  const result = finish(started, needCount, assigned, {
    status: outcome.status,
    upperBound:
      relaxedBound !== null && (outcome.bound === null || relaxedBound < outcome.bound) ? relaxedBound : outcome.bound,
    gapPercent: null,
    solver: "highs-mip",
    diagnosis: null,
  });
  // The floor stage is optimal only if its own bound was met too.
  if (
    objective === "fair" &&
    floorBound !== null &&
    floor !== undefined &&
    floorBound - floor > 1e-6 * Math.max(1, Math.abs(floor))
  ) {
    result.status = "feasible";
  }
  // HiGHS calls a solve "optimal" once within mip_rel_gap: only a closed bound is optimal here.
  if (
    result.upperBound !== null &&
    result.upperBound - result.objective > 1e-7 * Math.max(1, Math.abs(result.upperBound))
  ) {
    result.status = "feasible";
  }
  if (result.upperBound !== null) {
    result.gapPercent =
      result.status === "optimal"
        ? 0
        : (100 * Math.max(0, result.upperBound - result.objective)) / Math.max(1e-9, Math.abs(result.upperBound));
  }
  return result;
}

/** A flow's answer, optimal when its potentials prove it (no residual arc of negative reduced cost). */
function certified(
  started: number,
  needCount: number,
  flow: FlowAssignment,
  assigned: AssignedPair[],
  solver: AssignmentResult["solver"],
): AssignmentResult {
  const optimal = flow.network.certify() >= -CERTIFICATE_TOLERANCE;
  const result = finish(started, needCount, assigned, {
    status: optimal ? "optimal" : "feasible",
    upperBound: null,
    gapPercent: optimal ? 0 : null,
    solver,
    diagnosis: null,
  });
  if (optimal) result.upperBound = result.objective;
  return result;
}

/** Whether some assignment meets the capacities and these quotas: the quota network when it is one. */
async function quotasFeasible(problem: AssignmentProblem, pairs: readonly CandidatePair[]): Promise<boolean> {
  const layout = quotaNetworkLayout(problem, pairs);
  if (layout) return solveQuotaFlow(problem, pairs, layout).result.unrouted === 0;
  const test = await solveAssignmentMip({ problem, pairs, timeLimitSeconds: 10, relativeGap: 1 });
  return test.status !== "infeasible";
}

function noSolutionInTime(
  started: number,
  needCount: number,
  flowAssigned: AssignedPair[],
  hasQuotas: boolean,
): AssignmentResult {
  // Without quotas the flow's answer is always valid: better a feasible answer than none.
  if (!hasQuotas) {
    return finish(started, needCount, flowAssigned, {
      status: "feasible",
      upperBound: null,
      gapPercent: null,
      solver: "min-cost-flow",
      diagnosis: null,
    });
  }
  throw new Error("the integer program found no solution within the time limit; raise --time-limit");
}

/** Capacity alone is feasible and no single rule is hopeless: find the rule whose removal helps. */
async function quotaConflict(
  problem: AssignmentProblem,
  pairs: readonly CandidatePair[],
  started: number,
): Promise<AssignmentResult> {
  const quotas = problem.quotas ?? [];
  const culprits: number[] = [];
  for (let r = 0; r < quotas.length; r++) {
    const without = { ...problem, quotas: quotas.filter((_q, i) => i !== r) };
    if (await quotasFeasible(without, pairs)) culprits.push(r);
  }
  const ruleNames = culprits.map((r) => `rule ${r + 1} (${quotas[r]!.kind} ${quotas[r]!.attr})`);
  const reason = {
    kind: "quota" as const,
    message:
      "Each need can meet its quotas on its own, but together with the experts' maxLoad the quota rules leave no solution " +
      "(the experts who satisfy them are too few or too busy).",
    needIds: [],
    expertIds: [],
    shortfall: 0,
    relaxation:
      ruleNames.length > 0
        ? `Dropping any one of ${ruleNames.join(", ")} makes the problem feasible; or raise the maxLoad of the experts these rules need.`
        : "No single rule's removal is enough: relax several rules, or raise maxLoad of the experts the rules need.",
  };
  return finish(started, problem.needs.length, [], {
    status: "infeasible",
    upperBound: null,
    gapPercent: null,
    solver: "highs-mip",
    diagnosis: summarize([reason]),
  });
}
