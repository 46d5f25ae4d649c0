import fs from "node:fs";
import path from "node:path";
import { matchingModelFile, sessionSecretFile } from "../db/database-files.js";
import { backupFolderName, nameBackupFolder } from "./backup-folders.js";
import {
  backupFormat,
  writeManifest,
  type BackedUpFile,
  type BackupFileRole,
  type BackupManifest,
} from "./backup-manifest.js";
import { snapshotDatabase } from "./database-snapshot.js";
import { copyWithDigest } from "./file-digests.js";

/** The names files have inside a backup folder, whatever the database is called where it was taken. */
export const backupFileNames = {
  database: "scibridge.db",
  sessionSecret: "session-secret",
  matchingModel: "scibridge.matching-model.bin",
} as const;

/** Where each file a backup holds lives for the database at `databaseFile` (taken from there, restored there). */
export function backedUpFilesOf(databaseFile: string): Record<BackupFileRole, string> {
  return {
    database: databaseFile,
    sessionSecret: sessionSecretFile(databaseFile),
    matchingModel: matchingModelFile(databaseFile),
  };
}

export interface TakenBackup {
  /** Absolute path of the new backup folder. */
  folder: string;
  manifest: BackupManifest;
  elapsedMs: number;
  /** Of which copying the database's pages, and checking the copy. */
  copyMs: number;
  checkMs: number;
}

/** Copies a file beside the database that may not exist (no secret when SESSION_SECRET is set, no model before the first training). */
async function copyIfPresent(from: string, folder: string, name: string): Promise<BackedUpFile | undefined> {
  // Both are replaced by renaming a new file over them, never removed: once there, they stay.
  if (!fs.existsSync(from)) return undefined;
  return { name, ...(await copyWithDigest(from, path.join(folder, name))) };
}

/**
 * Writes one backup folder into `directory`: a consistent snapshot of the database (checked with
 * integrity_check), the session secret and the trained matching model when there are, and
 * manifest.json. It is written under a hidden `.….partial-…` name and renamed when complete, so a
 * folder with a backup's name is always a whole backup; on failure nothing is left.
 */
export async function takeBackup(options: {
  databaseFile: string;
  directory: string;
  trigger: BackupManifest["trigger"];
  now: Date;
  signal?: AbortSignal;
}): Promise<TakenBackup> {
  const started = performance.now();
  if (!fs.existsSync(options.databaseFile)) throw new Error(`there is no database at ${options.databaseFile}`);
  // The backup holds the session secret and password hashes: only its owner may read it.
  await fs.promises.mkdir(options.directory, { recursive: true, mode: 0o700 });
  // Hidden and unique until complete (mkdtemp: owner-only, a random suffix).
  const partial = await fs.promises.mkdtemp(path.join(options.directory, `.${backupFolderName(options.now)}.partial-`));
  try {
    const databaseCopy = path.join(partial, backupFileNames.database);
    const snapshot = await snapshotDatabase(options.databaseFile, databaseCopy, { signal: options.signal });
    await fs.promises.chmod(databaseCopy, 0o600);
    const sources = backedUpFilesOf(options.databaseFile);
    const sessionSecret = await copyIfPresent(sources.sessionSecret, partial, backupFileNames.sessionSecret);
    const matchingModel = await copyIfPresent(sources.matchingModel, partial, backupFileNames.matchingModel);
    const manifest: BackupManifest = {
      format: backupFormat,
      createdAt: options.now.toISOString(),
      trigger: options.trigger,
      migrations: snapshot.migrations,
      rowCounts: snapshot.rowCounts,
      files: {
        database: { name: backupFileNames.database, bytes: snapshot.bytes, sha256: snapshot.sha256 },
        ...(sessionSecret && { sessionSecret }),
        ...(matchingModel && { matchingModel }),
      },
    };
    await writeManifest(partial, manifest);
    const folder = await nameBackupFolder(partial, options.directory, options.now);
    return {
      folder,
      manifest,
      elapsedMs: performance.now() - started,
      copyMs: snapshot.copyMs,
      checkMs: snapshot.checkMs,
    };
  } catch (error) {
    await fs.promises.rm(partial, { recursive: true, force: true });
    throw error;
  }
}
