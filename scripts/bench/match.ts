/**
 * Matching speed and training cost, through the batch CLI's own code path:
 *
 *   npm run bench:match [-- --collection nssfc-dev]
 *
 * Imports the collection (default ../shared/data/nssfc-dev) into a temporary
 * database, builds the engine (self-supervised training included), matches every need to its top
 * 20 experts, then times the reference floor ../shared/bench/bm25_baseline.py on the same files in
 * the same run. Prints import, build and training times, per-need latency (p50/p95), the
 * whole batch against the floor script, peak RSS and the load average, ending with one JSON line.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { benchmarkFlags, parseCommandFlags } from "../cli/cli-flags.js";
import { runMatchBatch } from "../match-batch.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const shared = path.resolve(root, "..", "shared");
const { collection } = benchmarkFlags({
  name: "bench:match",
  usage: "usage: npm run bench:match [-- --collection nssfc-dev]",
  parse: (argv) =>
    parseCommandFlags(
      argv,
      { collection: { type: "string" } },
      z.object({ collection: z.string().min(1, { error: "--collection needs a name" }).default("nssfc-dev") }),
    ),
});
const data = path.join(shared, "data", collection);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-bench-match-"));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const loadAverage = () => os.loadavg().map((x) => round(x));

try {
  const loadAtStart = loadAverage();
  const files = { experts: path.join(data, "experts.jsonl"), needs: path.join(data, "needs.jsonl") };
  const started = performance.now();
  const stats = await runMatchBatch({
    ...files,
    mode: "needs",
    top: 20,
    out: path.join(dir, "results.jsonl"),
    now: new Date("2026-01-01T00:00:00Z"),
    explain: false,
  });
  const batchSeconds = round((performance.now() - started) / 1000, 1);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const floorStarted = performance.now();
  execFileSync("python3", [
    path.join(shared, "bench", "bm25_baseline.py"),
    files.experts,
    files.needs,
    path.join(dir, "floor.jsonl"),
    "20",
  ]);
  const floorSeconds = round((performance.now() - floorStarted) / 1000, 1);
  const latencies = [...stats.needLatenciesMs].sort((a, b) => a - b);
  const training = stats.training;
  const result = {
    collection,
    experts: stats.experts,
    needs: stats.needs,
    importSeconds: stats.importSeconds,
    buildSeconds: stats.buildSeconds,
    trainingSeconds: training ? round(training.seconds.split + training.seconds.encoder + training.seconds.fit, 1) : 0,
    encoderSeconds: training ? round(training.seconds.encoder, 1) : 0,
    needP50Ms: round(percentile(latencies, 0.5)),
    needP95Ms: round(percentile(latencies, 0.95)),
    batchSeconds,
    floorScriptSeconds: floorSeconds,
    batchToFloorRatio: round(batchSeconds / floorSeconds),
    peakRssMb,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
  };
  process.stdout.write(
    `${collection}: import ${result.importSeconds} s, ` +
      `engine build ${result.buildSeconds} s (training ${result.trainingSeconds} s, encoder ${result.encoderSeconds} s)\n` +
      `per need (top 20): p50 ${result.needP50Ms} ms, p95 ${result.needP95Ms} ms\n` +
      `whole batch ${batchSeconds} s against the floor script's ${floorSeconds} s (${result.batchToFloorRatio}×), ` +
      `peak RSS ${peakRssMb} MB, load average ${loadAtStart.join(" ")} → ${result.loadAverageAtEnd.join(" ")}\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
