/**
 * Import throughput benchmark: imports the nssfc-dev experts (54,279) into a fresh,
 * migrated temporary SQLite database through the same service the CLI and the upload
 * page use, then reimports the file (everything unchanged) to time the skip path.
 *
 *   npm run bench:import [-- --experts FILE --batch-size N]
 *
 * The last line of output is one JSON object (machine-readable), e.g.
 *   {"experts":54279,"seconds":9.8,"expertsPerSecond":5540,"peakRssMb":210,...}
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { inputFileFlag, parseCommandFlags, runCommand } from "../cli/cli-flags.js";
import { createPrismaClient } from "../../server/db/prisma.js";
import { defaultImportBatchSize, importFile } from "../../server/knowledge/import/import.service.js";
import { migrateDatabase } from "../lib/migrate-database.js";

const projectRoot = path.resolve(import.meta.dirname, "..", "..");

const argsSchema = z.object({
  experts: inputFileFlag("experts").prefault(
    path.resolve(projectRoot, "..", "shared", "data", "nssfc-dev", "experts.jsonl"),
  ),
  "batch-size": z.coerce.number().int().min(1).max(5_000).default(defaultImportBatchSize),
});
type Args = z.output<typeof argsSchema>;

const megabyte = 1024 * 1024;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(args: Args): Promise<number> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-bench-import-"));
  const databaseFile = path.join(directory, "bench.db");
  const databaseUrl = `file:${databaseFile}`;
  try {
    console.error(`migrating ${databaseFile}…`);
    migrateDatabase(databaseUrl);
    const db = await createPrismaClient(databaseUrl);

    // Sampling catches the peak between batches; maxRSS (the kernel's high-water mark) catches
    // anything the sampler missed while the event loop was busy.
    let sampledPeakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
    }, 20);

    console.error(`importing ${args.experts} (batch size ${args["batch-size"]})…`);
    const cpuBefore = process.cpuUsage();
    const first = await importFile(db, "experts", args.experts, { batchSize: args["batch-size"] });
    const cpu = process.cpuUsage(cpuBefore);
    console.error(`reimporting (all unchanged)…`);
    const second = await importFile(db, "experts", args.experts, { batchSize: args["batch-size"] });
    clearInterval(sampler);

    const [experts, publications] = await Promise.all([db.expert.count(), db.publication.count()]);
    await db.$disconnect();

    const peakRssBytes = Math.max(sampledPeakRss, process.resourceUsage().maxRSS * 1024);
    const seconds = first.durationMs / 1000;
    const result = {
      experts: first.imported,
      rejected: first.rejected,
      publications,
      seconds: round(seconds, 2),
      expertsPerSecond: Math.round(first.imported / seconds),
      // CPU time of the import alone: a steadier figure than wall time on a shared machine.
      cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
      rerunSeconds: round(second.durationMs / 1000, 2),
      rerunUnchanged: second.unchanged,
      peakRssMb: Math.round(peakRssBytes / megabyte),
      batchSize: args["batch-size"],
    };
    if (experts !== first.imported || second.imported + second.updated !== 0) {
      throw new Error(`inconsistent import: ${experts} rows, rerun wrote ${second.imported + second.updated}`);
    }
    console.log(`experts imported:   ${result.experts} (${result.rejected} rejected), ${publications} publications`);
    console.log(
      `time:               ${result.seconds} s → ${result.expertsPerSecond} experts/s (${result.cpuSeconds} s CPU)`,
    );
    console.log(`rerun (unchanged):  ${result.rerunSeconds} s`);
    console.log(`peak RSS:           ${result.peakRssMb} MB`);
    console.log(JSON.stringify(result));
    return 0;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

process.exitCode = await runCommand({
  name: "bench:import",
  usage: "usage: npm run bench:import [-- --experts FILE --batch-size N]",
  parse: (argv) =>
    parseCommandFlags(argv, { experts: { type: "string" }, "batch-size": { type: "string" } }, argsSchema),
  run: main,
});
