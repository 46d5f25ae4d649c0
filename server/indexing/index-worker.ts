import { SearchRequestError, type SearchIndex } from "../../matching/index.js";
import type { Db } from "../db/prisma.js";
import type { Logger } from "../logger.js";
import { PollingLoop } from "../shared/polling-loop.js";
import { buildSearchDocuments, searchSchemas } from "./search-documents.js";
import { searchIndexNames, type SearchIndexName } from "./search-outbox.js";

export interface IndexWorkerOptions {
  batchSize?: number;
  /** Pause between polls when the outbox is empty. */
  idleMs?: number;
  /** First retry delay after a failure; doubles per consecutive failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export interface IndexWorkerStatus {
  pending: number;
  oldestPendingAgeMs: number;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: string | null;
}

/**
 * Applies outbox rows to the search index in id order. A failing engine leaves the rows
 * in place (with the error recorded) and is retried with exponential backoff, so an
 * outage never loses a change; the index catches up once the engine answers again.
 */
export class IndexWorker {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly loop = new PollingLoop(() => this.tick());
  private consecutiveFailures = 0;
  private lastError: string | null = null;
  private lastSuccessAt: number | null = null;
  private schemasApplied = false;
  private backlog = false;

  constructor(
    private readonly db: Db,
    private readonly index: SearchIndex,
    private readonly logger: Logger,
    options: IndexWorkerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 200;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Creates or updates every index's settings (retried before the next batch if the engine is down). */
  async applySchemas(): Promise<void> {
    for (const name of searchIndexNames) await this.index.applySchema(name, searchSchemas[name]);
    this.schemasApplied = true;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Processes one batch; returns how many outbox rows it handled. Throws when the engine fails. */
  async drainOnce(): Promise<number> {
    if (!this.schemasApplied) await this.applySchemas();
    const rows = await this.db.searchOutbox.findMany({ orderBy: { id: "asc" }, take: this.batchSize });
    if (rows.length === 0) return 0;
    try {
      await this.apply(rows);
    } catch (error) {
      if (!(error instanceof SearchRequestError)) {
        await this.recordFailure(rows, error);
        throw error;
      }
      // The engine refused a document: retrying cannot help. Apply the rest one by one and drop the refused ones.
      for (const row of rows) {
        try {
          await this.apply([row]);
        } catch (single) {
          if (!(single instanceof SearchRequestError)) {
            await this.recordFailure(rows, single);
            throw single;
          }
          this.logger.error(
            { err: single, index: row.index, documentId: row.documentId },
            "search engine refused a document; skipped",
          );
        }
      }
    }
    // Only the rows read are deleted: a change committed meanwhile has a newer row and is applied next time.
    await this.db.searchOutbox.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    return rows.length;
  }

  private async apply(rows: readonly { index: string; documentId: number }[]): Promise<void> {
    for (const name of searchIndexNames) {
      const ids = rows.filter((row) => row.index === name).map((row) => row.documentId);
      if (ids.length === 0) continue;
      const { documents, removals } = await buildSearchDocuments(this.db, name, ids);
      if (documents.length > 0) await this.index.upsert(name, documents);
      if (removals.length > 0) await this.index.remove(name, removals);
    }
  }

  private async recordFailure(rows: readonly { id: number }[], error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.db.searchOutbox.updateMany({
      where: { id: { in: rows.map((row) => row.id) } },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 1000) },
    });
  }

  /** Applies everything pending (tests, reindex, batch matching). */
  async drain(onProgress?: (applied: number) => void): Promise<number> {
    let total = 0;
    for (let applied = await this.drainOnce(); applied > 0; applied = await this.drainOnce()) {
      total += applied;
      onProgress?.(total);
    }
    return total;
  }

  /** True while the last batch was full: a bulk change (an import, a rebuild) is being worked through. */
  get catchingUp(): boolean {
    return this.backlog;
  }

  async status(): Promise<IndexWorkerStatus> {
    const [pending, oldest] = await Promise.all([
      this.db.searchOutbox.count(),
      this.db.searchOutbox.findFirst({ orderBy: { id: "asc" }, select: { createdAt: true } }),
    ]);
    return {
      pending,
      oldestPendingAgeMs: oldest ? Math.max(0, this.now() - oldest.createdAt.getTime()) : 0,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      lastSuccessAt: this.lastSuccessAt === null ? null : new Date(this.lastSuccessAt).toISOString(),
    };
  }

  /** One round of the loop; returns the delay before the next. */
  private async tick(): Promise<number> {
    try {
      const applied = await this.drainOnce();
      if (this.consecutiveFailures > 0) this.logger.info("search index reachable again; catching up");
      this.consecutiveFailures = 0;
      this.lastError = null;
      if (applied > 0) this.lastSuccessAt = this.now();
      this.backlog = applied === this.batchSize;
      return applied > 0 ? 0 : this.idleMs;
    } catch (error) {
      this.consecutiveFailures += 1;
      this.lastError = error instanceof Error ? error.message : String(error);
      const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (this.consecutiveFailures - 1));
      this.logger.warn({ err: error, retryInMs: delay }, "search index update failed; will retry");
      return delay;
    }
  }
}

const sourceTables: Record<SearchIndexName, string> = { experts: "Expert", technologies: "Technology", needs: "Need" };

/** Queues every record of one index; `exceptQueued` leaves out records that already have an outbox row. */
function enqueueIndex(db: Db, name: SearchIndexName, { exceptQueued }: { exceptQueued: boolean }) {
  return db.$executeRawUnsafe(
    `INSERT INTO "SearchOutbox" ("index", "documentId") SELECT '${name}', "id" FROM "${sourceTables[name]}"` +
      (exceptQueued ? ` WHERE "id" NOT IN (SELECT "documentId" FROM "SearchOutbox" WHERE "index" = '${name}')` : ""),
  );
}

/** Queues every record of the given indexes for indexing: a full rebuild, drained by the worker or by reindex. */
export async function enqueueEverything(
  db: Db,
  indexes: readonly SearchIndexName[] = searchIndexNames,
): Promise<number> {
  const counts = await db.$transaction(indexes.map((name) => enqueueIndex(db, name, { exceptQueued: false })));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Queues a rebuild of every index that is empty while the database has records for it
 * (a new search engine, a deleted search file, a schema change that reset the tables, a
 * restored backup). Records already queued (a fresh import, or changes a backup caught before
 * the worker applied them) reach the index through their rows; every other record is queued
 * now, so an index is never left holding only the few records that happened to be pending.
 */
export async function enqueueRebuildOfEmptyIndexes(db: Db, index: SearchIndex): Promise<SearchIndexName[]> {
  const empty: SearchIndexName[] = [];
  for (const name of searchIndexNames) {
    const indexed = await index.search(name, { query: "", page: 1, pageSize: 1 });
    if (indexed.total > 0) continue;
    if ((await enqueueIndex(db, name, { exceptQueued: true })) > 0) empty.push(name);
  }
  return empty;
}
