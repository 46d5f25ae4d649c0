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
  eventStatus: string;
  status: string;
  slot: number | null;
  tableNo: number | null;
  needId: number;
  needTitle: string;
  needOwnerId: number | null;
  needStatus: string;
  expertId: number;
  expertName: string;
  expertUserId: number | null;
}
