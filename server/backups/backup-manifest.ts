import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * manifest.json, the table of contents of a backup folder: what made it and when, the schema
 * version of its database (the applied migrations), what the database held (row counts of the
 * main tables), and each file with its size and sha256. A restore trusts nothing that does not
 * match it.
 */
export const manifestFileName = "manifest.json";

/** Bump when the manifest or the folder's layout changes in a way an older restore cannot read. */
export const backupFormat = 1;

const backedUpFile = z.object({
  /** The file's name inside the backup folder. */
  name: z
    .string()
    .regex(/^[\w.-]+$/, "expected a file name inside the backup folder")
    .refine((name) => name !== "." && name !== ".." && name !== manifestFileName, "expected a data file's name"),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hexadecimal digits"),
});

export type BackedUpFile = z.infer<typeof backedUpFile>;

export const backupManifestSchema = z.object({
  format: z
    .number()
    .int()
    .refine((format) => format === backupFormat, {
      error: (issue) =>
        `this SciBridge reads backups of format ${backupFormat}; this one is format ${String(issue.input)} (made by a newer version?)`,
    }),
  createdAt: z.iso.datetime({ error: "expected a UTC time such as 2026-12-07T20:15:00.000Z" }),
  /** `manual`: npm run backup; `scheduled`: the server's own, which only it deletes (BACKUP_KEEP). */
  trigger: z.enum(["manual", "scheduled"]),
  /** Names of the Prisma migrations applied to the database, oldest first. */
  migrations: z.array(z.string().min(1)).min(1, "expected the applied migrations' names"),
  rowCounts: z.record(z.string(), z.number().int().min(0)),
  files: z.object({
    database: backedUpFile,
    /** The generated session secret, when SESSION_SECRET was not set. */
    sessionSecret: backedUpFile.optional(),
    /** The trained matching model, when one had been trained. */
    matchingModel: backedUpFile.optional(),
  }),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupFileRole = keyof BackupManifest["files"];

export async function writeManifest(directory: string, manifest: BackupManifest): Promise<void> {
  await fs.promises.writeFile(path.join(directory, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** Where JSON.parse stopped, as a line and column of `text` (when its message says). */
function jsonErrorAt(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return "";
  const before = text.slice(0, Number(position)).split("\n");
  return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** The manifest of the backup in `directory`, or each reason it cannot be used (the field at fault first). */
export async function readManifest(
  directory: string,
): Promise<{ manifest: BackupManifest; problems: [] } | { manifest: null; problems: string[] }> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(directory, manifestFileName), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return {
      manifest: null,
      problems: [`${manifestFileName} is missing: not a SciBridge backup folder, or an incomplete one`],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return {
      manifest: null,
      problems: [`${manifestFileName} is not valid JSON${jsonErrorAt(text, message)}: ${message}`],
    };
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    return {
      manifest: null,
      problems: parsed.error.issues.map(
        (issue) => `${manifestFileName}: ${issue.path.join(".") || "(the whole file)"}: ${issue.message}`,
      ),
    };
  }
  return { manifest: parsed.data, problems: [] };
}
