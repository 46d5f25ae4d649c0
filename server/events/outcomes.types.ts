import type { EventKind } from "./events.types.js";

export const outcomeResults = ["no_interest", "follow_up", "intention", "contract"] as const;
export type OutcomeResult = (typeof outcomeResults)[number];
export const outcomeSides = ["need", "expert"] as const;
export type OutcomeSide = (typeof outcomeSides)[number];

export interface Outcome {
  id: number;
  meetingId: number;
  side: OutcomeSide;
  result: OutcomeResult;
  contractValueYuan: number | null;
  note: string;
  recordedById: number | null;
  updatedAt: Date;
}

export interface OutcomeInput {
  side: OutcomeSide;
  result: OutcomeResult;
  contractValueYuan: number | null;
  note: string;
}

/** A meeting as outcome recording sees it: who its two parties are. */
export interface OutcomeMeeting {
  id: number;
  eventId: number;
  eventTitle: string;
  /** Names the two sides on its pages: need and expert, or nomination and reviewer. */
  eventKind: EventKind;
  eventStatus: string;
  status: string;
  slot: number | null;
  /** When the meeting's slot starts and ends (null while it has no slot). */
  slotStart: Date | null;
  slotEnd: Date | null;
  tableNo: number | null;
  needId: number;
  needTitle: string;
  needOwnerId: number | null;
  needStatus: string;
  expertId: number;
  expertName: string;
  expertUserId: number | null;
}

/** Why a meeting's outcome cannot be recorded yet (or at all). */
export type OutcomeBlock = "did_not_take_place" | "before_live_day" | "not_begun";

/** Meetings that took place (or were due to): a no-show or cancelled one has no outcome. */
const recordableStatuses = new Set(["assigned", "scheduled", "held"]);

/**
 * Whether a meeting's outcome can be recorded at `now`: once its slot has begun on the live day,
 * or any time after the event closed; never for a no-show or a cancelled meeting. The service
 * enforces it and the pages use it to offer the form only where it would be accepted.
 */
export function outcomeBlock(
  meeting: { status: string; eventStatus: string; slotStart: Date | null },
  now: Date,
): OutcomeBlock | null {
  if (!recordableStatuses.has(meeting.status)) return "did_not_take_place";
  if (meeting.eventStatus === "closed") return null;
  if (meeting.eventStatus !== "live") return "before_live_day";
  if (!meeting.slotStart || meeting.slotStart.getTime() > now.getTime()) return "not_begun";
  return null;
}
