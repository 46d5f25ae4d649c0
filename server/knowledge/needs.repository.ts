import type { Db } from "../db/prisma.js";
import type { Prisma } from "../db/generated/client.js";
import { needStatuses, type Need, type NeedStatus, type Page, type PageRequest } from "./knowledge.types.js";
import { decodeList, encodeList } from "../db/list-columns.js";
import { pageInRankOrder, pageWindow } from "../db/paging.js";
import { enqueueSearchUpdates } from "../indexing/search-outbox.js";

const needInclude = {
  track: { select: { id: true, code: true, name: true, nameEn: true } },
  access: { select: { expertId: true }, orderBy: { expertId: "asc" } },
} satisfies Prisma.NeedInclude;
type NeedRow = Prisma.NeedGetPayload<{ include: typeof needInclude }>;

function toStatus(value: string): NeedStatus {
  if ((needStatuses as readonly string[]).includes(value)) return value as NeedStatus;
  throw new Error(`Unknown need status in database: ${value}`);
}

function toNeed(row: NeedRow): Need {
  return {
    id: row.id,
    externalId: row.externalId,
    ownerId: row.ownerId,
    enterprise: row.enterprise,
    title: row.title,
    description: row.description,
    difficulty: row.difficulty,
    target: row.target,
    discipline: row.discipline,
    industry: row.industry,
    keywords: decodeList(row.keywords),
    region: row.region,
    track: row.track,
    confidential: row.confidential,
    status: toStatus(row.status),
    approvedExpertIds: row.access.map((a) => a.expertId),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface NeedFields {
  enterprise: string;
  title: string;
  description: string;
  difficulty: string;
  target: string;
  discipline: string;
  industry: string;
  keywords: string[];
  region: string;
  trackId: number | null;
  confidential: boolean;
}

export interface NeedFilter {
  /**
   * The records a keyword search found, best first (SearchService.matchingIds): the list keeps
   * only these and answers them in this order, whatever the sort.
   */
  rankedIds?: readonly number[];
  status?: NeedStatus[];
  trackId?: number;
  discipline?: string[];
  region?: string[];
  industry?: string;
  ownerId?: number;
  confidential?: boolean;
  /** Drafts are listed only for this user (their owner); undefined = all drafts (staff). */
  draftsVisibleTo?: number | null;
}

export type NeedSort = "createdAt" | "updatedAt" | "title";

function columnsOf(fields: Partial<NeedFields>): Prisma.NeedUncheckedUpdateInput {
  const { keywords, ...plain } = fields;
  return { ...plain, ...(keywords && { keywords: encodeList(keywords) }) };
}

/** Enterprise needs (technical problems) and who may read the confidential ones. */
export class NeedsRepository {
  constructor(private readonly db: Db) {}

  async findById(id: number): Promise<Need | null> {
    const row = await this.db.need.findUnique({ where: { id }, include: needInclude });
    return row ? toNeed(row) : null;
  }

  /** The needs with these ids, in the order given; missing ids are skipped. */
  async findByIds(ids: readonly number[]): Promise<Need[]> {
    const rows = await this.db.need.findMany({ where: { id: { in: [...ids] } }, include: needInclude });
    const byId = new Map(rows.map((row) => [row.id, toNeed(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Every need in one of these states, oldest first (matching walks all open needs). */
  async findByStatus(statuses: readonly NeedStatus[]): Promise<Need[]> {
    const rows = await this.db.need.findMany({
      where: { status: { in: [...statuses] } },
      include: needInclude,
      orderBy: { id: "asc" },
    });
    return rows.map(toNeed);
  }

  async list(filter: NeedFilter, sort: NeedSort, request: PageRequest): Promise<Page<Need>> {
    const and: Prisma.NeedWhereInput[] = [];
    if (filter.status?.length) and.push({ status: { in: filter.status } });
    if (filter.trackId !== undefined) and.push({ trackId: filter.trackId });
    if (filter.discipline?.length) and.push({ discipline: { in: filter.discipline } });
    if (filter.region?.length) and.push({ region: { in: filter.region } });
    if (filter.industry) and.push({ industry: filter.industry });
    if (filter.ownerId !== undefined) and.push({ ownerId: filter.ownerId });
    if (filter.confidential !== undefined) and.push({ confidential: filter.confidential });
    if (filter.draftsVisibleTo !== undefined) {
      and.push({
        OR: [
          { status: { not: "draft" } },
          ...(filter.draftsVisibleTo === null ? [] : [{ ownerId: filter.draftsVisibleTo }]),
        ],
      });
    }
    const where: Prisma.NeedWhereInput = { AND: and };
    if (filter.rankedIds) {
      const passing = (ids: number[]) =>
        this.db.need.findMany({ where: { AND: [...and, { id: { in: ids } }] }, select: { id: true } });
      return pageInRankOrder(filter.rankedIds, request, passing, (ids) => this.findByIds(ids));
    }
    const [rows, total] = await Promise.all([
      this.db.need.findMany({
        where,
        include: needInclude,
        orderBy: [{ [sort]: request.order }, { id: request.order }],
        ...pageWindow(request),
      }),
      this.db.need.count({ where }),
    ]);
    return { items: rows.map(toNeed), page: request.page, pageSize: request.pageSize, total };
  }

  async create(ownerId: number | null, status: NeedStatus, fields: NeedFields): Promise<Need> {
    const row = await this.db.$transaction(async (tx) => {
      const created = await tx.need.create({
        data: { ...(columnsOf(fields) as Prisma.NeedUncheckedCreateInput), ownerId, status },
        include: needInclude,
      });
      await enqueueSearchUpdates(tx, "needs", [created.id]);
      return created;
    });
    return toNeed(row);
  }

  async update(id: number, fields: Partial<NeedFields>): Promise<Need> {
    const row = await this.db.$transaction(async (tx) => {
      const updated = await tx.need.update({ where: { id }, data: columnsOf(fields), include: needInclude });
      await enqueueSearchUpdates(tx, "needs", [id]);
      return updated;
    });
    return toNeed(row);
  }

  /** Moves the status only if it is still `from`, so concurrent transitions cannot both win. */
  async transition(id: number, from: NeedStatus, to: NeedStatus): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.need.updateMany({ where: { id, status: from }, data: { status: to } });
      if (count === 1) await enqueueSearchUpdates(tx, "needs", [id]);
      return count === 1;
    });
  }

  /** Docking-event meetings the need is in, whatever their status (held, no-show, scheduled…). */
  async countEventMeetings(id: number): Promise<number> {
    return this.db.eventMeeting.count({ where: { needId: id } });
  }

  async delete(id: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.need.delete({ where: { id } });
      await enqueueSearchUpdates(tx, "needs", [id]);
    });
  }

  async grantAccess(needId: number, expertId: number): Promise<void> {
    await this.db.needAccess.upsert({
      where: { needId_expertId: { needId, expertId } },
      create: { needId, expertId },
      update: {},
    });
  }

  async revokeAccess(needId: number, expertId: number): Promise<void> {
    await this.db.needAccess.deleteMany({ where: { needId, expertId } });
  }
}
