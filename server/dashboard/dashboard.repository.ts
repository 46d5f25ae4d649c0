import type { Db } from "../db/prisma.js";

/** Which activity the dashboard reads: the whole association, or one docking event. */
export type DashboardScope = { kind: "association" } | { kind: "event"; eventId: number };

export interface NeedRow {
  id: number;
  status: string;
  createdAt: Date;
  trackCode: string | null;
  trackName: string;
  trackNameEn: string;
}

export interface PairRow {
  needId: number;
  expertId: number;
}

export interface InvitationRow extends PairRow {
  status: string;
  createdAt: Date;
}

export interface MeetingRow extends PairRow {
  id: number;
  eventId: number;
  eventStartsAt: Date;
  status: string;
  slot: number | null;
  tableNo: number | null;
}

export interface OutcomeRow {
  meetingId: number;
  result: string;
  contractValueYuan: number | null;
}

export interface ExpertRow {
  id: number;
  name: string;
  region: string;
  societies: string[];
}

/** Everything the funnel is computed from, for one scope. */
export interface Activity {
  needs: NeedRow[];
  invitations: InvitationRow[];
  /** Organizer pins (MatchOverride kind "pin"): an organizer matched the pair by hand. */
  pins: PairRow[];
  /** Event preferences "must" or "like": the pair was suggested and welcomed. */
  preferences: PairRow[];
  meetings: MeetingRow[];
  outcomes: OutcomeRow[];
  /** The experts of every pair above. */
  experts: Map<number, ExpertRow>;
}

export interface EventRow {
  id: number;
  title: string;
  kind: string;
  venue: string;
  status: string;
  startsAt: Date;
  trackCode: string | null;
  trackName: string;
  trackNameEn: string;
  needs: number;
  experts: number;
}

export interface SalonRow {
  id: number;
  openedAt: Date | null;
  questions: number;
  /** Distinct signed-in people with an entry in the salon's event log. */
  attendance: number;
}

const needSelect = {
  id: true,
  status: true,
  createdAt: true,
  track: { select: { code: true, name: true, nameEn: true } },
} as const;

/** The dashboard's reads: plain Prisma queries over the live tables, no state of its own. */
export class DashboardRepository {
  constructor(private readonly db: Db) {}

  async activity(scope: DashboardScope): Promise<Activity> {
    const db = this.db;
    const eventWhere = scope.kind === "event" ? { eventId: scope.eventId } : {};
    const [needs, invitations, pins, preferences, meetings] = await Promise.all([
      scope.kind === "event"
        ? db.eventParticipant
            .findMany({
              where: { eventId: scope.eventId, kind: "need", needId: { not: null } },
              select: { need: { select: needSelect } },
            })
            .then((rows) => rows.flatMap((row) => (row.need ? [row.need] : [])))
        : db.need.findMany({ where: { status: { not: "draft" } }, select: needSelect }),
      scope.kind === "event"
        ? []
        : db.invitation.findMany({ select: { needId: true, expertId: true, status: true, createdAt: true } }),
      scope.kind === "event"
        ? []
        : db.matchOverride.findMany({ where: { kind: "pin" }, select: { needId: true, expertId: true } }),
      db.eventPreference.findMany({
        where: { ...eventWhere, choice: { in: ["must", "like"] } },
        select: { needId: true, expertId: true },
      }),
      db.eventMeeting.findMany({
        where: eventWhere,
        select: {
          id: true,
          eventId: true,
          needId: true,
          expertId: true,
          status: true,
          slot: true,
          tableNo: true,
          event: { select: { startsAt: true } },
        },
        orderBy: [{ slot: "asc" }, { tableNo: "asc" }, { id: "asc" }],
      }),
    ]);
    const outcomes = await db.eventOutcome.findMany({
      where: scope.kind === "event" ? { meeting: { eventId: scope.eventId } } : {},
      select: { meetingId: true, result: true, contractValueYuan: true },
    });
    const expertIds = [...new Set([...invitations, ...pins, ...preferences, ...meetings].map((p) => p.expertId))];
    return {
      needs: needs.map(toNeedRow),
      invitations,
      pins,
      preferences,
      meetings: meetings.map(({ event, ...meeting }) => ({ ...meeting, eventStartsAt: event.startsAt })),
      outcomes,
      experts: await this.experts(expertIds),
    };
  }

  private async experts(ids: number[]): Promise<Map<number, ExpertRow>> {
    const experts = new Map<number, ExpertRow>();
    // SQLite allows a limited number of bound parameters: read in chunks.
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await this.db.expert.findMany({
        where: { id: { in: ids.slice(start, start + 500) } },
        select: { id: true, name: true, region: true, societies: { select: { society: { select: { name: true } } } } },
      });
      for (const { societies, ...row } of rows) {
        experts.set(row.id, { ...row, societies: societies.map((s) => s.society.name).sort() });
      }
    }
    return experts;
  }

  async needTitles(ids: number[]): Promise<Map<number, { title: string; enterprise: string }>> {
    const rows = await this.db.need.findMany({
      where: { id: { in: ids } },
      select: { id: true, title: true, enterprise: true },
    });
    return new Map(rows.map((row) => [row.id, { title: row.title, enterprise: row.enterprise }]));
  }

  async needStatusCounts(): Promise<Map<string, number>> {
    const groups = await this.db.need.groupBy({ by: ["status"], _count: { _all: true } });
    return new Map(groups.map((g) => [g.status, g._count._all]));
  }

  async collectionSizes(): Promise<{ experts: number; technologies: number }> {
    const [experts, technologies] = await Promise.all([this.db.expert.count(), this.db.technology.count()]);
    return { experts, technologies };
  }

  /** Events, newest first, or the one asked for. */
  async events(eventId?: number): Promise<EventRow[]> {
    const rows = await this.db.dockingEvent.findMany({
      where: eventId === undefined ? {} : { id: eventId },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        title: true,
        kind: true,
        venue: true,
        status: true,
        startsAt: true,
        track: { select: { code: true, name: true, nameEn: true } },
        participants: { select: { kind: true } },
      },
    });
    return rows.map(({ track, participants, ...row }) => ({
      ...row,
      trackCode: track?.code ?? null,
      trackName: track?.name ?? "",
      trackNameEn: track?.nameEn ?? "",
      needs: participants.filter((p) => p.kind === "need").length,
      experts: participants.filter((p) => p.kind === "expert").length,
    }));
  }

  async participantAttendance(eventId: number): Promise<{ checkedIn: number; noShows: number }> {
    const [checkedIn, noShows] = await Promise.all([
      this.db.eventParticipant.count({ where: { eventId, checkedInAt: { not: null } } }),
      this.db.eventParticipant.count({ where: { eventId, noShowAt: { not: null } } }),
    ]);
    return { checkedIn, noShows };
  }

  async salons(): Promise<SalonRow[]> {
    const [salons, questions, actors] = await Promise.all([
      this.db.salon.findMany({ select: { id: true, openedAt: true } }),
      this.db.salonQuestion.groupBy({ by: ["salonId"], _count: { _all: true } }),
      this.db.salonEvent.groupBy({ by: ["salonId", "actorId"], where: { actorId: { not: null } } }),
    ]);
    const questionCounts = new Map(questions.map((q) => [q.salonId, q._count._all]));
    const attendance = new Map<number, number>();
    for (const { salonId } of actors) attendance.set(salonId, (attendance.get(salonId) ?? 0) + 1);
    return salons.map((salon) => ({
      ...salon,
      questions: questionCounts.get(salon.id) ?? 0,
      attendance: attendance.get(salon.id) ?? 0,
    }));
  }
}

function toNeedRow(need: {
  id: number;
  status: string;
  createdAt: Date;
  track: { code: string; name: string; nameEn: string } | null;
}): NeedRow {
  return {
    id: need.id,
    status: need.status,
    createdAt: need.createdAt,
    trackCode: need.track?.code ?? null,
    trackName: need.track?.name ?? "",
    trackNameEn: need.track?.nameEn ?? "",
  };
}
