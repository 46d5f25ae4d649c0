import type { Prisma } from "../db/generated/client.js";
import { insertRows, updateRows } from "../db/json-rows.js";
import type { Db } from "../db/prisma.js";
import {
  eventKindOf,
  eventObjectives,
  eventStatuses,
  meetingSources,
  preferenceChoices,
  runStatuses,
  type AssignmentRun,
  type DockingEvent,
  type EventDiagnosis,
  type EventExpertRef,
  type EventFields,
  type EventMeeting,
  type EventNeedRef,
  type EventParticipant,
  type EventPreference,
  type EventQuotaRule,
  type EventStatus,
  type PreferenceChoice,
  type RunStatus,
} from "./events.types.js";
import { parseBreaks } from "./event-slots.js";

const oneOf = <T extends string>(values: readonly T[], value: string, fallback: T): T =>
  (values as readonly string[]).includes(value) ? (value as T) : fallback;

function parseJson<T>(text: string, fallback: T): T {
  try {
    return (JSON.parse(text) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

const needSelect = {
  id: true,
  title: true,
  enterprise: true,
  discipline: true,
  region: true,
  confidential: true,
  ownerId: true,
  externalId: true,
  status: true,
} as const;
const expertSelect = {
  id: true,
  name: true,
  organization: true,
  title: true,
  region: true,
  userId: true,
  externalId: true,
} as const;

type EventRow = Prisma.DockingEventGetPayload<{ include: { track: true } }>;
type ParticipantRow = Prisma.EventParticipantGetPayload<{
  include: { need: { select: typeof needSelect }; expert: { select: typeof expertSelect } };
}>;
type MeetingRow = Prisma.EventMeetingGetPayload<{
  include: { need: { select: typeof needSelect }; expert: { select: typeof expertSelect } };
}>;
type RunRow = Prisma.EventAssignmentRunGetPayload<object>;

function toEvent(row: EventRow): DockingEvent {
  return {
    id: row.id,
    title: row.title,
    kind: eventKindOf(row.kind),
    trackId: row.trackId,
    track: row.track
      ? { id: row.track.id, code: row.track.code, name: row.track.name, nameEn: row.track.nameEn }
      : null,
    venue: row.venue,
    description: row.description,
    startsAt: row.startsAt,
    slotMinutes: row.slotMinutes,
    slotCount: row.slotCount,
    breaks: parseBreaks(row.breaks),
    tableCount: row.tableCount,
    registrationOpensAt: row.registrationOpensAt,
    registrationClosesAt: row.registrationClosesAt,
    demandPerNeed: row.demandPerNeed,
    meetingsPerExpert: row.meetingsPerExpert,
    quotaRules: parseJson<EventQuotaRule[]>(row.quotaRules, []),
    objective: oneOf(eventObjectives, row.objective, "total"),
    status: oneOf(eventStatuses, row.status, "draft"),
    publishedAt: row.publishedAt,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toParticipant(row: ParticipantRow): EventParticipant {
  const base = {
    id: row.id,
    eventId: row.eventId,
    availability: parseJson<number[]>(row.availability, []),
    checkedInAt: row.checkedInAt,
    noShowAt: row.noShowAt,
    createdAt: row.createdAt,
  };
  if (row.kind === "need" && row.need) return { ...base, kind: "need", need: row.need, demand: row.demand };
  return { ...base, kind: "expert", expert: row.expert!, maxMeetings: row.maxMeetings, minMeetings: row.minMeetings };
}

function toMeeting(row: MeetingRow): EventMeeting {
  return {
    id: row.id,
    eventId: row.eventId,
    need: row.need as EventNeedRef,
    expert: row.expert as EventExpertRef,
    score: row.score,
    locked: row.locked,
    source: oneOf(meetingSources, row.source, "engine"),
    slot: row.slot,
    tableNo: row.tableNo,
    status: row.status,
  };
}

function toRun(row: RunRow): AssignmentRun {
  const status = oneOf(runStatuses, row.status, "failed");
  return {
    id: row.id,
    eventId: row.eventId,
    status,
    phase: row.phase,
    progress: row.progress,
    etaSeconds: null,
    objective: row.objective,
    upperBound: row.upperBound,
    minNeedScore: row.minNeedScore,
    diagnosis: status === "infeasible" ? parseJson<EventDiagnosis | null>(row.diagnosis, null) : null,
    failure: status === "failed" ? row.diagnosis : null,
    changedPairs: row.changedPairs,
    startedById: row.startedById,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

function eventData(fields: Partial<EventFields>) {
  const { breaks, quotaRules, ...rest } = fields;
  return {
    ...rest,
    ...(breaks !== undefined ? { breaks: JSON.stringify(breaks) } : {}),
    ...(quotaRules !== undefined ? { quotaRules: JSON.stringify(quotaRules) } : {}),
  };
}

const participantInclude = { need: { select: needSelect }, expert: { select: expertSelect } } as const;

/** A participant to register: a need (with its demand) or an expert (with availability and loads). */
export type ParticipantInput =
  | { kind: "need"; needId: number; demand: number | null; availability: number[] }
  | { kind: "expert"; expertId: number; maxMeetings: number | null; minMeetings: number; availability: number[] };

const participantColumns = [
  "eventId",
  "kind",
  "needId",
  "expertId",
  "demand",
  "maxMeetings",
  "minMeetings",
  "availability",
  "registeredById",
] as const;

/** A new participant's row, every column of the bulk insert set (the other side's are null). */
function participantRow(eventId: number, input: ParticipantInput, registeredById: number) {
  const common = { eventId, kind: input.kind, availability: JSON.stringify(input.availability), registeredById };
  return input.kind === "need"
    ? { ...common, needId: input.needId, expertId: null, demand: input.demand, maxMeetings: null, minMeetings: 0 }
    : {
        ...common,
        needId: null,
        expertId: input.expertId,
        demand: null,
        maxMeetings: input.maxMeetings,
        minMeetings: input.minMeetings,
      };
}

export type ParticipantChanges = Partial<{
  demand: number | null;
  maxMeetings: number | null;
  minMeetings: number;
  availability: number[];
}>;

export interface NewMeeting {
  needId: number;
  expertId: number;
  score: number;
  locked: boolean;
  source: "engine" | "manual";
}

const meetingColumns = ["eventId", "needId", "expertId", "score", "locked", "source"] as const;

/** Docking events and everything registered for them, in SQLite. */
export class EventsRepository {
  constructor(private readonly db: Db) {}

  async create(fields: EventFields, createdById: number): Promise<DockingEvent> {
    const row = await this.db.dockingEvent.create({
      data: {
        ...fields,
        breaks: JSON.stringify(fields.breaks),
        quotaRules: JSON.stringify(fields.quotaRules),
        createdById,
      },
      include: { track: true },
    });
    return toEvent(row);
  }

  async update(id: number, fields: Partial<EventFields>): Promise<DockingEvent> {
    const row = await this.db.dockingEvent.update({ where: { id }, data: eventData(fields), include: { track: true } });
    return toEvent(row);
  }

  async findById(id: number): Promise<DockingEvent | null> {
    const row = await this.db.dockingEvent.findUnique({ where: { id }, include: { track: true } });
    return row ? toEvent(row) : null;
  }

  async list(statuses: readonly EventStatus[] | "all"): Promise<DockingEvent[]> {
    const rows = await this.db.dockingEvent.findMany({
      where: statuses === "all" ? {} : { status: { in: [...statuses] } },
      include: { track: true },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take: 200,
    });
    return rows.map(toEvent);
  }

  /** Moves the status only if it is still `from` (two organizers clicking at once: one wins). */
  async transition(id: number, from: EventStatus, to: EventStatus, publishedAt?: Date): Promise<boolean> {
    const { count } = await this.db.dockingEvent.updateMany({
      where: { id, status: from },
      data: { status: to, ...(publishedAt !== undefined ? { publishedAt } : {}) },
    });
    return count === 1;
  }

  async trackExists(trackId: number): Promise<boolean> {
    return (await this.db.track.count({ where: { id: trackId } })) === 1;
  }

  // ---- participants
  async participants(eventId: number): Promise<EventParticipant[]> {
    const rows = await this.db.eventParticipant.findMany({
      where: { eventId },
      include: participantInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toParticipant);
  }

  async participant(eventId: number, id: number): Promise<EventParticipant | null> {
    const row = await this.db.eventParticipant.findFirst({ where: { eventId, id }, include: participantInclude });
    return row ? toParticipant(row) : null;
  }

  /** The participants that are this user: their expert profile, and the needs they own. */
  async participantsOfUser(eventId: number, userId: number): Promise<EventParticipant[]> {
    const rows = await this.db.eventParticipant.findMany({
      where: { eventId, OR: [{ expert: { userId } }, { need: { ownerId: userId } }] },
      include: participantInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toParticipant);
  }

  /** Events where this user takes part (their expert profile or needs), with published meetings. */
  async eventsOfUser(userId: number): Promise<DockingEvent[]> {
    const rows = await this.db.dockingEvent.findMany({
      where: { participants: { some: { OR: [{ expert: { userId } }, { need: { ownerId: userId } }] } } },
      include: { track: true },
      orderBy: { startsAt: "asc" },
    });
    return rows.map(toEvent);
  }

  /**
   * Registers (or updates) participants in one transaction: all of them or none. Answers their
   * ids in the order given. A registration file holds thousands of rows: the new ones are
   * inserted and the ones already registered updated a thousand rows a statement (json_each).
   */
  async register(eventId: number, inputs: readonly ParticipantInput[], registeredById: number): Promise<number[]> {
    const sideOf = (row: { needId: number | null; expertId: number | null }) =>
      row.needId !== null ? `n${row.needId}` : `e${row.expertId}`;
    const keyOf = (input: ParticipantInput) => (input.kind === "need" ? `n${input.needId}` : `e${input.expertId}`);
    // The event's participants, all of them: a file's thousands of ids would exceed SQLite's bound parameters.
    const where = { eventId } satisfies Prisma.EventParticipantWhereInput;
    const select = { id: true, needId: true, expertId: true } as const;
    return this.db.$transaction(
      async (tx) => {
        const registered = new Map(
          (await tx.eventParticipant.findMany({ where, select })).map((r) => [sideOf(r), r.id]),
        );
        const fresh = inputs.filter((input) => !registered.has(keyOf(input)));
        await insertRows(
          tx,
          "EventParticipant",
          participantColumns,
          fresh.map((input) => participantRow(eventId, input, registeredById)),
          { constants: { createdAt: new Date() } },
        );
        const updates = inputs.flatMap((input) => {
          const id = registered.get(keyOf(input));
          return id === undefined ? [] : [{ id, input }];
        });
        // What a registration sets on a row already there: its own side's fields.
        const needUpdates = updates.flatMap(({ id, input }) =>
          input.kind === "need"
            ? [{ id, row: { demand: input.demand, availability: JSON.stringify(input.availability) } }]
            : [],
        );
        const expertUpdates = updates.flatMap(({ id, input }) =>
          input.kind === "expert"
            ? [
                {
                  id,
                  row: {
                    maxMeetings: input.maxMeetings,
                    minMeetings: input.minMeetings,
                    availability: JSON.stringify(input.availability),
                  },
                },
              ]
            : [],
        );
        await updateRows(tx, "EventParticipant", ["demand", "availability"], needUpdates);
        await updateRows(tx, "EventParticipant", ["maxMeetings", "minMeetings", "availability"], expertUpdates);
        const ids = new Map((await tx.eventParticipant.findMany({ where, select })).map((r) => [sideOf(r), r.id]));
        return inputs.map((input) => ids.get(keyOf(input))!);
      },
      { maxWait: 15_000, timeout: 60_000 },
    );
  }

  async changeParticipant(eventId: number, id: number, changes: ParticipantChanges): Promise<void> {
    const { availability, ...rest } = changes;
    await this.db.eventParticipant.updateMany({
      where: { eventId, id },
      data: { ...rest, ...(availability !== undefined ? { availability: JSON.stringify(availability) } : {}) },
    });
  }

  /** Removes a participant and the meetings they were in. */
  async removeParticipant(eventId: number, participant: EventParticipant): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.eventMeeting.deleteMany({
        where:
          participant.kind === "need"
            ? { eventId, needId: participant.need.id }
            : { eventId, expertId: participant.expert.id },
      });
      await tx.eventParticipant.deleteMany({ where: { eventId, id: participant.id } });
    });
  }

  // ---- look-ups for registration files
  async needsByRefs(refs: readonly string[]): Promise<Map<string, EventNeedRef>> {
    const ids = refs.filter((r) => /^\d{1,9}$/.test(r)).map(Number);
    const rows = await this.db.need.findMany({
      where: { OR: [{ externalId: { in: [...refs] } }, { id: { in: ids } }] },
      select: needSelect,
    });
    const found = new Map<string, EventNeedRef>();
    for (const row of rows) {
      found.set(String(row.id), row);
      if (row.externalId) found.set(row.externalId, row);
    }
    return found;
  }

  async expertsByRefs(refs: readonly string[]): Promise<Map<string, EventExpertRef>> {
    const ids = refs.filter((r) => /^\d{1,9}$/.test(r)).map(Number);
    const rows = await this.db.expert.findMany({
      where: { OR: [{ externalId: { in: [...refs] } }, { id: { in: ids } }] },
      select: expertSelect,
    });
    const found = new Map<string, EventExpertRef>();
    for (const row of rows) {
      found.set(String(row.id), row);
      if (row.externalId) found.set(row.externalId, row);
    }
    return found;
  }

  async openNeedsOf(ownerId: number): Promise<{ id: number; title: string }[]> {
    return this.db.need.findMany({
      where: { ownerId, status: "open" },
      select: { id: true, title: true },
      orderBy: { id: "asc" },
    });
  }

  async findNeed(id: number): Promise<EventNeedRef | null> {
    return this.db.need.findUnique({ where: { id }, select: needSelect });
  }

  async findExpert(id: number): Promise<EventExpertRef | null> {
    return this.db.expert.findUnique({ where: { id }, select: expertSelect });
  }

  /** Declared conflicts of these experts (expert ↔ organization). */
  async conflictsOf(expertIds: readonly number[]): Promise<{ expertId: number; organization: string }[]> {
    const out: { expertId: number; organization: string }[] = [];
    // SQLite limits bound variables per statement: ask in chunks.
    for (let i = 0; i < expertIds.length; i += 5000) {
      const chunk = expertIds.slice(i, i + 5000);
      out.push(
        ...(await this.db.expertConflict.findMany({
          where: { expertId: { in: chunk } },
          select: { expertId: true, organization: true },
        })),
      );
    }
    return out;
  }

  // ---- preferences
  async preferences(eventId: number): Promise<EventPreference[]> {
    const rows = await this.db.eventPreference.findMany({ where: { eventId } });
    return rows.map((r) => ({
      needId: r.needId,
      expertId: r.expertId,
      side: r.side === "expert" ? "expert" : "need",
      choice: oneOf(preferenceChoices, r.choice, "like"),
    }));
  }

  async setPreference(
    eventId: number,
    pair: { needId: number; expertId: number; side: "need" | "expert" },
    choice: PreferenceChoice | null,
  ): Promise<void> {
    const where = { eventId_needId_expertId_side: { eventId, ...pair } };
    if (choice === null) {
      await this.db.eventPreference.deleteMany({ where: { eventId, ...pair } });
      return;
    }
    await this.db.eventPreference.upsert({ where, create: { eventId, ...pair, choice }, update: { choice } });
  }

  // ---- assignment runs
  async startRun(eventId: number, startedById: number): Promise<AssignmentRun> {
    return toRun(await this.db.eventAssignmentRun.create({ data: { eventId, startedById, phase: "queued" } }));
  }

  async runningRun(eventId: number): Promise<AssignmentRun | null> {
    const row = await this.db.eventAssignmentRun.findFirst({ where: { eventId, status: "running" } });
    return row ? toRun(row) : null;
  }

  async run(eventId: number, id: number): Promise<AssignmentRun | null> {
    const row = await this.db.eventAssignmentRun.findFirst({ where: { eventId, id } });
    return row ? toRun(row) : null;
  }

  async latestRun(eventId: number): Promise<AssignmentRun | null> {
    const row = await this.db.eventAssignmentRun.findFirst({ where: { eventId }, orderBy: { id: "desc" } });
    return row ? toRun(row) : null;
  }

  async recordProgress(id: number, phase: string, progress: number): Promise<void> {
    await this.db.eventAssignmentRun.update({ where: { id }, data: { phase, progress } });
  }

  /** Runs left "running" by a process that stopped: they never finish. */
  async failStaleRuns(message: string, finishedAt: Date): Promise<void> {
    await this.db.eventAssignmentRun.updateMany({
      where: { status: "running" },
      data: { status: "failed", diagnosis: message, finishedAt },
    });
  }

  async finishRun(
    id: number,
    outcome: {
      status: Exclude<RunStatus, "running">;
      objective?: number | null;
      upperBound?: number | null;
      minNeedScore?: number | null;
      diagnosis?: EventDiagnosis | null;
      failure?: string;
      changedPairs?: number | null;
    },
    finishedAt: Date,
    meetings?: { eventId: number; pairs: readonly NewMeeting[] },
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      if (meetings) {
        // The engine's answer replaces the unscheduled review set; its locked pairs are among it.
        await tx.eventMeeting.deleteMany({ where: { eventId: meetings.eventId } });
        const now = new Date();
        await insertRows(
          tx,
          "EventMeeting",
          meetingColumns,
          meetings.pairs.map((p) => ({ eventId: meetings.eventId, ...p })),
          { constants: { createdAt: now, updatedAt: now } },
        );
      }
      await tx.eventAssignmentRun.update({
        where: { id },
        data: {
          status: outcome.status,
          phase: "done",
          progress: 1,
          objective: outcome.objective ?? null,
          upperBound: outcome.upperBound ?? null,
          minNeedScore: outcome.minNeedScore ?? null,
          diagnosis: outcome.failure ?? (outcome.diagnosis ? JSON.stringify(outcome.diagnosis) : ""),
          changedPairs: outcome.changedPairs ?? null,
          finishedAt,
        },
      });
    });
  }

  // ---- meetings
  async meetings(eventId: number): Promise<EventMeeting[]> {
    const rows = await this.db.eventMeeting.findMany({
      where: { eventId },
      include: participantInclude,
      orderBy: [{ slot: "asc" }, { tableNo: "asc" }, { id: "asc" }],
    });
    return rows.map(toMeeting);
  }

  async meetingsOf(eventId: number, who: { needIds: number[]; expertIds: number[] }): Promise<EventMeeting[]> {
    const rows = await this.db.eventMeeting.findMany({
      where: { eventId, OR: [{ needId: { in: who.needIds } }, { expertId: { in: who.expertIds } }] },
      include: participantInclude,
      orderBy: [{ slot: "asc" }, { tableNo: "asc" }, { id: "asc" }],
    });
    return rows.map(toMeeting);
  }

  async meeting(eventId: number, id: number): Promise<EventMeeting | null> {
    const row = await this.db.eventMeeting.findFirst({ where: { eventId, id }, include: participantInclude });
    return row ? toMeeting(row) : null;
  }

  async addMeeting(eventId: number, meeting: NewMeeting): Promise<EventMeeting> {
    const row = await this.db.eventMeeting.create({ data: { eventId, ...meeting }, include: participantInclude });
    return toMeeting(row);
  }

  async setLocked(eventId: number, id: number, locked: boolean): Promise<void> {
    await this.db.eventMeeting.updateMany({ where: { eventId, id }, data: { locked } });
  }

  async removeMeeting(eventId: number, id: number): Promise<void> {
    await this.db.eventMeeting.deleteMany({ where: { eventId, id } });
  }

  /** Exchanges the experts of two meetings in one transaction (both become manual and locked). */
  async swapExperts(
    eventId: number,
    first: EventMeeting,
    second: EventMeeting,
    scores: { first: number; second: number },
  ): Promise<void> {
    await this.db.$transaction(async (tx) => {
      // Free the unique (event, need, expert) keys before writing the exchanged pairs.
      await tx.eventMeeting.deleteMany({ where: { eventId, id: { in: [first.id, second.id] } } });
      const common = { eventId, locked: true, source: "manual" } as const;
      await tx.eventMeeting.create({
        data: { ...common, needId: first.need.id, expertId: second.expert.id, score: scores.first },
      });
      await tx.eventMeeting.create({
        data: { ...common, needId: second.need.id, expertId: first.expert.id, score: scores.second },
      });
    });
  }

  /** Writes slots and tables (null: not placed) of the event's meetings, in one transaction. */
  async place(eventId: number, placements: readonly { id: number; slot: number | null; tableNo: number | null }[]) {
    await this.db.$transaction(async (tx) => {
      const own = new Set(
        (await tx.eventMeeting.findMany({ where: { eventId }, select: { id: true } })).map((m) => m.id),
      );
      await updateRows(
        tx,
        "EventMeeting",
        ["slot", "tableNo", "status"],
        placements
          .filter((p) => own.has(p.id))
          .map(({ id, slot, tableNo }) => ({
            id,
            row: { slot, tableNo, status: slot === null ? "assigned" : "scheduled" },
          })),
        { updatedAt: new Date() },
      );
    });
  }
}
