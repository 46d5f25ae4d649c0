import { Prisma } from "../db/generated/client.js";
import type { Db, DbTx } from "../db/prisma.js";
import { decodeList, encodeList } from "../db/list-columns.js";
import type { Salon, SalonSnapshot } from "./salon.js";
import { salonLimits } from "./salon.js";
import {
  moderationEventTypes,
  salonStatuses,
  salonVisibilities,
  type ChatMessage,
  type Poll,
  type Question,
  type SalonChanges,
  type SalonEvent,
  type SalonHeadline,
  type SalonInfo,
  type SalonStatus,
  type SalonVisibility,
  type Speaker,
  type SpeakerQueue,
} from "./salon.types.js";

type Client = Db | DbTx;

/** What an organizer fills in for a salon. */
export interface SalonFields {
  title: string;
  topic: string;
  description: string;
  disciplines: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  visibility: SalonVisibility;
  premoderation: boolean;
  slowModeSeconds: number;
  handBudgetSeconds: number;
  speakers: { expertId: number; talkTitle: string; budgetSeconds: number }[];
  moderatorIds: number[];
  inviteeIds: number[];
}

export type NewSalon = SalonFields & { organizerId: number };

export interface SalonListItem extends SalonHeadline {
  organizerName: string | null;
  speakerNames: string[];
  questionCount: number;
}

export interface SalonListFilter {
  status?: SalonStatus;
  /** Null: the viewer is anonymous; "all": staff, who see every salon. */
  viewerId: number | null | "all";
}

/** A stored ack: what a retried action answers. */
export interface StoredMutation {
  result: unknown;
}

const emptyQueue: SpeakerQueue = { entries: [], current: null, nextEntryId: 1 };

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function decodeQueue(text: string): SpeakerQueue {
  const value = JSON.parse(text) as Partial<SpeakerQueue>;
  return { ...emptyQueue, ...value, entries: value.entries ?? [] };
}

function asStatus(value: string): SalonStatus {
  if (!(salonStatuses as readonly string[]).includes(value)) throw new Error(`Unknown salon status ${value}`);
  return value as SalonStatus;
}

function asVisibility(value: string): SalonVisibility {
  if (!(salonVisibilities as readonly string[]).includes(value)) throw new Error(`Unknown visibility ${value}`);
  return value as SalonVisibility;
}

function headlineOf(row: {
  id: number;
  title: string;
  topic: string;
  description: string;
  disciplines: string;
  startsAt: Date | null;
  endsAt: Date | null;
  visibility: string;
  status: string;
}): SalonHeadline {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    description: row.description,
    disciplines: decodeList(row.disciplines),
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    visibility: asVisibility(row.visibility),
    status: asStatus(row.status),
  };
}

function toEvent(row: {
  salonId: number;
  seq: number;
  type: string;
  payload: string;
  actorId: number | null;
  actorName: string;
  subjectUserId: number | null;
  at: Date;
}): SalonEvent {
  return {
    salonId: row.salonId,
    seq: row.seq,
    type: row.type,
    payload: JSON.parse(row.payload),
    actor: row.actorId === null ? null : { userId: row.actorId, name: row.actorName },
    subjectUserId: row.subjectUserId,
    at: row.at.toISOString(),
  } as SalonEvent;
}

function toQuestion(row: {
  id: number;
  authorId: number | null;
  authorName: string;
  anonymous: boolean;
  text: string;
  status: string;
  pinned: boolean;
  hiddenReason: string;
  mergedIntoId: number | null;
  votes: number;
  needId: number | null;
  createdAt: Date;
  answeredAt: Date | null;
}): Question {
  return {
    id: row.id,
    authorName: row.authorName,
    anonymous: row.anonymous,
    text: row.text,
    pinned: row.pinned,
    hiddenReason: row.hiddenReason,
    mergedIntoId: row.mergedIntoId,
    votes: row.votes,
    needId: row.needId,
    authorId: row.authorId ?? 0,
    status: row.status as Question["status"],
    createdAt: row.createdAt.toISOString(),
    answeredAt: iso(row.answeredAt),
  };
}

function toPoll(row: {
  id: number;
  question: string;
  options: string;
  multiple: boolean;
  status: string;
  openedAt: Date;
  closedAt: Date | null;
}): Poll {
  return {
    id: row.id,
    question: row.question,
    options: decodeList(row.options),
    multiple: row.multiple,
    status: row.status === "closed" ? "closed" : "open",
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
  };
}

/**
 * Salons in SQLite. The tables are the salon's state and SalonEvent its log; `append`
 * writes both in the caller's transaction, projecting each event into the rows it touches
 * from the salon's state after the event (so the tables equal the in-memory state).
 */
export class SalonsRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one write transaction; SQLite serialises writers across processes. */
  transaction<T>(work: (tx: DbTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work, { maxWait: 15_000, timeout: 15_000 });
  }

  async create(input: NewSalon): Promise<number> {
    return this.transaction(async (tx) => {
      const row = await tx.salon.create({
        data: {
          title: input.title,
          topic: input.topic,
          description: input.description,
          disciplines: encodeList(input.disciplines),
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          visibility: input.visibility,
          premoderation: input.premoderation,
          slowModeSeconds: input.slowModeSeconds,
          handBudgetSeconds: input.handBudgetSeconds,
          organizerId: input.organizerId,
          queue: JSON.stringify(emptyQueue),
        },
        select: { id: true },
      });
      await this.replaceSpeakers(tx, row.id, input.speakers);
      await this.replaceModerators(tx, row.id, input.moderatorIds);
      await this.replaceInvitees(tx, row.id, input.inviteeIds);
      return row.id;
    });
  }

  async exists(id: number): Promise<boolean> {
    return (await this.db.salon.count({ where: { id } })) > 0;
  }

  /**
   * Takes SQLite's write lock first (a no-op update), so reading the seq and appending after
   * it cannot interleave with another process, and returns the last seq.
   */
  async lockForAppend(tx: DbTx, salonId: number): Promise<number | null> {
    const rows = await tx.$queryRaw<{ lastSeq: number }[]>`
      UPDATE "Salon" SET "lastSeq" = "lastSeq" WHERE "id" = ${salonId} RETURNING "lastSeq"`;
    return rows[0]?.lastSeq ?? null;
  }

  /*
   * lastSeq and findMutation run for every join and action: plain SQL costs a third of a
   * model query through Prisma's query engine (measured with bench:salon).
   */
  async lastSeq(salonId: number): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ lastSeq: number }[]>`
      SELECT "lastSeq" FROM "Salon" WHERE "id" = ${salonId}`;
    return rows[0]?.lastSeq ?? null;
  }

  async eventsAfter(salonId: number, afterSeq: number, limit: number, client: Client = this.db): Promise<SalonEvent[]> {
    const rows = await client.salonEvent.findMany({
      where: { salonId, seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: limit,
    });
    return rows.map(toEvent);
  }

  /** Every event, in order (the minutes' timeline). */
  async allEvents(salonId: number): Promise<SalonEvent[]> {
    return (await this.db.salonEvent.findMany({ where: { salonId }, orderBy: { seq: "asc" } })).map(toEvent);
  }

  async findMutation(
    salonId: number,
    userId: number,
    clientMutationId: string,
    client: Client = this.db,
  ): Promise<StoredMutation | null> {
    const rows = await client.$queryRaw<{ result: string }[]>`
      SELECT "result" FROM "SalonMutation"
      WHERE "salonId" = ${salonId} AND "userId" = ${userId} AND "clientMutationId" = ${clientMutationId}`;
    return rows[0] ? { result: JSON.parse(rows[0].result) as unknown } : null;
  }

  async load(salonId: number, client: Client = this.db): Promise<SalonSnapshot | null> {
    const row = await client.salon.findUnique({
      where: { id: salonId },
      include: {
        organizer: { select: { id: true, name: true } },
        speakers: { include: { expert: { select: { name: true, userId: true } } }, orderBy: { position: "asc" } },
        moderators: { include: { user: { select: { name: true } } }, orderBy: { userId: "asc" } },
        invitees: { select: { userId: true }, orderBy: { userId: "asc" } },
      },
    });
    if (!row) return null;
    const [questions, questionVotes, polls, pollVotes, members, bans, chat, moderation] = await Promise.all([
      client.salonQuestion.findMany({ where: { salonId }, orderBy: { id: "asc" } }),
      client.salonQuestionVote.findMany({ where: { salonId }, select: { questionId: true, userId: true } }),
      client.salonPoll.findMany({ where: { salonId }, orderBy: { id: "asc" } }),
      client.salonPollVote.findMany({ where: { salonId } }),
      client.salonMember.findMany({ where: { salonId }, orderBy: { userId: "asc" } }),
      client.salonBan.findMany({ where: { salonId }, select: { userId: true } }),
      client.salonEvent.findMany({
        where: { salonId, type: "chat.sent" },
        orderBy: { seq: "desc" },
        take: salonLimits.recentChat,
      }),
      client.salonEvent.findMany({
        where: { salonId, type: { in: [...moderationEventTypes] } },
        orderBy: { seq: "desc" },
        take: salonLimits.moderationLog,
      }),
    ]);
    const info: SalonInfo = {
      ...headlineOf(row),
      premoderation: row.premoderation,
      slowModeSeconds: row.slowModeSeconds,
      handBudgetSeconds: row.handBudgetSeconds,
      organizer: row.organizer ? { userId: row.organizer.id, name: row.organizer.name } : null,
      speakers: row.speakers.map((s) => ({
        expertId: s.expertId,
        userId: s.expert.userId,
        name: s.expert.name,
        talkTitle: s.talkTitle,
        budgetSeconds: s.budgetSeconds,
      })),
      moderators: row.moderators.map((m) => ({ userId: m.userId, name: m.user.name })),
      inviteeIds: row.invitees.map((i) => i.userId),
      openedAt: iso(row.openedAt),
      closedAt: iso(row.closedAt),
      createdAt: row.createdAt.toISOString(),
    };
    const recentChat: ChatMessage[] = chat.reverse().map((event) => {
      const payload = JSON.parse(event.payload) as { userId: number; name: string; text: string };
      return { seq: event.seq, ...payload, at: event.at.toISOString() };
    });
    return {
      info,
      seq: row.lastSeq,
      questions: questions.map(toQuestion),
      questionVotes,
      polls: polls.map(toPoll),
      pollVotes: pollVotes.map((v) => ({
        pollId: v.pollId,
        userId: v.userId,
        optionIds: JSON.parse(v.optionIds) as number[],
      })),
      queue: decodeQueue(row.queue),
      members: members.map((m) => ({
        userId: m.userId,
        name: m.name,
        muted: m.muted,
        lastPostedAt: iso(m.lastPostedAt),
      })),
      bannedIds: bans.map((b) => b.userId).sort((a, b) => a - b),
      recentChat,
      moderationLog: moderation.reverse().map(toEvent),
    };
  }

  /** Writes events (already applied to `salon`) and the rows they touched, and moves lastSeq. */
  async append(
    tx: DbTx,
    salon: Salon,
    events: SalonEvent[],
    mutation: { userId: number; clientMutationId: string; result: unknown } | null,
  ): Promise<void> {
    if (events.length === 0) return;
    const salonId = salon.id;
    // Every action writes the log, lastSeq and (from a socket) its stored ack: plain SQL,
    // like the hot reads above (Prisma stores dates as the same ISO text).
    const rows = events.map(
      (event) =>
        Prisma.sql`(${salonId}, ${event.seq}, ${event.type}, ${JSON.stringify(event.payload)},
          ${event.actor?.userId ?? null}, ${event.actor?.name ?? ""}, ${event.subjectUserId}, ${new Date(event.at)})`,
    );
    await tx.$executeRaw`
      INSERT INTO "SalonEvent" ("salonId", "seq", "type", "payload", "actorId", "actorName", "subjectUserId", "at")
      VALUES ${Prisma.join(rows)}`;
    let salonRowChanged = false;
    for (const event of events) salonRowChanged = (await this.project(tx, salon, event)) || salonRowChanged;
    const lastSeq = events.at(-1)!.seq;
    if (mutation) {
      await tx.$executeRaw`
        INSERT INTO "SalonMutation" ("salonId", "userId", "clientMutationId", "result", "createdAt")
        VALUES (${salonId}, ${mutation.userId}, ${mutation.clientMutationId}, ${JSON.stringify(mutation.result ?? null)},
          ${new Date()})`;
    }
    if (!salonRowChanged) {
      await tx.$executeRaw`UPDATE "Salon" SET "lastSeq" = ${lastSeq} WHERE "id" = ${salonId}`;
      return;
    }
    const info = salon.details;
    await tx.salon.update({
      where: { id: salonId },
      data: {
        lastSeq,
        title: info.title,
        topic: info.topic,
        description: info.description,
        disciplines: encodeList(info.disciplines),
        startsAt: info.startsAt ? new Date(info.startsAt) : null,
        endsAt: info.endsAt ? new Date(info.endsAt) : null,
        visibility: info.visibility,
        status: info.status,
        premoderation: info.premoderation,
        slowModeSeconds: info.slowModeSeconds,
        handBudgetSeconds: info.handBudgetSeconds,
        openedAt: info.openedAt ? new Date(info.openedAt) : null,
        closedAt: info.closedAt ? new Date(info.closedAt) : null,
        queue: JSON.stringify(salon.speakerQueue()),
      },
    });
  }

  /** Writes the rows one event touched; answers whether the salon row itself changed. */
  private async project(tx: DbTx, salon: Salon, event: SalonEvent): Promise<boolean> {
    const salonId = salon.id;
    const saveQuestion = (question: Question) => {
      const { id, ...fields } = question;
      const data = {
        ...fields,
        createdAt: new Date(fields.createdAt),
        answeredAt: fields.answeredAt ? new Date(fields.answeredAt) : null,
      };
      return tx.salonQuestion.upsert({
        where: { salonId_id: { salonId, id } },
        create: { salonId, id, ...data },
        update: data,
      });
    };
    // Every chat message and question: plain SQL, as in append().
    const saveMember = (userId: number) => {
      const member = salon.member(userId)!;
      const lastPostedAt = member.lastPostedAt ? new Date(member.lastPostedAt) : null;
      return tx.$executeRaw`
        INSERT INTO "SalonMember" ("salonId", "userId", "name", "muted", "lastPostedAt")
        VALUES (${salonId}, ${userId}, ${member.name}, ${member.muted}, ${lastPostedAt})
        ON CONFLICT ("salonId", "userId") DO UPDATE
        SET "name" = excluded."name", "muted" = excluded."muted", "lastPostedAt" = excluded."lastPostedAt"`;
    };
    const savePoll = (poll: Poll) => {
      const data = {
        question: poll.question,
        options: encodeList(poll.options),
        multiple: poll.multiple,
        status: poll.status,
        openedAt: new Date(poll.openedAt),
        closedAt: poll.closedAt ? new Date(poll.closedAt) : null,
      };
      return tx.salonPoll.upsert({
        where: { salonId_id: { salonId, id: poll.id } },
        create: { salonId, id: poll.id, ...data },
        update: data,
      });
    };
    switch (event.type) {
      case "salon.opened":
      case "salon.closed":
      case "hand.raised":
      case "hand.lowered":
      case "queue.advanced":
        return true;
      case "salon.updated": {
        await this.saveChanges(tx, salonId, event.payload.changes);
        return true;
      }
      case "chat.sent":
        await saveMember(event.payload.userId);
        return false;
      case "question.asked":
        await saveQuestion(event.payload.question);
        await saveMember(event.payload.question.authorId);
        return false;
      case "question.voted": {
        const { questionId, userId, votes } = event.payload;
        await tx.salonQuestionVote.create({ data: { salonId, questionId, userId } });
        await tx.salonQuestion.update({ where: { salonId_id: { salonId, id: questionId } }, data: { votes } });
        return false;
      }
      case "question.moderated": {
        const { question, into, movedVoterIds, unpinnedId } = event.payload;
        if (unpinnedId != null) {
          await tx.salonQuestion.update({
            where: { salonId_id: { salonId, id: unpinnedId } },
            data: { pinned: false },
          });
        }
        await saveQuestion(question);
        if (into) {
          await saveQuestion(into);
          if (movedVoterIds?.length) {
            await tx.salonQuestionVote.createMany({
              data: movedVoterIds.map((userId) => ({ salonId, questionId: into.id, userId })),
            });
          }
        }
        return false;
      }
      case "question.linked": {
        const { questionId, needId } = event.payload;
        await tx.salonQuestion.update({ where: { salonId_id: { salonId, id: questionId } }, data: { needId } });
        return false;
      }
      case "poll.opened":
      case "poll.closed":
        await savePoll(event.payload.poll);
        return false;
      case "poll.voted": {
        const { pollId, userId, optionIds } = event.payload;
        await tx.salonPollVote.upsert({
          where: { salonId_pollId_userId: { salonId, pollId, userId } },
          create: { salonId, pollId, userId, optionIds: JSON.stringify(optionIds) },
          update: { optionIds: JSON.stringify(optionIds) },
        });
        return false;
      }
      case "reactions":
        return false;
      case "member.banned": {
        const { userId, reason } = event.payload;
        await tx.salonBan.create({
          data: { salonId, userId, reason, byUserId: event.actor?.userId ?? null, createdAt: new Date(event.at) },
        });
        return true; // the banned user leaves the queue
      }
      case "member.muted":
        await saveMember(event.payload.userId);
        return false;
    }
  }

  private async saveChanges(tx: DbTx, salonId: number, changes: SalonChanges): Promise<void> {
    if (changes.speakers) await this.replaceSpeakers(tx, salonId, changes.speakers);
    if (changes.moderators)
      await this.replaceModerators(
        tx,
        salonId,
        changes.moderators.map((m) => m.userId),
      );
    if (changes.inviteeIds) await this.replaceInvitees(tx, salonId, changes.inviteeIds);
  }

  private async replaceSpeakers(
    tx: DbTx,
    salonId: number,
    speakers: Pick<Speaker, "expertId" | "talkTitle" | "budgetSeconds">[],
  ): Promise<void> {
    await tx.salonSpeaker.deleteMany({ where: { salonId } });
    await tx.salonSpeaker.createMany({
      data: speakers.map((s, position) => ({
        salonId,
        expertId: s.expertId,
        position,
        talkTitle: s.talkTitle,
        budgetSeconds: s.budgetSeconds,
      })),
    });
  }

  private async replaceModerators(tx: DbTx, salonId: number, userIds: number[]): Promise<void> {
    await tx.salonModerator.deleteMany({ where: { salonId } });
    await tx.salonModerator.createMany({ data: userIds.map((userId) => ({ salonId, userId })) });
  }

  private async replaceInvitees(tx: DbTx, salonId: number, userIds: number[]): Promise<void> {
    await tx.salonInvite.deleteMany({ where: { salonId } });
    await tx.salonInvite.createMany({ data: userIds.map((userId) => ({ salonId, userId })) });
  }

  async list(filter: SalonListFilter): Promise<SalonListItem[]> {
    const viewer = filter.viewerId;
    const visible =
      viewer === "all"
        ? {}
        : {
            OR: [
              { visibility: "public" },
              ...(viewer === null
                ? []
                : [
                    { visibility: "members" },
                    { organizerId: viewer },
                    { invitees: { some: { userId: viewer } } },
                    { moderators: { some: { userId: viewer } } },
                    { speakers: { some: { expert: { userId: viewer } } } },
                  ]),
            ],
          };
    const rows = await this.db.salon.findMany({
      where: {
        ...visible,
        ...(filter.status && { status: filter.status }),
        ...(typeof viewer === "number" && { bans: { none: { userId: viewer } } }),
      },
      include: {
        organizer: { select: { name: true } },
        speakers: { include: { expert: { select: { name: true } } }, orderBy: { position: "asc" } },
        // As the salon's page counts them: what attendees can read (not waiting, hidden or merged).
        _count: { select: { questions: { where: { status: { in: ["visible", "answered"] } } } } },
      },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take: 200,
    });
    return rows.map((row) => ({
      ...headlineOf(row),
      organizerName: row.organizer?.name ?? null,
      speakerNames: row.speakers.map((s) => s.expert.name),
      questionCount: row._count.questions,
    }));
  }

  /** Users' display names, for the ids an organizer chose as moderators or invitees. */
  async userNames(ids: number[]): Promise<Map<number, string>> {
    const rows = await this.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async expertsForSpeakers(ids: number[]): Promise<Map<number, { name: string; userId: number | null }>> {
    const rows = await this.db.expert.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, userId: true },
    });
    return new Map(rows.map((row) => [row.id, { name: row.name, userId: row.userId }]));
  }
}
