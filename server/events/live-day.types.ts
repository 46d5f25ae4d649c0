/** The live day's view of a docking event, its participants and meetings (domain types, no Prisma). */
import type { EventBreak, EventKind, EventStatus } from "./events.types.js";

// One list of statuses for the whole event domain; the live day's modules import it from here.
export { eventStatuses, type EventStatus } from "./events.types.js";

export const meetingStatuses = ["assigned", "scheduled", "held", "no_show", "cancelled"] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** Meetings that still occupy their participants, slot and table. */
export const activeMeetingStatuses: readonly MeetingStatus[] = ["assigned", "scheduled", "held"];

export interface LiveEvent {
  id: number;
  title: string;
  kind: EventKind;
  status: EventStatus;
  venue: string;
  startsAt: Date;
  slotMinutes: number;
  slotCount: number;
  breaks: EventBreak[];
  tableCount: number;
  /** The most meetings an expert takes, unless their registration says otherwise (LiveParticipant.maxMeetings). */
  meetingsPerExpert: number;
}

export interface LiveParticipant {
  id: number;
  eventId: number;
  kind: "need" | "expert";
  needId: number | null;
  expertId: number | null;
  /** The need's title or the expert's name. */
  name: string;
  /** The need's enterprise or the expert's organization. */
  organization: string;
  /** Slots the participant attends; empty = every slot. */
  availability: number[];
  maxMeetings: number | null;
  checkedInAt: Date | null;
  noShowAt: Date | null;
  /** Accounts told about changes to this participant's agenda (the need's owner, the expert's user). */
  userIds: number[];
}

export interface LiveMeeting {
  id: number;
  eventId: number;
  needId: number;
  expertId: number;
  score: number;
  source: string;
  slot: number | null;
  tableNo: number | null;
  status: MeetingStatus;
}

/** Present: checked in and not marked absent. */
export function isPresent(participant: LiveParticipant): boolean {
  return participant.checkedInAt !== null && participant.noShowAt === null;
}

/** The most meetings the participant (an expert) takes at the event. */
export function maxMeetingsAt(event: LiveEvent, participant: LiveParticipant): number {
  return participant.maxMeetings ?? event.meetingsPerExpert;
}

export function attendsSlot(participant: LiveParticipant, slot: number): boolean {
  return participant.availability.length === 0 || participant.availability.includes(slot);
}
