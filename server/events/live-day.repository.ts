import { readInChunks } from "../db/in-chunks.js";
import type { Db, DbTx } from "../db/prisma.js";
import type { Prisma } from "../db/generated/client.js";
import { parseBreaks } from "./event-slots.js";
import { eventKindOf } from "./events.types.js";
import {
  activeMeetingStatuses,
  eventStatuses,
  meetingStatuses,
  type EventStatus,
  type LiveEvent,
  type LiveMeeting,
  type LiveParticipant,
  type MeetingStatus,
} from "./live-day.types.js";

const participantInclude = {
  need: { select: { title: true, enterprise: true, ownerId: true } },
  expert: { select: { name: true, organization: true, userId: true } },
} satisfies Prisma.EventParticipantInclude;
type ParticipantRow = Prisma.EventParticipantGetPayload<{ include: typeof participantInclude }>;

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`Unknown ${what} in database: ${value}`);
}

function slotList(json: string): number[] {
  const parsed: unknown = JSON.parse(json || "[]");
  return Array.isArray(parsed) ? parsed.filter((v): v is number => Number.isInteger(v)) : [];
}

function toParticipant(row: ParticipantRow): LiveParticipant {
  const userIds = [row.need?.ownerId, row.expert?.userId].filter((id): id is number => typeof id === "number");
  return {
    id: row.id,
    eventId: row.eventId,
    kind: row.kind === "expert" ? "expert" : "need",
    needId: row.needId,
    expertId: row.expertId,
    name: row.need?.title ?? row.expert?.name ?? "",
    organization: row.need?.enterprise ?? row.expert?.organization ?? "",
    availability: slotList(row.availability),
    maxMeetings: row.maxMeetings,
    checkedInAt: row.checkedInAt,
    noShowAt: row.noShowAt,
    userIds,
  };
}

type MeetingRow = Prisma.EventMeetingGetPayload<object>;

function toMeeting(row: MeetingRow): LiveMeeting {
  return {
    id: row.id,
    eventId: row.eventId,
    needId: row.needId,
    expertId: row.expertId,
    score: row.score,
    source: row.source,
    slot: row.slot,
    tableNo: row.tableNo,
    status: oneOf(meetingStatuses, row.status, "meeting status"),
  };
}

/** The meetings one participant takes part in (as the need or as the expert). */
function ofParticipant(participant: LiveParticipant): Prisma.EventMeetingWhereInput {
  return participant.kind === "need"
    ? { eventId: participant.eventId, needId: participant.needId! }
    : { eventId: participant.eventId, expertId: participant.expertId! };
}

/** Needs and experts of one event, named by their ids. */
export interface EventSides {
  needIds: readonly number[];
  expertIds: readonly number[];
}

/** The live day's reads and writes: events' status, check-in, no-shows and refill meetings. */
export class LiveDayRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: DbTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work, { maxWait: 15_000, timeout: 15_000 });
  }

  async findEvent(id: number): Promise<LiveEvent | null> {
    const row = await this.db.dockingEvent.findUnique({ where: { id } });
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      kind: eventKindOf(row.kind),
      status: oneOf(eventStatuses, row.status, "event status"),
      venue: row.venue,
      startsAt: row.startsAt,
      slotMinutes: row.slotMinutes,
      slotCount: row.slotCount,
      breaks: parseBreaks(row.breaks),
      tableCount: row.tableCount,
      meetingsPerExpert: row.meetingsPerExpert,
    };
  }

  /** Moves the event from `from` to `to`; false when it was no longer in `from`. */
  async moveStatus(id: number, from: EventStatus, to: EventStatus): Promise<boolean> {
    const { count } = await this.db.dockingEvent.updateMany({ where: { id, status: from }, data: { status: to } });
    return count === 1;
  }

  async participants(eventId: number): Promise<LiveParticipant[]> {
    const rows = await this.db.eventParticipant.findMany({
      where: { eventId },
      include: participantInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toParticipant);
  }

  async findParticipant(id: number, db: Db | DbTx = this.db): Promise<LiveParticipant | null> {
    const row = await db.eventParticipant.findUnique({ where: { id }, include: participantInclude });
    return row ? toParticipant(row) : null;
  }

  async participantOf(
    eventId: number,
    side: { needId: number } | { expertId: number },
    db: Db | DbTx = this.db,
  ): Promise<LiveParticipant | null> {
    const row = await db.eventParticipant.findFirst({ where: { eventId, ...side }, include: participantInclude });
    return row ? toParticipant(row) : null;
  }

  /** The event's participants standing for these needs and experts (a read per 500 of them). */
  async participantsOf(eventId: number, sides: EventSides): Promise<LiveParticipant[]> {
    const read = (where: Prisma.EventParticipantWhereInput) =>
      this.db.eventParticipant.findMany({ where: { eventId, ...where }, include: participantInclude });
    const rows = [
      ...(await readInChunks(sides.needIds, (needIds) => read({ needId: { in: needIds } }))),
      ...(await readInChunks(sides.expertIds, (expertIds) => read({ expertId: { in: expertIds } }))),
    ];
    return rows.map(toParticipant);
  }

  async findParticipantByTokenHash(hash: string): Promise<LiveParticipant | null> {
    const row = await this.db.eventParticipant.findUnique({
      where: { checkInTokenHash: hash },
      include: participantInclude,
    });
    return row ? toParticipant(row) : null;
  }

  async setCheckInTokenHash(participantId: number, hash: string): Promise<void> {
    await this.db.eventParticipant.update({ where: { id: participantId }, data: { checkInTokenHash: hash } });
  }

  /** Sets (or, with null, clears) the check-in time; answers the participant as it is now. */
  async setCheckedIn(participantId: number, at: Date | null): Promise<LiveParticipant> {
    const row = await this.db.eventParticipant.update({
      where: { id: participantId },
      data: { checkedInAt: at },
      include: participantInclude,
    });
    return toParticipant(row);
  }

  /**
   * Marks the participant absent and their meetings from `fromSlot` on no-shows, in one
   * transaction; answers the meetings it cancelled.
   */
  async markNoShow(participant: LiveParticipant, at: Date, fromSlot: number): Promise<LiveMeeting[]> {
    return this.transaction(async (tx) => {
      await tx.eventParticipant.update({ where: { id: participant.id }, data: { noShowAt: at } });
      const where = {
        ...ofParticipant(participant),
        slot: { gte: fromSlot },
        status: { in: [...activeMeetingStatuses] },
      } satisfies Prisma.EventMeetingWhereInput;
      const rows = await tx.eventMeeting.findMany({ where, orderBy: { slot: "asc" } });
      await tx.eventMeeting.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { status: "no_show" } });
      return rows.map((row) => toMeeting({ ...row, status: "no_show" }));
    });
  }

  /** Every meeting of the event placed in `slot`, whatever its status. */
  async meetingsInSlot(eventId: number, slot: number, db: Db | DbTx = this.db): Promise<LiveMeeting[]> {
    const rows = await db.eventMeeting.findMany({ where: { eventId, slot }, orderBy: { tableNo: "asc" } });
    return rows.map(toMeeting);
  }

  /** Every meeting of these needs and experts at the event (in `slots` only, when given), whatever its status. */
  async meetingsOfSides(eventId: number, sides: EventSides, slots?: readonly number[]): Promise<LiveMeeting[]> {
    const read = (where: Prisma.EventMeetingWhereInput) =>
      this.db.eventMeeting.findMany({
        where: { eventId, ...(slots ? { slot: { in: [...slots] } } : {}), ...where },
        orderBy: [{ slot: "asc" }, { tableNo: "asc" }],
      });
    const rows = [
      ...(await readInChunks(sides.needIds, (needIds) => read({ needId: { in: needIds } }))),
      ...(await readInChunks(sides.expertIds, (expertIds) => read({ expertId: { in: expertIds } }))),
    ];
    // A meeting of a listed need with a listed expert was read twice.
    const byId = new Map(rows.map((row) => [row.id, row]));
    return [...byId.values()]
      .sort((a, b) => (a.slot ?? -1) - (b.slot ?? -1) || (a.tableNo ?? 0) - (b.tableNo ?? 0))
      .map(toMeeting);
  }

  /** How many meetings still occupy each of these experts at the event (absent from the map: none). */
  async activeMeetingCounts(
    eventId: number,
    expertIds: readonly number[],
    db: Db | DbTx = this.db,
  ): Promise<Map<number, number>> {
    const rows = await readInChunks(expertIds, (chunk) =>
      db.eventMeeting.groupBy({
        by: ["expertId"],
        where: { eventId, expertId: { in: chunk }, status: { in: [...activeMeetingStatuses] } },
        _count: { _all: true },
      }),
    );
    return new Map(rows.map((row) => [row.expertId, row._count._all]));
  }

  async meetingsOfEvent(eventId: number, statuses?: readonly MeetingStatus[]): Promise<LiveMeeting[]> {
    const rows = await this.db.eventMeeting.findMany({
      where: { eventId, ...(statuses ? { status: { in: [...statuses] } } : {}) },
      orderBy: [{ slot: "asc" }, { tableNo: "asc" }],
    });
    return rows.map(toMeeting);
  }

  async meetingsOfParticipant(participant: LiveParticipant, db: Db | DbTx = this.db): Promise<LiveMeeting[]> {
    const rows = await db.eventMeeting.findMany({ where: ofParticipant(participant), orderBy: { slot: "asc" } });
    return rows.map(toMeeting);
  }

  /** Pairs a side ruled out ("no thanks"), as `n<needId>:e<expertId>`. */
  async refusedPairs(eventId: number): Promise<Set<string>> {
    const rows = await this.db.eventPreference.findMany({
      where: { eventId, choice: "no" },
      select: { needId: true, expertId: true },
    });
    return new Set(rows.map((r) => `n${r.needId}:e${r.expertId}`));
  }

  async createRefillMeeting(
    tx: DbTx,
    meeting: { eventId: number; needId: number; expertId: number; slot: number; tableNo: number; score: number },
  ): Promise<LiveMeeting> {
    const row = await tx.eventMeeting.create({
      data: { ...meeting, source: "refill", status: "scheduled" },
    });
    return toMeeting(row);
  }

  async pairExists(tx: DbTx, eventId: number, needId: number, expertId: number): Promise<boolean> {
    return (await tx.eventMeeting.count({ where: { eventId, needId, expertId } })) > 0;
  }
}
