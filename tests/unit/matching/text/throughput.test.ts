import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analysisThroughput, TextAnalyzer, type AnalysisThroughput } from "../../../../matching/index.js";

// shared/ sits beside the project root (see shared/data/README.md).
const cslFile = path.resolve(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "..",
  "..",
  "shared",
  "data",
  "csl",
  "csl-2000.jsonl",
);
const TARGET_BYTES = 1_000_000;

function cslAbstracts(): string[] {
  const abstracts: string[] = [];
  let bytes = 0;
  for (const line of fs.readFileSync(cslFile, "utf8").split("\n")) {
    if (line.trim() === "" || bytes >= TARGET_BYTES) continue;
    const abstract = (JSON.parse(line) as { abstract: string }).abstract;
    abstracts.push(abstract);
    bytes += Buffer.byteLength(abstract, "utf8");
  }
  return abstracts;
}

describe("analysis throughput", () => {
  it.skipIf(!fs.existsSync(cslFile))("measures chars/s on ~1 MB of CSL abstracts", () => {
    const abstracts = cslAbstracts();
    const analyzer = new TextAnalyzer();
    analysisThroughput(abstracts.slice(0, 200), { analyzer }); // JIT warm-up
    // The first pass also fills the inner-word cache; later passes are the steady state.
    const passes = [1, 2, 3].map(() => analysisThroughput(abstracts, { analyzer }));
    const describe = (label: string, r: AnalysisThroughput) =>
      `${label}: ${Math.round(r.charsPerSecond)} chars/s = ${(r.bytesPerSecond / 1e6).toFixed(2)} MB/s wall ` +
      `(${r.seconds.toFixed(2)} s), ${Math.round(r.charsPerCpuSecond)} chars/CPU-s = ` +
      `${(r.bytes / r.cpuSeconds / 1e6).toFixed(2)} MB/CPU-s`;
    const result = passes[0] as AnalysisThroughput;
    const best = passes.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    console.log(
      `text analysis of ${result.texts} CSL abstracts, ${result.chars} chars, ${(result.bytes / 1e6).toFixed(2)} MB, ` +
        `${result.tokens} tokens\n  ${describe("first pass", result)}\n  ${describe("best of 3", best)}`,
    );
    expect(result.bytes).toBeGreaterThanOrEqual(TARGET_BYTES);
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.charsPerSecond).toBeGreaterThan(0);
  });
});
