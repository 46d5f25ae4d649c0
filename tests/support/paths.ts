import fs from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const testTmpDir = path.join(repoRoot, "tmp", "tests");

/** Deletes an SQLite database file with its WAL and shared-memory files. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}
