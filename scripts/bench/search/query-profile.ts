import type Database from "better-sqlite3";
import {
  analyzeQuery,
  highlightText,
  queryTermsOf,
  type SearchRequest,
  type SearchStatementTrace,
  type SqliteFtsIndex,
} from "../../../matching/index.js";
// The profile times the exact MATCH string our layer builds; the public API does not export the
// builder (nothing but this benchmark needs it outside the engine).
// eslint-disable-next-line no-restricted-imports
import { buildFtsMatch } from "../../../matching/search/fts-query.js";
import { searchSchemas } from "../../../server/indexing/search-documents.js";
import { highlightFields, requestOf, type QuerySpec } from "./queries.js";
import { cpuMs, stats, type Stats } from "./timing.js";

/**
 * Times, each on its own and in process CPU time (steadier than wall time on a busy machine),
 * the steps of a filtered, faceted, highlighted search: the whole search, the query analysis,
 * each SQL statement it ran (replayed from its trace) and the highlighting; what is left is the
 * rest of our layer (filters, facets, candidates, results).
 */
export async function profileQueries(
  index: SqliteFtsIndex,
  specs: readonly QuerySpec[],
  traceOf: (spec: QuerySpec, request: SearchRequest) => Promise<SearchStatementTrace[]>,
): Promise<{ step: string; stats: Stats }[]> {
  const steps = new Map<string, number[]>();
  const record = (step: string, value: number) => {
    const list = steps.get(step) ?? [];
    list.push(value);
    steps.set(step, list);
  };
  const time = <T>(run: () => T): [T, number] => {
    const started = cpuMs();
    const value = run();
    return [value, cpuMs() - started];
  };
  const db = index.rawDatabase();
  const statements = new Map<string, Database.Statement>();
  const prepared = (trace: SearchStatementTrace) => {
    let statement = statements.get(trace.sql);
    if (!statement) statements.set(trace.sql, (statement = db.prepare(trace.sql)));
    return statement;
  };
  const labels: Record<SearchStatementTrace["step"], string> = {
    hits: "FTS5: the MATCH's hits, unranked (all, then any)",
    "strong-field hits": "FTS5: strong-field hits (over the ranking budget)",
    "bm25 ranking": "FTS5: bm25 ranking of the hits or candidates",
    "typo lookup": "fts5vocab: typo lookups",
    "highlight text": "documents: texts for highlights",
  };
  for (const spec of specs) {
    const request = { ...requestOf(spec, "filteredFaceted"), highlight: highlightFields[spec.index] };
    const traces = await traceOf(spec, request);
    const started = cpuMs();
    await index.search(spec.index, request);
    const whole = cpuMs() - started;
    record("whole search (ours)", whole);
    let parts = 0;
    const [query, analysis] = time(() => {
      const analysed = analyzeQuery(spec.text);
      buildFtsMatch(analysed, searchSchemas[spec.index], "all");
      return analysed;
    });
    record("analyse query + build MATCH (JS)", analysis);
    parts += analysis;
    const bySteps = new Map<string, number>();
    for (const trace of traces) {
      const statement = prepared(trace);
      const [, cost] = time(() =>
        trace.method === "get" ? statement.get(...trace.params) : statement.all(...trace.params),
      );
      bySteps.set(labels[trace.step], (bySteps.get(labels[trace.step]) ?? 0) + cost);
    }
    for (const label of Object.values(labels)) {
      if (!bySteps.has(label)) continue;
      record(label, bySteps.get(label)!);
      parts += bySteps.get(label)!;
    }
    const texts = traces
      .filter((trace) => trace.step === "highlight text")
      .map((trace) => prepared(trace).get(...trace.params) as { text: string } | undefined);
    const [, highlighting] = time(() => {
      const terms = queryTermsOf(query, []);
      for (const row of texts) {
        const text = JSON.parse(row?.text ?? "{}") as Record<string, string>;
        for (const field of highlightFields[spec.index]) highlightText(text[field] ?? "", terms);
      }
    });
    record("highlights: re-analysis of the page's texts (JS)", highlighting);
    parts += highlighting;
    record("rest of our layer: filters, facets, candidates, results (JS)", Math.max(0, whole - parts));
  }
  return [...steps.entries()].map(([step, list]) => ({ step, stats: stats(list) }));
}
