import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.js";
import { fencedAdapterFactory } from "./transaction-fence.js";

export type Db = PrismaClient;
/** The client handed to callbacks of `db.$transaction(async (tx) => …)`. */
export type DbTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Writes prepared by one service that must commit in another's transaction (an email with its event). */
export type TransactionalWrite = (tx: DbTx) => Promise<void>;

/**
 * How long a statement waits for another connection's write lock (the server, the import
 * CLI, the matching worker, reindex all open their own) before failing with SQLITE_BUSY.
 * better-sqlite3's `timeout` sets SQLite's busy timeout on the connection. It only helps
 * because every transaction begins IMMEDIATE (see transaction-fence.ts).
 */
const busyTimeoutMs = 10_000;

/** Opens the SQLite database through the better-sqlite3 driver adapter. */
export async function createPrismaClient(databaseUrl: string): Promise<Db> {
  const adapter = fencedAdapterFactory(new PrismaBetterSQLite3({ url: databaseUrl, timeout: busyTimeoutMs }));
  const prisma = new PrismaClient({ adapter });
  // WAL lets page reads continue while an import writes; NORMAL sync is safe under WAL.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  return prisma;
}
