import fs from "node:fs";
import path from "node:path";
import { searchDatabaseFile } from "../db/database-files.js";
import { takeDatabaseExclusively } from "../db/database-in-use-lock.js";
import { utcStamp } from "./backup-folders.js";
import type { BackedUpFile, BackupFileRole, BackupManifest } from "./backup-manifest.js";
import { verifyBackup } from "./backup-verification.js";
import { copyWithDigest } from "./file-digests.js";
import { backedUpFilesOf } from "./take-backup.js";

/** A backup that must not be restored, with every reason found; nothing was changed. */
export class BackupRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

export interface RestoredBackup {
  manifest: BackupManifest;
  /** Where the files that were in place went; null when there were none (a new machine). */
  replacedDirectory: string | null;
  /** Names of the files moved there. */
  movedAside: string[];
  /** The files put in place, by role. */
  placed: Partial<Record<BackupFileRole, string>>;
  /** Migrations the backup predates: `npm start` applies them. */
  pendingMigrations: string[];
}

/** SQLite's companions of a database file: a database moves with them or not at all. */
const withCompanions = (file: string) => ["", "-wal", "-shm", "-journal"].map((suffix) => file + suffix);

/**
 * What a restore moves out of the way: the database, the search index (derived: the next start
 * rebuilds it from the restored records), the matching model (trained on the replaced records) and
 * the session secret when the backup brings one. Without one (SESSION_SECRET was set) the secret
 * in place stays.
 */
function filesToMoveAside(databaseFile: string, manifest: BackupManifest): string[] {
  const targets = backedUpFilesOf(databaseFile);
  return [
    ...withCompanions(databaseFile),
    ...withCompanions(searchDatabaseFile(databaseFile)),
    targets.matchingModel,
    ...(manifest.files.sessionSecret ? [targets.sessionSecret] : []),
  ].filter((file) => fs.existsSync(file));
}

/** A folder beside the database that does not exist yet: `replaced-20261208T101500Z`, `…-2`. */
function newFolderBeside(databaseFile: string, prefix: string, now: Date): string {
  const base = path.join(path.dirname(databaseFile), `${prefix}${utcStamp(now)}`);
  let folder = base;
  for (let sequence = 2; fs.existsSync(folder); sequence += 1) folder = `${base}-${sequence}`;
  return folder;
}

/** Copies the backup's files beside the database (same file system: placing them is a rename), checked against the manifest. */
async function stageFiles(
  backupDirectory: string,
  manifest: BackupManifest,
  staging: string,
): Promise<Partial<Record<BackupFileRole, string>>> {
  const staged: Partial<Record<BackupFileRole, string>> = {};
  for (const [role, file] of Object.entries(manifest.files) as [BackupFileRole, BackedUpFile][]) {
    const copy = path.join(staging, file.name);
    const digest = await copyWithDigest(path.join(backupDirectory, file.name), copy);
    if (digest.sha256 !== file.sha256) {
      throw new BackupRefusedError([`${file.name} changed while it was copied (sha256 ${digest.sha256})`]);
    }
    staged[role] = copy;
  }
  return staged;
}

/**
 * Replaces the data of the database at `databaseFile` with a backup. In order: the backup is
 * checked (manifest, checksums, integrity_check, schema: BackupRefusedError), the database must be
 * free (DatabaseInUseError while a server or command uses it), its files are copied beside the
 * database and checked again; then, holding the database exclusively, the current files are moved
 * into a dated `replaced-…` folder (nothing is deleted) and the backup's are renamed into place.
 * A failure while swapping puts the moved files back.
 */
export async function restoreBackup(options: {
  backupDirectory: string;
  databaseFile: string;
  committedMigrations: readonly string[];
  now: Date;
}): Promise<RestoredBackup> {
  const verification = await verifyBackup(options.backupDirectory, options.committedMigrations);
  if (!verification.backup) throw new BackupRefusedError(verification.problems);
  const { manifest, pendingMigrations } = verification.backup;
  // Refuse before copying a large file, not after; the swap below takes the lock for good.
  takeDatabaseExclusively(options.databaseFile).release();
  const staging = newFolderBeside(options.databaseFile, ".restoring-", options.now);
  await fs.promises.mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const staged = await stageFiles(options.backupDirectory, manifest, staging);
    const lock = takeDatabaseExclusively(options.databaseFile);
    try {
      return { manifest, pendingMigrations, ...swapFiles(options.databaseFile, manifest, staged, options.now) };
    } finally {
      lock.release();
    }
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

/** Moves the current files aside and the staged ones into place, or, failing, back as they were. */
function swapFiles(
  databaseFile: string,
  manifest: BackupManifest,
  staged: Partial<Record<BackupFileRole, string>>,
  now: Date,
): Pick<RestoredBackup, "replacedDirectory" | "movedAside" | "placed"> {
  const current = filesToMoveAside(databaseFile, manifest);
  const replacedDirectory = current.length > 0 ? newFolderBeside(databaseFile, "replaced-", now) : null;
  const moved: { from: string; to: string }[] = [];
  const placed: Partial<Record<BackupFileRole, string>> = {};
  try {
    if (replacedDirectory) fs.mkdirSync(replacedDirectory, { mode: 0o700 });
    for (const file of current) {
      const to = path.join(replacedDirectory!, path.basename(file));
      fs.renameSync(file, to);
      moved.push({ from: file, to });
    }
    const targets = backedUpFilesOf(databaseFile);
    for (const [role, file] of Object.entries(staged) as [BackupFileRole, string][]) {
      fs.renameSync(file, targets[role]);
      placed[role] = targets[role];
    }
  } catch (error) {
    for (const file of Object.values(placed)) fs.rmSync(file, { force: true });
    for (const { from, to } of moved.reverse()) fs.renameSync(to, from);
    // rmdir, not rm: should a file have failed to move back, it stays there rather than being lost.
    if (replacedDirectory && fs.existsSync(replacedDirectory)) fs.rmdirSync(replacedDirectory);
    throw error;
  }
  return { replacedDirectory, movedAside: moved.map(({ to }) => path.basename(to)), placed };
}
