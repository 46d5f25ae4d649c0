import type { Role } from "../accounts/accounts.types.js";

/**
 * The salon domain's vocabulary. Times are ISO strings everywhere in here: event payloads
 * travel as JSON (log, sockets) and the state is rebuilt from them, so one representation
 * keeps `apply` identical whether an event was just decided or read back from the log.
 */
export const salonVisibilities = ["public", "members", "invite_only"] as const;
export type SalonVisibility = (typeof salonVisibilities)[number];

export const salonStatuses = ["scheduled", "open", "closed"] as const;
export type SalonStatus = (typeof salonStatuses)[number];

export const questionStatuses = ["pending", "visible", "answered", "hidden", "merged"] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

export const moderationActions = ["approve", "hide", "answer", "pin", "unpin", "merge"] as const;
export type ModerationAction = (typeof moderationActions)[number];

export const reactionKinds = ["clap", "like", "laugh", "think", "wow"] as const;
export type ReactionKind = (typeof reactionKinds)[number];

/**
 * Who acts in a salon (named in the log): a signed-in user, re-read for every action, or a
 * guest of this one salon (joined by its code, no account), whose userId is minus the guest's
 * id so the two never collide.
 */
export interface SalonActor {
  userId: number;
  name: string;
  role: Role | "guest";
  expertId: number | null;
}

/** A salon actor with an account: only they organize, moderate or turn questions into needs. */
export type MemberActor = SalonActor & { role: Role };

export function isGuest(actor: SalonActor | null): boolean {
  return actor?.role === "guest";
}

/** The salon-wide id a guest acts under. */
export function guestUserId(guestId: number): number {
  return -guestId;
}

export interface Speaker {
  expertId: number;
  /** The expert's account, when they have one (they may then speak from the room). */
  userId: number | null;
  name: string;
  talkTitle: string;
  budgetSeconds: number;
}

export interface UserRef {
  userId: number;
  name: string;
}

export interface SalonInfo {
  id: number;
  title: string;
  topic: string;
  description: string;
  disciplines: string[];
  startsAt: string | null;
  endsAt: string | null;
  visibility: SalonVisibility;
  status: SalonStatus;
  premoderation: boolean;
  slowModeSeconds: number;
  /** How long a raised hand may speak once called. */
  handBudgetSeconds: number;
  organizer: UserRef | null;
  speakers: Speaker[];
  moderators: UserRef[];
  inviteeIds: number[];
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
}

/** The fields every view of a salon starts from. */
export type SalonHeadline = Pick<
  SalonInfo,
  "id" | "title" | "topic" | "description" | "disciplines" | "startsAt" | "endsAt" | "visibility" | "status"
>;

/** Fields an organizer may change (REST) and moderators partly (slow mode, premoderation). */
export interface SalonChanges {
  title?: string;
  topic?: string;
  description?: string;
  disciplines?: string[];
  startsAt?: string | null;
  endsAt?: string | null;
  visibility?: SalonVisibility;
  premoderation?: boolean;
  slowModeSeconds?: number;
  handBudgetSeconds?: number;
  speakers?: Speaker[];
  moderators?: UserRef[];
  inviteeIds?: number[];
}

export interface Question {
  id: number;
  authorId: number;
  authorName: string;
  anonymous: boolean;
  text: string;
  status: QuestionStatus;
  pinned: boolean;
  hiddenReason: string;
  mergedIntoId: number | null;
  votes: number;
  needId: number | null;
  createdAt: string;
  answeredAt: string | null;
}

export interface Poll {
  id: number;
  question: string;
  options: string[];
  multiple: boolean;
  status: "open" | "closed";
  openedAt: string;
  closedAt: string | null;
}

export interface PollResults {
  /** Votes per option, by option index. */
  counts: number[];
  voters: number;
}

export interface QueueEntry {
  entryId: number;
  kind: "speaker" | "attendee";
  userId: number | null;
  expertId: number | null;
  name: string;
  budgetSeconds: number;
}

export interface CurrentTurn extends QueueEntry {
  startedAt: string;
}

export interface FinishedTurn {
  entryId: number;
  name: string;
  kind: QueueEntry["kind"];
  spokeSeconds: number;
  budgetSeconds: number;
}

export interface SpeakerQueue {
  entries: QueueEntry[];
  current: CurrentTurn | null;
  nextEntryId: number;
}

export interface Member {
  userId: number;
  name: string;
  muted: boolean;
  lastPostedAt: string | null;
}

/** Each event type and its full payload (what the log stores; redacted per viewer on the way out). */
export interface SalonEventPayloads {
  "salon.opened": { queued: QueueEntry[] };
  "salon.closed": { finished: FinishedTurn | null };
  "salon.updated": { changes: SalonChanges };
  "chat.sent": { userId: number; name: string; text: string };
  "question.asked": { question: Question };
  "question.voted": { questionId: number; userId: number; votes: number };
  "question.moderated": {
    action: ModerationAction;
    /** The status before (clients keep hidden and pending counts from it). */
    from: QuestionStatus;
    question: Question;
    /** The question merged into, with the combined votes. */
    into?: Question;
    /** Voters of the merged question who had not voted for the one it joined. */
    movedVoterIds?: number[];
    /** The question that lost its pin to this one. */
    unpinnedId?: number | null;
  };
  /** A moderator turned the question into a draft enterprise need. */
  "question.linked": { questionId: number; needId: number };
  "hand.raised": { entry: QueueEntry };
  "hand.lowered": { entryId: number; userId: number };
  "queue.advanced": { finished: FinishedTurn | null; current: CurrentTurn | null };
  "poll.opened": { poll: Poll };
  "poll.voted": { pollId: number; userId: number; optionIds: number[]; results: PollResults };
  "poll.closed": { poll: Poll; results: PollResults };
  reactions: { counts: Partial<Record<ReactionKind, number>> };
  "member.banned": { userId: number; name: string; reason: string };
  "member.muted": { userId: number; name: string; muted: boolean };
}

export type SalonEventType = keyof SalonEventPayloads;

export type SalonEventDraft = {
  [T in SalonEventType]: {
    type: T;
    payload: SalonEventPayloads[T];
    /** Who caused it (null for the system); moderators see who, in the moderation log. */
    actor: UserRef | null;
    /** The user who sees more of this event than other attendees (author, voter, banned user). */
    subjectUserId: number | null;
  };
}[SalonEventType];

/** An event as logged: a draft with its place in the salon's sequence. */
export type SalonEvent = SalonEventDraft & { salonId: number; seq: number; at: string };

export const salonEventTypes = [
  "salon.opened",
  "salon.closed",
  "salon.updated",
  "chat.sent",
  "question.asked",
  "question.voted",
  "question.moderated",
  "question.linked",
  "hand.raised",
  "hand.lowered",
  "queue.advanced",
  "poll.opened",
  "poll.voted",
  "poll.closed",
  "reactions",
  "member.banned",
  "member.muted",
] as const satisfies readonly SalonEventType[];

/** Events a moderator's log lists: what moderators and organizers did. */
export const moderationEventTypes: readonly SalonEventType[] = [
  "salon.opened",
  "salon.closed",
  "salon.updated",
  "question.moderated",
  "question.linked",
  "queue.advanced",
  "poll.opened",
  "poll.closed",
  "member.banned",
  "member.muted",
];

export interface ChatMessage {
  seq: number;
  userId: number;
  name: string;
  text: string;
  at: string;
}
