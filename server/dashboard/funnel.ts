import { regionKind, type RegionKind } from "../../matching/index.js";
import type { Activity, MeetingRow, OutcomeRow } from "./dashboard.repository.js";
import {
  funnelStages,
  type Funnel,
  type FunnelCounts,
  type FunnelRow,
  type FunnelStage,
  type MeetingCounts,
  type OutcomeResult,
} from "./dashboard.types.js";

/**
 * The funnel need → matched → invited → accepted → met → intention → contract, computed from
 * stored rows only (docs/decisions.md §28). Each (need, expert) pair reaches the furthest stage any
 * of its rows shows; a need reaches the furthest stage of its pairs; a stage counts the needs that
 * reached it or a later one, so the counts never grow down the funnel.
 */

const stageRank = new Map<FunnelStage, number>(funnelStages.map((stage, index) => [stage, index]));
const rankOf = (stage: FunnelStage) => stageRank.get(stage)!;
const further = (a: FunnelStage, b: FunnelStage): FunnelStage => (rankOf(a) >= rankOf(b) ? a : b);

const outcomeOrder: readonly OutcomeResult[] = ["no_interest", "follow_up", "intention", "contract"];

/** The regions in the order the dashboard lists them. */
export const regionOrder: readonly RegionKind[] = [
  "fujian",
  "taiwan",
  "hongkong-macau",
  "mainland",
  "overseas",
  "unknown",
];

/** What came of one meeting, both sides' outcomes taken together. */
export interface MeetingFacts {
  /** Marked held, or either side recorded an outcome (an outcome says the meeting took place). */
  tookPlace: boolean;
  noShow: boolean;
  /** The furthest result either side recorded. */
  outcome: OutcomeResult | null;
  /** For a contract: the larger of the values the two sides recorded. */
  contractValueYuan: number | null;
}

export function meetingFacts(
  meetings: readonly MeetingRow[],
  outcomes: readonly OutcomeRow[],
): Map<number, MeetingFacts> {
  const byMeeting = new Map<number, OutcomeRow[]>();
  for (const outcome of outcomes)
    byMeeting.set(outcome.meetingId, [...(byMeeting.get(outcome.meetingId) ?? []), outcome]);
  const facts = new Map<number, MeetingFacts>();
  for (const meeting of meetings) {
    const recorded = byMeeting.get(meeting.id) ?? [];
    let outcome: OutcomeResult | null = null;
    for (const row of recorded) {
      const index = outcomeOrder.indexOf(row.result as OutcomeResult);
      if (index >= 0 && (outcome === null || index > outcomeOrder.indexOf(outcome))) outcome = outcomeOrder[index]!;
    }
    const values = recorded.filter((r) => r.result === "contract").map((r) => r.contractValueYuan ?? 0);
    const tookPlace = meeting.status === "held" || recorded.length > 0;
    facts.set(meeting.id, {
      tookPlace,
      noShow: !tookPlace && meeting.status === "no_show",
      outcome,
      contractValueYuan: outcome === "contract" ? Math.max(0, ...values) : null,
    });
  }
  return facts;
}

export function countMeetings(facts: Iterable<MeetingFacts>): MeetingCounts {
  const counts: MeetingCounts = {
    held: 0,
    noShows: 0,
    noShowRate: null,
    intentions: 0,
    contracts: 0,
    contractValueYuan: 0,
  };
  for (const fact of facts) {
    if (fact.tookPlace) counts.held += 1;
    if (fact.noShow) counts.noShows += 1;
    if (fact.outcome === "intention" || fact.outcome === "contract") counts.intentions += 1;
    if (fact.outcome === "contract") {
      counts.contracts += 1;
      counts.contractValueYuan += fact.contractValueYuan ?? 0;
    }
  }
  const attended = counts.held + counts.noShows;
  counts.noShowRate = attended === 0 ? null : counts.noShows / attended;
  return counts;
}

function meetingStage(meeting: MeetingRow, facts: MeetingFacts): FunnelStage {
  if (facts.outcome === "contract") return "contract";
  if (facts.outcome === "intention") return "intention";
  if (facts.tookPlace) return "met";
  // A published schedule invites both sides; an assigned or cancelled pair was only matched.
  return meeting.status === "scheduled" || meeting.status === "no_show" ? "invited" : "matched";
}

const pairKey = (needId: number, expertId: number) => `${needId}:${expertId}`;

/** The furthest stage of every (need, expert) pair with a stored row. */
function pairStages(
  activity: Activity,
  facts: Map<number, MeetingFacts>,
): Map<string, { needId: number; expertId: number; stage: FunnelStage }> {
  const pairs = new Map<string, { needId: number; expertId: number; stage: FunnelStage }>();
  const reach = (needId: number, expertId: number, stage: FunnelStage) => {
    const key = pairKey(needId, expertId);
    const known = pairs.get(key);
    pairs.set(key, { needId, expertId, stage: known ? further(known.stage, stage) : stage });
  };
  for (const pair of [...activity.pins, ...activity.preferences]) reach(pair.needId, pair.expertId, "matched");
  for (const invitation of activity.invitations) {
    reach(invitation.needId, invitation.expertId, invitation.status === "accepted" ? "accepted" : "invited");
  }
  for (const meeting of activity.meetings)
    reach(meeting.needId, meeting.expertId, meetingStage(meeting, facts.get(meeting.id)!));
  return pairs;
}

/** China Standard Time month (UTC+8, no daylight saving) of an instant: "2026-06". */
export function chinaMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 7);
}

function countStages(stages: Iterable<FunnelStage>): FunnelCounts {
  const counts = Object.fromEntries(funnelStages.map((stage) => [stage, 0])) as FunnelCounts;
  for (const stage of stages) {
    for (const each of funnelStages.slice(0, rankOf(stage) + 1)) counts[each] += 1;
  }
  return counts;
}

interface Group {
  key: string;
  label: string;
  labelEn: string;
  /** The furthest stage of each need in the group. */
  needs: Map<number, FunnelStage>;
}

function addToGroup(
  groups: Map<string, Group>,
  key: string,
  labels: { label: string; labelEn?: string },
  needId: number,
  stage: FunnelStage,
): void {
  const group = groups.get(key) ?? { key, label: labels.label, labelEn: labels.labelEn ?? "", needs: new Map() };
  const known = group.needs.get(needId);
  group.needs.set(needId, known ? further(known, stage) : stage);
  groups.set(key, group);
}

function rowsOf(groups: Map<string, Group>, posted: boolean): FunnelRow[] {
  return [...groups.values()].map((group) => {
    const counts = countStages(group.needs.values());
    return {
      key: group.key,
      label: group.label,
      labelEn: group.labelEn,
      counts: { ...counts, posted: posted ? counts.posted : null },
    };
  });
}

/** Code-point order: the same on every machine, whatever its collation tables. */
const byKey = (a: FunnelRow, b: FunnelRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function computeFunnel(
  activity: Activity,
  facts: Map<number, MeetingFacts>,
  options: { byMonth: boolean },
): Funnel {
  const needs = new Map(activity.needs.map((need) => [need.id, need]));
  const needStage = new Map<number, FunnelStage>(activity.needs.map((need) => [need.id, "posted"]));
  const byTrack = new Map<string, Group>();
  const byMonth = new Map<string, Group>();
  const byRegion = new Map<string, Group>();
  const bySociety = new Map<string, Group>();
  for (const { needId, expertId, stage } of pairStages(activity, facts).values()) {
    // Pairs of needs outside the scope (drafts, or needs not registered in the event) do not count.
    if (!needs.has(needId)) continue;
    needStage.set(needId, further(needStage.get(needId)!, stage));
    const expert = activity.experts.get(expertId);
    addToGroup(byRegion, regionKind(expert?.region), { label: "" }, needId, stage);
    const societies = expert?.societies.length ? expert.societies : [""];
    for (const society of societies) addToGroup(bySociety, society, { label: society }, needId, stage);
  }
  for (const [needId, stage] of needStage) {
    const need = needs.get(needId)!;
    const trackLabels = { label: need.trackName, labelEn: need.trackNameEn };
    addToGroup(byTrack, need.trackCode ?? "", trackLabels, needId, stage);
    if (options.byMonth) addToGroup(byMonth, chinaMonth(need.createdAt), { label: "" }, needId, stage);
  }
  const byMatched = (a: FunnelRow, b: FunnelRow) => b.counts.matched - a.counts.matched || byKey(a, b);
  return {
    total: countStages(needStage.values()),
    byTrack: rowsOf(byTrack, true).sort((a, b) => (b.counts.posted ?? 0) - (a.counts.posted ?? 0) || byKey(a, b)),
    byRegion: rowsOf(byRegion, false).sort(
      (a, b) => regionOrder.indexOf(a.key as RegionKind) - regionOrder.indexOf(b.key as RegionKind),
    ),
    bySociety: rowsOf(bySociety, false).sort(byMatched),
    byMonth: rowsOf(byMonth, true).sort((a, b) => byKey(a, b)),
  };
}
