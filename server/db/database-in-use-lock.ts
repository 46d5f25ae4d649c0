import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { inUseLockFile } from "./database-files.js";

/**
 * Who is using a database, told by a lock the operating system keeps: every process that opens
 * the database (the server, each of several nodes, the CLIs) holds a SHARED lock on a small
 * SQLite file beside it (`app.in-use.lock`), and a restore must take it EXCLUSIVE before it
 * swaps files. SQLite's file locks are released by the kernel when a process ends, however it
 * ends (kill -9, a crash, a power cut), so a stale lock cannot refuse a restore the way a
 * leftover PID file can, and several nodes on one database share the lock (docs/decisions.md §52).
 * The file never holds data and is never deleted: deleting it while a process holds its lock
 * would let a restore lock a new file beside a running server.
 */
export class DatabaseInUseError extends Error {}

export interface HeldLock {
  release(): void;
}

/** How long a process that starts waits for a restore that is swapping files (it takes seconds). */
const waitForRestoreMs = 15_000;

function openLockFile(databaseFile: string, timeout: number): Database.Database {
  const file = inUseLockFile(databaseFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new Database(file, { timeout });
}

/** Ends the transaction that holds the lock (and with it the lock); a second release does nothing. */
function heldUntilReleased(lock: Database.Database): HeldLock {
  return {
    release() {
      if (!lock.open) return;
      lock.exec("COMMIT");
      lock.close();
    },
  };
}

const isBusy = (error: unknown) => (error as { code?: string }).code?.startsWith("SQLITE_BUSY") === true;

/**
 * Marks the database as in use until release(): a read transaction, kept open, holds SQLite's
 * SHARED lock on the lock file. Other users may hold it too; a restore cannot while it is held.
 */
export function holdDatabaseInUse(databaseFile: string, options: { waitMs?: number } = {}): HeldLock {
  const lock = openLockFile(databaseFile, options.waitMs ?? waitForRestoreMs);
  try {
    lock.exec("BEGIN");
    lock.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    lock.close();
    if (!isBusy(error)) throw error;
    throw new DatabaseInUseError(
      `${databaseFile} is being restored from a backup (${inUseLockFile(databaseFile)} is locked); start again once the restore has finished`,
    );
  }
  return heldUntilReleased(lock);
}

/**
 * Takes the database for a restore: refused at once (DatabaseInUseError) while any process
 * holds it in use. While the restore holds it, a process that starts waits, then refuses.
 */
export function takeDatabaseExclusively(databaseFile: string): HeldLock {
  const lock = openLockFile(databaseFile, 0);
  try {
    lock.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    lock.close();
    if (!isBusy(error)) throw error;
    throw new DatabaseInUseError(
      `a SciBridge server or command is using ${databaseFile} (it holds ${inUseLockFile(databaseFile)}); stop it first`,
    );
  }
  return heldUntilReleased(lock);
}
