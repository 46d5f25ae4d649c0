/**
 * Matching speed on the development benchmark, through the batch CLI's own code path:
 *
 *   npm run bench:match
 *
 * Imports and indexes ../shared/data/nssfc-dev into a temporary database, builds the engine,
 * matches every need to its top 20 experts, and prints import and index time, per-need latency
 * (p50/p95), total batch time and peak RSS, ending with one JSON line:
 * {"importSeconds":…,"indexSeconds":…,"buildSeconds":…,"needP50Ms":…,"needP95Ms":…,"batchSeconds":…,"peakRssMb":…}
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runMatchBatch } from "../match-batch.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const data = path.resolve(root, "..", "shared", "data", "nssfc-dev");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-bench-match-"));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

try {
  const started = Date.now();
  const stats = await runMatchBatch({
    experts: path.join(data, "experts.jsonl"),
    needs: path.join(data, "needs.jsonl"),
    mode: "needs",
    top: 20,
    out: path.join(dir, "results.jsonl"),
    now: new Date("2026-01-01T00:00:00Z"),
    explain: false,
  });
  const batchSeconds = Math.round((Date.now() - started) / 100) / 10;
  const latencies = [...stats.needLatenciesMs].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  const result = {
    experts: stats.experts,
    needs: stats.needs,
    importSeconds: stats.importSeconds,
    indexSeconds: stats.indexSeconds,
    buildSeconds: stats.buildSeconds,
    needP50Ms: round(percentile(latencies, 0.5)),
    needP95Ms: round(percentile(latencies, 0.95)),
    batchSeconds,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(
    `import ${result.importSeconds} s, index ${result.indexSeconds} s, engine build ${result.buildSeconds} s\n` +
      `per need (top 20): p50 ${result.needP50Ms} ms, p95 ${result.needP95Ms} ms\n` +
      `batch ${result.batchSeconds} s, peak RSS ${result.peakRssMb} MB\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
