/**
 * Assignment benchmark:
 *
 *   npm run bench:assign [-- --scores RESULTS.jsonl] [--time-limit 60]
 *
 * Instances: a synthetic 5,000 needs × 50,000 experts × 500k pairs (`total`, min-cost flow),
 * a synthetic 1,000 × 10,000 × 50k with one atMostSame organization rule (HiGHS MIP), and,
 * with --scores (a `npm run match:batch -- --mode needs` output on ../shared/data/nssfc-dev),
 * the nssfc-dev needs × experts with the engine's own top-K scores, demand 3, tight maxLoad,
 * 2 % conflicts, total and with the organization rule. Prints objective, bound, gap, seconds,
 * peak RSS and the load average, ending with one JSON line.
 */
import fs from "node:fs";
import os from "node:os";
import { z } from "zod";
import {
  solveAssignment,
  type AssignmentProblem,
  type AssignmentResult,
  type CandidatePair,
} from "../../matching/index.js";
import { parseFlags } from "../cli/cli-flags.js";
import { Rng } from "../demo-data/prng.js";
import { round, syntheticInstance } from "./assignment-instances.js";

const flags = parseFlags(
  process.argv.slice(2),
  { scores: { type: "string" }, "time-limit": { type: "string" } },
  z.object({ scores: z.string().optional(), "time-limit": z.coerce.number().positive().default(60) }),
);
const loadAverage = () => os.loadavg().map((x) => round(x));
const loadAtStart = loadAverage();

/** nssfc-dev from a match:batch output: each need's top K experts become its candidates. */
function nssfcInstance(file: string): AssignmentProblem {
  const rng = new Rng(618);
  const needs: AssignmentProblem["needs"][number][] = [];
  const expertIndex = new Map<string, number>();
  const pairs: CandidatePair[] = [];
  const conflicts: { need: number; expert: number }[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { needExternalId: string; matches: { expertExternalId: string; score: number }[] };
    const need = needs.length;
    needs.push({ id: row.needExternalId, demand: 3, attrs: {} });
    for (const m of row.matches) {
      let expert = expertIndex.get(m.expertExternalId);
      if (expert === undefined) expertIndex.set(m.expertExternalId, (expert = expertIndex.size));
      pairs.push({ need, expert, score: m.score });
      if (rng.chance(0.02)) conflicts.push({ need, expert });
    }
  }
  // Tight: capacity 1.2 × demand spread over the experts that appear, at least 1 each.
  const maxLoad = Math.max(1, Math.ceil((1.2 * needs.length * 3) / expertIndex.size));
  const experts = [...expertIndex.keys()].map((id) => ({
    id,
    minLoad: 0,
    maxLoad,
    attrs: { organization: `O${rng.int(0, 199)}` },
  }));
  return { needs, experts, pairs, conflicts };
}

interface Row {
  instance: string;
  pairs: number;
  status: string;
  objective: number;
  upperBound: number | null;
  gapPercent: number | null;
  seconds: number;
  solver: string;
}

async function run(name: string, problem: AssignmentProblem, quotas: boolean): Promise<Row> {
  const started = performance.now();
  const result: AssignmentResult = await solveAssignment(
    quotas ? { ...problem, quotas: [{ kind: "atMostSame", attr: "organization", count: 1 }] } : problem,
    { timeLimitSeconds: flags["time-limit"], relativeGap: 0.001 },
  );
  const seconds = round((performance.now() - started) / 1000);
  const row: Row = {
    instance: name,
    pairs: problem.pairs.length,
    status: result.status,
    objective: round(result.objective, 4),
    upperBound: result.upperBound === null ? null : round(result.upperBound, 4),
    gapPercent: result.gapPercent === null ? null : round(result.gapPercent, 4),
    seconds,
    solver: result.solver,
  };
  console.log(
    `${name}: ${row.status}, objective ${row.objective}, bound ${row.upperBound}, gap ${row.gapPercent} %, ` +
      `${seconds} s (${row.solver}); load average ${loadAverage().join(" ")}`,
  );
  return row;
}

const rows: Row[] = [];
const big = syntheticInstance({
  needs: 5000,
  experts: 50000,
  pairs: 500_000,
  demand: 3,
  capacityRatio: 1.2,
  organizations: 2000,
  seed: 1,
});
rows.push(await run("synthetic-500k-total", big, false));
const medium = syntheticInstance({
  needs: 1000,
  experts: 10000,
  pairs: 50_000,
  demand: 3,
  capacityRatio: 1.2,
  organizations: 300,
  seed: 2,
});
rows.push(await run("synthetic-50k-total", medium, false));
rows.push(await run("synthetic-50k-atMostSame", medium, true));
if (flags.scores) {
  const nssfc = nssfcInstance(flags.scores);
  rows.push(await run("nssfc-dev-total", nssfc, false));
  rows.push(await run("nssfc-dev-atMostSame", nssfc, true));
}
const bigRow = rows[0]!;
const quotaRows = rows.filter((r) => r.instance.endsWith("atMostSame"));
console.log(
  JSON.stringify({
    instances: rows,
    largeSeconds: bigRow.seconds,
    largeStatus: bigRow.status,
    maxQuotaGapPercent: Math.max(...quotaRows.map((r) => r.gapPercent ?? 100)),
    maxQuotaSeconds: Math.max(...quotaRows.map((r) => r.seconds)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
  }),
);
