import type { Db } from "../db/prisma.js";
import type { Prisma } from "../db/generated/client.js";
import { eventKindOf, slotTimes } from "./events.types.js";
import { parseBreaks } from "./event-slots.js";
import type { Outcome, OutcomeInput, OutcomeMeeting, OutcomeResult, OutcomeSide } from "./outcomes.types.js";

const meetingInclude = {
  event: {
    select: { status: true, title: true, kind: true, startsAt: true, slotMinutes: true, slotCount: true, breaks: true },
  },
  need: { select: { title: true, ownerId: true, status: true } },
  expert: { select: { name: true, userId: true } },
} satisfies Prisma.EventMeetingInclude;
type MeetingRow = Prisma.EventMeetingGetPayload<{ include: typeof meetingInclude }>;

function toMeeting(row: MeetingRow): OutcomeMeeting {
  const time =
    row.slot === null ? undefined : slotTimes({ ...row.event, breaks: parseBreaks(row.event.breaks) })[row.slot];
  return {
    id: row.id,
    eventId: row.eventId,
    eventTitle: row.event.title,
    eventKind: eventKindOf(row.event.kind),
    eventStatus: row.event.status,
    status: row.status,
    slot: row.slot,
    slotStart: time?.startsAt ?? null,
    slotEnd: time?.endsAt ?? null,
    tableNo: row.tableNo,
    needId: row.needId,
    needTitle: row.need.title,
    needOwnerId: row.need.ownerId,
    needStatus: row.need.status,
    expertId: row.expertId,
    expertName: row.expert.name,
    expertUserId: row.expert.userId,
  };
}

function toOutcome(row: Prisma.EventOutcomeGetPayload<object>): Outcome {
  return {
    id: row.id,
    meetingId: row.meetingId,
    side: row.side as OutcomeSide,
    result: row.result as OutcomeResult,
    contractValueYuan: row.contractValueYuan,
    note: row.note,
    recordedById: row.recordedById,
    updatedAt: row.updatedAt,
  };
}

/** A meeting's outcomes as the matcher learns from them: one verdict per meeting. */
export interface MeetingFeedbackRow {
  needId: number;
  expertId: number;
  needText: string;
  results: OutcomeResult[];
}

/** Outcomes of docking-event meetings, recorded by either side or by organizers. */
export class OutcomesRepository {
  constructor(private readonly db: Db) {}

  async findMeeting(id: number): Promise<OutcomeMeeting | null> {
    const row = await this.db.eventMeeting.findUnique({ where: { id }, include: meetingInclude });
    return row ? toMeeting(row) : null;
  }

  async meetingsOfEvent(eventId: number): Promise<OutcomeMeeting[]> {
    const rows = await this.db.eventMeeting.findMany({
      where: { eventId },
      include: meetingInclude,
      orderBy: [{ slot: "asc" }, { tableNo: "asc" }, { id: "asc" }],
    });
    return rows.map(toMeeting);
  }

  async outcomesOf(meetingIds: readonly number[]): Promise<Outcome[]> {
    const rows = await this.db.eventOutcome.findMany({
      where: { meetingId: { in: [...meetingIds] } },
      orderBy: [{ meetingId: "asc" }, { side: "asc" }],
    });
    return rows.map(toOutcome);
  }

  /** Records (or replaces) each side's outcome, all in one transaction. */
  async save(entries: readonly { meetingId: number; input: OutcomeInput }[], recordedById: number): Promise<Outcome[]> {
    return this.db.$transaction(async (tx) => {
      const saved: Outcome[] = [];
      for (const { meetingId, input } of entries) {
        const data = {
          result: input.result,
          contractValueYuan: input.contractValueYuan,
          note: input.note,
          recordedById,
        };
        const row = await tx.eventOutcome.upsert({
          where: { meetingId_side: { meetingId, side: input.side } },
          create: { meetingId, side: input.side, ...data },
          update: data,
        });
        saved.push(toOutcome(row));
      }
      return saved;
    });
  }

  /** Every meeting with an outcome, with the need's title (feedback for similar needs). */
  async feedbackRows(): Promise<MeetingFeedbackRow[]> {
    const rows = await this.db.eventMeeting.findMany({
      where: { outcomes: { some: {} } },
      select: {
        needId: true,
        expertId: true,
        need: { select: { title: true } },
        outcomes: { select: { result: true } },
      },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({
      needId: row.needId,
      expertId: row.expertId,
      needText: row.need.title,
      results: row.outcomes.map((o) => o.result as OutcomeResult),
    }));
  }

  /** Changes to outcomes, for deciding when the matcher's feedback must be reloaded. */
  async fingerprint(): Promise<unknown> {
    return this.db.eventOutcome.aggregate({ _count: { _all: true }, _max: { updatedAt: true } });
  }
}
