import type { Db } from "../../server/db/prisma.js";

/**
 * Docking events built straight in the database (the creation → assignment → schedule flow is
 * another feature): an event in any status, its participants and its scheduled meetings.
 */

export async function createEvent(
  db: Db,
  overrides: Partial<{
    title: string;
    /** "matchmaking" (the schema's default) or "review", a review panel. */
    kind: string;
    status: string;
    startsAt: Date;
    slotMinutes: number;
    slotCount: number;
    tableCount: number;
    meetingsPerExpert: number;
    breaks: { afterSlot: number; minutes: number }[];
  }> = {},
): Promise<number> {
  const { breaks, ...rest } = overrides;
  const row = await db.dockingEvent.create({
    data: {
      title: "6·18 海峡项目成果交易会 对接日",
      status: "live",
      // Tomorrow: the desk works on slot 0 until then.
      startsAt: new Date(Date.now() + 24 * 3600_000),
      slotMinutes: 20,
      slotCount: 3,
      tableCount: 4,
      breaks: JSON.stringify(breaks ?? []),
      ...rest,
    },
    select: { id: true },
  });
  return row.id;
}

export async function createExpertRow(
  db: Db,
  fields: { name: string; organization?: string; keywords?: string[]; publications?: string[]; userId?: number },
): Promise<number> {
  const row = await db.expert.create({
    data: {
      name: fields.name,
      organization: fields.organization ?? "福州大学",
      region: "福州",
      disciplines: JSON.stringify(["材料科学与工程"]),
      keywords: JSON.stringify(fields.keywords ?? []),
      userId: fields.userId,
      publications: {
        create: (fields.publications ?? []).map((title, position) => ({ title, year: 2023, position })),
      },
    },
    select: { id: true },
  });
  return row.id;
}

export async function createNeedRow(
  db: Db,
  fields: { title: string; enterprise?: string; keywords?: string[]; ownerId?: number; status?: string },
): Promise<number> {
  const row = await db.need.create({
    data: {
      title: fields.title,
      enterprise: fields.enterprise ?? "福建某新材料有限公司",
      description: fields.title,
      discipline: "材料科学与工程",
      keywords: JSON.stringify(fields.keywords ?? []),
      region: "福州",
      ownerId: fields.ownerId,
      status: fields.status ?? "open",
    },
    select: { id: true },
  });
  return row.id;
}

export async function addParticipant(
  db: Db,
  eventId: number,
  side: { needId: number } | { expertId: number },
  options: { checkedIn?: boolean; availability?: number[]; maxMeetings?: number } = {},
): Promise<number> {
  const row = await db.eventParticipant.create({
    data: {
      eventId,
      kind: "needId" in side ? "need" : "expert",
      ...side,
      availability: JSON.stringify(options.availability ?? []),
      maxMeetings: options.maxMeetings,
      checkedInAt: options.checkedIn ? new Date() : null,
    },
    select: { id: true },
  });
  return row.id;
}

export async function addMeeting(
  db: Db,
  meeting: { eventId: number; needId: number; expertId: number; slot: number; tableNo: number; score?: number },
): Promise<number> {
  const row = await db.eventMeeting.create({
    data: { score: 0.5, ...meeting, status: "scheduled", source: "engine" },
    select: { id: true },
  });
  return row.id;
}
