/**
 * Turns an event's registrations into the engine's assignment problem: needs with their
 * demand, experts with their loads and attributes (region kind, organization), the candidate
 * pairs scored by the matching engine and raised by preferences, and the pairs never to use
 * (declared conflicts, the expert's own organization, a "no thanks" from either side).
 * Engine ids are the records' ids as text, so quota rules name needs by id.
 */
import {
  regionKind,
  sameOrganization,
  type AssignmentDiagnosis,
  type AssignmentProblem,
  type CandidatePair,
} from "../../matching/index.js";
import {
  demandOf,
  maxMeetingsOf,
  type DockingEvent,
  type EventDiagnosis,
  type EventPreference,
  type ExpertParticipant,
  type NeedParticipant,
} from "./events.types.js";

/** How much a stated wish adds to a pair's score (engine scores lie in 0–1). */
export const preferenceBonus = { must: 1, like: 0.25 } as const;

export interface ScoredCandidate {
  needId: number;
  expertId: number;
  score: number;
}

export interface EventProblem {
  problem: AssignmentProblem;
  needs: NeedParticipant[];
  experts: ExpertParticipant[];
  /** Index of a (needId, expertId) pair in problem.pairs, by key. */
  pairIndex: Map<string, number>;
}

export const pairKey = (needId: number, expertId: number) => `${needId}:${expertId}`;

export function buildEventProblem(input: {
  event: DockingEvent;
  needs: NeedParticipant[];
  experts: ExpertParticipant[];
  candidates: readonly ScoredCandidate[];
  preferences: readonly EventPreference[];
  conflicts: readonly { expertId: number; organization: string }[];
  /** Pairs that must be listed whatever the engine said (locked or manual pairs), with their score. */
  keep?: readonly ScoredCandidate[];
}): EventProblem {
  const { event, needs, experts } = input;
  const needIndex = new Map(needs.map((p, i) => [p.need.id, i]));
  const expertIndex = new Map(experts.map((p, i) => [p.expert.id, i]));
  const declined = new Set<string>();
  const bonus = new Map<string, number>();
  for (const pref of input.preferences) {
    const key = pairKey(pref.needId, pref.expertId);
    if (pref.choice === "no") declined.add(key);
    else bonus.set(key, (bonus.get(key) ?? 0) + preferenceBonus[pref.choice]);
  }
  const scores = new Map<string, number>();
  for (const c of input.candidates)
    scores.set(pairKey(c.needId, c.expertId), Math.max(c.score, scores.get(pairKey(c.needId, c.expertId)) ?? 0));
  // A wished-for pair is a candidate even when the engine did not rank it.
  for (const key of bonus.keys()) if (!scores.has(key)) scores.set(key, 0);
  const kept = new Set<string>();
  for (const k of input.keep ?? []) {
    const key = pairKey(k.needId, k.expertId);
    kept.add(key);
    if (!scores.has(key)) scores.set(key, k.score);
  }
  const conflictsOf = new Map<number, string[]>();
  for (const c of input.conflicts) {
    const list = conflictsOf.get(c.expertId) ?? [];
    list.push(c.organization);
    conflictsOf.set(c.expertId, list);
  }
  const pairs: CandidatePair[] = [];
  const conflicts: { need: number; expert: number }[] = [];
  const pairIndex = new Map<string, number>();
  for (const [key, score] of scores) {
    const [needId, expertId] = key.split(":").map(Number) as [number, number];
    const need = needIndex.get(needId);
    const expert = expertIndex.get(expertId);
    if (need === undefined || expert === undefined) continue;
    pairIndex.set(key, pairs.length);
    pairs.push({ need, expert, score: score + (bonus.get(key) ?? 0) });
    // Pairs kept by the organizer's hand stay usable: they accepted any conflict when adding them.
    if (!kept.has(key) && (declined.has(key) || conflicted(needs[need]!, experts[expert]!, conflictsOf))) {
      conflicts.push({ need, expert });
    }
  }
  const problem: AssignmentProblem = {
    needs: needs.map((p) => ({
      id: String(p.need.id),
      demand: demandOf(p, event),
      attrs: { track: event.track?.code ?? "" },
    })),
    experts: experts.map((p) => ({
      id: String(p.expert.id),
      minLoad: Math.min(p.minMeetings, maxMeetingsOf(p, event)),
      maxLoad: maxMeetingsOf(p, event),
      attrs: { region: regionKind(p.expert.region), organization: p.expert.organization.trim() },
    })),
    pairs,
    conflicts,
    quotas: event.quotaRules,
  };
  return { problem, needs, experts, pairIndex };
}

function conflicted(need: NeedParticipant, expert: ExpertParticipant, declared: Map<number, string[]>): boolean {
  const enterprise = need.need.enterprise;
  if (!enterprise) return false;
  if (expert.expert.organization && sameOrganization(enterprise, expert.expert.organization)) return true;
  return (declared.get(expert.expert.id) ?? []).some((org) => sameOrganization(org, enterprise));
}

/** The engine's diagnosis in the event's ids (the engine's ids are the records' ids as text). */
export function eventDiagnosis(diagnosis: AssignmentDiagnosis): EventDiagnosis {
  return {
    summary: diagnosis.summary,
    reasons: diagnosis.reasons.map((r) => ({
      kind: r.kind,
      message: r.message,
      relaxation: r.relaxation,
      shortfall: r.shortfall,
      needIds: r.needIds.map(Number),
      expertIds: r.expertIds.map(Number),
      rule: r.rule ?? null,
    })),
  };
}
