/**
 * The build half of the search benchmark: generates each index's documents (untimed) and times
 * each upsert (analysis + writes), in wall clock and CPU time. Every tenth batch is also analysed
 * again on its own (untimed for the build), to split the build's CPU time between analysis and
 * writes.
 */
import { setImmediate } from "node:timers/promises";
import { documentFields, type SearchDocument, type SqliteFtsIndex } from "../../../matching/index.js";
import { searchSchemas } from "../../../server/indexing/search-documents.js";
import type { SearchIndexName } from "../../../server/indexing/search-outbox.js";
import { DocumentGenerator, type Script, type Vocabulary } from "./documents.js";
import { indexNames } from "./queries.js";
import { cpuMs } from "./timing.js";

export interface BuildStats {
  seconds: number;
  cpuSeconds: number;
  generateSeconds: number;
  chars: number;
  sampledChars: number;
  sampledCpuSeconds: number;
}

export interface BuildResult {
  build: Record<SearchIndexName, BuildStats>;
  /** Documents by the script their text is in. */
  scripts: Record<Script, number>;
}

const emptyBuild = (): BuildStats => ({
  seconds: 0,
  cpuSeconds: 0,
  generateSeconds: 0,
  chars: 0,
  sampledChars: 0,
  sampledCpuSeconds: 0,
});

/** The script a generated document is written in (English titles start with a Latin capital). */
function scriptOf(name: SearchIndexName, doc: SearchDocument): Script {
  const language = doc.attributes.language;
  const english =
    name === "experts" ? Array.isArray(language) && language[0] === "en" : /^[A-Z]/.test(doc.text.title ?? "");
  if (english) return "english";
  return /[體機電學國與術]/u.test(Object.values(doc.text).join("")) ? "traditional" : "simplified";
}

export async function buildIndexes(
  index: SqliteFtsIndex,
  vocabulary: Vocabulary,
  options: { seed: number; batchSize: number; counts: Record<SearchIndexName, number> },
): Promise<BuildResult> {
  const { seed, batchSize, counts } = options;
  const build: Record<SearchIndexName, BuildStats> = {
    experts: emptyBuild(),
    technologies: emptyBuild(),
    needs: emptyBuild(),
  };
  const scripts: Record<Script, number> = { simplified: 0, traditional: 0, english: 0 };
  for (const [k, name] of indexNames.entries()) {
    await index.applySchema(name, searchSchemas[name]);
    const generator = new DocumentGenerator(vocabulary, seed + k);
    for (let start = 0; start < counts[name]; start += batchSize) {
      const generateStarted = performance.now();
      const batch: SearchDocument[] = [];
      for (let n = start; n < Math.min(counts[name], start + batchSize); n++) batch.push(generator.next(name, n));
      for (const doc of batch) {
        for (const text of Object.values(doc.text)) build[name].chars += text.length;
        scripts[scriptOf(name, doc)] += 1;
      }
      const started = performance.now();
      const cpuStarted = cpuMs();
      build[name].generateSeconds += (started - generateStarted) / 1000;
      await index.upsert(name, batch);
      build[name].seconds += (performance.now() - started) / 1000;
      build[name].cpuSeconds += (cpuMs() - cpuStarted) / 1000;
      if ((start / batchSize) % 10 === 0) {
        const fields = searchSchemas[name].searchable.map((s) => s.field);
        const analysisStarted = cpuMs();
        for (const doc of batch) for (const field of fields) documentFields(doc.text[field] ?? "");
        build[name].sampledCpuSeconds += (cpuMs() - analysisStarted) / 1000;
        for (const doc of batch) for (const field of fields) build[name].sampledChars += (doc.text[field] ?? "").length;
      }
      await setImmediate();
    }
    console.error(
      `built ${name}: ${counts[name].toLocaleString("en")} documents in ${build[name].seconds.toFixed(1)} s ` +
        `(${Math.round(counts[name] / build[name].seconds).toLocaleString("en")} docs/s)`,
    );
  }
  return { build, scripts };
}
