import type { Prisma } from "../db/generated/client.js";
import type { Db, DbTx } from "../db/prisma.js";
import { enqueueSearchUpdates } from "../indexing/search-outbox.js";
import type { Page, PageRequest, Society, Track } from "./knowledge.types.js";
import { pageWindow } from "../db/paging.js";

export interface SocietyFields {
  name: string;
  nameEn: string;
  discipline: string;
  description: string;
  descriptionEn: string;
}

export interface TrackFields {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
}

const societySelect = {
  id: true,
  name: true,
  nameEn: true,
  discipline: true,
  description: true,
  descriptionEn: true,
  _count: { select: { members: true } },
} as const;

function toSociety({ _count, ...row }: Prisma.SocietyGetPayload<{ select: typeof societySelect }>): Society {
  return { ...row, memberCount: _count.members };
}

const trackSelect = { id: true, code: true, name: true, nameEn: true, description: true, descriptionEn: true } as const;

/** Learned societies (学会) and programme tracks: the association's reference data. */
export class ReferenceDataRepository {
  constructor(private readonly db: Db) {}

  async findSociety(id: number): Promise<Society | null> {
    const row = await this.db.society.findUnique({ where: { id }, select: societySelect });
    return row && toSociety(row);
  }

  async findSocietyByName(name: string): Promise<{ id: number } | null> {
    return this.db.society.findUnique({ where: { name }, select: { id: true } });
  }

  async listSocieties(q: string | undefined, request: PageRequest): Promise<Page<Society>> {
    const where = q
      ? { OR: [{ name: { contains: q } }, { nameEn: { contains: q } }, { discipline: { contains: q } }] }
      : {};
    const [rows, total] = await Promise.all([
      this.db.society.findMany({
        where,
        select: societySelect,
        orderBy: [{ name: request.order }],
        ...pageWindow(request),
      }),
      this.db.society.count({ where }),
    ]);
    return { items: rows.map(toSociety), page: request.page, pageSize: request.pageSize, total };
  }

  async createSociety(fields: SocietyFields): Promise<Society> {
    const row = await this.db.society.create({ data: fields });
    return { ...fields, id: row.id, memberCount: 0 };
  }

  /** Experts are indexed with their societies' names, so members are re-indexed when one changes. */
  async updateSociety(id: number, fields: Partial<SocietyFields>): Promise<Society> {
    await this.db.$transaction(async (tx) => {
      await tx.society.update({ where: { id }, data: fields });
      if (fields.name !== undefined || fields.nameEn !== undefined) await this.enqueueMembers(tx, id);
    });
    return (await this.findSociety(id))!;
  }

  async deleteSociety(id: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await this.enqueueMembers(tx, id);
      await tx.society.delete({ where: { id } });
    });
  }

  private async enqueueMembers(tx: DbTx, societyId: number): Promise<void> {
    const members = await tx.expertSociety.findMany({ where: { societyId }, select: { expertId: true } });
    await enqueueSearchUpdates(
      tx,
      "experts",
      members.map((m) => m.expertId),
    );
  }

  async findTrack(id: number): Promise<Track | null> {
    return this.db.track.findUnique({ where: { id }, select: trackSelect });
  }

  async findTrackByCode(code: string): Promise<Track | null> {
    return this.db.track.findUnique({
      where: { code },
      select: trackSelect,
    });
  }

  async listTracks(): Promise<Track[]> {
    return this.db.track.findMany({
      select: trackSelect,
      orderBy: { id: "asc" },
    });
  }

  async createTrack(fields: TrackFields): Promise<Track> {
    return this.db.track.create({ data: fields, select: trackSelect });
  }

  /** Inserts the tracks that are missing; existing ones keep any edits organizers made. */
  async ensureTracks(tracks: readonly TrackFields[]): Promise<void> {
    for (const track of tracks) {
      await this.db.track.upsert({ where: { code: track.code }, create: track, update: {} });
    }
  }

  async updateTrack(id: number, fields: Partial<TrackFields>): Promise<Track> {
    return this.db.track.update({
      where: { id },
      data: fields,
      select: trackSelect,
    });
  }

  async deleteTrack(id: number): Promise<void> {
    await this.db.track.delete({ where: { id } });
  }

  async countNeedsOnTrack(id: number): Promise<number> {
    return this.db.need.count({ where: { trackId: id } });
  }
}
