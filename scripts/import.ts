/**
 * Bulk import from the public formats (FORMATS.md), as JSONL, CSV or .xlsx:
 *
 *   npm run import -- --experts experts.jsonl --technologies tech.csv --needs needs.jsonl [--db FILE]
 *   npm run import -- --url http://localhost:3000 --token TOKEN --experts experts.jsonl
 *
 * Without --url the command writes to the database file itself; with --url it uploads each
 * file to the running server (POST /api/imports, an organizer's API token) and follows the job,
 * so the server parses and writes it between its own requests.
 * Any subset of the three files; they are imported experts → technologies → needs
 * because technologies name their owner expert. See docs/import.md.
 *
 * Exit codes: 0 the import ran (even if some lines were rejected), 1 a fatal error
 * (database unreachable or not migrated, unreadable file), 2 bad usage.
 */
import path from "node:path";
import { inputFileFlag, parseCommandFlags, runCommand, UsageError } from "./cli/cli-flags.js";
import { z } from "zod";
import { ConfigError, databaseFileFromUrl, loadConfig } from "../server/config.js";
import { holdDatabaseInUse, type HeldLock } from "../server/db/database-in-use-lock.js";
import { createPrismaClient, type Db } from "../server/db/prisma.js";
import {
  createProgressReporter,
  formatImportSummary,
  type LabelledReport,
} from "../server/knowledge/import/import-progress.js";
import { ImportClient, ImportClientError, reportOfJob } from "./cli/import-client.js";
import {
  defaultImportBatchSize,
  importFiles,
  importFileNameHint,
  importFormatFromFileName,
  type ImportFiles,
} from "../server/knowledge/import/import.service.js";
import { importKinds } from "../server/knowledge/import/import-records.schemas.js";

const usage = `Usage: npm run import -- [--experts FILE] [--technologies FILE] [--needs FILE] [options]

Files are .jsonl, .csv or .xlsx (text files in UTF-8; see docs/import.md). At least one file is required.

Options:
  --url URL             import through the running server at URL (needs --token)
  --token TOKEN         an organizer's API token (POST /api/tokens), for --url
  --db FILE             SQLite database to import into (default: DATABASE_URL; not with --url)
  --batch-size N        records per transaction (default ${defaultImportBatchSize})
  --show-rejected N     rejected lines to print per file (default 20)
  --show-warnings N     warnings to print per file (default 20), e.g. a line repeating an earlier line's externalId
  -h, --help            show this help`;

/** A number of report lines to print: 0 or more. */
function shownLinesFlag(flag: string) {
  return z.coerce
    .number({ error: `--${flag} must be a number` })
    .int({ error: `--${flag} must be an integer` })
    .min(0, { error: `--${flag} must be 0 or more` })
    .default(20);
}

function importFileFlag(flag: string) {
  return inputFileFlag(flag).refine((file) => importFormatFromFileName(file) !== undefined, {
    error: (issue) => `--${flag}: cannot tell the format of ${String(issue.input)}; ${importFileNameHint}`,
  });
}

const cliSchema = z
  .object({
    experts: importFileFlag("experts").optional(),
    technologies: importFileFlag("technologies").optional(),
    needs: importFileFlag("needs").optional(),
    db: inputFileFlag("db").optional(),
    url: z.url({ protocol: /^https?$/, error: "--url must be an http:// or https:// address" }).optional(),
    token: z.string().min(1, { error: "--token needs a value" }).optional(),
    "batch-size": z.coerce
      .number({ error: "--batch-size must be a number" })
      .int({ error: "--batch-size must be an integer" })
      .min(1, { error: "--batch-size must be at least 1" })
      .max(5_000, { error: "--batch-size must be at most 5000" })
      .default(defaultImportBatchSize),
    "show-rejected": shownLinesFlag("show-rejected"),
    "show-warnings": shownLinesFlag("show-warnings"),
  })
  .refine((options) => options.experts || options.technologies || options.needs, {
    error: "nothing to import: give --experts, --technologies and/or --needs",
  })
  .refine((options) => !options.url || options.token, { error: "--url needs --token (an organizer's API token)" })
  .refine((options) => !options.url || !options.db, { error: "give --url or --db, not both" })
  .refine((options) => !options.token || options.url, { error: "--token is for --url" });

/** The flags, and for a local import the database it writes to (a missing DATABASE_URL is a usage mistake). */
type CliOptions = z.infer<typeof cliSchema> & { databaseUrl?: string };

function parseCli(argv: string[]): CliOptions | "help" {
  const options = parseCommandFlags(
    argv,
    {
      experts: { type: "string" },
      technologies: { type: "string" },
      needs: { type: "string" },
      db: { type: "string" },
      url: { type: "string" },
      token: { type: "string" },
      "batch-size": { type: "string" },
      "show-rejected": { type: "string" },
      "show-warnings": { type: "string" },
    },
    cliSchema,
  );
  if (options === "help" || options.url) return options;
  return { ...options, databaseUrl: databaseUrlFor(options) };
}

function databaseUrlFor(options: z.infer<typeof cliSchema>): string {
  if (options.db) return `file:${options.db}`;
  try {
    return loadConfig().databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function shownLines(options: CliOptions) {
  return { rejected: options["show-rejected"], warnings: options["show-warnings"] };
}

/** Prisma's "table does not exist" is what an unmigrated database looks like; say so. */
function describeFatal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/does not exist|no such table/i.test(message)) {
    return `${message}\nIs the database migrated? Run: DATABASE_URL=file:<db> npx prisma migrate deploy`;
  }
  return message;
}

async function run(options: CliOptions): Promise<number> {
  const files: ImportFiles = { experts: options.experts, technologies: options.technologies, needs: options.needs };
  const reports: LabelledReport[] = [];
  let db: Db | undefined;
  let inUse: HeldLock | undefined;
  let reporter: ReturnType<typeof createProgressReporter> | undefined;
  let exitCode = 0;
  try {
    const databaseUrl = options.databaseUrl ?? databaseUrlFor(options);
    // As the server does: a restore must not move the database away while the import writes to it.
    inUse = holdDatabaseInUse(databaseFileFromUrl(databaseUrl));
    db = await createPrismaClient(databaseUrl);
    await importFiles(db, files, {
      batchSize: options["batch-size"],
      onFileStart: (_kind, file) => {
        reporter = createProgressReporter(process.stderr, path.basename(file));
      },
      onProgress: (progress) => reporter?.update(progress),
      onFileDone: (report, file) => {
        reporter?.done();
        reporter = undefined;
        reports.push({ ...report, label: path.basename(file) });
      },
    });
  } catch (error) {
    reporter?.done();
    process.stderr.write(`import failed: ${describeFatal(error)}\n`);
    process.stderr.write("Batches committed before the failure are kept; rerunning the import finishes the rest.\n");
    exitCode = 1;
  } finally {
    await db?.$disconnect();
    inUse?.release();
  }
  if (reports.length > 0) process.stdout.write(formatImportSummary(reports, shownLines(options)));
  return exitCode;
}

/** Uploads each file to the server in dependency order, waiting for one job before the next. */
async function runRemote(options: CliOptions, url: string, token: string): Promise<number> {
  const client = new ImportClient(url, token);
  const reports: LabelledReport[] = [];
  let exitCode = 0;
  for (const kind of importKinds) {
    const file = options[kind];
    if (file === undefined) continue;
    const label = path.basename(file);
    const reporter = createProgressReporter(process.stderr, label);
    try {
      const queued = await client.upload(kind, file);
      const job = await client.waitFor(queued.id, ({ progress }) => {
        if (progress) reporter.update({ ...progress, elapsedMs: progress.elapsedSeconds * 1000 });
      });
      reporter.done();
      if (job.status !== "succeeded") {
        process.stderr.write(`import of ${label} ${job.status} (job ${job.id}): ${job.message}\n`);
        exitCode = 1;
        break;
      }
      reports.push({ ...reportOfJob(job), label });
    } catch (error) {
      reporter.done();
      if (!(error instanceof ImportClientError)) throw error;
      process.stderr.write(`import failed: ${error.message}\n`);
      exitCode = 1;
      break;
    }
  }
  if (reports.length > 0) process.stdout.write(formatImportSummary(reports, shownLines(options)));
  return exitCode;
}

process.exitCode = await runCommand({
  name: "import",
  usage,
  parse: parseCli,
  run: (options) => (options.url && options.token ? runRemote(options, options.url, options.token) : run(options)),
});
