/**
 * Docking events (对接活动) and review panels, from creation to a published schedule: the
 * domain's words. Slots and tables are numbered from 0 in storage and in the API (pages show
 * them from 1). For a review panel the "needs" are nominations and the "experts" reviewers.
 */
import type { QuotaRule } from "../../matching/index.js";
import type { TrackRef } from "../knowledge/knowledge.types.js";

export const eventKinds = ["matchmaking", "review"] as const;
export type EventKind = (typeof eventKinds)[number];

/** A stored kind as the domain reads it: anything unknown is a matchmaking event, the default kind. */
export const eventKindOf = (stored: string): EventKind =>
  (eventKinds as readonly string[]).includes(stored) ? (stored as EventKind) : "matchmaking";

export const eventStatuses = ["draft", "registration", "matching", "scheduled", "live", "closed"] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const eventObjectives = ["total", "fair"] as const;
export type EventObjective = (typeof eventObjectives)[number];

/**
 * The moves the lifecycle allows. `matching → scheduled` happens only by publishing (which
 * needs a schedule); stepping back lets organizers reopen registration or the review.
 */
export const eventTransitions: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  draft: ["registration"],
  registration: ["draft", "matching"],
  matching: ["registration", "scheduled"],
  scheduled: ["matching", "live"],
  live: ["closed"],
  closed: [],
};

/** The one source of the event's field limits (schemas and services use it). */
export const eventLimits = {
  slotMinutes: { min: 5, max: 240 },
  slotCount: { min: 1, max: 48 },
  tableCount: { min: 1, max: 2000 },
  demandPerNeed: { min: 0, max: 50 },
  meetingsPerExpert: { min: 0, max: 48 },
  breakMinutes: { min: 1, max: 600 },
  breaks: 20,
  quotaRules: 10,
  /** Largest registration file, in rows. */
  importRows: 20_000,
} as const;

export interface EventBreak {
  /** The pause follows this slot (from 0). */
  afterSlot: number;
  minutes: number;
}

export type EventQuotaRule = QuotaRule;

export interface EventFields {
  title: string;
  kind: EventKind;
  trackId: number | null;
  venue: string;
  description: string;
  startsAt: Date;
  slotMinutes: number;
  slotCount: number;
  breaks: EventBreak[];
  tableCount: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  demandPerNeed: number;
  meetingsPerExpert: number;
  quotaRules: EventQuotaRule[];
  objective: EventObjective;
}

/**
 * Why an event's settings cannot be saved, tied to the field to correct: a stable `code` that
 * pages translate (`events.problem.<code>` in the locale files), with the values it names, and
 * the message in English for the API.
 */
export interface EventSettingsProblem {
  field: "trackId" | "breaks" | "registrationOpensAt" | "registrationClosesAt" | "quotaRules";
  code:
    | "too_many_quota_rules"
    | "unknown_track"
    | "break_after_last_slot"
    | "registration_closes_before_opening"
    | "registration_after_start";
  params: Record<string, string | number>;
  message: string;
}

export interface DockingEvent extends EventFields {
  id: number;
  track: TrackRef | null;
  status: EventStatus;
  publishedAt: Date | null;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventNeedRef {
  id: number;
  title: string;
  enterprise: string;
  discipline: string;
  region: string;
  confidential: boolean;
  ownerId: number | null;
  externalId: string | null;
  status: string;
}

export interface EventExpertRef {
  id: number;
  name: string;
  organization: string;
  title: string;
  region: string;
  userId: number | null;
  externalId: string | null;
}

interface ParticipantBase {
  id: number;
  eventId: number;
  /** Slots the participant attends; empty means every slot. */
  availability: number[];
  checkedInAt: Date | null;
  noShowAt: Date | null;
  createdAt: Date;
}

export interface NeedParticipant extends ParticipantBase {
  kind: "need";
  need: EventNeedRef;
  /** Null: the event's demandPerNeed. */
  demand: number | null;
}

export interface ExpertParticipant extends ParticipantBase {
  kind: "expert";
  expert: EventExpertRef;
  /** Null: the event's meetingsPerExpert. */
  maxMeetings: number | null;
  minMeetings: number;
}

export type EventParticipant = NeedParticipant | ExpertParticipant;

export const preferenceChoices = ["must", "like", "no"] as const;
export type PreferenceChoice = (typeof preferenceChoices)[number];

export interface EventPreference {
  needId: number;
  expertId: number;
  side: "need" | "expert";
  choice: PreferenceChoice;
}

export const runStatuses = ["running", "optimal", "feasible", "infeasible", "failed"] as const;
export type RunStatus = (typeof runStatuses)[number];

/** One reason an event has no assignment, in the event's own ids (see event-diagnosis.ts). */
export interface EventInfeasibility {
  kind: "tooFewCandidates" | "capacityCut" | "minLoad" | "quota" | "totalMinLoad" | "solver";
  message: string;
  relaxation: string;
  shortfall: number;
  needIds: number[];
  expertIds: number[];
  /** The quota rule concerned (from 0), for `quota` reasons. */
  rule: number | null;
}

export interface EventDiagnosis {
  summary: string;
  reasons: EventInfeasibility[];
}

export interface AssignmentRun {
  id: number;
  eventId: number;
  status: RunStatus;
  phase: string;
  /** 0–1. */
  progress: number;
  etaSeconds: number | null;
  objective: number | null;
  upperBound: number | null;
  minNeedScore: number | null;
  diagnosis: EventDiagnosis | null;
  /** Why a run failed (not infeasible: an error). */
  failure: string | null;
  changedPairs: number | null;
  startedById: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export const meetingSources = ["engine", "manual", "refill"] as const;
export type MeetingSource = (typeof meetingSources)[number];

export interface EventMeeting {
  id: number;
  eventId: number;
  need: EventNeedRef;
  expert: EventExpertRef;
  score: number;
  locked: boolean;
  source: MeetingSource;
  slot: number | null;
  tableNo: number | null;
  status: string;
}

/** The slots of an event in time: each one's start and end. */
export interface SlotTime {
  slot: number;
  startsAt: Date;
  endsAt: Date;
}

export function slotTimes(event: Pick<EventFields, "startsAt" | "slotMinutes" | "slotCount" | "breaks">): SlotTime[] {
  const minute = 60_000;
  const pauses = new Map<number, number>();
  for (const b of event.breaks) pauses.set(b.afterSlot, (pauses.get(b.afterSlot) ?? 0) + b.minutes);
  const times: SlotTime[] = [];
  let start = event.startsAt.getTime();
  for (let slot = 0; slot < event.slotCount; slot++) {
    const end = start + event.slotMinutes * minute;
    times.push({ slot, startsAt: new Date(start), endsAt: new Date(end) });
    start = end + (pauses.get(slot) ?? 0) * minute;
  }
  return times;
}

export const demandOf = (p: NeedParticipant, event: Pick<EventFields, "demandPerNeed">) =>
  p.demand ?? event.demandPerNeed;
export const maxMeetingsOf = (p: ExpertParticipant, event: Pick<EventFields, "meetingsPerExpert">) =>
  p.maxMeetings ?? event.meetingsPerExpert;
