/**
 * Batch matching, the command-line contract of ../shared/data/FORMATS.md:
 *
 *   npm run match:batch -- --experts E.jsonl --needs N.jsonl [--technologies T.jsonl] \
 *       --mode needs|experts --top K --out RESULTS.jsonl [--db FILE]
 *
 * Imports the files into a fresh database (a temporary file unless --db) through the service's
 * own import, then matches with the matching engine and writes one JSON line per need (or per
 * expert). The matching engine reads the database, not the search index: the import's search
 * changes stay queued in the outbox, and a server started on a --db file indexes them.
 *
 * Extra, optional flags: --now ISO-DATE (the clock recency is measured from; default: now),
 * --explain (adds each match's explanation to the output lines).
 *
 * Exit codes: 0 done (even if some input lines were rejected), 1 fatal error, 2 bad usage.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";
import { migrateDatabase } from "./lib/migrate-database.js";
import { z } from "zod";
import { ExpertMatcher, type BuildProgress, type MatchingWeights, type TrainingReport } from "../matching/index.js";
import { loadConfig } from "../server/config.js";
import { createContainer } from "../server/container.js";
import {
  createProgressReporter,
  formatImportSummary,
  type LabelledReport,
} from "../server/knowledge/import/import-progress.js";
import { importFiles } from "../server/knowledge/import/import.service.js";
import { loadMatchingInputs } from "../server/matches/matching-inputs.js";

const usage = `Usage: npm run match:batch -- --experts E.jsonl --needs N.jsonl [--technologies T.jsonl]
                            --mode needs|experts --top K --out RESULTS.jsonl [--db FILE]

Options:
  --experts FILE        experts (JSON Lines, see FORMATS.md)            required
  --needs FILE          needs (JSON Lines)                              required
  --technologies FILE   technologies (JSON Lines)                       optional
  --mode needs|experts  top K experts per need, or top K needs per expert
  --top K               matches per line (1–1000)
  --out FILE            where to write the results (JSON Lines)
  --db FILE             import into this SQLite file (migrated if needed) instead of a temporary one
  --now DATE            the date recency is measured from (ISO 8601; default: now)
  --explain             add each match's explanation to the output
  -h, --help            show this help`;

const isFile = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;

const inputFile = (flag: string) =>
  z
    .string({ error: `--${flag} is required` })
    .min(1, { error: `--${flag} needs a file name` })
    .refine(isFile, { error: (issue) => `--${flag}: file not found: ${String(issue.input)}` })
    .transform((file) => path.resolve(file));

const cliSchema = z.object({
  experts: inputFile("experts"),
  needs: inputFile("needs"),
  technologies: inputFile("technologies").optional(),
  mode: z.enum(["needs", "experts"], { error: "--mode must be needs or experts" }),
  top: z.coerce
    .number({ error: "--top must be a number" })
    .int({ error: "--top must be an integer" })
    .min(1, { error: "--top must be at least 1" })
    .max(1000, { error: "--top must be at most 1000" }),
  out: z
    .string({ error: "--out is required" })
    .min(1, { error: "--out needs a file name" })
    .transform((file) => path.resolve(file)),
  db: z
    .string()
    .min(1, { error: "--db needs a file name" })
    .transform((file) => path.resolve(file))
    .optional(),
  now: z.iso
    .datetime({ offset: true, local: true, error: "--now must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z" })
    .or(z.iso.date({ error: "--now must be an ISO 8601 date" }))
    .transform((text) => new Date(text))
    .optional(),
  explain: z.boolean().default(false),
});

export type MatchBatchOptions = z.infer<typeof cliSchema>;

export function parseMatchBatchArgs(argv: string[]): MatchBatchOptions | "help" {
  return parseCommandFlags(
    argv,
    {
      experts: { type: "string" },
      needs: { type: "string" },
      technologies: { type: "string" },
      mode: { type: "string" },
      top: { type: "string" },
      out: { type: "string" },
      db: { type: "string" },
      now: { type: "string" },
      explain: { type: "boolean" },
    },
    cliSchema,
  );
}

export interface MatchBatchStats {
  experts: number;
  needs: number;
  technologies: number;
  rejected: number;
  /** Input lines imported with a warning (e.g. a repeated externalId: the later line was kept). */
  warned: number;
  evidence: number;
  importSeconds: number;
  /** Search-index changes left queued for a server (the batch itself does not search). */
  queuedForSearch: number;
  /** Building the matching engine from the database, self-supervised training included. */
  buildSeconds: number;
  /** What the build's training measured (null when it learned nothing). */
  training: TrainingReport | null;
  matchSeconds: number;
  /** Time to match each need (top-K experts), in need order. */
  needLatenciesMs: number[];
}

/** Build phases on stderr: each phase, its progress and the estimated time left. */
function buildProgress(): (progress: BuildProgress) => void {
  let last = 0;
  let lastPhase = "";
  const tty = process.stderr.isTTY;
  return ({ phase, done, total, etaSeconds }) => {
    const now = Date.now();
    if (phase === lastPhase && now - last < (tty ? 200 : 5000) && done !== total) return;
    last = now;
    const percent = total > 0 ? Math.round((100 * done) / total) : 0;
    const eta = etaSeconds === null ? "" : `, about ${etaSeconds} s left`;
    const text = `engine ${phase}: ${percent}%${eta}`;
    process.stderr.write(tty ? `\r${text.padEnd(60)}` : `${text}\n`);
    lastPhase = phase;
  };
}

/** A throttled progress line on stderr. */
function progress(label: string): { update(done: number, total: number): void; done(): void } {
  let last = 0;
  const tty = process.stderr.isTTY;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < (tty ? 100 : 2000) && done !== total) return;
      last = now;
      const text = `${label}: ${done}/${total}`;
      process.stderr.write(tty ? `\r${text}` : `${text}\n`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}

function migrate(databaseFile: string, sessionSecret: string): void {
  migrateDatabase(`file:${databaseFile}`, { SESSION_SECRET: sessionSecret });
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Runs the whole batch; `weights` lets the tuner and benchmarks try other weights. */
export async function runMatchBatch(
  options: MatchBatchOptions,
  extra: { weights?: Partial<MatchingWeights>; log?: (line: string) => void } = {},
): Promise<MatchBatchStats> {
  const log = extra.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const temporary = options.db ? null : fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-match-"));
  const databaseFile = options.db ?? path.join(temporary!, "match.db");
  const sessionSecret = "match-batch-".padEnd(40, "x");
  try {
    migrate(databaseFile, sessionSecret);
    const config = loadConfig({
      DATABASE_URL: `file:${databaseFile}`,
      SESSION_SECRET: sessionSecret,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    });
    const container = await createContainer(config);
    try {
      // 1. Import through the service's importer (bad lines are reported and skipped).
      let started = Date.now();
      const reports: LabelledReport[] = [];
      let reporter: ReturnType<typeof createProgressReporter> | undefined;
      await importFiles(
        container.db,
        { experts: options.experts, technologies: options.technologies, needs: options.needs },
        {
          onFileStart: (_kind, file) => {
            reporter = createProgressReporter(process.stderr, path.basename(file));
          },
          onProgress: (p) => reporter?.update(p),
          onFileDone: (report, file) => {
            reporter?.done();
            reporter = undefined;
            reports.push({ ...report, label: path.basename(file) });
          },
        },
      );
      const importMs = Date.now() - started;
      log(formatImportSummary(reports).trimEnd());

      const queuedForSearch = await container.db.searchOutbox.count();

      // 2. The matching engine's corpus statistics, from the same records.
      started = Date.now();
      const { experts, needs } = await loadMatchingInputs(container.db, "externalId");
      const clock = { now: () => options.now ?? new Date() };
      const matcher = new ExpertMatcher({ experts, clock, weights: extra.weights, onProgress: buildProgress() });
      if (process.stderr.isTTY) process.stderr.write("\n");
      const buildMs = Date.now() - started;
      const training = matcher.trainingReport;
      if (training) {
        log(
          `self-supervised training: ${training.validationNeeds} validation needs, ${training.trainingPairs} encoder pairs; ` +
            `validation MRR@10 ${training.floorMrr.toFixed(4)} (plain BM25) → ${training.fittedMrr.toFixed(4)} (fused); ` +
            `weights ${JSON.stringify(matcher.fusion)}, weak-norm b ${matcher.weakNormB}${training.usedDefaults ? " (defaults: too few multi-record experts)" : ""}`,
        );
      }

      // 3. Match.
      started = Date.now();
      const latencies: number[] = [];
      const lines: string[] = [];
      const matching = progress("matching");
      if (options.mode === "needs") {
        needs.forEach((need, i) => {
          const t0 = performance.now();
          const matches = matcher.matchNeed(need, { top: options.top, explain: options.explain });
          latencies.push(performance.now() - t0);
          lines.push(
            JSON.stringify({
              needExternalId: need.key,
              matches: matches.map((m) => ({
                expertExternalId: m.expertKey,
                score: round(m.score),
                ...(m.explanation ? { explanation: m.explanation } : {}),
              })),
            }),
          );
          matching.update(i + 1, needs.length);
        });
      } else {
        // Every need's best experts (deep), inverted: each expert keeps its top K needs.
        const depth = Math.max(matcher.weights.candidates, options.top);
        const byExpert = new Map<string, { needExternalId: string; score: number; explanation?: unknown }[]>();
        needs.forEach((need, i) => {
          const t0 = performance.now();
          const matches = matcher.matchNeed(need, { top: depth, explain: options.explain });
          latencies.push(performance.now() - t0);
          for (const m of matches) {
            const list = byExpert.get(m.expertKey) ?? [];
            list.push({
              needExternalId: need.key,
              score: round(m.score),
              ...(m.explanation ? { explanation: m.explanation } : {}),
            });
            byExpert.set(m.expertKey, list);
          }
          matching.update(i + 1, needs.length);
        });
        for (const expert of experts) {
          const list = (byExpert.get(expert.key) ?? []).sort(
            (a, b) => b.score - a.score || a.needExternalId.localeCompare(b.needExternalId),
          );
          lines.push(JSON.stringify({ expertExternalId: expert.key, matches: list.slice(0, options.top) }));
        }
      }
      matching.done();
      fs.mkdirSync(path.dirname(options.out), { recursive: true });
      fs.writeFileSync(options.out, lines.length > 0 ? `${lines.join("\n")}\n` : "");
      const matchMs = Date.now() - started;

      const stats: MatchBatchStats = {
        experts: experts.length,
        needs: needs.length,
        technologies: await container.db.technology.count(),
        rejected: reports.reduce((sum, r) => sum + r.rejected, 0),
        warned: reports.reduce((sum, r) => sum + r.warned, 0),
        evidence: matcher.evidenceCount,
        importSeconds: seconds(importMs),
        queuedForSearch,
        buildSeconds: seconds(buildMs),
        training: matcher.trainingReport,
        matchSeconds: seconds(matchMs),
        needLatenciesMs: latencies,
      };
      log(
        `experts ${stats.experts}, needs ${stats.needs}, technologies ${stats.technologies}, ` +
          `rejected lines ${stats.rejected}, lines with warnings ${stats.warned}; ` +
          `wrote ${lines.length} lines to ${options.out}\n` +
          `time: import ${stats.importSeconds} s, ` +
          `engine build ${stats.buildSeconds} s, matching ${stats.matchSeconds} s`,
      );
      return stats;
    } finally {
      await container.close();
    }
  } finally {
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** Scores keep six significant decimals: enough to order, small enough to read. */
function round(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

const main = () =>
  runCommand({
    name: "match:batch",
    usage,
    parse: parseMatchBatchArgs,
    run: async (options) => {
      await runMatchBatch(options);
      return 0;
    },
  });

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
