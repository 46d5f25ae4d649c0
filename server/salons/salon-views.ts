import type { Salon } from "./salon.js";
import type {
  ChatMessage,
  CurrentTurn,
  Poll,
  PollResults,
  Question,
  QueueEntry,
  SalonActor,
  SalonEvent,
  SalonEventType,
  SalonHeadline,
  SalonInfo,
  SalonStatus,
  SalonVisibility,
} from "./salon.types.js";

/**
 * What one viewer may see of a salon. Moderators see everything; a question's author sees
 * their own question whatever its state; everyone else sees visible and answered questions,
 * without the author when it was asked anonymously, and of pending or hidden ones only that
 * they exist. Every viewer receives every event (so `seq` has no gaps for anyone), redacted.
 */
export interface SalonViewer {
  userId: number | null;
  moderator: boolean;
}

export function viewerOf(salon: Salon, actor: SalonActor | null): SalonViewer {
  return { userId: actor?.userId ?? null, moderator: salon.isModerator(actor) };
}

export interface QuestionView {
  id: number;
  status: Question["status"];
  /** Null when this viewer may not read it (another attendee's pending or hidden question). */
  text: string | null;
  anonymous: boolean;
  /** Null for anonymous questions (except to moderators and the author) and for unreadable ones. */
  author: { userId: number; name: string } | null;
  mine: boolean;
  pinned: boolean;
  votes: number;
  hiddenReason: string | null;
  mergedIntoId: number | null;
  needId: number | null;
  createdAt: string;
  answeredAt: string | null;
}

const publicStatuses: ReadonlySet<Question["status"]> = new Set(["visible", "answered"]);

export function presentQuestion(question: Question, viewer: SalonViewer): QuestionView {
  const mine = viewer.userId !== null && viewer.userId === question.authorId;
  const privileged = viewer.moderator || mine;
  const readable = privileged || publicStatuses.has(question.status);
  const named = privileged || !question.anonymous;
  return {
    id: question.id,
    status: question.status,
    text: readable ? question.text : null,
    anonymous: question.anonymous,
    author: readable && named ? { userId: question.authorId, name: question.authorName } : null,
    mine,
    pinned: question.pinned,
    votes: question.votes,
    hiddenReason: privileged && question.status === "hidden" ? question.hiddenReason : null,
    mergedIntoId: question.mergedIntoId,
    needId: viewer.moderator ? question.needId : null,
    createdAt: question.createdAt,
    answeredAt: question.answeredAt,
  };
}

export interface WireEvent {
  salonId: number;
  seq: number;
  type: SalonEventType;
  at: string;
  /** Moderators only. */
  actor?: { userId: number; name: string } | null;
  payload: Record<string, unknown>;
}

/** One event as this viewer receives it in `salon:event` and in a join's replay. */
export function presentEvent(event: SalonEvent, viewer: SalonViewer): WireEvent {
  const base = {
    salonId: event.salonId,
    seq: event.seq,
    type: event.type,
    at: event.at,
    // Moderators see who did what (the moderation log); attendees see it only where the payload names them.
    ...(viewer.moderator && { actor: event.actor }),
  };
  const privileged = viewer.moderator || (viewer.userId !== null && viewer.userId === event.subjectUserId);
  const own = <T>(value: T): T | null => (privileged ? value : null);
  switch (event.type) {
    case "question.asked":
      return { ...base, payload: { question: presentQuestion(event.payload.question, viewer) } };
    case "question.voted": {
      const { questionId, userId, votes } = event.payload;
      return { ...base, payload: { questionId, votes, userId: own(userId) } };
    }
    case "question.moderated": {
      const { action, from, question, into, unpinnedId, movedVoterIds } = event.payload;
      return {
        ...base,
        payload: {
          action,
          from,
          question: presentQuestion(question, viewer),
          into: into ? presentQuestion(into, viewer) : null,
          unpinnedId: unpinnedId ?? null,
          ...(viewer.moderator && { movedVoterIds: movedVoterIds ?? [] }),
        },
      };
    }
    case "question.linked": {
      const { questionId, needId } = event.payload;
      return { ...base, payload: { questionId, needId: viewer.moderator ? needId : null } };
    }
    case "poll.voted": {
      const { pollId, userId, optionIds, results } = event.payload;
      return { ...base, payload: { pollId, results, userId: own(userId), optionIds: own(optionIds) } };
    }
    case "member.banned":
    case "member.muted": {
      if (viewer.moderator) return { ...base, payload: { ...event.payload } };
      const { userId, ...rest } = event.payload;
      const mine = viewer.userId === userId;
      return {
        ...base,
        payload: {
          userId: mine ? userId : null,
          ...("muted" in rest ? { muted: mine ? rest.muted : null } : { reason: mine ? rest.reason : null }),
        },
      };
    }
    case "salon.updated": {
      const { inviteeIds, ...changes } = event.payload.changes;
      return { ...base, payload: { changes: viewer.moderator && inviteeIds ? { ...changes, inviteeIds } : changes } };
    }
    default:
      return { ...base, payload: { ...event.payload } };
  }
}

export interface SalonSummary extends SalonHeadline {
  organizer: { userId: number; name: string } | null;
  speakers: { expertId: number; name: string; talkTitle: string; budgetSeconds: number }[];
  moderators: { userId: number; name: string }[];
  openedAt: string | null;
  closedAt: string | null;
  lastSeq: number;
}

export function presentSalonSummary(info: SalonInfo, lastSeq: number): SalonSummary {
  return {
    id: info.id,
    title: info.title,
    topic: info.topic,
    description: info.description,
    disciplines: info.disciplines,
    startsAt: info.startsAt,
    endsAt: info.endsAt,
    visibility: info.visibility,
    status: info.status,
    organizer: info.organizer,
    speakers: info.speakers.map(({ expertId, name, talkTitle, budgetSeconds }) => ({
      expertId,
      name,
      talkTitle,
      budgetSeconds,
    })),
    moderators: info.moderators,
    openedAt: info.openedAt,
    closedAt: info.closedAt,
    lastSeq,
  };
}

export interface PollView extends Poll {
  results: PollResults;
  myChoice: number[] | null;
}

export interface SalonStateView {
  /** The snapshot reflects every event up to this seq. */
  seq: number;
  /** Server time, so clients can run countdowns against their own clock's offset. */
  now: string;
  settings: {
    status: SalonStatus;
    visibility: SalonVisibility;
    premoderation: boolean;
    slowModeSeconds: number;
    handBudgetSeconds: number;
  };
  questions: (QuestionView & { votedByMe: boolean })[];
  hiddenCount: number;
  pendingCount: number;
  queue: { entries: QueueEntry[]; current: CurrentTurn | null };
  polls: PollView[];
  chat: ChatMessage[];
  presence: number;
  me: { userId: number; moderator: boolean; manager: boolean; muted: boolean; handRaised: boolean } | null;
  /** Moderators only: recent moderation, newest last. */
  moderationLog: WireEvent[] | null;
}

export function presentState(
  salon: Salon,
  actor: SalonActor | null,
  options: { now: Date; presence: number },
): SalonStateView {
  const viewer = viewerOf(salon, actor);
  const info = salon.details;
  const questions = salon.listQuestions();
  const shown = questions.filter(
    (q) =>
      q.status !== "merged" &&
      (viewer.moderator || publicStatuses.has(q.status) || (viewer.userId !== null && q.authorId === viewer.userId)),
  );
  const queue = salon.speakerQueue();
  return {
    seq: salon.lastSeq,
    now: options.now.toISOString(),
    settings: {
      status: info.status,
      visibility: info.visibility,
      premoderation: info.premoderation,
      slowModeSeconds: info.slowModeSeconds,
      handBudgetSeconds: info.handBudgetSeconds,
    },
    questions: shown.map((q) => ({
      ...presentQuestion(q, viewer),
      votedByMe: viewer.userId !== null && salon.hasVoted(q.id, viewer.userId),
    })),
    hiddenCount: questions.filter((q) => q.status === "hidden").length,
    pendingCount: questions.filter((q) => q.status === "pending").length,
    queue: { entries: [...queue.entries], current: queue.current },
    polls: salon.listPolls().map((poll) => ({
      ...poll,
      results: salon.pollResults(poll.id),
      myChoice: viewer.userId === null ? null : salon.pollChoiceOf(poll.id, viewer.userId),
    })),
    chat: [...salon.recentChat()],
    presence: options.presence,
    me: actor
      ? {
          userId: actor.userId,
          moderator: viewer.moderator,
          manager: salon.canManage(actor),
          muted: salon.member(actor.userId)?.muted ?? false,
          handRaised: queue.entries.some((entry) => entry.kind === "attendee" && entry.userId === actor.userId),
        }
      : null,
    moderationLog: viewer.moderator ? salon.moderationEvents().map((event) => presentEvent(event, viewer)) : null,
  };
}
