/**
 * Assignment benchmark:
 *
 *   npm run bench:assign [-- --nssfc] [--scores RESULTS.jsonl] [--top 30] [--large-quotas]
 *                           [--only PREFIX,…] [--data-dir ../shared/data/nssfc-dev] [--time-limit 60]
 *
 * Instances: a synthetic 5,000 needs × 50,000 experts × 500k pairs (`total`, min-cost flow),
 * a synthetic 1,000 × 10,000 × 50k with one atMostSame organization rule (a quota network), and,
 * with --nssfc (or --scores), the nssfc-dev needs × experts with the engine's own top-K scores,
 * demand 3, tight maxLoad, 2 % conflicts, total and with the organization rule (nssfc-instance.ts).
 * Without --scores the scores are made by match:batch's runMatchBatch (--mode needs --top 30,
 * about two minutes) and cached in tmp/bench/. --large-quotas adds the 500k instance with the
 * organization rule (a quota network: exact). --only keeps the instances
 * whose names start with one of the prefixes (e.g. --only nssfc-dev --nssfc). --large-quotas also
 * adds the 500k instance with the organization rule and "at least one expert from 台湾" per need.
 * Prints objective, bound, gap, seconds, peak RSS and the load average, ending with one JSON line.
 */
import path from "node:path";
import os from "node:os";
import { z } from "zod";
import {
  solveAssignment,
  type AssignmentProblem,
  type AssignmentResult,
  type QuotaRule,
} from "../../matching/index.js";
import { benchmarkFlags, parseCommandFlags } from "../cli/cli-flags.js";
import { largeEvent, mediumEvent, round, syntheticInstance } from "./assignment-instances.js";
import { defaultNssfcDir, nssfcInstance, nssfcScores } from "./nssfc-instance.js";

const usage = `usage: npm run bench:assign [-- --nssfc] [--scores RESULTS.jsonl] [--top 30] [--large-quotas]
                            [--only PREFIX,…] [--data-dir ../shared/data/nssfc-dev] [--time-limit 60]`;
const flagOptions = {
  scores: { type: "string" },
  "time-limit": { type: "string" },
  nssfc: { type: "boolean" },
  only: { type: "string" },
  "large-quotas": { type: "boolean" },
  "data-dir": { type: "string" },
  top: { type: "string" },
} as const;
const flagsSchema = z.object({
  scores: z.string().optional(),
  "time-limit": z.coerce.number().positive().default(60),
  nssfc: z.boolean().default(false),
  only: z
    .string()
    .transform((list) => list.split(",").filter(Boolean))
    .optional(),
  "large-quotas": z.boolean().default(false),
  "data-dir": z.string().default(defaultNssfcDir),
  top: z.coerce.number().int().min(3).max(1000).default(30),
});
const flags = benchmarkFlags({
  name: "bench:assign",
  usage,
  parse: (argv) => parseCommandFlags(argv, flagOptions, flagsSchema),
});
const loadAverage = () => os.loadavg().map((x) => round(x));
const loadAtStart = loadAverage();

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

const organizationRule: QuotaRule[] = [{ kind: "atMostSame", attr: "organization", count: 1 }];
/** Every need meets at least one expert from the region (which the organization determines: the rules nest). */
const organizationAndRegion: QuotaRule[] = [
  ...organizationRule,
  { kind: "atLeast", attr: "region", value: "台湾", count: 1, needs: "all" },
];

async function run(name: string, problem: AssignmentProblem, quotas: readonly QuotaRule[] = []): Promise<Row> {
  const started = performance.now();
  const result: AssignmentResult = await solveAssignment(quotas.length > 0 ? { ...problem, quotas } : problem, {
    timeLimitSeconds: flags["time-limit"],
    relativeGap: 0.001,
  });
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
const wanted = (name: string) => !flags.only || flags.only.some((prefix) => name.startsWith(prefix));
const withNssfc = (flags.nssfc || flags.scores !== undefined) && wanted("nssfc-dev");
if (wanted("synthetic-500k-total") || (flags["large-quotas"] && wanted("synthetic-500k-atMostSame"))) {
  const big = syntheticInstance(largeEvent);
  if (wanted("synthetic-500k-total")) rows.push(await run("synthetic-500k-total", big));
  if (flags["large-quotas"] && wanted("synthetic-500k-atMostSame"))
    rows.push(await run("synthetic-500k-atMostSame", big, organizationRule));
  if (flags["large-quotas"] && wanted("synthetic-500k-atMostSame+atLeast"))
    rows.push(await run("synthetic-500k-atMostSame+atLeast", big, organizationAndRegion));
}
if (wanted("synthetic-50k-total") || wanted("synthetic-50k-atMostSame")) {
  const medium = syntheticInstance(mediumEvent);
  if (wanted("synthetic-50k-total")) rows.push(await run("synthetic-50k-total", medium));
  if (wanted("synthetic-50k-atMostSame")) rows.push(await run("synthetic-50k-atMostSame", medium, organizationRule));
}
if (withNssfc) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scores = flags.scores ?? (await nssfcScores(flags["data-dir"], flags.top, log));
  let nssfc = nssfcInstance(scores, path.join(flags["data-dir"], "experts.jsonl"), 1);
  // Tight maxLoad: the smallest uniform one with which every need can get its demand.
  for (;;) {
    const probe = await solveAssignment(nssfc);
    if (probe.status !== "infeasible") break;
    if (probe.diagnosis?.reasons.some((r) => r.kind !== "capacityCut"))
      throw new Error(`nssfc-dev is infeasible for a reason maxLoad cannot fix: ${probe.diagnosis.summary}`);
    const maxLoad = nssfc.experts[0]!.maxLoad + 1;
    log(`nssfc-dev: infeasible with maxLoad ${maxLoad - 1} (${probe.diagnosis?.summary ?? "no diagnosis"})`);
    nssfc = nssfcInstance(scores, path.join(flags["data-dir"], "experts.jsonl"), maxLoad);
  }
  log(
    `nssfc-dev: ${nssfc.needs.length} needs × ${nssfc.experts.length} experts, ${nssfc.pairs.length} pairs, ` +
      `${nssfc.conflicts?.length ?? 0} conflicts, maxLoad ${nssfc.experts[0]?.maxLoad}`,
  );
  rows.push(await run("nssfc-dev-total", nssfc));
  rows.push(await run("nssfc-dev-atMostSame", nssfc, organizationRule));
}
const bigRow = rows.find((r) => r.instance === "synthetic-500k-total");
const quotaRows = rows.filter((r) => r.instance.includes("atMostSame"));
console.log(
  JSON.stringify({
    instances: rows,
    largeSeconds: bigRow?.seconds ?? null,
    largeStatus: bigRow?.status ?? null,
    totalAllOptimal: rows.filter((r) => r.instance.endsWith("-total")).every((r) => r.status === "optimal"),
    maxQuotaGapPercent: Math.max(...quotaRows.map((r) => r.gapPercent ?? 100)),
    maxQuotaSeconds: Math.max(...quotaRows.map((r) => r.seconds)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
  }),
);
