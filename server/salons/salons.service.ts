import type { Clock } from "../shared/clock.js";
import type { Role, User } from "../accounts/accounts.types.js";
import { isStaff } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "../errors.js";
import type { NeedsService } from "../knowledge/needs.service.js";
import type { Logger } from "../logger.js";
import { ReactionBatcher } from "./reaction-batcher.js";
import { RateLimiter } from "../shared/rate-limiter.js";
import { defaultSalonRateRules, type SalonRateRules } from "./salon-rate-rules.js";
import { assertEndsAfterStart, Salon, salonLimits, type Decision } from "./salon.js";
import type { SalonEventBus } from "./salon-event-bus.js";
import { buildMinutes, type SalonMinutes, type SuggestedExpert } from "./salon-minutes.js";
import {
  presentEvent,
  presentSalonSummary,
  presentState,
  viewerOf,
  type SalonStateView,
  type SalonSummary,
  type WireEvent,
} from "./salon-views.js";
import type { SalonFields, SalonListItem, SalonsRepository } from "./salons.repository.js";
import type {
  MemberActor,
  ModerationAction,
  Question,
  ReactionKind,
  SalonActor,
  SalonChanges,
  SalonEvent,
  SalonStatus,
} from "./salon.types.js";

export function salonActorOf(user: User | null): MemberActor | null {
  return user && { userId: user.id, name: user.name, role: user.role, expertId: user.expertId };
}

/** An action in the room, as the socket handlers hand it over after validating its payload. */
export type SalonCommand =
  | { kind: "chat"; text: string }
  | { kind: "ask"; text: string; anonymous: boolean }
  | { kind: "vote"; questionId: number }
  | { kind: "moderate"; questionId: number; action: ModerationAction; reason?: string; intoQuestionId?: number }
  | { kind: "raiseHand" }
  | { kind: "lowerHand" }
  | { kind: "advanceQueue" }
  | { kind: "openPoll"; question: string; options: string[]; multiple: boolean }
  | { kind: "votePoll"; pollId: number; optionIds: number[] }
  | { kind: "closePoll"; pollId: number }
  | { kind: "settings"; slowModeSeconds?: number; premoderation?: boolean }
  | { kind: "ban"; userId: number; reason: string }
  | { kind: "mute"; userId: number; muted: boolean };

/** Which rate limit each action draws on. */
const rateClassOf: Record<SalonCommand["kind"], keyof SalonRateRules> = {
  chat: "chat",
  ask: "ask",
  vote: "vote",
  votePoll: "vote",
  raiseHand: "hand",
  lowerHand: "hand",
  moderate: "moderate",
  advanceQueue: "moderate",
  openPoll: "moderate",
  closePoll: "moderate",
  settings: "moderate",
  ban: "moderate",
  mute: "moderate",
};

export type SalonInput = SalonFields;

export interface JoinResult {
  salon: SalonSummary;
  state: SalonStateView;
  events: WireEvent[];
  /** True when more events were missed than one join replays; `state` is still complete. */
  eventsTruncated: boolean;
}

export interface SalonDetail {
  salon: SalonSummary;
  canManage: boolean;
  isModerator: boolean;
  settings: { premoderation: boolean; slowModeSeconds: number; handBudgetSeconds: number };
  /** Ids an invite-only salon admits (its organizer and moderators only). */
  inviteeIds: number[] | null;
  counts: { questions: number; answered: number; polls: number };
}

export interface SalonsServiceOptions {
  rateRules?: Partial<SalonRateRules>;
  reactionIntervalMs?: number;
  /** Most events one join replays. */
  replayLimit?: number;
  /** How many salons stay in memory. */
  cacheSize?: number;
}

function canCreateSalons(role: Role): boolean {
  return role === "organizer" || role === "admin";
}

/**
 * Runs salons: keeps each one's domain object in memory, serialises actions per salon,
 * commits each action's events together with the state they change in one transaction
 * (seq assigned inside it), then publishes them. Another process may append to the same
 * salon (several nodes on one database): inside the transaction the cached salon first
 * catches up with whatever the log holds beyond it.
 */
export class SalonsService {
  private readonly cache = new Map<number, Salon>();
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly limiter: RateLimiter;
  private readonly rateRules: SalonRateRules;
  private readonly reactions: ReactionBatcher;
  private readonly replayLimit: number;
  private readonly cacheSize: number;

  constructor(
    private readonly salons: SalonsRepository,
    private readonly bus: SalonEventBus,
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      findUser: (id: number) => Promise<User | null>;
      /** A guest by the (negative) id they act under in a salon. */
      findGuest: (userId: number) => Promise<SalonActor | null>;
      /** Where drafts made from unanswered questions go. */
      needs: NeedsService;
      /** Experts the matching engine suggests for a question (minutes of moderators and organizers). */
      suggestExperts: (topic: { title: string; description: string; discipline: string }) => Promise<SuggestedExpert[]>;
      /** Puts a question in an expert's inbox and tells them (false: it was there already). */
      forwardToExpert: (forward: {
        salonId: number;
        salonTitle: string;
        questionId: number;
        questionText: string;
        expertId: number;
        forwardedById: number;
      }) => Promise<boolean>;
    },
    options: SalonsServiceOptions = {},
  ) {
    const now = () => deps.clock.now().getTime();
    this.limiter = new RateLimiter(now);
    this.rateRules = { ...defaultSalonRateRules, ...options.rateRules };
    this.replayLimit = options.replayLimit ?? 1000;
    this.cacheSize = options.cacheSize ?? 100;
    this.reactions = new ReactionBatcher((salonId, counts) => this.recordReactions(salonId, counts), {
      intervalMs: options.reactionIntervalMs ?? 1000,
      now,
      onError: (error) => deps.logger.error({ err: error }, "could not record a batch of reactions"),
    });
  }

  // ---- running actions

  /** Runs `work` after every earlier piece of work on this salon in this process. */
  private serialized<T>(salonId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(salonId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.queues.set(salonId, tail);
    void tail.then(() => {
      if (this.queues.get(salonId) === tail) this.queues.delete(salonId);
    });
    return run;
  }

  /** The cached salon brought up to `seq` (the log's end), loading it when absent or ahead. */
  private async caughtUp(salonId: number, seq: number, client?: Parameters<SalonsRepository["load"]>[1]) {
    let salon = this.cache.get(salonId);
    if (salon && salon.lastSeq > seq) salon = undefined;
    if (salon && salon.lastSeq < seq) {
      const missed = await this.salons.eventsAfter(salonId, salon.lastSeq, seq - salon.lastSeq, client);
      for (const event of missed) salon.apply(event);
    }
    if (!salon) {
      const snapshot = await this.salons.load(salonId, client);
      if (!snapshot) throw new NotFoundError("Salon", salonId);
      salon = new Salon(snapshot);
    }
    this.cache.delete(salonId); // re-insert: the Map's order is recency
    this.cache.set(salonId, salon);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return salon;
  }

  /** The salon as the log has it now, for reading. */
  private current(salonId: number): Promise<Salon> {
    return this.serialized(salonId, async () => {
      const seq = await this.salons.lastSeq(salonId);
      if (seq === null) throw new NotFoundError("Salon", salonId);
      return this.caughtUp(salonId, seq);
    });
  }

  /**
   * Decides and commits one action. With a clientMutationId, an action that already took
   * effect answers its stored result again and changes nothing.
   */
  private commit<R>(
    salonId: number,
    decide: (salon: Salon, now: Date) => Decision<R>,
    mutation: { userId: number; clientMutationId: string } | null = null,
  ): Promise<R> {
    return this.serialized(salonId, async () => {
      let applied = false;
      try {
        const outcome = await this.salons.transaction(async (tx) => {
          const seq = await this.salons.lockForAppend(tx, salonId);
          if (seq === null) return { refused: new NotFoundError("Salon", salonId) };
          const salon = await this.caughtUp(salonId, seq, tx);
          if (mutation) {
            const stored = await this.salons.findMutation(salonId, mutation.userId, mutation.clientMutationId, tx);
            if (stored) return { result: stored.result as R, events: [] as SalonEvent[] };
          }
          const now = this.deps.clock.now();
          let decision: Decision<R>;
          try {
            decision = decide(salon, now);
          } catch (error) {
            // A refused action commits its empty transaction rather than rolling back: with one
            // SQLite connection per process, a rollback would also undo any unrelated write that
            // ran on the connection meanwhile.
            return { refused: error };
          }
          const events = decision.events.map(
            (draft, index) => ({ ...draft, salonId, seq: seq + index + 1, at: now.toISOString() }) as SalonEvent,
          );
          applied = events.length > 0;
          for (const event of events) salon.apply(event);
          // A room action's answer also says which event recorded it (and so does its retry).
          const result =
            mutation && events.length > 0 ? ({ ...decision.result, seq: events.at(-1)!.seq } as R) : decision.result;
          await this.salons.append(tx, salon, events, mutation && { ...mutation, result });
          return { result, events };
        });
        if ("refused" in outcome) throw outcome.refused;
        const { result, events } = outcome;
        this.bus.publish(salonId, events);
        return result;
      } catch (error) {
        // The cached salon may hold events that were rolled back: start again from the tables.
        if (applied) this.cache.delete(salonId);
        throw error;
      }
    });
  }

  /** A room action from a socket (already validated in shape). */
  async perform(
    actor: SalonActor | null,
    salonId: number,
    clientMutationId: string,
    command: SalonCommand,
  ): Promise<unknown> {
    if (!actor) throw new UnauthenticatedError("Sign in to take part");
    const mutation = { userId: actor.userId, clientMutationId };
    const stored = await this.salons.findMutation(salonId, actor.userId, clientMutationId);
    if (stored) return stored.result;
    this.limiter.consume(
      `${salonId}:${actor.userId}:${rateClassOf[command.kind]}`,
      this.rateRules[rateClassOf[command.kind]],
    );
    const target = command.kind === "ban" || command.kind === "mute" ? await this.person(command.userId) : null;
    if ((command.kind === "ban" || command.kind === "mute") && !target) throw new NotFoundError("User", command.userId);
    return this.commit(
      salonId,
      (salon, now): Decision<unknown> => {
        switch (command.kind) {
          case "chat":
            return salon.sendChat(actor, command.text, now);
          case "ask":
            return salon.ask(actor, command, now);
          case "vote":
            return salon.vote(actor, command.questionId);
          case "moderate":
            return salon.moderate(actor, command, now);
          case "raiseHand":
            return salon.raiseHand(actor, now);
          case "lowerHand":
            return salon.lowerHand(actor);
          case "advanceQueue":
            return salon.advanceQueue(actor, now);
          case "openPoll":
            return salon.openPoll(actor, command, now);
          case "votePoll":
            return salon.votePoll(actor, command);
          case "closePoll":
            return salon.closePoll(actor, command.pollId, now);
          case "settings":
            return salon.changeSettings(actor, command);
          case "ban":
            return salon.ban(actor, target!, command.reason);
          case "mute":
            return salon.mute(actor, target!, command.muted);
        }
      },
      mutation,
    );
  }

  /** A user or, for a negative id, a guest, as a moderator's action names them. */
  private async person(userId: number): Promise<SalonActor | null> {
    return userId < 0 ? this.deps.findGuest(userId) : salonActorOf(await this.deps.findUser(userId));
  }

  /** Counts a reaction towards the next batch; answers whether it was new. */
  async react(
    actor: SalonActor | null,
    salonId: number,
    clientMutationId: string,
    kind: ReactionKind,
  ): Promise<boolean> {
    const salon = await this.current(salonId);
    salon.assertCanReact(actor);
    this.limiter.consume(`${salonId}:${actor!.userId}:reaction`, this.rateRules.reaction);
    return this.reactions.add(salonId, actor!.userId, clientMutationId, kind);
  }

  private async recordReactions(salonId: number, counts: Partial<Record<ReactionKind, number>>): Promise<void> {
    await this.commit(salonId, (salon) => salon.recordReactions(counts));
  }

  /** Flushes pending reactions. */
  async shutdown(): Promise<void> {
    await this.reactions.flushNow();
  }

  // ---- joining and reading

  /**
   * Everything a client needs to (re)enter a room: the salon, the current state as this
   * viewer may see it, and the events after `lastSeq` up to that state (a reconnecting
   * client's gap), redacted the same way as live broadcasts.
   */
  async join(actor: SalonActor | null, salonId: number, lastSeq: number | undefined): Promise<JoinResult> {
    return this.serialized(salonId, async () => {
      const seq = await this.salons.lastSeq(salonId);
      if (seq === null) throw new NotFoundError("Salon", salonId);
      const salon = await this.caughtUp(salonId, seq);
      salon.assertCanView(actor);
      const viewer = viewerOf(salon, actor);
      const missed = lastSeq === undefined ? 0 : Math.max(0, salon.lastSeq - lastSeq);
      const replayed =
        missed === 0
          ? []
          : await this.salons.eventsAfter(
              salonId,
              Math.max(lastSeq!, salon.lastSeq - this.replayLimit),
              this.replayLimit,
            );
      return {
        salon: presentSalonSummary(salon.details, salon.lastSeq),
        // Presence belongs to the transport, which fills it in.
        state: presentState(salon, actor, { now: this.deps.clock.now(), presence: 0 }),
        events: replayed.filter((event) => event.seq <= salon.lastSeq).map((event) => presentEvent(event, viewer)),
        eventsTruncated: missed > this.replayLimit,
      };
    });
  }

  /** What this actor is in the salon; refuses those who may not enter it. */
  async access(actor: SalonActor | null, salonId: number): Promise<{ moderator: boolean; manager: boolean }> {
    const salon = await this.current(salonId);
    salon.assertCanView(actor);
    return { moderator: salon.isModerator(actor), manager: salon.canManage(actor) };
  }

  /** Whether this actor may still see the salon. */
  async canView(actor: SalonActor | null, salonId: number): Promise<boolean> {
    return (await this.current(salonId)).canView(actor);
  }

  async isModerator(actor: SalonActor | null, salonId: number): Promise<boolean> {
    return (await this.current(salonId)).isModerator(actor);
  }

  async get(actor: SalonActor | null, salonId: number): Promise<SalonDetail> {
    const salon = await this.current(salonId);
    salon.assertCanView(actor);
    const questions = salon.listQuestions();
    const manage = salon.canManage(actor);
    return {
      salon: presentSalonSummary(salon.details, salon.lastSeq),
      canManage: manage,
      isModerator: salon.isModerator(actor),
      settings: {
        premoderation: salon.details.premoderation,
        slowModeSeconds: salon.details.slowModeSeconds,
        handBudgetSeconds: salon.details.handBudgetSeconds,
      },
      inviteeIds: manage ? [...salon.details.inviteeIds] : null,
      counts: {
        questions: questions.filter((q) => q.status === "visible" || q.status === "answered").length,
        answered: questions.filter((q) => q.status === "answered").length,
        polls: salon.listPolls().length,
      },
    };
  }

  async list(actor: SalonActor | null, status?: SalonStatus): Promise<SalonListItem[]> {
    const viewerId = actor === null ? null : isStaff(actor) ? "all" : actor.userId;
    return this.salons.list({ status, viewerId });
  }

  /** The salon's domain object, caught up (minutes and pages read it). */
  async load(actor: SalonActor | null, salonId: number): Promise<Salon> {
    const salon = await this.current(salonId);
    salon.assertCanView(actor);
    return salon;
  }

  async events(salonId: number): Promise<SalonEvent[]> {
    return this.salons.allEvents(salonId);
  }

  /** Committed events after `afterSeq` (at most a join's replay), for delivery to fill a gap from the log. */
  async eventsAfter(salonId: number, afterSeq: number): Promise<SalonEvent[]> {
    return this.salons.eventsAfter(salonId, afterSeq, this.replayLimit);
  }

  /** The seq of the salon's last committed event; null when there is no such salon. */
  async lastSeq(salonId: number): Promise<number | null> {
    return this.salons.lastSeq(salonId);
  }

  // ---- organizing (REST)

  async create(actor: MemberActor, input: SalonInput): Promise<SalonDetail> {
    if (!canCreateSalons(actor.role)) throw new ForbiddenError("Only organizers can create salons");
    const changes = await this.resolveChanges(input);
    assertEndsAfterStart(changes.startsAt ?? null, changes.endsAt ?? null);
    const id = await this.salons.create({ ...input, organizerId: actor.userId });
    return this.get(actor, id);
  }

  async update(actor: MemberActor, salonId: number, input: Partial<SalonInput>): Promise<SalonDetail> {
    const changes = await this.resolveChanges(input);
    await this.commit(salonId, (salon) => salon.update(actor, changes));
    return this.get(actor, salonId);
  }

  async open(actor: MemberActor, salonId: number): Promise<SalonDetail> {
    await this.commit(salonId, (salon) => salon.open(actor));
    return this.get(actor, salonId);
  }

  async close(actor: MemberActor, salonId: number): Promise<SalonDetail> {
    await this.commit(salonId, (salon, now) => salon.close(actor, now));
    return this.get(actor, salonId);
  }

  /**
   * The record of the salon. Moderators and organizers also get, for each unanswered
   * question, the experts the matching engine suggests.
   */
  async minutes(actor: SalonActor | null, salonId: number): Promise<SalonMinutes> {
    const salon = await this.load(actor, salonId);
    const events = await this.salons.eventsAfter(salonId, 0, salon.lastSeq);
    const context = { description: salon.details.topic, discipline: salon.details.disciplines[0] ?? "" };
    const suggest = salon.isModerator(actor)
      ? (question: Question) => this.deps.suggestExperts({ title: question.text, ...context })
      : null;
    return buildMinutes(salon, events, suggest, this.deps.clock.now());
  }

  /**
   * Turns an unanswered question into a draft need (for an enterprise or organizer to edit)
   * and records the link in the salon's log. `describe` words the need's background.
   */
  async turnIntoNeed(
    actor: MemberActor,
    salonId: number,
    questionId: number,
    describe: (question: Question, salon: Salon) => { title: string; description: string },
  ): Promise<{ needId: number }> {
    const salon = await this.current(salonId);
    salon.linkNeed(actor, questionId, 0); // refuses early: not a moderator, answered, already a need
    const question = salon.listQuestions().find((q) => q.id === questionId)!;
    const { title, description } = describe(question, salon);
    const { need } = await this.deps.needs.create(
      actor,
      {
        enterprise: "",
        title,
        description,
        difficulty: question.text,
        target: "",
        discipline: salon.details.disciplines[0] ?? "",
        industry: "",
        keywords: [],
        region: "",
        track: null,
        confidential: false,
      },
      "draft",
      "",
    );
    await this.commit(salonId, (current) => current.linkNeed(actor, questionId, need.id));
    return { needId: need.id };
  }

  /**
   * Forwards an unanswered question to an expert (a moderator's choice, usually among the
   * experts the minutes suggest): it waits in the expert's inbox and they are told live.
   */
  async forwardQuestion(actor: MemberActor, salonId: number, questionId: number, expertId: number): Promise<void> {
    const salon = await this.current(salonId);
    if (!salon.isModerator(actor)) throw new ForbiddenError("Only this salon's moderators can forward questions");
    const question = salon.listQuestions().find((q) => q.id === questionId);
    if (!question) throw new NotFoundError("Question", questionId);
    if (question.status !== "visible") {
      throw new ConflictError(`Only unanswered questions are forwarded; this one is ${question.status}`);
    }
    const forwarded = await this.deps.forwardToExpert({
      salonId,
      salonTitle: salon.details.title,
      questionId,
      questionText: question.text,
      expertId,
      forwardedById: actor.userId,
    });
    if (!forwarded) {
      throw new ConflictError("This question was already forwarded to this expert", {
        reason: "already_forwarded",
        expertId,
      });
    }
  }

  /** Experts' names by id, for the agenda form to show names rather than numbers; unknown ids are left out. */
  async expertNames(ids: number[]): Promise<Map<number, string>> {
    const valid = [...new Set(ids)].filter((id) => Number.isInteger(id) && id > 0 && id <= 2 ** 31 - 1);
    if (valid.length === 0) return new Map();
    const experts = await this.salons.expertsForSpeakers(valid);
    return new Map([...experts].map(([id, expert]) => [id, expert.name]));
  }

  /** Turns chosen ids into the names and accounts the domain keeps, refusing unknown ones. */
  private async resolveChanges(input: Partial<SalonInput>): Promise<SalonChanges> {
    const { speakers, moderatorIds, inviteeIds, startsAt, endsAt, ...plain } = input;
    const changes: SalonChanges = { ...plain };
    if (startsAt !== undefined) changes.startsAt = startsAt?.toISOString() ?? null;
    if (endsAt !== undefined) changes.endsAt = endsAt?.toISOString() ?? null;
    if (speakers) {
      const experts = await this.salons.expertsForSpeakers(speakers.map((s) => s.expertId));
      const unknown = speakers.filter((s) => !experts.has(s.expertId)).map((s) => s.expertId);
      if (unknown.length) throw new ValidationError("Unknown experts", { speakers: unknown });
      if (new Set(speakers.map((s) => s.expertId)).size !== speakers.length) {
        throw new ValidationError("An expert is listed twice as a speaker");
      }
      const { min, max } = salonLimits.budgetSeconds;
      if (speakers.some((s) => s.budgetSeconds < min || s.budgetSeconds > max)) {
        throw new ValidationError(`A speaker's time is between ${min} and ${max} seconds`);
      }
      changes.speakers = speakers.map((s) => ({ ...s, ...experts.get(s.expertId)! }));
    }
    if (moderatorIds) changes.moderators = await this.users(moderatorIds, "moderators");
    if (inviteeIds) changes.inviteeIds = (await this.users(inviteeIds, "invitees")).map((u) => u.userId);
    return changes;
  }

  private async users(ids: number[], field: string): Promise<{ userId: number; name: string }[]> {
    const unique = [...new Set(ids)];
    const names = await this.salons.userNames(unique);
    const unknown = unique.filter((id) => !names.has(id));
    if (unknown.length) throw new ValidationError("Unknown users", { [field]: unknown });
    return unique.map((userId) => ({ userId, name: names.get(userId)! }));
  }
}
