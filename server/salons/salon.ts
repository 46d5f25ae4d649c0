import { isStaff } from "../accounts/accounts.types.js";
import {
  RateLimitedError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "../errors.js";
import {
  isGuest,
  moderationEventTypes,
  type ChatMessage,
  type CurrentTurn,
  type FinishedTurn,
  type Member,
  type ModerationAction,
  type Poll,
  type PollResults,
  type Question,
  type QueueEntry,
  type ReactionKind,
  type SalonActor,
  type SalonChanges,
  type SalonEvent,
  type SalonEventDraft,
  type SalonEventPayloads,
  type SalonEventType,
  type SalonInfo,
  type SpeakerQueue,
} from "./salon.types.js";

/** Limits that are rules of the room (the transport has its own, coarser ones). */
export const salonLimits = {
  textCharacters: 500,
  reasonCharacters: 200,
  pollQuestionCharacters: 300,
  pollOptionCharacters: 100,
  pollOptions: { min: 2, max: 10 },
  openPolls: 5,
  slowModeSeconds: 600,
  budgetSeconds: { min: 10, max: 7200 },
  recentChat: 50,
  moderationLog: 200,
} as const;

/** Everything a salon is made of, as the repository loads it. */
export interface SalonSnapshot {
  info: SalonInfo;
  seq: number;
  questions: Question[];
  questionVotes: { questionId: number; userId: number }[];
  polls: Poll[];
  pollVotes: { pollId: number; userId: number; optionIds: number[] }[];
  queue: SpeakerQueue;
  members: Member[];
  bannedIds: number[];
  recentChat: ChatMessage[];
  moderationLog: SalonEvent[];
}

/** What an action decided: its answer to the caller and the events that record it. */
export interface Decision<R> {
  result: R;
  events: SalonEventDraft[];
}

function characters(text: string): number {
  return Array.from(text).length;
}

function requireText(text: string, max: number, what: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new ValidationError(`${what} is empty`, { reason: "text_empty" });
  if (characters(trimmed) > max) {
    throw new ValidationError(`${what} is longer than ${max} characters`, { reason: "text_too_long", max });
  }
  return trimmed;
}

/**
 * A salon ends after it starts; either time may be unknown yet. The details name both times, so
 * a client can show the refusal beside the end it sent.
 */
export function assertEndsAfterStart(startsAt: string | null, endsAt: string | null): void {
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
    throw new ValidationError("The salon must end after it starts", { reason: "ends_before_start", startsAt, endsAt });
  }
}

function draft<T extends SalonEventType>(
  type: T,
  payload: SalonEventPayloads[T],
  actor: SalonActor | null,
  subjectUserId: number | null = null,
): SalonEventDraft {
  return {
    type,
    payload,
    actor: actor && { userId: actor.userId, name: actor.name },
    subjectUserId,
  } as SalonEventDraft;
}

function secondsBetween(from: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));
}

/**
 * One salon's state and rules, free of sockets and storage. Actions *decide*: they check
 * permissions and rules against the current state and return events without changing
 * anything; the state changes only through `apply`, once those events are committed (or
 * when events committed elsewhere are caught up). The state after `apply` is therefore
 * exactly what loading the stored tables gives.
 */
export class Salon {
  private info: SalonInfo;
  private seq: number;
  private readonly questions = new Map<number, Question>();
  private readonly voters = new Map<number, Set<number>>();
  private readonly polls = new Map<number, Poll>();
  private readonly pollVotes = new Map<number, Map<number, number[]>>();
  private queue: SpeakerQueue;
  private readonly members = new Map<number, Member>();
  private readonly banned = new Set<number>();
  private chat: ChatMessage[];
  private moderationLog: SalonEvent[];

  constructor(snapshot: SalonSnapshot) {
    this.info = structuredClone(snapshot.info);
    this.seq = snapshot.seq;
    for (const question of snapshot.questions) {
      this.questions.set(question.id, { ...question });
      this.voters.set(question.id, new Set());
    }
    for (const vote of snapshot.questionVotes) this.voters.get(vote.questionId)?.add(vote.userId);
    for (const poll of snapshot.polls) {
      this.polls.set(poll.id, { ...poll, options: [...poll.options] });
      this.pollVotes.set(poll.id, new Map());
    }
    for (const vote of snapshot.pollVotes) this.pollVotes.get(vote.pollId)?.set(vote.userId, [...vote.optionIds]);
    this.queue = structuredClone(snapshot.queue);
    for (const member of snapshot.members) this.members.set(member.userId, { ...member });
    for (const id of snapshot.bannedIds) this.banned.add(id);
    this.chat = snapshot.recentChat.slice(-salonLimits.recentChat);
    this.moderationLog = snapshot.moderationLog.slice(-salonLimits.moderationLog);
  }

  get id(): number {
    return this.info.id;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get details(): Readonly<SalonInfo> {
    return this.info;
  }

  // ---- who may do what

  /** Organizers and admins run every salon; its creator owns it. */
  canManage(actor: SalonActor | null): boolean {
    return actor !== null && (isStaff(actor) || this.info.organizer?.userId === actor.userId);
  }

  isModerator(actor: SalonActor | null): boolean {
    return actor !== null && (this.canManage(actor) || this.info.moderators.some((m) => m.userId === actor.userId));
  }

  isBanned(userId: number): boolean {
    return this.banned.has(userId);
  }

  isSpeaker(userId: number): boolean {
    return this.info.speakers.some((speaker) => speaker.userId === userId);
  }

  /** Public salons are open to everyone, members-only to any signed-in user, invite-only to those invited. */
  canView(actor: SalonActor | null): boolean {
    if (actor && this.banned.has(actor.userId)) return false;
    if (this.isModerator(actor)) return true;
    if (this.info.visibility === "public") return true;
    if (!actor || isGuest(actor)) return false;
    if (this.info.visibility === "members") return true;
    return this.info.inviteeIds.includes(actor.userId) || this.isSpeaker(actor.userId);
  }

  assertCanView(actor: SalonActor | null): void {
    if (actor && this.banned.has(actor.userId)) {
      throw new ForbiddenError("You were removed from this salon", { reason: "removed" });
    }
    if (this.canView(actor)) return;
    if (!actor) throw new UnauthenticatedError("Sign in to enter this salon");
    if (isGuest(actor)) throw new ForbiddenError("Guests may join public salons only; sign in to enter this one");
    throw new ForbiddenError("This salon is open to invited participants only");
  }

  private participant(actor: SalonActor | null): SalonActor {
    if (!actor) throw new UnauthenticatedError("Sign in to take part");
    this.assertCanView(actor);
    this.requireOpen();
    return actor;
  }

  /** A participant allowed to speak or write: not muted, and within slow mode. */
  private poster(actor: SalonActor | null, now: Date): SalonActor {
    const who = this.participant(actor);
    if (this.isModerator(who)) return who;
    const member = this.members.get(who.userId);
    if (member?.muted) throw new ForbiddenError("A moderator has muted you in this salon", { reason: "muted" });
    const slow = this.info.slowModeSeconds;
    if (slow > 0 && member?.lastPostedAt) {
      const waitMs = Date.parse(member.lastPostedAt) + slow * 1000 - now.getTime();
      if (waitMs > 0) {
        throw new RateLimitedError(`Slow mode: one message every ${slow} seconds`, Math.ceil(waitMs / 1000));
      }
    }
    return who;
  }

  private moderator(actor: SalonActor | null): SalonActor {
    if (!actor) throw new UnauthenticatedError("Sign in to moderate");
    if (!this.isModerator(actor)) throw new ForbiddenError("Only this salon's moderators can do this");
    return actor;
  }

  private manager(actor: SalonActor | null): SalonActor {
    if (!actor) throw new UnauthenticatedError("Sign in to manage salons");
    if (!this.canManage(actor)) throw new ForbiddenError("Only the salon's organizer can change it");
    return actor;
  }

  private requireOpen(): void {
    const { status } = this.info;
    if (status !== "open") {
      throw new ConflictError(`The salon is ${status}, not open`, {
        reason: status === "closed" ? "salon_closed" : "salon_not_open",
        status,
      });
    }
  }

  // ---- decisions

  open(actor: SalonActor | null): Decision<null> {
    const who = this.manager(actor);
    if (this.info.status === "open") throw new ConflictError("The salon is already open", { reason: "already_open" });
    // The agenda's speakers join the queue the first time the salon opens.
    let nextId = this.queue.nextEntryId;
    const queued: QueueEntry[] =
      this.info.openedAt === null
        ? this.info.speakers.map((speaker) => ({
            entryId: nextId++,
            kind: "speaker",
            userId: speaker.userId,
            expertId: speaker.expertId,
            name: speaker.name,
            budgetSeconds: speaker.budgetSeconds,
          }))
        : [];
    return { result: null, events: [draft("salon.opened", { queued }, who)] };
  }

  close(actor: SalonActor | null, now: Date): Decision<null> {
    const who = this.manager(actor);
    this.requireOpen();
    return { result: null, events: [draft("salon.closed", { finished: this.finishedTurn(now) }, who)] };
  }

  /** Organizer's changes (REST). Moderators' subset goes through `changeSettings`. */
  update(actor: SalonActor | null, changes: SalonChanges): Decision<null> {
    const who = this.manager(actor);
    // A change of one time is checked against the other as stored.
    if (changes.startsAt !== undefined || changes.endsAt !== undefined) {
      assertEndsAfterStart(
        changes.startsAt === undefined ? this.info.startsAt : changes.startsAt,
        changes.endsAt === undefined ? this.info.endsAt : changes.endsAt,
      );
    }
    return this.settingsDecision(who, changes);
  }

  changeSettings(
    actor: SalonActor | null,
    changes: Pick<SalonChanges, "slowModeSeconds" | "premoderation">,
  ): Decision<{ slowModeSeconds: number; premoderation: boolean }> {
    const who = this.moderator(actor);
    const decision = this.settingsDecision(who, {
      ...(changes.slowModeSeconds !== undefined && { slowModeSeconds: changes.slowModeSeconds }),
      ...(changes.premoderation !== undefined && { premoderation: changes.premoderation }),
    });
    return {
      result: {
        slowModeSeconds: changes.slowModeSeconds ?? this.info.slowModeSeconds,
        premoderation: changes.premoderation ?? this.info.premoderation,
      },
      events: decision.events,
    };
  }

  private settingsDecision(who: SalonActor, changes: SalonChanges): Decision<null> {
    if (changes.slowModeSeconds !== undefined) {
      if (!Number.isInteger(changes.slowModeSeconds) || changes.slowModeSeconds < 0) {
        throw new ValidationError("Slow mode is a whole number of seconds", {
          reason: "slow_mode_range",
          max: salonLimits.slowModeSeconds,
        });
      }
      if (changes.slowModeSeconds > salonLimits.slowModeSeconds) {
        throw new ValidationError(`Slow mode is at most ${salonLimits.slowModeSeconds} seconds`, {
          reason: "slow_mode_range",
          max: salonLimits.slowModeSeconds,
        });
      }
    }
    if (Object.keys(changes).length === 0) return { result: null, events: [] };
    return { result: null, events: [draft("salon.updated", { changes }, who)] };
  }

  sendChat(actor: SalonActor | null, text: string, now: Date): Decision<Record<string, never>> {
    const who = this.poster(actor, now);
    const body = requireText(text, salonLimits.textCharacters, "The message");
    return {
      result: {},
      events: [draft("chat.sent", { userId: who.userId, name: who.name, text: body }, who, who.userId)],
    };
  }

  ask(
    actor: SalonActor | null,
    input: { text: string; anonymous: boolean },
    now: Date,
  ): Decision<{ questionId: number; status: "pending" | "visible" }> {
    const who = this.poster(actor, now);
    const text = requireText(input.text, salonLimits.textCharacters, "The question");
    const status = this.info.premoderation && !this.isModerator(who) ? "pending" : "visible";
    const question: Question = {
      id: this.nextQuestionId(),
      authorId: who.userId,
      authorName: who.name,
      anonymous: input.anonymous,
      text,
      status,
      pinned: false,
      hiddenReason: "",
      mergedIntoId: null,
      votes: 0,
      needId: null,
      createdAt: now.toISOString(),
      answeredAt: null,
    };
    return {
      result: { questionId: question.id, status },
      events: [draft("question.asked", { question }, who, who.userId)],
    };
  }

  vote(actor: SalonActor | null, questionId: number): Decision<{ questionId: number; votes: number }> {
    const who = this.participant(actor);
    const question = this.question(questionId);
    if (question.status !== "visible") {
      throw new ConflictError(`Question ${questionId} is ${question.status}`, { reason: "question_not_votable" });
    }
    if (question.authorId === who.userId) throw new ForbiddenError("You cannot vote for your own question");
    if (this.voters.get(questionId)!.has(who.userId)) {
      throw new ConflictError("You already voted for this question", { reason: "already_voted" });
    }
    const votes = question.votes + 1;
    return {
      result: { questionId, votes },
      events: [draft("question.voted", { questionId, userId: who.userId, votes }, who, who.userId)],
    };
  }

  moderate(
    actor: SalonActor | null,
    input: { questionId: number; action: ModerationAction; reason?: string; intoQuestionId?: number },
    now: Date,
  ): Decision<{ questionId: number; status: Question["status"]; votes: number }> {
    const who = this.moderator(actor);
    const current = this.question(input.questionId);
    const question: Question = { ...current };
    const payload: SalonEventPayloads["question.moderated"] = {
      action: input.action,
      from: current.status,
      question,
    };
    const refuse = () => {
      throw new ConflictError(`Cannot ${input.action} a question that is ${current.status}`, {
        reason: "question_changed",
      });
    };
    switch (input.action) {
      case "approve":
        if (current.status !== "pending" && current.status !== "hidden") refuse();
        question.status = "visible";
        question.hiddenReason = "";
        break;
      case "hide":
        if (current.status === "hidden" || current.status === "merged") refuse();
        question.status = "hidden";
        question.pinned = false;
        question.hiddenReason = input.reason
          ? requireText(input.reason, salonLimits.reasonCharacters, "The reason")
          : "";
        break;
      case "answer":
        if (current.status !== "visible" && current.status !== "pending") refuse();
        question.status = "answered";
        question.pinned = false;
        question.answeredAt = now.toISOString();
        break;
      case "pin": {
        if (current.status !== "visible" && current.status !== "answered") refuse();
        if (current.pinned) throw new ConflictError("The question is already pinned", { reason: "question_changed" });
        question.pinned = true;
        payload.unpinnedId = [...this.questions.values()].find((q) => q.pinned)?.id ?? null;
        break;
      }
      case "unpin":
        if (!current.pinned) throw new ConflictError("The question is not pinned", { reason: "question_changed" });
        question.pinned = false;
        break;
      case "merge": {
        if (input.intoQuestionId === undefined) {
          throw new ValidationError("Say which question to merge into", { reason: "merge_target_missing" });
        }
        if (input.intoQuestionId === current.id) {
          throw new ConflictError("A question cannot be merged into itself", { reason: "merge_into_itself" });
        }
        if (current.status !== "pending" && current.status !== "visible") refuse();
        const target = this.question(input.intoQuestionId);
        if (target.status !== "visible" && target.status !== "answered") {
          throw new ConflictError(`Question ${target.id} is ${target.status}; merge into a visible one`, {
            reason: "merge_target_changed",
          });
        }
        const targetVoters = this.voters.get(target.id)!;
        const moved = [...this.voters.get(current.id)!].filter(
          (userId) => !targetVoters.has(userId) && userId !== target.authorId,
        );
        question.status = "merged";
        question.pinned = false;
        question.mergedIntoId = target.id;
        payload.into = { ...target, votes: target.votes + moved.length };
        payload.movedVoterIds = moved;
        break;
      }
    }
    return {
      result: { questionId: question.id, status: question.status, votes: question.votes },
      events: [draft("question.moderated", payload, who, current.authorId)],
    };
  }

  /** Records that a moderator turned an unanswered question into a draft need. */
  linkNeed(
    actor: SalonActor | null,
    questionId: number,
    needId: number,
  ): Decision<{ questionId: number; needId: number }> {
    const who = this.moderator(actor);
    const question = this.question(questionId);
    if (question.status !== "visible") {
      throw new ConflictError(`Only unanswered questions become needs; this one is ${question.status}`, {
        reason: "need_question_not_open",
      });
    }
    if (question.needId !== null) {
      throw new ConflictError(`The question already became need ${question.needId}`, {
        reason: "need_already_made",
        needId: question.needId,
      });
    }
    return {
      result: { questionId, needId },
      events: [draft("question.linked", { questionId, needId }, who, question.authorId)],
    };
  }

  raiseHand(actor: SalonActor | null, now: Date): Decision<{ entryId: number; position: number }> {
    const who = this.poster(actor, now);
    if (this.queue.current?.userId === who.userId) {
      throw new ConflictError("You are speaking now", { reason: "speaking_now" });
    }
    const queued = this.queue.entries.find((entry) => entry.userId === who.userId);
    // An agenda speaker is queued from the opening without raising a hand: not "already raised".
    if (queued?.kind === "speaker") {
      throw new ConflictError("You are on the agenda: your turn comes in the speaker queue", { reason: "on_agenda" });
    }
    if (queued) throw new ConflictError("Your hand is already raised", { reason: "hand_already_raised" });
    const entry: QueueEntry = {
      entryId: this.queue.nextEntryId,
      kind: "attendee",
      userId: who.userId,
      expertId: null,
      name: who.name,
      budgetSeconds: this.info.handBudgetSeconds,
    };
    return {
      result: { entryId: entry.entryId, position: this.queue.entries.length + 1 },
      events: [draft("hand.raised", { entry }, who, who.userId)],
    };
  }

  lowerHand(actor: SalonActor | null): Decision<{ entryId: number }> {
    const who = this.participant(actor);
    const entry = this.queue.entries.find((e) => e.kind === "attendee" && e.userId === who.userId);
    if (!entry) throw new ConflictError("Your hand is not raised", { reason: "hand_not_raised" });
    return {
      result: { entryId: entry.entryId },
      events: [draft("hand.lowered", { entryId: entry.entryId, userId: who.userId }, who, who.userId)],
    };
  }

  advanceQueue(actor: SalonActor | null, now: Date): Decision<{ current: CurrentTurn | null }> {
    const who = this.moderator(actor);
    this.requireOpen();
    const finished = this.finishedTurn(now);
    const next = this.queue.entries[0];
    if (!finished && !next) throw new ConflictError("Nobody is speaking or waiting", { reason: "queue_empty" });
    const current: CurrentTurn | null = next ? { ...next, startedAt: now.toISOString() } : null;
    return {
      result: { current },
      events: [draft("queue.advanced", { finished, current }, who, current?.userId ?? null)],
    };
  }

  private finishedTurn(now: Date): FinishedTurn | null {
    const turn = this.queue.current;
    if (!turn) return null;
    return {
      entryId: turn.entryId,
      name: turn.name,
      kind: turn.kind,
      spokeSeconds: secondsBetween(turn.startedAt, now),
      budgetSeconds: turn.budgetSeconds,
    };
  }

  openPoll(
    actor: SalonActor | null,
    input: { question: string; options: string[]; multiple: boolean },
    now: Date,
  ): Decision<{ pollId: number }> {
    const who = this.moderator(actor);
    this.requireOpen();
    const question = requireText(input.question, salonLimits.pollQuestionCharacters, "The poll question");
    const options = input.options.map((option) => requireText(option, salonLimits.pollOptionCharacters, "An option"));
    const { min, max } = salonLimits.pollOptions;
    if (options.length < min || options.length > max) {
      throw new ValidationError(`A poll has ${min} to ${max} options`, { reason: "poll_options_count", min, max });
    }
    if (new Set(options).size !== options.length) {
      throw new ValidationError("The options repeat", { reason: "poll_options_repeat" });
    }
    const openCount = [...this.polls.values()].filter((p) => p.status === "open").length;
    if (openCount >= salonLimits.openPolls) {
      throw new ConflictError(`At most ${salonLimits.openPolls} polls can be open at once; close one first`, {
        reason: "too_many_open_polls",
        max: salonLimits.openPolls,
      });
    }
    const poll: Poll = {
      id: Math.max(0, ...this.polls.keys()) + 1,
      question,
      options,
      multiple: input.multiple,
      status: "open",
      openedAt: now.toISOString(),
      closedAt: null,
    };
    return { result: { pollId: poll.id }, events: [draft("poll.opened", { poll }, who)] };
  }

  votePoll(
    actor: SalonActor | null,
    input: { pollId: number; optionIds: number[] },
  ): Decision<{ pollId: number; results: PollResults }> {
    const who = this.participant(actor);
    const poll = this.poll(input.pollId);
    if (poll.status !== "open") throw new ConflictError("The poll is closed", { reason: "poll_closed" });
    const optionIds = [...new Set(input.optionIds)].sort((a, b) => a - b);
    if (optionIds.length === 0) throw new ValidationError("Choose an option", { reason: "poll_choose" });
    if (!poll.multiple && optionIds.length > 1) {
      throw new ValidationError("This poll takes one choice", { reason: "poll_one_choice" });
    }
    if (optionIds.some((id) => !Number.isInteger(id) || id < 0 || id >= poll.options.length)) {
      throw new ValidationError("Unknown option", { reason: "poll_unknown_option" });
    }
    const votes = new Map(this.pollVotes.get(poll.id)!);
    votes.set(who.userId, optionIds);
    const results = tally(poll, votes);
    return {
      result: { pollId: poll.id, results },
      events: [draft("poll.voted", { pollId: poll.id, userId: who.userId, optionIds, results }, who, who.userId)],
    };
  }

  closePoll(actor: SalonActor | null, pollId: number, now: Date): Decision<{ pollId: number; results: PollResults }> {
    const who = this.moderator(actor);
    const poll = this.poll(pollId);
    if (poll.status !== "open") throw new ConflictError("The poll is already closed", { reason: "poll_closed" });
    const results = this.pollResults(pollId);
    const closed: Poll = { ...poll, status: "closed", closedAt: now.toISOString() };
    return { result: { pollId, results }, events: [draft("poll.closed", { poll: closed, results }, who)] };
  }

  ban(actor: SalonActor | null, target: SalonActor, reason: string): Decision<{ userId: number }> {
    const who = this.moderator(actor);
    if (target.userId === who.userId) throw new ConflictError("You cannot ban yourself", { reason: "ban_self" });
    if (this.isModerator(target)) {
      throw new ForbiddenError("Moderators and organizers cannot be banned");
    }
    if (this.banned.has(target.userId)) {
      throw new ConflictError("This user is already banned", { reason: "already_banned" });
    }
    const payload = { userId: target.userId, name: target.name, reason: reason.trim() };
    return { result: { userId: target.userId }, events: [draft("member.banned", payload, who, target.userId)] };
  }

  mute(actor: SalonActor | null, target: SalonActor, muted: boolean): Decision<{ userId: number; muted: boolean }> {
    const who = this.moderator(actor);
    if (this.isModerator(target)) {
      throw new ForbiddenError("Moderators and organizers cannot be muted");
    }
    const payload = { userId: target.userId, name: target.name, muted };
    return {
      result: { userId: target.userId, muted },
      events: [draft("member.muted", payload, who, target.userId)],
    };
  }

  /** Reactions arrive batched (one event a second at most); they need a participant each, checked on arrival. */
  recordReactions(counts: Partial<Record<ReactionKind, number>>): Decision<null> {
    if (this.info.status !== "open" || Object.keys(counts).length === 0) return { result: null, events: [] };
    return { result: null, events: [draft("reactions", { counts }, null)] };
  }

  /** Checks that the actor may send a reaction now (the batch itself is recorded later). */
  assertCanReact(actor: SalonActor | null): void {
    this.participant(actor);
  }

  // ---- state

  private question(id: number): Question {
    const question = this.questions.get(id);
    if (!question) throw new NotFoundError("Question", id);
    return question;
  }

  private poll(id: number): Poll {
    const poll = this.polls.get(id);
    if (!poll) throw new NotFoundError("Poll", id);
    return poll;
  }

  private nextQuestionId(): number {
    return Math.max(0, ...this.questions.keys()) + 1;
  }

  pollResults(pollId: number): PollResults {
    return tally(this.poll(pollId), this.pollVotes.get(pollId)!);
  }

  listQuestions(): readonly Question[] {
    return [...this.questions.values()];
  }

  listPolls(): readonly Poll[] {
    return [...this.polls.values()];
  }

  hasVoted(questionId: number, userId: number): boolean {
    return this.voters.get(questionId)?.has(userId) ?? false;
  }

  pollChoiceOf(pollId: number, userId: number): number[] | null {
    return this.pollVotes.get(pollId)?.get(userId) ?? null;
  }

  speakerQueue(): Readonly<SpeakerQueue> {
    return this.queue;
  }

  member(userId: number): Readonly<Member> | null {
    return this.members.get(userId) ?? null;
  }

  recentChat(): readonly ChatMessage[] {
    return this.chat;
  }

  moderationEvents(): readonly SalonEvent[] {
    return this.moderationLog;
  }

  /** Applies one committed event; events must arrive in seq order. */
  apply(event: SalonEvent): void {
    if (event.seq !== this.seq + 1) {
      throw new Error(`Salon ${this.info.id}: event ${event.seq} applied after ${this.seq}`);
    }
    this.seq = event.seq;
    if (moderationEventTypes.includes(event.type)) {
      this.moderationLog.push(event);
      if (this.moderationLog.length > salonLimits.moderationLog) this.moderationLog.shift();
    }
    switch (event.type) {
      case "salon.opened": {
        const { queued } = event.payload;
        this.info.status = "open";
        this.info.openedAt ??= event.at;
        this.info.closedAt = null;
        this.queue.entries.push(...queued);
        this.queue.nextEntryId += queued.length;
        break;
      }
      case "salon.closed":
        this.info.status = "closed";
        this.info.closedAt = event.at;
        this.queue.current = null;
        break;
      case "salon.updated":
        Object.assign(this.info, structuredClone(event.payload.changes));
        break;
      case "chat.sent": {
        const { userId, name, text } = event.payload;
        this.chat.push({ seq: event.seq, userId, name, text, at: event.at });
        if (this.chat.length > salonLimits.recentChat) this.chat.shift();
        this.posted(userId, name, event.at);
        break;
      }
      case "question.asked": {
        const { question } = event.payload;
        this.questions.set(question.id, { ...question });
        this.voters.set(question.id, new Set());
        this.posted(question.authorId, question.authorName, event.at);
        break;
      }
      case "question.voted":
        this.voters.get(event.payload.questionId)!.add(event.payload.userId);
        this.questions.get(event.payload.questionId)!.votes = event.payload.votes;
        break;
      case "question.moderated": {
        const { question, into, movedVoterIds, unpinnedId } = event.payload;
        if (unpinnedId != null) this.questions.get(unpinnedId)!.pinned = false;
        this.questions.set(question.id, { ...question });
        if (into) {
          this.questions.set(into.id, { ...into });
          for (const userId of movedVoterIds ?? []) this.voters.get(into.id)!.add(userId);
        }
        break;
      }
      case "question.linked":
        this.questions.get(event.payload.questionId)!.needId = event.payload.needId;
        break;
      case "hand.raised":
        this.queue.entries.push(event.payload.entry);
        this.queue.nextEntryId = event.payload.entry.entryId + 1;
        break;
      case "hand.lowered":
        this.queue.entries = this.queue.entries.filter((entry) => entry.entryId !== event.payload.entryId);
        break;
      case "queue.advanced": {
        const { current } = event.payload;
        this.queue.current = current;
        if (current) this.queue.entries = this.queue.entries.filter((entry) => entry.entryId !== current.entryId);
        break;
      }
      case "poll.opened":
        this.polls.set(event.payload.poll.id, { ...event.payload.poll });
        this.pollVotes.set(event.payload.poll.id, new Map());
        break;
      case "poll.voted":
        this.pollVotes.get(event.payload.pollId)!.set(event.payload.userId, event.payload.optionIds);
        break;
      case "poll.closed":
        this.polls.set(event.payload.poll.id, { ...event.payload.poll });
        break;
      case "reactions":
        break;
      case "member.banned":
        this.banned.add(event.payload.userId);
        this.queue.entries = this.queue.entries.filter((entry) => entry.userId !== event.payload.userId);
        break;
      case "member.muted": {
        const { userId, name, muted } = event.payload;
        const member = this.members.get(userId) ?? { userId, name, muted, lastPostedAt: null };
        this.members.set(userId, { ...member, muted });
        break;
      }
    }
  }

  private posted(userId: number, name: string, at: string): void {
    const member = this.members.get(userId) ?? { userId, name, muted: false, lastPostedAt: null };
    this.members.set(userId, { ...member, name, lastPostedAt: at });
  }

  /** The whole state in the repository's shape (tests compare it with what the tables hold). */
  toSnapshot(): SalonSnapshot {
    const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;
    return {
      info: structuredClone(this.info),
      seq: this.seq,
      questions: [...this.questions.values()].map((q) => ({ ...q })).sort(byId),
      questionVotes: [...this.voters]
        .flatMap(([questionId, users]) => [...users].map((userId) => ({ questionId, userId })))
        .sort((a, b) => a.questionId - b.questionId || a.userId - b.userId),
      polls: [...this.polls.values()].map((p) => ({ ...p })).sort(byId),
      pollVotes: [...this.pollVotes]
        .flatMap(([pollId, votes]) => [...votes].map(([userId, optionIds]) => ({ pollId, userId, optionIds })))
        .sort((a, b) => a.pollId - b.pollId || a.userId - b.userId),
      queue: structuredClone(this.queue),
      members: [...this.members.values()].map((m) => ({ ...m })).sort((a, b) => a.userId - b.userId),
      bannedIds: [...this.banned].sort((a, b) => a - b),
      recentChat: [...this.chat],
      moderationLog: [...this.moderationLog],
    };
  }
}

function tally(poll: Poll, votes: ReadonlyMap<number, number[]>): PollResults {
  const counts = poll.options.map(() => 0);
  for (const optionIds of votes.values()) for (const id of optionIds) counts[id] = (counts[id] ?? 0) + 1;
  return { counts, voters: votes.size };
}
