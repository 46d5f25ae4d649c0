import path from "node:path";

/**
 * The files SciBridge keeps beside its SQLite database, named from the database's own file so
 * that two databases in one folder (tests, a restored copy) never share them:
 * `app.db` → `app.search.db`, `app.matching-model.bin`, `app.uploads/`, `app.in-use.lock`.
 */
const besideDatabase = (databaseFile: string, suffix: string) => databaseFile.replace(/(\.db|\.sqlite3?)?$/, suffix);

/** The embedded search engine's own SQLite file: derived from the records, rebuilt when missing. */
export function searchDatabaseFile(databaseFile: string): string {
  return besideDatabase(databaseFile, ".search.db");
}

/** The trained matching model (matches/trained-state-file.ts reads and writes it). */
export function matchingModelFile(databaseFile: string): string {
  return besideDatabase(databaseFile, ".matching-model.bin");
}

/** Uploads waiting for their import job. */
export function importUploadDirectory(databaseFile: string): string {
  return besideDatabase(databaseFile, ".uploads");
}

/** Held (shared) by every process that opens the database, taken exclusively by a restore (database-in-use-lock.ts). */
export function inUseLockFile(databaseFile: string): string {
  return besideDatabase(databaseFile, ".in-use.lock");
}

/**
 * The session secret generated when SESSION_SECRET is unset: one per folder, as installs
 * before backups had it, so an existing install keeps its sessions.
 */
export function sessionSecretFile(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), "session-secret");
}
