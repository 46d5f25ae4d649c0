/**
 * Plain data the matching engine works on. The server (or the batch CLI) builds these from
 * its records; the engine never sees Prisma models or HTTP types.
 */

export interface EvidenceInput {
  title: string;
  abstract?: string;
  keywords?: readonly string[];
  year?: number | null;
  /** paper | project | patent | output | technology */
  type?: string;
}

export interface ExpertProfile {
  /** Stable key chosen by the caller (database id or external id). */
  key: string;
  name: string;
  organization?: string;
  region?: string;
  disciplines?: readonly string[];
  keywords?: readonly string[];
  bio?: string;
  /** Publications, projects, outputs, patents — and technologies the expert owns. */
  evidence?: readonly EvidenceInput[];
  /** Engagements the expert accepts at once (undefined: no limit known). */
  capacity?: number;
  /** Engagements currently open. */
  activeEngagements?: number;
}

export interface NeedProfile {
  key: string;
  title: string;
  description?: string;
  discipline?: string;
  industry?: string;
  keywords?: readonly string[];
  region?: string;
  enterprise?: string;
  /** assist | straits | overseas | 618 | … */
  track?: string | null;
}

export type FeedbackOutcome = "declined" | "accepted" | "solved";

/** A past decision on a (need, expert) pair; needText lets similar new needs benefit. */
export interface FeedbackEvent {
  needKey: string;
  expertKey: string;
  outcome: FeedbackOutcome;
  /** Title (and description) of the need the decision was about. */
  needText?: string;
}

/** Organizer-declared conflict of interest: this expert must never be proposed for this need. */
export interface DeclaredConflict {
  needKey: string;
  expertKey: string;
}

export interface Clock {
  now(): Date;
}
