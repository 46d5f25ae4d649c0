/**
 * Why an assignment has no solution, in organizer words, with the smallest relaxation found.
 * The capacity reasons come from the flow's violated cut (max-flow = min-cut): the needs still
 * holding unserved demand and every expert they can reach in the residual graph; those experts
 * are all full, so the group's demand exceeds what its candidates can give by exactly the
 * unrouted amount.
 */
import type {
  AssignmentDiagnosis,
  AssignmentProblem,
  CandidatePair,
  InfeasibilityReason,
  QuotaRule,
} from "./assignment.types.js";
import { solveAssignmentFlow, type FlowAssignment } from "./assignment-flow.js";

const listed = (ids: readonly string[], limit = 8) =>
  ids.length <= limit ? ids.join(", ") : `${ids.slice(0, limit).join(", ")} and ${ids.length - limit} more`;

export function diagnoseCapacity(
  problem: AssignmentProblem,
  pairs: readonly CandidatePair[],
  flow: FlowAssignment,
): InfeasibilityReason[] {
  const reasons: InfeasibilityReason[] = [];
  const { needs, experts } = problem;
  const totalDemand = needs.reduce((s, n) => s + n.demand, 0);
  const totalMinLoad = experts.reduce((s, e) => s + e.minLoad, 0);
  if (totalMinLoad > totalDemand) {
    const heavy = experts.filter((e) => e.minLoad > 0).map((e) => e.id);
    reasons.push({
      kind: "totalMinLoad",
      message: `The experts' minLoad adds up to ${totalMinLoad} meetings but the needs ask for only ${totalDemand} in all.`,
      needIds: [],
      expertIds: heavy,
      shortfall: totalMinLoad - totalDemand,
      relaxation: `Lower the minLoad of ${listed(heavy)} by ${totalMinLoad - totalDemand} in total, or raise demand by as much.`,
    });
  }

  const usableByNeed = new Array<number>(needs.length).fill(0);
  const usableByExpert = new Array<number>(experts.length).fill(0);
  for (const p of pairs) {
    if (experts[p.expert]!.maxLoad <= 0) continue;
    usableByNeed[p.need]!++;
    usableByExpert[p.expert]!++;
  }
  const listedByNeed = new Array<number>(needs.length).fill(0);
  for (const p of problem.pairs) listedByNeed[p.need]!++;
  const thin = new Set<number>();
  let thinShortfall = 0;
  needs.forEach((need, i) => {
    const usable = usableByNeed[i]!;
    if (usable >= need.demand) return;
    thin.add(i);
    thinShortfall += need.demand - usable;
    const excluded = listedByNeed[i]! - usable;
    reasons.push({
      kind: "tooFewCandidates",
      message:
        `Need ${need.id} asks for ${need.demand} experts but has only ${usable} usable candidate${usable === 1 ? "" : "s"}` +
        (excluded > 0
          ? ` (${excluded} listed pair${excluded === 1 ? " is" : "s are"} excluded by conflicts or maxLoad 0).`
          : "."),
      needIds: [need.id],
      expertIds: [],
      shortfall: need.demand - usable,
      relaxation: `Lower the demand of ${need.id} to ${usable}, or list ${need.demand - usable} more candidate expert${need.demand - usable === 1 ? "" : "s"} for it.`,
    });
  });
  experts.forEach((expert, j) => {
    const usable = usableByExpert[j]!;
    if (usable >= expert.minLoad) return;
    reasons.push({
      kind: "minLoad",
      message: `Expert ${expert.id} must take at least ${expert.minLoad} needs but is a usable candidate of only ${usable}.`,
      needIds: [],
      expertIds: [expert.id],
      shortfall: expert.minLoad - usable,
      relaxation: `Lower the minLoad of ${expert.id} to ${usable}.`,
    });
  });

  const { result } = flow;
  const needCount = needs.length;
  const cutShortfall = result.unrouted - thinShortfall;
  if (cutShortfall > 0) {
    const cutNeeds: number[] = [];
    for (let i = 0; i < needCount; i++) if (result.stuckSide[i] && !thin.has(i)) cutNeeds.push(i);
    const cutExperts: number[] = [];
    for (let j = 0; j < experts.length; j++) if (result.stuckSide[needCount + j]) cutExperts.push(j);
    if (cutNeeds.length > 0) {
      const demand = cutNeeds.reduce((s, i) => s + needs[i]!.demand, 0);
      const capacity = cutExperts.reduce((s, j) => s + experts[j]!.maxLoad, 0);
      const inCut = new Set(cutNeeds);
      // Pairs to experts outside the group each give at most one meeting (they are all used).
      let outside = 0;
      const reach = new Map<number, number>();
      pairs.forEach((p, k) => {
        if (!inCut.has(p.need)) return;
        if (result.stuckSide[needCount + p.expert]) reach.set(p.expert, (reach.get(p.expert) ?? 0) + 1);
        else if (result.flow[k]! > 0) outside++;
      });
      const needIds = cutNeeds.map((i) => needs[i]!.id);
      const expertIds = cutExperts.map((j) => experts[j]!.id);
      // The smallest single change: one shared expert takes the whole shortfall; checked by re-solving.
      const candidates = [...reach.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([j]) => j);
      let relaxation =
        `Raise the maxLoad of ${listed(expertIds)} by ${cutShortfall} in total, ` +
        `lower the demand of these needs by ${cutShortfall} in total, or list more candidates for them.`;
      const best = candidates[0];
      if (best !== undefined && (reach.get(best) ?? 0) >= cutShortfall) {
        const raised = experts.map((e, j) => (j === best ? { ...e, maxLoad: e.maxLoad + cutShortfall } : e));
        const check = solveAssignmentFlow({ needs, experts: raised }, pairs);
        if (check.result.unrouted === result.unrouted - cutShortfall) {
          const e = experts[best]!;
          relaxation =
            `Raise the maxLoad of ${e.id} from ${e.maxLoad} to ${e.maxLoad + cutShortfall} (checked: that alone closes this gap), ` +
            `or lower the demand of these needs by ${cutShortfall} in total.`;
        }
      }
      reasons.push({
        kind: "capacityCut",
        message:
          `These ${cutNeeds.length} needs (${listed(needIds)}) ask for ${demand} experts in all, but their candidates can give ` +
          `only ${demand - cutShortfall}: the ${cutExperts.length} experts they share (${listed(expertIds)}) can take ` +
          `${capacity} meetings in all and are full` +
          (outside > 0 ? `, and ${outside} more come from other experts, one per listed pair.` : "."),
        needIds,
        expertIds,
        shortfall: cutShortfall,
        relaxation,
      });
    }
  }
  // Experts whose minLoad stays unmet although they have enough candidates on paper.
  experts.forEach((expert, j) => {
    const missing = -result.excess[needCount + j]!;
    if (missing <= 0 || usableByExpert[j]! < expert.minLoad) return;
    reasons.push({
      kind: "minLoad",
      message: `Expert ${expert.id} must take at least ${expert.minLoad} needs but can get only ${expert.minLoad - missing} once every need is served.`,
      needIds: [],
      expertIds: [expert.id],
      shortfall: missing,
      relaxation: `Lower the minLoad of ${expert.id} to ${expert.minLoad - missing}.`,
    });
  });
  return reasons;
}

/** Quota rules that no choice of candidates can satisfy, need by need (before any capacity). */
export function diagnoseQuotas(problem: AssignmentProblem, pairs: readonly CandidatePair[]): InfeasibilityReason[] {
  const reasons: InfeasibilityReason[] = [];
  const byNeed = new Map<number, number[]>();
  for (const p of pairs) {
    if (problem.experts[p.expert]!.maxLoad <= 0) continue;
    const list = byNeed.get(p.need) ?? [];
    list.push(p.expert);
    byNeed.set(p.need, list);
  }
  (problem.quotas ?? []).forEach((rule, r) => {
    problem.needs.forEach((need, i) => {
      if (!ruleApplies(rule, need.id)) return;
      const candidates = byNeed.get(i) ?? [];
      if (rule.kind === "atLeast") {
        const matching = candidates.filter((j) => problem.experts[j]!.attrs[rule.attr] === rule.value).length;
        const required = Math.min(rule.count, need.demand);
        if (matching >= required) return;
        reasons.push({
          kind: "quota",
          message: `Rule ${r + 1} asks that need ${need.id} get at least ${rule.count} expert(s) with ${rule.attr} = ${rule.value}, but only ${matching} of its candidates qualify.`,
          needIds: [need.id],
          expertIds: [],
          shortfall: required - matching,
          rule: r,
          relaxation: `List ${required - matching} more candidate(s) with ${rule.attr} = ${rule.value} for ${need.id}, or exempt it from rule ${r + 1}.`,
        });
      } else {
        const groups = new Map<string, number>();
        let distinct = 0;
        for (const j of candidates) {
          const value = problem.experts[j]!.attrs[rule.attr];
          if (value === undefined) distinct++;
          else groups.set(value, (groups.get(value) ?? 0) + 1);
        }
        for (const size of groups.values()) distinct += Math.min(size, rule.count);
        if (distinct >= need.demand) return;
        reasons.push({
          kind: "quota",
          message: `Rule ${r + 1} allows need ${need.id} at most ${rule.count} expert(s) sharing one ${rule.attr}; its candidates then give only ${distinct} of the ${need.demand} it asks for.`,
          needIds: [need.id],
          expertIds: [],
          shortfall: need.demand - distinct,
          rule: r,
          relaxation: `Lower the demand of ${need.id} to ${distinct}, raise rule ${r + 1}'s count, or list candidates from other ${rule.attr} values.`,
        });
      }
    });
  });
  return reasons;
}

export function ruleApplies(rule: QuotaRule, needId: string): boolean {
  if (rule.kind === "atMostSame") return true;
  return rule.needs === "all" || rule.needs.includes(needId);
}

export function summarize(reasons: readonly InfeasibilityReason[]): AssignmentDiagnosis {
  const shortfall = reasons.reduce((s, r) => s + r.shortfall, 0);
  const first = reasons[0];
  const summary =
    reasons.length === 0
      ? "No assignment satisfies every rule."
      : `No assignment satisfies every rule: ${reasons.length} reason${reasons.length === 1 ? "" : "s"}` +
        (shortfall > 0 ? `, ${shortfall} expert-slot${shortfall === 1 ? "" : "s"} short` : "") +
        `. First: ${first!.message} ${first!.relaxation}`;
  return { summary, reasons: [...reasons] };
}
