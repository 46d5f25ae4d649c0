/**
 * Matching quality on every development collection, through the public batch CLI:
 *
 *   npm run bench:quality [-- --collections nssfc-dev,acl-dev,chinaxiv-dev] [--data-dir DIR] [--cross-strait]
 *
 * For each collection (a folder with experts.jsonl, needs.jsonl and qrels.tsv in the formats
 * of FORMATS.md): runs `match-batch --mode needs --top 50` (import, self-supervised
 * training, matching), runs the reference floor ../shared/bench/bm25_baseline.py on the same
 * files, scores both with ../shared/bench/eval_qrels.py and prints them side by side, plus the
 * "hard" subset (needs whose relevant experts' records do not contain the need's title).
 * Ends with one JSON line: per collection (camelCase prefix, e.g. aclDev) MRR@10, R@10,
 * nDCG@10, the floor's figures, the ratio to the floor, and the hard subset's MRR@10.
 * The clock is fixed (--now 2026-01-01) so the figures are reproducible. With --cross-strait, each
 * Chinese collection is also run as its cross-strait copy (cross-strait-collection.ts: a third of
 * the experts and of the needs in Taiwan Traditional), named `<collection>-cross-strait`; its hard
 * subset is the original's needs.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseCommandFlags, runCommand } from "../cli/cli-flags.js";
import { writeCrossStraitCollection } from "./cross-strait-collection.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const shared = path.resolve(root, "..", "shared");
const evalScript = path.join(shared, "bench", "eval_qrels.py");
const floorScript = path.join(shared, "bench", "bm25_baseline.py");

const flagsSchema = z.object({
  collections: z
    .string()
    .default("nssfc-dev,acl-dev,chinaxiv-dev")
    .transform((list) =>
      list
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  "data-dir": z.string().default(path.join(shared, "data")),
  "cross-strait": z.boolean().default(false),
});

interface Figures {
  mrrAt10: number;
  recallAt10: number;
  ndcgAt10: number;
}

function evaluate(qrels: string, results: string): Figures & { line: string } {
  const line = execFileSync("python3", [evalScript, qrels, results], { encoding: "utf8" }).trim();
  const figure = (name: string) => Number(new RegExp(`(?:^|\\s)${name}=([0-9.]+)`).exec(line)?.[1] ?? Number.NaN);
  return { line, mrrAt10: figure("MRR@10"), recallAt10: figure("R@10"), ndcgAt10: figure("nDCG@10") };
}

const normalizeTitle = (title: string) => title.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** MRR@10 over the needs whose relevant experts hold no record containing the need's title. */
function hardSubset(dir: string, results: string): { needs: number; mrrAt10: number } {
  const relevant = new Map<string, Set<string>>();
  for (const line of fs.readFileSync(path.join(dir, "qrels.tsv"), "utf8").split("\n").slice(1)) {
    const [need, expert, relevance] = line.split("\t");
    if (!need || !expert || Number(relevance) <= 0) continue;
    relevant.set(need, (relevant.get(need) ?? new Set()).add(expert));
  }
  const titlesOf = new Map<string, string[]>();
  for (const line of fs.readFileSync(path.join(dir, "experts.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const expert = JSON.parse(line) as { externalId: string; publications?: { title: string }[] };
    titlesOf.set(
      expert.externalId,
      (expert.publications ?? []).map((p) => normalizeTitle(p.title)),
    );
  }
  const ranked = new Map<string, string[]>();
  for (const line of fs.readFileSync(results, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { needExternalId: string; matches: { expertExternalId: string }[] };
    ranked.set(
      row.needExternalId,
      row.matches.map((m) => m.expertExternalId),
    );
  }
  let needs = 0;
  let sum = 0;
  for (const line of fs.readFileSync(path.join(dir, "needs.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const need = JSON.parse(line) as { externalId: string; title: string };
    const answers = relevant.get(need.externalId);
    if (!answers) continue;
    const title = normalizeTitle(need.title);
    const easy = [...answers].some((e) => (titlesOf.get(e) ?? []).some((t) => t.includes(title)));
    if (easy) continue;
    needs += 1;
    const first = (ranked.get(need.externalId) ?? []).slice(0, 10).findIndex((e) => answers.has(e));
    if (first >= 0) sum += 1 / (first + 1);
  }
  return { needs, mrrAt10: needs > 0 ? round(sum / needs) : 0 };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const prefix = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Runs the engine and the floor on one collection and scores both (hard subset judged on `hardDir`). */
function benchCollection(name: string, dir: string, hardDir: string, temporary: string): Record<string, number> {
  const files = { experts: path.join(dir, "experts.jsonl"), needs: path.join(dir, "needs.jsonl") };
  const results = path.join(temporary, `${name}.engine.jsonl`);
  const floorResults = path.join(temporary, `${name}.floor.jsonl`);
  process.stdout.write(`\n== ${name}\n`);
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "scripts", "match-batch.ts"),
      ...["--experts", files.experts, "--needs", files.needs],
      ...["--mode", "needs", "--top", "50", "--out", results, "--now", "2026-01-01"],
    ],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  execFileSync("python3", [floorScript, files.experts, files.needs, floorResults, "50"], { stdio: "inherit" });
  const qrels = path.join(dir, "qrels.tsv");
  const engine = evaluate(qrels, results);
  const floor = evaluate(qrels, floorResults);
  const hard = hardSubset(hardDir, results);
  const floorHard = hardSubset(hardDir, floorResults);
  const ratio = round(engine.mrrAt10 / floor.mrrAt10);
  process.stdout.write(
    `engine ${engine.line}\nfloor  ${floor.line}\n` +
      `MRR@10 ${engine.mrrAt10} / floor ${floor.mrrAt10} = ${ratio}×; ` +
      `hard subset (${hard.needs} needs) ${hard.mrrAt10} / floor ${floorHard.mrrAt10}\n`,
  );
  const p = prefix(name);
  return {
    [`${p}MrrAt10`]: engine.mrrAt10,
    [`${p}RecallAt10`]: engine.recallAt10,
    [`${p}NdcgAt10`]: engine.ndcgAt10,
    [`${p}FloorMrrAt10`]: floor.mrrAt10,
    [`${p}FloorRecallAt10`]: floor.recallAt10,
    [`${p}FloorNdcgAt10`]: floor.ndcgAt10,
    [`${p}RatioToFloor`]: ratio,
    [`${p}HardNeeds`]: hard.needs,
    [`${p}HardMrrAt10`]: hard.mrrAt10,
    [`${p}FloorHardMrrAt10`]: floorHard.mrrAt10,
  };
}

const hanText = /[\u3400-\u9fff]/;

/** Whether a collection's needs are written in Chinese (the cross-strait copy is made only for those). */
function isChinese(dir: string): boolean {
  const head = fs.readFileSync(path.join(dir, "needs.jsonl"), "utf8").slice(0, 20_000);
  return (head.match(new RegExp(hanText.source, "g")) ?? []).length > head.length / 20;
}

async function main(flags: z.output<typeof flagsSchema>): Promise<number> {
  const summary: Record<string, number | string[]> = {};
  const belowFloor: string[] = [];
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-quality-"));
  const note = (name: string, figures: Record<string, number>) => {
    Object.assign(summary, figures);
    if (figures[`${prefix(name)}RatioToFloor`]! < 1) belowFloor.push(name);
  };
  try {
    for (const name of flags.collections) {
      const dir = path.resolve(flags["data-dir"], name);
      note(name, benchCollection(name, dir, dir, temporary));
      if (flags["cross-strait"] && isChinese(dir)) {
        const mixedName = `${name}-cross-strait`;
        const mixedDir = path.join(temporary, mixedName);
        const mix = writeCrossStraitCollection(dir, mixedDir);
        process.stdout.write(
          `\n${mixedName}: ${mix.traditionalExperts} of ${mix.experts} experts and ` +
            `${mix.traditionalNeeds} of ${mix.needs} needs in Taiwan Traditional\n`,
        );
        note(mixedName, benchCollection(mixedName, mixedDir, dir, temporary));
      }
    }
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
  summary.belowFloor = belowFloor;
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

process.exitCode = await runCommand({
  name: "bench:quality",
  usage: "usage: npm run bench:quality -- [--collections a,b] [--data-dir DIR] [--cross-strait]",
  parse: (argv) =>
    parseCommandFlags(
      argv,
      { collections: { type: "string" }, "data-dir": { type: "string" }, "cross-strait": { type: "boolean" } },
      flagsSchema,
    ),
  run: main,
});
