import type { RegionKind } from "../../matching/index.js";

/** The stages of the funnel, in order; docs/decisions.md §28 defines each from stored rows. */
export const funnelStages = ["posted", "matched", "invited", "accepted", "met", "intention", "contract"] as const;
export type FunnelStage = (typeof funnelStages)[number];

/** Needs that reached each stage (or a later one): the counts never grow down the funnel. */
export type FunnelCounts = Record<FunnelStage, number>;

/** A breakdown row. For groups of experts (society, region) "posted" has no meaning and is null. */
export interface FunnelRow {
  /** The group's key: a track code, a month "2026-06", a region kind, a society name; "" for none. */
  key: string;
  /** The group's display name where the data has one (track and society names). */
  label: string;
  /** Its English name where the data has one (tracks'), else "". */
  labelEn: string;
  counts: Omit<FunnelCounts, "posted"> & { posted: number | null };
}

export interface Funnel {
  total: FunnelCounts;
  byTrack: FunnelRow[];
  byRegion: FunnelRow[];
  bySociety: FunnelRow[];
  /** Month the need was posted, China time; empty for one event. */
  byMonth: FunnelRow[];
}

export interface MeetingCounts {
  /** Meetings that took place: marked held, or with an outcome recorded by either side. */
  held: number;
  noShows: number;
  /** noShows / (held + noShows); null when neither happened. */
  noShowRate: number | null;
  /** Meetings with an intention or a contract recorded. */
  intentions: number;
  contracts: number;
  /** Per contract meeting the larger of the two sides' values, summed. */
  contractValueYuan: number;
}

export interface AssociationCounts extends MeetingCounts {
  needsPosted: number;
  needsOpen: number;
  needsInProgress: number;
  needsSolved: number;
  experts: number;
  technologies: number;
  invitationsSent: number;
  invitationsAccepted: number;
  /** Events live or closed. */
  eventsHeld: number;
  /** Salons that were opened (open now or closed). */
  salonsHeld: number;
  /** Distinct people who acted in a salon (asked, chatted, voted…), summed over salons. */
  salonAttendance: number;
  salonQuestions: number;
}

/** One month of activity (China time), for the trend chart. */
export interface MonthTrend {
  month: string;
  needsPosted: number;
  invitationsSent: number;
  meetingsHeld: number;
  contracts: number;
  salonsHeld: number;
}

export interface EventSummary {
  id: number;
  title: string;
  trackCode: string | null;
  trackName: string;
  trackNameEn: string;
  status: string;
  startsAt: Date;
  needs: number;
  experts: number;
  meetings: MeetingCounts;
}

export interface AssociationDashboard {
  counts: AssociationCounts;
  trend: MonthTrend[];
  funnel: Funnel;
  events: EventSummary[];
}

export type OutcomeResult = "no_interest" | "follow_up" | "intention" | "contract";

/** One meeting of an event as the dashboard lists it. */
export interface MeetingLine {
  id: number;
  slot: number | null;
  tableNo: number | null;
  needTitle: string;
  enterprise: string;
  expertName: string;
  expertRegion: RegionKind;
  status: string;
  /** The furthest result either side recorded. */
  outcome: OutcomeResult | null;
  contractValueYuan: number | null;
}

export interface EventDashboard {
  event: EventSummary & { venue: string; kind: string };
  participants: { needs: number; experts: number; checkedIn: number; noShows: number };
  meetingsScheduled: number;
  funnel: Funnel;
  outcomes: Record<OutcomeResult | "none", number>;
  meetings: MeetingLine[];
}
