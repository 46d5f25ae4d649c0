import type { Prisma } from "../../db/generated/client.js";
import type { Db, DbTx } from "../../db/prisma.js";
import { enqueueSearchUpdates } from "../../indexing/search-outbox.js";
import { encodeList } from "../../db/list-columns.js";
import { insertRows, quote, updateRows } from "../../db/json-rows.js";
import { insertPublications } from "../publication-rows.js";
import type { ExpertLine, ImportKind, NeedLine, TechnologyLine } from "./import-records.schemas.js";
import { languageCodesOf } from "../../shared/working-languages.js";

/**
 * Batched writes for the import. Each `write*` call is one transaction: a batch lands
 * whole or not at all, which is what lets a killed import be rerun safely. Queries per
 * batch are constant (lookup, bulk insert, bulk update, bulk child inserts), never one
 * per record, except for updates of needs and technologies, which are few.
 *
 * The expert path (tens of thousands of experts, more publications, must sustain
 * thousands of records per second) binds each batch as ONE JSON parameter unpacked by
 * SQLite's json_each. Measured on 500-expert batches: Prisma's createMany spends about
 * 330 µs per row in its query interpreter, a multi-row INSERT with 13 bound parameters
 * per row about 50 µs, the json_each INSERT about 28 µs; `findMany({ in: 500 ids })`
 * 12 ms against 2 ms. Everything else uses the typed client.
 *
 * Every batch also queues its created and updated records in SearchOutbox (house rule 5).
 *
 * Callers guarantee that externalIds are unique within one batch (the service starts a
 * new batch when an id repeats), so "later line wins" holds across the whole file.
 */

export type WriteOutcome = "created" | "updated" | "unchanged";

export interface PreparedExpert {
  record: ExpertLine;
  contentHash: string;
}

export interface PreparedTechnology {
  record: TechnologyLine;
  ownerId: number | null;
  contentHash: string;
}

export interface PreparedNeed {
  record: NeedLine;
  trackId: number | null;
  contentHash: string;
}

export interface TrackReference {
  id: number;
  code: string;
  name: string;
  nameEn: string;
}

export interface ImportBatchWritten {
  kind: ImportKind;
  createdIds: number[];
  updatedIds: number[];
}

/** Runs inside the batch transaction after its rows and their search-outbox rows are written. */
export type AfterImportBatch = (tx: DbTx, written: ImportBatchWritten) => Promise<void>;

// Large batches of new records take well under a second; the generous limit only
// guards against a stuck transaction holding SQLite's single write lock forever.
const transactionOptions = { maxWait: 30_000, timeout: 120_000 } as const;

interface ExistingRow {
  id: number;
  externalId: string | null;
  contentHash: string;
}

interface Classified<T> {
  outcomes: WriteOutcome[];
  toCreate: T[];
  toUpdate: Array<{ id: number; item: T }>;
}

function classify<T extends { record: { externalId: string }; contentHash: string }>(
  batch: T[],
  existing: ExistingRow[],
): Classified<T> {
  const existingById = new Map(existing.map((row) => [row.externalId, row]));
  const result: Classified<T> = { outcomes: [], toCreate: [], toUpdate: [] };
  for (const item of batch) {
    const row = existingById.get(item.record.externalId);
    if (!row) {
      result.outcomes.push("created");
      result.toCreate.push(item);
    } else if (row.contentHash === item.contentHash) {
      result.outcomes.push("unchanged");
    } else {
      result.outcomes.push("updated");
      result.toUpdate.push({ id: row.id, item });
    }
  }
  return result;
}

function assertUniqueExternalIds(batch: Array<{ record: { externalId: string } }>): void {
  const ids = new Set(batch.map((item) => item.record.externalId));
  if (ids.size !== batch.length) throw new Error("import batch contains an externalId twice");
}

/** Maps created rows back to their batch items by externalId (RETURNING order is not promised). */
function pairCreated<T extends { record: { externalId: string } }>(
  created: Array<{ id: number; externalId: string | null }>,
  items: T[],
): Array<{ id: number; item: T }> {
  const byExternalId = new Map(items.map((item) => [item.record.externalId, item]));
  return created.map((row) => ({ id: row.id, item: byExternalId.get(row.externalId ?? "") as T }));
}

/** Rows already imported under these externalIds (one bound parameter, like insertRows). */
async function findExisting(
  tx: DbTx,
  table: "Expert" | "Technology" | "Need",
  externalIds: string[],
): Promise<ExistingRow[]> {
  return tx.$queryRaw<ExistingRow[]>`SELECT "id", "externalId", "contentHash" FROM ${quote(table)}
    WHERE "externalId" IN (SELECT value FROM json_each(${JSON.stringify(externalIds)}))`;
}

function expertColumns({ record, contentHash }: PreparedExpert) {
  return {
    externalId: record.externalId,
    name: record.name,
    organization: record.organization,
    title: record.title,
    region: record.region,
    disciplines: encodeList(record.disciplines),
    keywords: encodeList(record.keywords),
    bio: record.bio,
    languages: encodeList(languageCodesOf(record.languages)),
    capacity: record.capacity,
    email: record.email,
    phone: record.phone,
    contentHash,
    // Every field of the line is written: societies and publications go to their own tables.
  } satisfies Record<Exclude<keyof ExpertLine, "societies" | "publications"> | "contentHash", unknown>;
}

type ExpertInsert = ReturnType<typeof expertColumns>;
const expertInsertColumns = [
  "externalId",
  "name",
  "organization",
  "title",
  "region",
  "disciplines",
  "keywords",
  "bio",
  "languages",
  "capacity",
  "email",
  "phone",
  "contentHash",
] as const satisfies ReadonlyArray<keyof ExpertInsert & keyof Prisma.ExpertUncheckedCreateInput>;
// …and every column expertColumns fills is inserted (the compiler refuses one left out).
true satisfies [keyof ExpertInsert] extends [(typeof expertInsertColumns)[number]] ? true : never;

type MembershipInsert = Prisma.ExpertSocietyUncheckedCreateInput;

function technologyColumns({ record, ownerId, contentHash }: PreparedTechnology) {
  return {
    externalId: record.externalId,
    ownerId,
    title: record.title,
    abstract: record.abstract,
    keywords: encodeList(record.keywords),
    discipline: record.discipline,
    maturity: record.maturity,
    transferModes: encodeList(record.transferModes),
    contentHash,
  };
}

function needColumns({ record, trackId, contentHash }: PreparedNeed) {
  return {
    externalId: record.externalId,
    title: record.title,
    description: record.description,
    difficulty: record.difficulty,
    target: record.target,
    discipline: record.discipline,
    industry: record.industry,
    keywords: encodeList(record.keywords),
    region: record.region,
    enterprise: record.enterprise,
    trackId,
    confidential: record.confidential,
    contentHash,
  };
}

export class ImportRepository {
  constructor(
    private readonly db: Db,
    private readonly afterBatch?: AfterImportBatch,
  ) {}

  async listTracks(): Promise<TrackReference[]> {
    return this.db.track.findMany({
      select: { id: true, code: true, name: true, nameEn: true },
      orderBy: { code: "asc" },
    });
  }

  /** Expert ids for the given externalIds; unknown ids are absent from the map. */
  async findExpertIds(externalIds: string[]): Promise<Map<string, number>> {
    if (externalIds.length === 0) return new Map();
    const rows = await this.db.expert.findMany({
      where: { externalId: { in: [...new Set(externalIds)] } },
      select: { id: true, externalId: true },
    });
    return new Map(rows.map((row) => [row.externalId as string, row.id]));
  }

  async writeExperts(batch: PreparedExpert[]): Promise<WriteOutcome[]> {
    assertUniqueExternalIds(batch);
    return this.db.$transaction(async (tx) => {
      const existing = await findExisting(
        tx,
        "Expert",
        batch.map((item) => item.record.externalId),
      );
      const { outcomes, toCreate, toUpdate } = classify(batch, existing);
      if (toCreate.length === 0 && toUpdate.length === 0) return outcomes;

      const now = new Date();
      const created = await insertRows<ExpertInsert, { id: number; externalId: string }>(
        tx,
        "Expert",
        expertInsertColumns,
        toCreate.map(expertColumns),
        { constants: { createdAt: now, updatedAt: now }, returning: ["id", "externalId"] },
      );
      await updateRows(
        tx,
        "Expert",
        expertInsertColumns,
        toUpdate.map(({ id, item }) => ({ id, row: expertColumns(item) })),
        { updatedAt: now },
      );
      const updatedIds = toUpdate.map(({ id }) => id);
      if (updatedIds.length > 0) {
        // Children are replaced wholesale: the line is the full truth for its record.
        await tx.publication.deleteMany({ where: { expertId: { in: updatedIds } } });
        await tx.expertSociety.deleteMany({ where: { expertId: { in: updatedIds } } });
      }

      const written = [...pairCreated(created, toCreate), ...toUpdate];
      await insertPublications(
        tx,
        written.map(({ id, item }) => ({ expertId: id, publications: item.record.publications })),
      );

      const societyNames = [...new Set(written.flatMap(({ item }) => item.record.societies))];
      if (societyNames.length > 0) {
        const societyIds = await this.upsertSocieties(tx, societyNames);
        const memberships = written.flatMap(({ id, item }) =>
          item.record.societies.map((name): MembershipInsert => ({
            expertId: id,
            societyId: societyIds.get(name) as number,
          })),
        );
        await insertRows(tx, "ExpertSociety", ["expertId", "societyId"], memberships);
      }

      const createdIds = created.map(({ id }) => id);
      await enqueueSearchUpdates(tx, "experts", [...createdIds, ...updatedIds]);
      if (updatedIds.length > 0) {
        // Technologies are indexed with their owner's name, organization and region.
        const owned = await tx.technology.findMany({ where: { ownerId: { in: updatedIds } }, select: { id: true } });
        await enqueueSearchUpdates(
          tx,
          "technologies",
          owned.map(({ id }) => id),
        );
      }
      await this.afterBatch?.(tx, { kind: "experts", createdIds, updatedIds });
      return outcomes;
    }, transactionOptions);
  }

  async writeTechnologies(batch: PreparedTechnology[]): Promise<WriteOutcome[]> {
    return this.writeBatch(batch, "technologies", "Technology", {
      create: (tx, items) =>
        tx.technology.createManyAndReturn({ data: items.map(technologyColumns), select: { id: true } }),
      update: (tx, id, item) => tx.technology.update({ where: { id }, data: technologyColumns(item) }),
    });
  }

  async writeNeeds(batch: PreparedNeed[]): Promise<WriteOutcome[]> {
    return this.writeBatch(batch, "needs", "Need", {
      create: (tx, items) =>
        tx.need.createManyAndReturn({
          // Imported needs are published unless the file says otherwise.
          data: items.map((item) => ({ ...needColumns(item), status: item.record.status ?? "open" })),
          select: { id: true },
        }),
      // Without a status in the file, keep the one the need has reached on the platform.
      update: (tx, id, item) =>
        tx.need.update({ where: { id }, data: { ...needColumns(item), status: item.record.status ?? undefined } }),
    });
  }

  /**
   * One batch of technologies or needs in one transaction: create the new records,
   * update the changed ones, skip the unchanged, and queue what was written for search.
   */
  private async writeBatch<T extends PreparedTechnology | PreparedNeed>(
    batch: T[],
    kind: "technologies" | "needs",
    table: "Technology" | "Need",
    write: {
      create: (tx: DbTx, items: T[]) => Promise<{ id: number }[]>;
      update: (tx: DbTx, id: number, item: T) => Promise<unknown>;
    },
  ): Promise<WriteOutcome[]> {
    assertUniqueExternalIds(batch);
    return this.db.$transaction(async (tx) => {
      const existing = await findExisting(
        tx,
        table,
        batch.map((item) => item.record.externalId),
      );
      const { outcomes, toCreate, toUpdate } = classify(batch, existing);
      if (toCreate.length === 0 && toUpdate.length === 0) return outcomes;

      const created = toCreate.length === 0 ? [] : await write.create(tx, toCreate);
      for (const { id, item } of toUpdate) await write.update(tx, id, item);

      const createdIds = created.map(({ id }) => id);
      const updatedIds = toUpdate.map(({ id }) => id);
      await enqueueSearchUpdates(tx, kind, [...createdIds, ...updatedIds]);
      await this.afterBatch?.(tx, { kind, createdIds, updatedIds });
      return outcomes;
    }, transactionOptions);
  }

  /** Society ids by name, creating the societies not seen before. */
  private async upsertSocieties(tx: DbTx, names: string[]): Promise<Map<string, number>> {
    const found = await tx.society.findMany({ where: { name: { in: names } }, select: { id: true, name: true } });
    const ids = new Map(found.map((society) => [society.name, society.id]));
    const missing = names.filter((name) => !ids.has(name));
    if (missing.length > 0) {
      const created = await tx.society.createManyAndReturn({
        data: missing.map((name) => ({ name })),
        select: { id: true, name: true },
      });
      for (const society of created) ids.set(society.name, society.id);
    }
    return ids;
  }
}
