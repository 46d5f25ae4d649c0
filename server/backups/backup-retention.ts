import fs from "node:fs";
import { listBackupFolders } from "./backup-folders.js";
import { readManifest } from "./backup-manifest.js";

/**
 * Deletes the server's own backups beyond the newest `keep` and returns the folders deleted.
 * Its own are the folders with a backup's name whose manifest says `scheduled`: a backup an
 * operator made with `npm run backup` (before an upgrade, say), a folder whose manifest cannot
 * be read, and anything else in the folder are never touched.
 */
export async function deleteOldScheduledBackups(directory: string, keep: number): Promise<string[]> {
  const scheduled: string[] = [];
  for (const folder of await listBackupFolders(directory)) {
    const { manifest } = await readManifest(folder.path);
    if (manifest?.trigger === "scheduled") scheduled.push(folder.path);
  }
  const deleted = scheduled.slice(keep);
  for (const folder of deleted) await fs.promises.rm(folder, { recursive: true, force: true });
  return deleted;
}
