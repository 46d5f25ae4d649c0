import type { Db, TransactionalWrite } from "../db/prisma.js";

export const invitationStatuses = ["pending", "accepted", "declined"] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export interface Invitation {
  id: number;
  needId: number;
  expertId: number;
  invitedById: number | null;
  message: string;
  status: InvitationStatus;
  reason: string;
  createdAt: Date;
  respondedAt: Date | null;
}

/** Needs in these states no longer occupy an engaged expert. */
const finishedNeedStatuses = ["solved", "closed"];

function toInvitation(row: Omit<Invitation, "status"> & { status: string }): Invitation {
  if (!(invitationStatuses as readonly string[]).includes(row.status))
    throw new Error(`Unknown invitation status ${row.status}`);
  return { ...row, status: row.status as InvitationStatus };
}

const columns = {
  id: true,
  needId: true,
  expertId: true,
  invitedById: true,
  message: true,
  status: true,
  reason: true,
  createdAt: true,
  respondedAt: true,
} as const;

/** Invitations of experts to needs, and the engagements (accepted invitations) they become. */
export class InvitationsRepository {
  constructor(private readonly db: Db) {}

  async findById(id: number): Promise<Invitation | null> {
    const row = await this.db.invitation.findUnique({ where: { id }, select: columns });
    return row && toInvitation(row);
  }

  async findForPair(needId: number, expertId: number): Promise<Invitation | null> {
    const row = await this.db.invitation.findUnique({
      where: { needId_expertId: { needId, expertId } },
      select: columns,
    });
    return row && toInvitation(row);
  }

  /** Needs the expert has been invited to, whatever the answer. */
  async needIdsOfExpert(expertId: number): Promise<Set<number>> {
    const rows = await this.db.invitation.findMany({ where: { expertId }, select: { needId: true } });
    return new Set(rows.map((row) => row.needId));
  }

  /** Creates the invitation and, in the same transaction, what tells the expert (their email). */
  async create(
    input: { needId: number; expertId: number; invitedById: number; message: string },
    alsoWrite?: TransactionalWrite,
  ): Promise<Invitation> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.invitation.create({ data: input, select: columns });
      await alsoWrite?.(tx);
      return toInvitation(row);
    });
  }

  /** Engagements that still occupy the expert: accepted, on a need not yet solved or closed. */
  async activeEngagements(expertId: number): Promise<number> {
    return this.db.invitation.count({
      where: { expertId, status: "accepted", need: { status: { notIn: finishedNeedStatuses } } },
    });
  }

  async activeEngagementsByExpert(): Promise<Map<number, number>> {
    const rows = await this.db.invitation.groupBy({
      by: ["expertId"],
      where: { status: "accepted", need: { status: { notIn: finishedNeedStatuses } } },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.expertId, row._count._all]));
  }

  /** Accepting also lets the expert read the need in full when it is confidential. */
  async accept(id: number, now: Date, alsoWrite?: TransactionalWrite): Promise<Invitation | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.invitation.updateMany({
        where: { id, status: "pending" },
        data: { status: "accepted", respondedAt: now },
      });
      if (count === 0) return null;
      const row = await tx.invitation.findUniqueOrThrow({ where: { id }, select: columns });
      await tx.needAccess.upsert({
        where: { needId_expertId: { needId: row.needId, expertId: row.expertId } },
        create: { needId: row.needId, expertId: row.expertId },
        update: {},
      });
      await alsoWrite?.(tx);
      return toInvitation(row);
    });
  }

  async decline(id: number, reason: string, now: Date, alsoWrite?: TransactionalWrite): Promise<Invitation | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.invitation.updateMany({
        where: { id, status: "pending" },
        data: { status: "declined", reason, respondedAt: now },
      });
      if (count === 0) return null;
      await alsoWrite?.(tx);
      return toInvitation(await tx.invitation.findUniqueOrThrow({ where: { id }, select: columns }));
    });
  }

  /** Answered invitations with the need's text: the matching engine's feedback. */
  async answered(): Promise<
    { needId: number; expertId: number; status: InvitationStatus; needSolved: boolean; needText: string }[]
  > {
    const rows = await this.db.invitation.findMany({
      where: { status: { in: ["accepted", "declined"] } },
      select: { needId: true, expertId: true, status: true, need: { select: { title: true, status: true } } },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({
      needId: row.needId,
      expertId: row.expertId,
      status: row.status as InvitationStatus,
      needSolved: row.need.status === "solved",
      needText: row.need.title,
    }));
  }

  /** Invitations of one expert, newest first, optionally in one state. */
  async listForExpert(expertId: number, status?: InvitationStatus): Promise<Invitation[]> {
    const rows = await this.db.invitation.findMany({
      where: { expertId, ...(status ? { status } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: columns,
    });
    return rows.map(toInvitation);
  }

  /** Invitations to one need, oldest first, optionally in one state. */
  async listForNeed(needId: number, status?: InvitationStatus): Promise<Invitation[]> {
    const rows = await this.db.invitation.findMany({
      where: { needId, ...(status ? { status } : {}) },
      orderBy: { id: "asc" },
      select: columns,
    });
    return rows.map(toInvitation);
  }

  /** Changes to invitations, for deciding when the matcher must be rebuilt. */
  async fingerprint(): Promise<unknown> {
    return this.db.invitation.aggregate({ _count: { _all: true }, _max: { respondedAt: true, id: true } });
  }
}
