import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { readManifest, type BackedUpFile, type BackupFileRole, type BackupManifest } from "./backup-manifest.js";
import { appliedMigrations, integrityProblems } from "./database-inspection.js";
import { fileDigest } from "./file-digests.js";

/** A backup folder that passed every check, with what a restore needs to know of it. */
export interface VerifiedBackup {
  directory: string;
  manifest: BackupManifest;
  /** Migrations this version ships that the backup's database lacks: the next start applies them. */
  pendingMigrations: string[];
}

export type BackupVerification = { backup: VerifiedBackup; problems: [] } | { backup: null; problems: string[] };

/** Size and checksum of one listed file, each mismatch named with the file. */
async function fileProblems(directory: string, role: BackupFileRole, file: BackedUpFile): Promise<string[]> {
  const at = path.join(directory, file.name);
  const stat = fs.statSync(at, { throwIfNoEntry: false });
  if (!stat?.isFile()) return [`${file.name} (${role}) is missing`];
  if (stat.size !== file.bytes) {
    return [
      `${file.name} (${role}) has ${stat.size} bytes where the manifest says ${file.bytes}: incomplete or changed`,
    ];
  }
  const { sha256 } = await fileDigest(at);
  return sha256 === file.sha256
    ? []
    : [`${file.name} (${role}): sha256 ${sha256} differs from the manifest's ${file.sha256}`];
}

/** integrity_check of the backup's database and its migrations against the manifest and this version. */
function databaseProblems(file: string, manifest: BackupManifest, committed: readonly string[]): string[] {
  const name = manifest.files.database.name;
  let db: Database.Database;
  try {
    // Read-only: checking a backup never changes it (it is a single file, journal_mode DELETE).
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return [`${name} cannot be opened as an SQLite database: ${(error as Error).message}`];
  }
  try {
    const integrity = integrityProblems(db);
    if (integrity.length > 0) return integrity.map((line) => `${name}: integrity_check: ${line}`);
    const applied = appliedMigrations(db);
    if (applied.join("\n") !== manifest.migrations.join("\n")) {
      return [`${name}: its applied migrations differ from the manifest's`];
    }
    const unknown = applied.filter((migration) => !committed.includes(migration));
    if (unknown.length > 0) {
      return [
        `made by a newer SciBridge: its database has migrations this version does not know (${unknown.join(", ")}); upgrade SciBridge first`,
      ];
    }
    return [];
  } catch (error) {
    // SQLite stops on some damage ("database disk image is malformed") instead of listing it.
    return [`${name}: integrity_check: ${(error as Error).message}`];
  } finally {
    db.close();
  }
}

/**
 * Checks a backup folder before anything is restored from it: the manifest, each file's size and
 * sha256, integrity_check of the database, and that its schema is one this version can migrate
 * (`committed`: the migrations this version ships). Every problem found is reported.
 */
export async function verifyBackup(directory: string, committed: readonly string[]): Promise<BackupVerification> {
  const { manifest, problems } = await readManifest(directory);
  if (!manifest) return { backup: null, problems };
  const found: string[] = [];
  const files = Object.entries(manifest.files) as [BackupFileRole, BackedUpFile][];
  for (const [role, file] of files) found.push(...(await fileProblems(directory, role, file)));
  // The database is opened only once its bytes are known to be the ones the backup wrote.
  if (found.length === 0)
    found.push(...databaseProblems(path.join(directory, manifest.files.database.name), manifest, committed));
  if (found.length > 0) return { backup: null, problems: found };
  return {
    backup: { directory, manifest, pendingMigrations: committed.filter((name) => !manifest.migrations.includes(name)) },
    problems: [],
  };
}
