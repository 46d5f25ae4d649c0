/**
 * Imports the nssfc-dev experts (54,279) through a running server while clients keep writing
 * and reading, then kills the server halfway through a second import, restarts it and imports
 * again (see import-live/live-import.ts).
 *
 *   npm run bench:import-live [-- --experts FILE --kill-at 0.5 --writers 2 --readers 2 --think-ms 200 --baseline-seconds 10]
 *
 * The last line of output is one JSON object of the figures. Aims (issue 11): failedWrites 0,
 * healthzP99Ms ≤ 200, peakServerRssMb ≤ 1024, countsExact and killRerunSameState true.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../../server/project-root.js";
import { inputFileFlag, parseCommandFlags, runCommand } from "../cli/cli-flags.js";
import { runLiveImport } from "./import-live/live-import.js";

const flagsSchema = z.object({
  experts: inputFileFlag("experts").prefault(
    path.resolve(projectRoot, "..", "shared", "data", "nssfc-dev", "experts.jsonl"),
  ),
  "kill-at": z.coerce.number().gt(0).lt(1).default(0.5),
  writers: z.coerce.number().int().min(0).max(20).default(2),
  readers: z.coerce.number().int().min(0).max(20).default(2),
  "think-ms": z.coerce.number().int().min(0).max(10_000).default(200),
  "baseline-seconds": z.coerce.number().min(1).max(600).default(10),
});

async function main(flags: z.output<typeof flagsSchema>): Promise<number> {
  const figures = await runLiveImport({
    expertsFile: flags.experts,
    killAtFraction: flags["kill-at"],
    writers: flags.writers,
    readers: flags.readers,
    thinkMs: flags["think-ms"],
    baselineSeconds: flags["baseline-seconds"],
    log: (line) => console.error(line),
  });
  const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
  console.log(
    [
      `experts ${figures.experts}: imported in ${figures.importSeconds} s (${figures.importRatePerSecond}/s), searchable after ${figures.indexedSeconds} s`,
      `writes ${figures.writes} (failed ${figures.failedWrites}), reads ${figures.reads} (failed ${figures.failedReads})`,
      `/healthz p50 ${figures.healthzP50Ms} ms, p99 ${figures.healthzP99Ms} ms, max ${figures.healthzMaxMs} ms over ${figures.healthzProbes} probes (p99 ${figures.healthzP99BaselineMs} ms under the same clients before the upload: ×${figures.healthzP99Ratio})`,
      `server RSS ${figures.serverRssBeforeMb} MB before, ${figures.peakServerRssMb} MB at peak`,
      `counts exact: ${figures.countsExact}; killed at ${figures.killedAtPercent}% → interrupted: ${figures.killedJobInterrupted}, same final state after rerun: ${figures.killRerunSameState}`,
      `load average ${loadAverage.join(" ")}`,
    ].join("\n"),
  );
  console.log(JSON.stringify({ ...figures, loadAverage1m: loadAverage[0] }));
  return 0;
}

const text = { type: "string" } as const;
process.exitCode = await runCommand({
  name: "bench:import-live",
  usage:
    "usage: npm run bench:import-live [-- --experts FILE --kill-at 0.5 --writers 2 --readers 2 --think-ms 200 --baseline-seconds 10]",
  parse: (argv) =>
    parseCommandFlags(
      argv,
      { experts: text, "kill-at": text, writers: text, readers: text, "think-ms": text, "baseline-seconds": text },
      flagsSchema,
    ),
  run: main,
});
