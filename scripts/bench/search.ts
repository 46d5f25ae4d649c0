/**
 * Search benchmark: generates, with a fixed seed, 100,000 experts, 100,000 technologies and
 * 50,000 needs from real vocabulary (the 2,000 CSL papers: titles, abstract sentences,
 * keywords, disciplines recombined; 5 % of the documents in Traditional Chinese, 5 % in
 * English), indexes them with the embedded engine (SqliteFtsIndex, in a fresh temporary
 * directory) and measures:
 *
 * - analysis throughput (chars/s, `analysisThroughput` on a sample of generated texts);
 * - index build rate (documents/s, analysis included) per index and overall;
 * - p50 / p95 / p99 latency of 1–3 word queries: plain, filtered, faceted, both, and as the
 *   search page asks (facets + highlights);
 * - the same FTS5 queries issued directly on the database without our layer ("bare": the SQL
 *   statements a search ran, captured by SqliteFtsIndex's trace in an untimed run of the same
 *   request and replayed on statements prepared before timing starts), and the ratio ours / bare;
 * - how often the ranking budget applied (plain queries), and how much of the first page of exact
 *   bm25 over every hit our layer keeps;
 * - where the time of one of our queries goes (analysis, each statement, highlights, the rest of
 *   the layer), each step timed on its own;
 * - peak RSS (sampled every 50 ms, and the kernel's high-water mark).
 *
 *   npm run bench:search [-- --scale 0.1 --seed 20240611 --queries 450 --batch-size 1000 --analysis-threads 1]
 *
 * Aims: p95 ≤ 10 ms, build ≥ 4,000 documents/s, RSS ≤ 1 GB, our layer within 1.5× of bare FTS5.
 * The pieces live in scripts/bench/search/: documents.ts (the generator), queries.ts, index-build.ts,
 * query-timing.ts, bare-fts.ts (the bare-FTS5 floor), query-profile.ts and report.ts.
 *
 * The last line of output is one JSON object (machine-readable), e.g.
 *   {"documents":250000,"analysisCharsPerSecond":…,"buildDocsPerSecond":…,"queryP95Ms":…,…}
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { SqliteFtsIndex, analysisThroughput } from "../../matching/index.js";
import { parseCommandFlags, runCommand } from "../cli/cli-flags.js";
import { BareFts } from "./search/bare-fts.js";
import { DocumentGenerator, buildVocabulary, loadPapers } from "./search/documents.js";
import { buildIndexes } from "./search/index-build.js";
import { profileQueries } from "./search/query-profile.js";
import { StatementTracer, timeQueries } from "./search/query-timing.js";
import { generateQueries, indexNames } from "./search/queries.js";
import { renderReport } from "./search/report.js";

const projectRoot = path.resolve(import.meta.dirname, "..", "..");
const usage =
  "usage: npm run bench:search [-- --scale 0.1 --seed N --queries N --batch-size N --analysis-threads N --csl FILE]";

const argsSchema = z.object({
  scale: z.coerce.number().positive().max(4).default(1),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(20240611),
  queries: z.coerce.number().int().min(30).max(100_000).default(450),
  "batch-size": z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Worker threads for indexing analysis; unset: the engine's default (only while a CPU is spare). */
  "analysis-threads": z.coerce.number().int().min(0).max(16).optional(),
  csl: z
    .string()
    .default(path.resolve(projectRoot, "..", "shared", "data", "csl", "csl-2000.jsonl"))
    .refine((file) => fs.existsSync(file), { error: (issue) => `--csl: file not found: ${String(issue.input)}` }),
});
type Args = z.infer<typeof argsSchema>;

const megabyte = 1024 * 1024;

/** Analysis throughput, on a sample of generated texts (every field of the first documents of each index). */
function measureAnalysis(vocabulary: ReturnType<typeof buildVocabulary>, seed: number) {
  const sampleTexts: string[] = [];
  for (const [k, name] of indexNames.entries()) {
    const generator = new DocumentGenerator(vocabulary, seed + 1000 + k);
    for (let n = 0; n < 1000; n++) sampleTexts.push(...Object.values(generator.next(name, n).text).filter(Boolean));
  }
  analysisThroughput(sampleTexts.slice(0, 500)); // loads jieba and OpenCC, warms the JIT
  const analysis = analysisThroughput(sampleTexts);
  console.error(
    `analysis: ${Math.round(analysis.charsPerSecond).toLocaleString("en")} chars/s on ${analysis.texts} texts`,
  );
  return analysis;
}

async function bench(args: Args): Promise<number> {
  const counts = {
    experts: Math.round(100_000 * args.scale),
    technologies: Math.round(100_000 * args.scale),
    needs: Math.round(50_000 * args.scale),
  };
  const documents = counts.experts + counts.technologies + counts.needs;

  // Sampling catches the peak between batches (the loop yields to timers after each one);
  // maxRSS (the kernel's high-water mark) catches anything the sampler missed.
  let sampledPeakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  }, 50);

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-bench-search-"));
  const tracer = new StatementTracer();
  const index = new SqliteFtsIndex({
    file: path.join(directory, "search.db"),
    trace: tracer.record,
    analysisThreads: args["analysis-threads"],
  });
  try {
    const vocabulary = buildVocabulary(loadPapers(args.csl));
    console.error(
      `vocabulary: ${vocabulary.papers.length} CSL papers, ${vocabulary.disciplines.length} disciplines; ` +
        `generating ${documents.toLocaleString("en")} documents (seed ${args.seed}, scale ${args.scale})`,
    );
    const analysis = measureAnalysis(vocabulary, args.seed);
    const loadBefore = os.loadavg()[0]!;
    const { build, scripts } = await buildIndexes(index, vocabulary, {
      seed: args.seed,
      batchSize: args["batch-size"],
      counts,
    });
    // Large upserts are analysed by worker threads beside the writes (SqliteFtsIndex's pool).
    const analysisThreadsUsed = index.analysisThreadsUsed;
    const databaseBytes = fs
      .readdirSync(directory)
      .reduce((sum, file) => sum + fs.statSync(path.join(directory, file)).size, 0);

    const bare = new BareFts(index.rawDatabase());
    const traceOf = tracer.traceOf(index, bare);
    const warmup = Math.min(60, Math.floor(args.queries / 5));
    const specs = generateQueries(vocabulary, args.queries + warmup, args.seed + 7);
    const timings = await timeQueries(index, bare, traceOf, specs, warmup);
    // Where one query's time goes: its steps timed one by one (filter + facets + highlights).
    const breakdown = await profileQueries(index, specs.slice(warmup), traceOf);

    clearInterval(sampler);
    const peakRssMb = Math.max(sampledPeakRss, process.resourceUsage().maxRSS * 1024) / megabyte;
    const { text, result } = renderReport({
      ...timings,
      seed: args.seed,
      scale: args.scale,
      batchSize: args["batch-size"],
      counts,
      documents,
      analysis,
      analysisThreadsUsed,
      build,
      scripts,
      databaseBytes,
      breakdown,
      peakRssMb,
      loadBefore,
    });
    console.log(text);
    console.log(JSON.stringify(result));
    return 0;
  } finally {
    clearInterval(sampler);
    await index.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

const flags = {
  scale: { type: "string" },
  seed: { type: "string" },
  queries: { type: "string" },
  "batch-size": { type: "string" },
  "analysis-threads": { type: "string" },
  csl: { type: "string" },
} as const;

// Runs when executed (npm run bench:search); importing the module runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await runCommand({
    name: "bench:search",
    usage,
    parse: (argv) => parseCommandFlags(argv, flags, argsSchema),
    run: bench,
  });
}
