import type { Db } from "../db/prisma.js";
import type { Prisma } from "../db/generated/client.js";
import {
  publicationTypes,
  type Expert,
  type ExpertContact,
  type Page,
  type PageRequest,
  type Publication,
  type PublicationType,
} from "./knowledge.types.js";
import { decodeList, encodeList, listElementPattern } from "../db/list-columns.js";
import { pageInRankOrder, pageWindow } from "../db/paging.js";
import { enqueueSearchUpdates } from "../indexing/search-outbox.js";
import { languageCodesOf, languageSpellingsOf } from "../shared/working-languages.js";
import { insertPublications } from "./publication-rows.js";

const expertInclude = {
  societies: {
    include: { society: { select: { id: true, name: true, nameEn: true } } },
    orderBy: { societyId: "asc" },
  },
  publications: { orderBy: { position: "asc" } },
} satisfies Prisma.ExpertInclude;
type ExpertRow = Prisma.ExpertGetPayload<{ include: typeof expertInclude }>;

function toPublicationType(value: string): PublicationType {
  return (publicationTypes as readonly string[]).includes(value) ? (value as PublicationType) : "output";
}

function toExpert(row: ExpertRow): Expert {
  return {
    id: row.id,
    externalId: row.externalId,
    userId: row.userId,
    name: row.name,
    organization: row.organization,
    title: row.title,
    region: row.region,
    disciplines: decodeList(row.disciplines),
    keywords: decodeList(row.keywords),
    bio: row.bio,
    languages: decodeList(row.languages),
    capacity: row.capacity,
    societies: row.societies.map((m) => m.society),
    publications: row.publications.map((p) => ({
      type: toPublicationType(p.type),
      title: p.title,
      abstract: p.abstract,
      year: p.year,
      keywords: decodeList(p.keywords),
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface ExpertFields {
  name: string;
  organization: string;
  title: string;
  region: string;
  disciplines: string[];
  keywords: string[];
  bio: string;
  languages: string[];
  capacity: number;
  societyIds: number[];
  publications: Publication[];
  /** Private contact details (written here, read only through contactOf). */
  email?: string | null;
  phone?: string | null;
}

export interface ExpertFilter {
  /**
   * The records a keyword search found, best first (SearchService.matchingIds): the list keeps
   * only these and answers them in this order, whatever the sort.
   */
  rankedIds?: readonly number[];
  region?: string[];
  discipline?: string[];
  keyword?: string;
  societyId?: number;
  language?: string;
}

export type ExpertSort = "name" | "createdAt" | "updatedAt";

function columnsOf(fields: Partial<ExpertFields>): Prisma.ExpertUncheckedUpdateInput {
  const { societyIds: _societies, publications: _publications, disciplines, keywords, languages, ...plain } = fields;
  return {
    ...plain,
    ...(disciplines && { disciplines: encodeList(disciplines) }),
    ...(keywords && { keywords: encodeList(keywords) }),
    ...(languages && { languages: encodeList(languageCodesOf(languages)) }),
  };
}

/** Expert profiles with their publications and society memberships. */
export class ExpertsRepository {
  constructor(private readonly db: Db) {}

  async findById(id: number): Promise<Expert | null> {
    const row = await this.db.expert.findUnique({ where: { id }, include: expertInclude });
    return row ? toExpert(row) : null;
  }

  /** The experts with these ids, in the order given; missing ids are skipped. */
  async findByIds(ids: readonly number[]): Promise<Expert[]> {
    const rows = await this.db.expert.findMany({ where: { id: { in: [...ids] } }, include: expertInclude });
    const byId = new Map(rows.map((row) => [row.id, toExpert(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async list(filter: ExpertFilter, sort: ExpertSort, request: PageRequest): Promise<Page<Expert>> {
    const and: Prisma.ExpertWhereInput[] = [];
    if (filter.region?.length) and.push({ region: { in: filter.region } });
    if (filter.discipline?.length) {
      and.push({ OR: filter.discipline.map((d) => ({ disciplines: { contains: listElementPattern(d) } })) });
    }
    if (filter.keyword) and.push({ keywords: { contains: filter.keyword } });
    if (filter.language) {
      const spellings = languageSpellingsOf(filter.language);
      and.push({ OR: spellings.map((spelling) => ({ languages: { contains: listElementPattern(spelling) } })) });
    }
    if (filter.societyId !== undefined) and.push({ societies: { some: { societyId: filter.societyId } } });
    const where: Prisma.ExpertWhereInput = { AND: and };
    if (filter.rankedIds) {
      const passing = (ids: number[]) =>
        this.db.expert.findMany({ where: { AND: [...and, { id: { in: ids } }] }, select: { id: true } });
      return pageInRankOrder(filter.rankedIds, request, passing, (ids) => this.findByIds(ids));
    }
    const [rows, total] = await Promise.all([
      this.db.expert.findMany({
        where,
        include: expertInclude,
        orderBy: [{ [sort]: request.order }, { id: request.order }],
        ...pageWindow(request),
      }),
      this.db.expert.count({ where }),
    ]);
    return { items: rows.map(toExpert), page: request.page, pageSize: request.pageSize, total };
  }

  async contactOf(id: number): Promise<ExpertContact | null> {
    const row = await this.db.expert.findUnique({
      where: { id },
      select: { email: true, phone: true, user: { select: { email: true } } },
    });
    return row && { email: row.email, phone: row.phone, accountEmail: row.user?.email ?? null };
  }

  async existingSocietyIds(ids: number[]): Promise<number[]> {
    const rows = await this.db.society.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  async create(fields: ExpertFields): Promise<Expert> {
    const id = await this.db.$transaction(async (tx) => {
      const expert = await tx.expert.create({ data: columnsOf(fields) as Prisma.ExpertUncheckedCreateInput });
      await insertPublications(tx, [{ expertId: expert.id, publications: fields.publications }]);
      await tx.expertSociety.createMany({
        data: fields.societyIds.map((societyId) => ({ expertId: expert.id, societyId })),
      });
      await enqueueSearchUpdates(tx, "experts", [expert.id]);
      return expert.id;
    });
    return (await this.findById(id))!;
  }

  /** Updates the given fields; publications and societies, when given, replace the old ones. */
  async update(id: number, fields: Partial<ExpertFields>): Promise<Expert> {
    await this.db.$transaction(async (tx) => {
      await tx.expert.update({ where: { id }, data: columnsOf(fields) });
      if (fields.publications) {
        await tx.publication.deleteMany({ where: { expertId: id } });
        await insertPublications(tx, [{ expertId: id, publications: fields.publications }]);
      }
      if (fields.societyIds) {
        await tx.expertSociety.deleteMany({ where: { expertId: id } });
        await tx.expertSociety.createMany({
          data: fields.societyIds.map((societyId) => ({ expertId: id, societyId })),
        });
      }
      await enqueueSearchUpdates(tx, "experts", [id]);
      if (fields.name !== undefined) {
        // Technologies are indexed with their owner's name.
        const owned = await tx.technology.findMany({ where: { ownerId: id }, select: { id: true } });
        await enqueueSearchUpdates(
          tx,
          "technologies",
          owned.map((t) => t.id),
        );
      }
    });
    return (await this.findById(id))!;
  }

  /** Docking-event meetings the expert is in, whatever their status (held, no-show, scheduled…). */
  async countEventMeetings(id: number): Promise<number> {
    return this.db.eventMeeting.count({ where: { expertId: id } });
  }

  /** Deleting an expert also unlinks their technologies, whose index entries name the owner. */
  async delete(id: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const owned = await tx.technology.findMany({ where: { ownerId: id }, select: { id: true } });
      await tx.expert.delete({ where: { id } });
      await enqueueSearchUpdates(tx, "experts", [id]);
      await enqueueSearchUpdates(
        tx,
        "technologies",
        owned.map((t) => t.id),
      );
    });
  }
}
