import type { Db } from "../db/prisma.js";
import type { Prisma } from "../db/generated/client.js";
import type { Page, PageRequest, Technology } from "./knowledge.types.js";
import { decodeList, encodeList } from "../db/list-columns.js";
import { pageInRankOrder, pageWindow } from "../db/paging.js";
import { enqueueSearchUpdates } from "../indexing/search-outbox.js";

const technologyInclude = { owner: { select: { id: true, name: true } } } satisfies Prisma.TechnologyInclude;
type TechnologyRow = Prisma.TechnologyGetPayload<{ include: typeof technologyInclude }>;

function toTechnology(row: TechnologyRow): Technology {
  return {
    id: row.id,
    externalId: row.externalId,
    owner: row.owner,
    title: row.title,
    abstract: row.abstract,
    keywords: decodeList(row.keywords),
    discipline: row.discipline,
    maturity: row.maturity,
    transferModes: decodeList(row.transferModes),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface TechnologyFields {
  ownerId: number | null;
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
  maturity: number | null;
  transferModes: string[];
}

export interface TechnologyFilter {
  /**
   * The records a keyword search found, best first (SearchService.matchingIds): the list keeps
   * only these and answers them in this order, whatever the sort.
   */
  rankedIds?: readonly number[];
  discipline?: string[];
  ownerId?: number;
  maturityMin?: number;
  maturityMax?: number;
}

export type TechnologySort = "createdAt" | "updatedAt" | "title" | "maturity";

function columnsOf(fields: Partial<TechnologyFields>): Prisma.TechnologyUncheckedUpdateInput {
  const { keywords, transferModes, ...plain } = fields;
  return {
    ...plain,
    ...(keywords && { keywords: encodeList(keywords) }),
    ...(transferModes && { transferModes: encodeList(transferModes) }),
  };
}

/** Technologies (achievements, patents, transferable results) and their owning experts. */
export class TechnologiesRepository {
  constructor(private readonly db: Db) {}

  async findById(id: number): Promise<Technology | null> {
    const row = await this.db.technology.findUnique({ where: { id }, include: technologyInclude });
    return row ? toTechnology(row) : null;
  }

  /** The technologies with these ids, in the order given; missing ids are skipped. */
  async findByIds(ids: readonly number[]): Promise<Technology[]> {
    const rows = await this.db.technology.findMany({ where: { id: { in: [...ids] } }, include: technologyInclude });
    const byId = new Map(rows.map((row) => [row.id, toTechnology(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async list(filter: TechnologyFilter, sort: TechnologySort, request: PageRequest): Promise<Page<Technology>> {
    const and: Prisma.TechnologyWhereInput[] = [];
    if (filter.discipline?.length) and.push({ discipline: { in: filter.discipline } });
    if (filter.ownerId !== undefined) and.push({ ownerId: filter.ownerId });
    if (filter.maturityMin !== undefined) and.push({ maturity: { gte: filter.maturityMin } });
    if (filter.maturityMax !== undefined) and.push({ maturity: { lte: filter.maturityMax } });
    const where: Prisma.TechnologyWhereInput = { AND: and };
    if (filter.rankedIds) {
      const passing = (ids: number[]) =>
        this.db.technology.findMany({ where: { AND: [...and, { id: { in: ids } }] }, select: { id: true } });
      return pageInRankOrder(filter.rankedIds, request, passing, (ids) => this.findByIds(ids));
    }
    const [rows, total] = await Promise.all([
      this.db.technology.findMany({
        where,
        include: technologyInclude,
        orderBy: [
          sort === "maturity" ? { maturity: { sort: request.order, nulls: "last" } } : { [sort]: request.order },
          { id: request.order },
        ],
        ...pageWindow(request),
      }),
      this.db.technology.count({ where }),
    ]);
    return { items: rows.map(toTechnology), page: request.page, pageSize: request.pageSize, total };
  }

  async create(fields: TechnologyFields): Promise<Technology> {
    const row = await this.db.$transaction(async (tx) => {
      const created = await tx.technology.create({
        data: columnsOf(fields) as Prisma.TechnologyUncheckedCreateInput,
        include: technologyInclude,
      });
      await enqueueSearchUpdates(tx, "technologies", [created.id]);
      return created;
    });
    return toTechnology(row);
  }

  async update(id: number, fields: Partial<TechnologyFields>): Promise<Technology> {
    const row = await this.db.$transaction(async (tx) => {
      const updated = await tx.technology.update({
        where: { id },
        data: columnsOf(fields),
        include: technologyInclude,
      });
      await enqueueSearchUpdates(tx, "technologies", [id]);
      return updated;
    });
    return toTechnology(row);
  }

  async delete(id: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.technology.delete({ where: { id } });
      await enqueueSearchUpdates(tx, "technologies", [id]);
    });
  }
}
