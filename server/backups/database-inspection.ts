import type Database from "better-sqlite3";

/**
 * Questions a backup asks of an SQLite database through a plain better-sqlite3 connection (the
 * snapshot worker's, the restore's): Prisma's client is not there, and these must run inside the
 * snapshot's own read transaction.
 */

/** The tables whose row counts a manifest records: what an operator recognises their data by. */
export const countedTables = [
  "User",
  "Organization",
  "Expert",
  "Publication",
  "Need",
  "Technology",
  "Invitation",
  "Salon",
  "DockingEvent",
  "EventMeeting",
  "EventOutcome",
] as const;

/** Names of the migrations Prisma finished applying, oldest first. */
export function appliedMigrations(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT migration_name AS name FROM _prisma_migrations
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    )
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

export function rowCounts(db: Database.Database): Record<string, number> {
  return Object.fromEntries(
    countedTables.map((table) => [
      table,
      (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
    ]),
  );
}

/** What `PRAGMA integrity_check` found wrong (at most `limit` problems); empty when the database is sound. */
export function integrityProblems(db: Database.Database, limit = 10): string[] {
  const rows = db.pragma(`integrity_check(${limit})`) as { integrity_check: string }[];
  const lines = rows.flatMap((row) => row.integrity_check.split("\n"));
  if (lines.length === 1 && lines[0] === "ok") return [];
  // "*** in database main ***" heads the list of a database's problems: there is only one database here.
  return lines.filter((line) => line.trim() !== "" && !line.startsWith("*** in database"));
}
