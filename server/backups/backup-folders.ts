import fs from "node:fs";
import path from "node:path";

/**
 * How backup folders are named: `scibridge-backup-20261207T201500Z`, the UTC second it was
 * taken, with `-2`, `-3`… when that second already has one. Sorting the names sorts by time, and
 * the server tells its backups' ages from the names alone (no manifest read on every /readyz).
 */
const namePattern = /^scibridge-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?$/;

/** `20261207T201500Z`: a UTC time that sorts as text and is safe in a file name. */
export function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

export function backupFolderName(takenAt: Date, sequence = 1): string {
  return `scibridge-backup-${utcStamp(takenAt)}${sequence > 1 ? `-${sequence}` : ""}`;
}

/** A folder whose name is a backup's name (its content is not looked at). */
export interface BackupFolder {
  name: string;
  path: string;
  takenAt: Date;
  /** 1, or 2, 3… for later backups of the same second. */
  sequence: number;
}

function parseBackupFolderName(name: string): Pick<BackupFolder, "takenAt" | "sequence"> | null {
  const match = namePattern.exec(name);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const takenAt = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // 20261399T… matches the pattern but is no time: not one of ours.
  if (Number.isNaN(takenAt.getTime()) || !name.includes(utcStamp(takenAt))) return null;
  return { takenAt, sequence: Number(match[7] ?? 1) };
}

/** The backup folders in `directory`, newest first (none when it does not exist). */
export async function listBackupFolders(directory: string): Promise<BackupFolder[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const folders: BackupFolder[] = [];
  for (const entry of entries) {
    const parsed = entry.isDirectory() ? parseBackupFolderName(entry.name) : null;
    if (parsed) folders.push({ name: entry.name, path: path.join(directory, entry.name), ...parsed });
  }
  return folders.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.sequence - a.sequence);
}

/**
 * Gives a finished backup (`folder`, written under a temporary name in `directory`) its name: the
 * first of `scibridge-backup-<time>`, `…-2`, … that is free. Renaming is the reservation, so two
 * backups finishing in one second (the server's and an operator's) never take the same name: a
 * name taken meanwhile makes the rename fail (a backup folder is never empty) and the next is tried.
 */
export async function nameBackupFolder(folder: string, directory: string, takenAt: Date): Promise<string> {
  for (let sequence = 1; ; sequence += 1) {
    const named = path.join(directory, backupFolderName(takenAt, sequence));
    if (fs.existsSync(named)) continue;
    try {
      await fs.promises.rename(folder, named);
      return named;
    } catch (error) {
      if (!["ENOTEMPTY", "EEXIST"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    }
  }
}
