import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { BackupRefusedError, restoreBackup } from "../server/backups/restore-backup.js";
import { loadStorageConfig } from "../server/config.js";
import { committedMigrations } from "../server/db/committed-migrations.js";
import { DatabaseInUseError } from "../server/db/database-in-use-lock.js";
import { describeBackup } from "./cli/backup-report.js";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";

const usage = `usage: npm run restore -- --from DIR

Restores the backup folder DIR (made by npm run backup or by the server) over the database of
DATABASE_URL. The server must be stopped. The backup is checked first (manifest, every sha256,
integrity_check); the current files are moved into replaced-<UTC time>/ beside the database,
never deleted; the search index is rebuilt at the next start.`;

const flagsSchema = z.object({
  from: z
    .string({ error: "--from is required: the backup folder to restore" })
    .min(1, "--from needs a folder")
    .refine((folder) => fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory() === true, {
      error: (issue) => `--from: no such folder: ${String(issue.input)}`,
    })
    .transform((folder) => path.resolve(folder)),
});

type Flags = z.output<typeof flagsSchema>;

async function restore({ from }: Flags): Promise<number> {
  const storage = loadStorageConfig();
  let restored;
  try {
    restored = await restoreBackup({
      backupDirectory: from,
      databaseFile: storage.databaseFile,
      committedMigrations: committedMigrations(),
      now: new Date(),
    });
  } catch (error) {
    if (error instanceof BackupRefusedError) {
      console.error(`restore refused: ${from} cannot be restored:\n${error.problems.map((p) => `  ${p}`).join("\n")}`);
    } else if (error instanceof DatabaseInUseError) {
      console.error(`restore refused: ${error.message}`);
    } else {
      throw error;
    }
    console.error("nothing was changed");
    return 1;
  }
  const lines = [`restore: restored ${from}`, ...describeBackup(restored.manifest)];
  if (restored.replacedDirectory) {
    lines.push(
      `restore: the files that were in place are in ${restored.replacedDirectory}: ${restored.movedAside.join(", ")}`,
    );
  }
  lines.push(`restore: put in place: ${Object.values(restored.placed).join(", ")}`);
  if (!restored.manifest.files.sessionSecret) {
    lines.push("restore: the backup holds no session secret (SESSION_SECRET was set): keep setting the same one");
  }
  lines.push(
    storage.searchEngine === "embedded"
      ? "restore: the search index is rebuilt from the restored records when the server starts"
      : "restore: Meilisearch still holds the replaced records: run npm run reindex once the server is up",
  );
  const pending = restored.pendingMigrations;
  if (pending.length > 0) {
    lines.push(
      `restore: the backup predates ${pending.length === 1 ? "one migration" : `${pending.length} migrations`} of this version (${pending.join(", ")}); npm start applies them`,
    );
  }
  lines.push("next: npm start");
  console.log(lines.join("\n"));
  return 0;
}

process.exitCode = await runCommand({
  name: "restore",
  usage,
  parse: (argv) => parseCommandFlags(argv, { from: { type: "string" } }, flagsSchema),
  run: restore,
});
