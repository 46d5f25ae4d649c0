import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { takeBackup } from "../server/backups/take-backup.js";
import { loadStorageConfig } from "../server/config.js";
import { holdDatabaseInUse } from "../server/db/database-in-use-lock.js";
import { describeBackup } from "./cli/backup-report.js";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";

const usage = `usage: npm run backup [-- --out DIR]

Writes one backup folder (scibridge-backup-<UTC time>/) into DIR, by default the backups/ folder
beside the database (BACKUP_DIR): a consistent snapshot of the database, safe while the server
runs, checked with integrity_check; the session secret and the matching model when there are;
manifest.json with the schema's migrations, row counts, and each file's size and sha256.
Backups made with this command are never deleted by the server's schedule.`;

const flagsSchema = z.object({
  out: z
    .string()
    .min(1, "--out needs a folder")
    .refine((folder) => !fs.statSync(folder, { throwIfNoEntry: false })?.isFile(), {
      error: (issue) => `--out: ${String(issue.input)} is a file, not a folder`,
    })
    .transform((folder) => path.resolve(folder))
    .optional(),
});

type Flags = z.output<typeof flagsSchema>;

async function backup({ out }: Flags): Promise<number> {
  const storage = loadStorageConfig();
  if (!fs.existsSync(storage.databaseFile)) {
    console.error(`backup: there is no database at ${storage.databaseFile} (DATABASE_URL)`);
    return 1;
  }
  // Held like a server holds it: a restore cannot swap the files while they are copied.
  const inUse = holdDatabaseInUse(storage.databaseFile);
  try {
    const taken = await takeBackup({
      databaseFile: storage.databaseFile,
      directory: out ?? storage.backups.directory,
      trigger: "manual",
      now: new Date(),
    });
    console.log(
      [
        `backup: wrote ${taken.folder} in ${(taken.elapsedMs / 1000).toFixed(1)} s (integrity_check ok)`,
        ...describeBackup(taken.manifest),
      ].join("\n"),
    );
    return 0;
  } finally {
    inUse.release();
  }
}

process.exitCode = await runCommand({
  name: "backup",
  usage,
  parse: (argv) => parseCommandFlags(argv, { out: { type: "string" } }, flagsSchema),
  run: backup,
});
