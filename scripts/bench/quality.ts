/**
 * Matching quality on the development benchmark, through the public batch CLI:
 *
 *   npm run bench:quality
 *
 * Runs `match-batch --mode needs --top 50` on ../shared/data/nssfc-dev, scores the results
 * with ../shared/bench/eval_qrels.py, prints its line and ends with one JSON line:
 * {"mrrAt10":…,"recallAt1":…,"recallAt10":…,"recallAt50":…,"ndcgAt10":…}
 * The clock is fixed (--now 2026-01-01) so the figures are reproducible.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const data = path.resolve(root, "..", "shared", "data", "nssfc-dev");
const evalScript = path.resolve(root, "..", "shared", "bench", "eval_qrels.py");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-quality-"));
const results = path.join(dir, "results.jsonl");
try {
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(root, "scripts", "match-batch.ts"),
      ...["--experts", path.join(data, "experts.jsonl"), "--needs", path.join(data, "needs.jsonl")],
      ...["--mode", "needs", "--top", "50", "--out", results, "--now", "2026-01-01"],
    ],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  const line = execFileSync("python3", [evalScript, path.join(data, "qrels.tsv"), results], {
    encoding: "utf8",
  }).trim();
  process.stdout.write(`${line}\n`);
  const figure = (name: string) => Number(new RegExp(`(?:^|\\s)${name}=([0-9.]+)`).exec(line)?.[1] ?? Number.NaN);
  process.stdout.write(
    `${JSON.stringify({
      mrrAt10: figure("MRR@10"),
      recallAt1: figure("R@1"),
      recallAt10: figure("R@10"),
      recallAt50: figure("R@50"),
      ndcgAt10: figure("nDCG@10"),
    })}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
