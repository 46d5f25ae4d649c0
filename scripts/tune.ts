/**
 * Reproducible weight tuning on the development split, with a held-out part:
 *
 *   npm run tune [-- --db FILE]
 *
 * Imports and indexes ../shared/data/nssfc-dev (or reuses a database prepared by
 * `match:batch --db FILE`), builds the engine once per candidate weight set, and scores every
 * need. A fixed 30% of needs (by a hash of their id) is held out: candidates are compared on
 * the other 70% only (coordinate ascent over `searchSpace`), and the best set and the defaults
 * are then reported on both parts, so overfitting shows. Deterministic: fixed clock, fixed
 * search order, no randomness. Prints one JSON line per candidate and ends with
 * {"best":…,"tuning":…,"heldOut":…,"defaults":{"tuning":…,"heldOut":…}}.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { defaultMatchingWeights, ExpertMatcher, type MatchingWeights } from "../matching/index.js";
import { createPrismaClient } from "../server/db/prisma.js";
import { loadMatchingInputs } from "../server/matches/matching-inputs.js";
import { runMatchBatch } from "./match-batch.js";

export type Qrels = Map<string, Map<string, number>>;

export interface QrelsMetrics {
  needs: number;
  mrrAt10: number;
  recallAt1: number;
  recallAt10: number;
  recallAt50: number;
  ndcgAt10: number;
}

export function readQrels(file: string): Qrels {
  const qrels: Qrels = new Map();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line || line.startsWith("needExternalId")) continue;
    const [need, expert, relevance] = line.split("\t");
    if (!need || !expert) continue;
    const map = qrels.get(need) ?? new Map<string, number>();
    map.set(expert, Number(relevance));
    qrels.set(need, map);
  }
  return qrels;
}

/** `ranked`: need → expert keys, best first. Needs in `only` (default: all of qrels) are scored. */
export function evaluate(
  qrels: Qrels,
  ranked: Map<string, readonly string[]>,
  only?: ReadonlySet<string>,
): QrelsMetrics {
  let mrr = 0;
  let r1 = 0;
  let r10 = 0;
  let r50 = 0;
  let ndcg = 0;
  let k = 0;
  for (const [need, rel] of qrels) {
    if (only && !only.has(need)) continue;
    k += 1;
    const list = ranked.get(need) ?? [];
    const first = list.findIndex((e) => rel.has(e));
    if (first >= 0 && first < 10) mrr += 1 / (first + 1);
    r1 += list.slice(0, 1).some((e) => rel.has(e)) ? 1 : 0;
    r10 += list.slice(0, 10).filter((e) => rel.has(e)).length / rel.size;
    r50 += list.slice(0, 50).filter((e) => rel.has(e)).length / rel.size;
    const dcg = list.slice(0, 10).reduce((sum, e, i) => sum + (rel.get(e) ?? 0) / Math.log2(i + 2), 0);
    const ideal = [...rel.values()]
      .sort((a, b) => b - a)
      .slice(0, 10)
      .reduce((sum, v, i) => sum + v / Math.log2(i + 2), 0);
    ndcg += ideal > 0 ? dcg / ideal : 0;
  }
  const avg = (x: number) => (k > 0 ? Math.round((x / k) * 10_000) / 10_000 : 0);
  return {
    needs: k,
    mrrAt10: avg(mrr),
    recallAt1: avg(r1),
    recallAt10: avg(r10),
    recallAt50: avg(r50),
    ndcgAt10: avg(ndcg),
  };
}

/** A need is held out when the first byte of sha1(id) falls in the lowest 30%. */
export function heldOut(needKey: string): boolean {
  return createHash("sha1").update(needKey).digest()[0]! < 0.3 * 256;
}

/**
 * The search space: for each weight, the values tried. Coordinate ascent from the defaults, in
 * this order, one pass: a value is kept only when it raises the tuning MRR@10 by more than
 * `minGain`, so the search does not chase noise (one need at rank 1 is 0.0014 of 700 needs).
 */
const searchSpace: [keyof MatchingWeights, number[]][] = [
  ["discipline", [0.15, 0.25, 0.5, 1]],
  ["disciplineUnknown", [0, 0.25, 0.5, 0.75]],
  ["bigramWeight", [0.7, 1, 1.5]],
  ["wordWeight", [0.5, 1]],
  ["profile", [0.25, 0.5, 1]],
  ["evidenceDecay", [0.15, 0.3, 0.5]],
  ["k1", [0.9, 1.2, 1.6]],
  ["b", [0.5, 0.75, 0.9]],
  ["recencyFloor", [0.5, 0.75]],
];
const minGain = 0.002;

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { db: { type: "string" } } });
  const root = path.resolve(import.meta.dirname, "..");
  const data = path.resolve(root, "..", "shared", "data", "nssfc-dev");
  let dbFile = values.db ? path.resolve(values.db) : undefined;
  let temporary: string | undefined;
  if (!dbFile || !fs.existsSync(dbFile)) {
    temporary = dbFile ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-tune-"));
    dbFile ??= path.join(temporary!, "tune.db");
    await runMatchBatch(
      {
        experts: path.join(data, "experts.jsonl"),
        needs: path.join(data, "needs.jsonl"),
        mode: "needs",
        top: 1,
        out: path.join(path.dirname(dbFile), "tune-warmup.jsonl"),
        db: dbFile,
        explain: false,
      },
      { log: (line) => process.stderr.write(`${line}\n`) },
    );
  }
  try {
    const db = await createPrismaClient(`file:${dbFile}`);
    const { experts, needs } = await loadMatchingInputs(db, "externalId");
    await db.$disconnect();
    const qrels = readQrels(path.join(data, "qrels.tsv"));
    const tuningSet = new Set([...qrels.keys()].filter((k) => !heldOut(k)));
    const heldOutSet = new Set([...qrels.keys()].filter((k) => heldOut(k)));
    const clock = { now: () => new Date("2026-01-01T00:00:00Z") };
    const score = (weights: Partial<MatchingWeights>) => {
      const matcher = new ExpertMatcher({ experts, clock, weights });
      const ranked = new Map(
        needs.map((need) => [need.key, matcher.matchNeed(need, { top: 50 }).map((m) => m.expertKey)]),
      );
      return { tuning: evaluate(qrels, ranked, tuningSet), heldOut: evaluate(qrels, ranked, heldOutSet) };
    };
    const defaults = score({});
    process.stdout.write(`${JSON.stringify({ weights: {}, tuningMrrAt10: defaults.tuning.mrrAt10 })}\n`);
    let best = { weights: {} as Partial<MatchingWeights>, ...defaults };
    for (const [name, values] of searchSpace) {
      for (const value of values) {
        if ((best.weights[name] ?? defaultMatchingWeights[name]) === value) continue;
        const weights = { ...best.weights, [name]: value };
        const result = score(weights);
        process.stdout.write(`${JSON.stringify({ weights, tuningMrrAt10: result.tuning.mrrAt10 })}\n`);
        if (result.tuning.mrrAt10 > best.tuning.mrrAt10 + minGain) best = { weights, ...result };
      }
    }
    process.stdout.write(
      `${JSON.stringify({ best: best.weights, tuning: best.tuning, heldOut: best.heldOut, defaults: { tuning: defaults.tuning, heldOut: defaults.heldOut } })}\n`,
    );
  } finally {
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
