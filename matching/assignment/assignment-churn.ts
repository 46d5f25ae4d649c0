/**
 * Re-solving after a change (an expert drops out, a need is added) without reshuffling the
 * whole event. Locked pairs are fixed in advance (they use up their need's demand and their
 * expert's load); every pair of the previous assignment earns a small bonus β. If x* is the
 * optimum and x_β the bonus solution, S(x_β) ≥ S(x*) − β·|previous|, so β = tolerance·|S(x*)| /
 * |previous| keeps the answer within the stated tolerance of optimal while keeping as many
 * previous pairs as that allows (Lagrangian view of "fewest changes subject to near-optimality").
 */
import type { AssignmentOptions, AssignmentProblem, AssignmentResult } from "./assignment.types.js";
import { solveAssignment } from "./assignment-solver.js";

export interface ChurnRequest {
  /** The previous assignment's pairs (by index into the new problem); unknown ones are ignored. */
  previous: readonly { need: number; expert: number }[];
  /** Pairs that must stay, whatever the cost. */
  locked?: readonly { need: number; expert: number }[];
  /** Allowed relative loss against the optimum (0.001 = 0.1 %). */
  tolerance?: number;
}

export interface ChurnResult extends AssignmentResult {
  /** The optimum with the locked pairs but without the stability bonus. */
  optimum: number | null;
  kept: number;
  added: number;
  removed: number;
}

export async function resolveWithLittleChurn(
  problem: AssignmentProblem,
  request: ChurnRequest,
  options: AssignmentOptions = {},
): Promise<ChurnResult> {
  const tolerance = request.tolerance ?? 0.001;
  const key = (need: number, expert: number) => need * problem.experts.length + expert;
  const conflicts = new Set((problem.conflicts ?? []).map((c) => key(c.need, c.expert)));
  const scoreOf = new Map<number, number>();
  for (const p of problem.pairs) {
    const k = key(p.need, p.expert);
    if (!conflicts.has(k)) scoreOf.set(k, Math.max(scoreOf.get(k) ?? -Infinity, p.score));
  }
  const locked = new Set<number>();
  const needs = problem.needs.map((n) => ({ ...n }));
  const experts = problem.experts.map((e) => ({ ...e }));
  for (const pair of request.locked ?? []) {
    const k = key(pair.need, pair.expert);
    if (locked.has(k)) continue;
    if (!scoreOf.has(k)) {
      throw new RangeError(
        `locked pair ${problem.needs[pair.need]?.id}–${problem.experts[pair.expert]?.id} is not a listed, conflict-free pair`,
      );
    }
    const need = needs[pair.need]!;
    const expert = experts[pair.expert]!;
    if (need.demand === 0 || expert.maxLoad === 0) {
      throw new RangeError(`locked pairs exceed the demand of ${need.id} or the maxLoad of ${expert.id}`);
    }
    locked.add(k);
    need.demand--;
    expert.maxLoad--;
    expert.minLoad = Math.max(0, expert.minLoad - 1);
  }
  const free = problem.pairs.filter((p) => !locked.has(key(p.need, p.expert)));
  const reduced: AssignmentProblem = { ...problem, needs, experts, pairs: free };
  const lockedPairs = [...locked].map((k) => {
    const need = Math.floor(k / problem.experts.length);
    const expert = k % problem.experts.length;
    return { need, expert, score: scoreOf.get(k)! };
  });
  const lockedScore = lockedPairs.reduce((s, p) => s + p.score, 0);

  const base = await solveAssignment(reduced, options);
  const previous = new Set(request.previous.map((p) => key(p.need, p.expert)));
  const finishWith = (result: AssignmentResult, optimum: number | null): ChurnResult => {
    const assigned = [...lockedPairs, ...result.assigned];
    const now = new Set(assigned.map((a) => key(a.need, a.expert)));
    let kept = 0;
    for (const k of now) if (previous.has(k)) kept++;
    const sums = new Array<number>(problem.needs.length).fill(0);
    for (const a of assigned) sums[a.need]! += a.score;
    return {
      ...result,
      assigned,
      objective: assigned.reduce((s, a) => s + a.score, 0),
      minNeedScore: sums.length === 0 ? 0 : Math.min(...sums),
      upperBound: result.upperBound === null ? null : result.upperBound + lockedScore,
      optimum,
      kept,
      added: now.size - kept,
      removed: previous.size - kept,
    };
  };
  if (base.status === "infeasible" || previous.size === 0)
    return finishWith(base, base.status === "infeasible" ? null : base.objective + lockedScore);

  const optimum = base.objective;
  const bonus = (tolerance * Math.max(Math.abs(optimum + lockedScore), 1e-9)) / previous.size;
  const boosted: AssignmentProblem = {
    ...reduced,
    pairs: free.map((p) => (previous.has(key(p.need, p.expert)) ? { ...p, score: p.score + bonus } : p)),
  };
  const stable = await solveAssignment(boosted, options);
  if (stable.status === "infeasible") return finishWith(base, optimum + lockedScore);
  // Report true scores, not the boosted ones.
  const assigned = stable.assigned.map((a) => ({ ...a, score: scoreOf.get(key(a.need, a.expert))! }));
  const result = finishWith({ ...stable, assigned }, optimum + lockedScore);
  result.status =
    base.status === "optimal" && result.objective >= optimum + lockedScore - 1e-9 ? "optimal" : "feasible";
  result.upperBound = base.upperBound === null ? null : base.upperBound + lockedScore;
  result.gapPercent =
    result.upperBound === null
      ? null
      : (100 * Math.max(0, result.upperBound - result.objective)) / Math.max(1e-9, Math.abs(result.upperBound));
  return result;
}
