/**
 * Re-solving after a change (an expert drops out, a need is added) without reshuffling the
 * whole event: the fewest changed pairs within a stated tolerance of the optimum.
 *
 * Locked pairs are fixed in advance (they use up their need's demand and their expert's load).
 * "Keep the most previous pairs subject to score ≥ (1 − tolerance)·OPT" is a min-cost flow with
 * one side constraint, NP-hard in general (it contains the constrained shortest path), so we
 * solve its Lagrangian: every previous pair earns a bonus β, and x_β maximises S(x) + β·K(x)
 * (score plus β per kept pair), an ordinary flow (or quota flow). Three facts, each a line of
 * algebra from x_β's optimality against any assignment y:
 *
 * 1. Within tolerance: S(x_β) ≥ OPT − β·(K(x_β) − K(x*)) ≥ OPT − β·P (P = previous pairs that can
 *    be kept), so β ≤ tolerance·|OPT| / P is always safe; larger β are tried and kept only when
 *    their answer is measured within tolerance.
 * 2. Lexicographic: no assignment scoring at least S(x_β) keeps more pairs (S(y) ≥ S(x_β) and
 *    S(y) + β·K(y) ≤ S(x_β) + β·K(x_β) give K(y) ≤ K(x_β)).
 * 3. A bound: any y within tolerance has K(y) ≤ K(x_β) + (S(x_β) − (1 − tolerance)·OPT) / β, for
 *    every β tried. When the best such bound equals the kept count, the answer is proven to
 *    change the fewest pairs (`fewestChangesProven`); otherwise the bound is reported.
 *
 * K(x_β) grows with β, so the search doubles β from the safe value while the answer stays within
 * tolerance, then bisects once between the last good and the first bad β.
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
  /** Flows solved after the first to find the largest bonus within tolerance (default 6). */
  searchSteps?: number;
}

export interface ChurnResult extends AssignmentResult {
  /** The optimum with the locked pairs but without the stability bonus. */
  optimum: number | null;
  kept: number;
  added: number;
  removed: number;
  /** No assignment within the tolerance keeps more previous pairs than this (Lagrangian bound). */
  keptBound: number;
  /** kept equals keptBound: no assignment within the tolerance changes fewer pairs. */
  fewestChangesProven: boolean;
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
  const lockedKept = [...locked].filter((k) => previous.has(k)).length;
  // Previous pairs that are still listed, conflict-free and not locked: the most that can be kept.
  const keepable = [...previous].filter((k) => scoreOf.has(k) && !locked.has(k)).length;
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
      keptBound: lockedKept + keepable,
      // Keeping every previous pair that can still be kept needs no proof.
      fewestChangesProven: result.status !== "infeasible" && kept >= lockedKept + keepable,
      added: now.size - kept,
      removed: previous.size - kept,
    };
  };
  if (base.status === "infeasible" || previous.size === 0)
    return finishWith(base, base.status === "infeasible" ? null : base.objective + lockedScore);

  const optimum = base.objective + lockedScore;
  const floor = optimum - Math.max(tolerance * Math.abs(optimum), MIN_TOLERANCE * Math.max(1, Math.abs(optimum)));
  if (keepable === 0) return finishWith(base, optimum);
  const solveWithBonus = async (bonus: number) => {
    const boosted: AssignmentProblem = {
      ...reduced,
      pairs: free.map((p) => (previous.has(key(p.need, p.expert)) ? { ...p, score: p.score + bonus } : p)),
    };
    const solved = await solveAssignment(boosted, options);
    // Report true scores, not the boosted ones.
    const assigned = solved.assigned.map((a) => ({ ...a, score: scoreOf.get(key(a.need, a.expert))! }));
    const result = finishWith({ ...solved, assigned }, optimum);
    return { bonus, result, exact: solved.status === "optimal" };
  };

  const safeBonus = (optimum - floor) / keepable;
  let best = await solveWithBonus(safeBonus);
  if (best.result.status === "infeasible") return finishWith(base, optimum);
  let keptBound = keepable + lockedKept;
  const tighten = (trial: typeof best) => {
    if (!trial.exact) return;
    const bound = trial.result.kept + (trial.result.objective - floor) / trial.bonus;
    keptBound = Math.min(keptBound, Math.floor(bound + 1e-9));
  };
  tighten(best);
  let bad: number | null = null;
  for (let step = 0; step < (request.searchSteps ?? 6) && best.result.kept < keptBound; step++) {
    const bonus: number = bad === null ? best.bonus * 4 : (best.bonus + bad) / 2;
    const trial = await solveWithBonus(bonus);
    tighten(trial);
    if (trial.exact && trial.result.objective >= floor - 1e-9) {
      if (trial.result.kept >= best.result.kept) best = trial;
    } else {
      bad = bonus;
    }
  }
  const result = best.result;
  result.keptBound = Math.max(result.kept, keptBound);
  result.fewestChangesProven = best.exact && base.status === "optimal" && result.kept >= keptBound;
  result.status = base.status === "optimal" && result.objective >= optimum - 1e-9 ? "optimal" : "feasible";
  result.upperBound = base.upperBound === null ? null : base.upperBound + lockedScore;
  result.gapPercent =
    result.upperBound === null
      ? null
      : (100 * Math.max(0, result.upperBound - result.objective)) / Math.max(1e-9, Math.abs(result.upperBound));
  return result;
}

/** Tolerance 0 still gives the kept pairs this relative weight, below any meaningful score difference. */
const MIN_TOLERANCE = 1e-9;
