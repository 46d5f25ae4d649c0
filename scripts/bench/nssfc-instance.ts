/**
 * The nssfc-dev docking-event instance of bench:assign: every need of ../shared/data/nssfc-dev
 * with its top-K experts as scored by this engine (`npm run match:batch -- --mode needs`),
 * demand 3, a tight maxLoad (the smallest uniform one that is feasible), 2 % of the pairs conflicted, and the experts' real organizations
 * for the atMostSame rule.
 *
 * The scores come from a match:batch output given with --scores, or are made here with
 * `runMatchBatch` (import of the 54,279 experts, engine build, matching; about a minute on two
 * cores) and cached in tmp/bench/ beside a key of the input files' sizes and dates, so later runs
 * reuse them.
 */
import fs from "node:fs";
import path from "node:path";
import type { AssignmentProblem, CandidatePair } from "../../matching/index.js";
import { projectRoot } from "../../server/project-root.js";
import { Rng } from "../demo-data/prng.js";
import { runMatchBatch } from "../match-batch.js";

export const defaultNssfcDir = path.resolve(projectRoot, "..", "shared", "data", "nssfc-dev");
/** The clock the scores are computed against, fixed so that the cache and the figures are reproducible. */
const scoringDate = "2026-01-01";

/**
 * A match:batch `--mode needs --top K` output for the collection: the cached one when its key
 * matches, else a fresh one (written to a temporary name first, so an interrupted run leaves
 * no cache behind).
 */
export async function nssfcScores(dataDir: string, top: number, log: (line: string) => void): Promise<string> {
  const experts = path.join(dataDir, "experts.jsonl");
  const needs = path.join(dataDir, "needs.jsonl");
  const stamp = (file: string) => {
    const s = fs.statSync(file);
    return { size: s.size, modified: s.mtimeMs };
  };
  const key = JSON.stringify({ experts: stamp(experts), needs: stamp(needs), top, now: scoringDate });
  const cacheDir = path.join(projectRoot, "tmp", "bench");
  const out = path.join(cacheDir, `${path.basename(dataDir)}-needs-top${top}.jsonl`);
  const keyFile = `${out}.key.json`;
  if (fs.existsSync(out) && fs.existsSync(keyFile) && fs.readFileSync(keyFile, "utf8") === key) {
    log(`scores: reusing ${path.relative(projectRoot, out)}`);
    return out;
  }
  log(`scores: running match:batch on ${dataDir} (top ${top}); cached in ${path.relative(projectRoot, out)}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${out}.partial`;
  const started = performance.now();
  await runMatchBatch(
    { experts, needs, mode: "needs", top, out: partial, now: new Date(scoringDate), explain: false },
    { log },
  );
  fs.renameSync(partial, out);
  fs.writeFileSync(keyFile, key);
  log(`scores: ${Math.round((performance.now() - started) / 1000)} s`);
  return out;
}

/** Reads the experts' organizations (externalId → organization) from the collection. */
function organizations(expertsFile: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const line of fs.readFileSync(expertsFile, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { externalId?: string; organization?: string };
    if (row.externalId && row.organization) byId.set(row.externalId, row.organization);
  }
  return byId;
}

/**
 * The instance: each need's listed experts become its candidates with their scores (demand 3, or
 * the number of usable candidates when the matcher listed fewer), every expert
 * with the same maxLoad (the benchmark raises it from 1 to the smallest feasible one: tight).
 */
export function nssfcInstance(scoresFile: string, expertsFile: string, maxLoad: number): AssignmentProblem {
  const rng = new Rng(618);
  const organizationOf = organizations(expertsFile);
  const needs: AssignmentProblem["needs"][number][] = [];
  const expertIndex = new Map<string, number>();
  const pairs: CandidatePair[] = [];
  const conflicts: { need: number; expert: number }[] = [];
  for (const line of fs.readFileSync(scoresFile, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { needExternalId: string; matches: { expertExternalId: string; score: number }[] };
    const need = needs.length;
    let usable = 0;
    for (const m of row.matches) {
      let expert = expertIndex.get(m.expertExternalId);
      if (expert === undefined) expertIndex.set(m.expertExternalId, (expert = expertIndex.size));
      pairs.push({ need, expert, score: m.score });
      if (rng.chance(0.02)) conflicts.push({ need, expert });
      else usable++;
    }
    // Demand 3, or fewer where the matcher found fewer usable experts (one need of nssfc-dev).
    needs.push({ id: row.needExternalId, demand: Math.min(3, usable), attrs: {} });
  }
  const experts = [...expertIndex.keys()].map((id) => {
    const organization = organizationOf.get(id);
    const attrs: Record<string, string> = organization ? { organization } : {};
    return { id, minLoad: 0, maxLoad, attrs };
  });
  return { needs, experts, pairs, conflicts };
}
