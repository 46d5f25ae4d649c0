/**
 * The query half of the search benchmark: the same texts in every scenario, timed through our
 * layer and replayed on bare FTS5 (ours and bare alternate which goes first), plus exact bm25
 * over every hit for the plain queries (what the ranking budget gives up).
 */
import { setImmediate } from "node:timers/promises";
import type { SearchRequest, SearchStatementTrace, SqliteFtsIndex } from "../../../matching/index.js";
import { searchSchemas } from "../../../server/indexing/search-documents.js";
import type { SearchIndexName } from "../../../server/indexing/search-outbox.js";
import type { BareFts } from "./bare-fts.js";
import type { Script } from "./documents.js";
import {
  commonWords,
  indexNames,
  requestOf,
  scenarioLabels,
  scenarios,
  type QuerySpec,
  type Scenario,
} from "./queries.js";
import { cpuMs, ms, stats } from "./timing.js";

export interface Sample {
  ours: number;
  oursCpu: number;
  bare: number;
  bareCpu: number;
  words: number;
  script: Script;
  total: number;
  fellBack: boolean;
  common: boolean;
  /** The ranking budget applied: candidates were ranked, not every hit. */
  budgeted: boolean;
}

/** A plain query's exact bm25 over every hit: its latency and how much of its first page ours shows. */
export interface ExactRanking {
  ms: number;
  overlap: number;
  budgeted: boolean;
}

export interface QueryTimings {
  samples: Map<Scenario, Sample[]>;
  /** Queries whose page differed from their replay on bare FTS5 (both ran the same ranking). */
  mismatches: number;
  exact: ExactRanking[];
}

export type TraceOf = (spec: QuerySpec, request: SearchRequest) => Promise<SearchStatementTrace[]>;

/** Captures, in an untimed run of a request, the statements a search ran (SqliteFtsIndex's trace). */
export class StatementTracer {
  private traced: SearchStatementTrace[] | null = null;

  /** For SqliteFtsIndex's `trace` option. */
  readonly record = (statement: SearchStatementTrace): void => {
    this.traced?.push(statement);
  };

  /** The statements a request runs, from an untimed run of it; prepares them for the bare side. */
  traceOf(index: SqliteFtsIndex, bare: BareFts): TraceOf {
    return async (spec, request) => {
      this.traced = [];
      await index.search(spec.index, request);
      const statements = this.traced;
      this.traced = null;
      bare.prepare(statements);
      return statements;
    };
  }
}

/** bm25 column weights per index, as FTS5's bm25() takes them (each field and its prefix column). */
const bm25Weights = Object.fromEntries(
  indexNames.map((name) => [
    name,
    searchSchemas[name].searchable.flatMap((s) => [s.weight, s.weight * 0.25]).join(", "),
  ]),
) as Record<SearchIndexName, string>;

export async function timeQueries(
  index: SqliteFtsIndex,
  bare: BareFts,
  traceOf: TraceOf,
  specs: readonly QuerySpec[],
  warmup: number,
): Promise<QueryTimings> {
  const samples = new Map<Scenario, Sample[]>();
  let mismatches = 0;
  // Plain queries only: exact bm25 over every hit, its latency and how many of its first page ours shows.
  const exact: ExactRanking[] = [];
  for (const scenario of scenarios) {
    const list: Sample[] = [];
    // The statements to replay come from a pass over all the scenario's queries before the
    // timed one: a query is not timed right after itself ran (its pages would all be cached).
    const traces: SearchStatementTrace[][] = [];
    for (const spec of specs) traces.push(await traceOf(spec, requestOf(spec, scenario)));
    for (const [q, spec] of specs.entries()) {
      const request = requestOf(spec, scenario);
      const statements = traces[q]!;
      const runOurs = async () => {
        const cpuStarted = cpuMs();
        const started = performance.now();
        const result = await index.search(spec.index, request);
        return { ms: performance.now() - started, cpu: cpuMs() - cpuStarted, result };
      };
      const runBare = () => {
        const cpuStarted = cpuMs();
        const started = performance.now();
        const page = bare.run(statements);
        return { ms: performance.now() - started, cpu: cpuMs() - cpuStarted, page };
      };
      let ours: Awaited<ReturnType<typeof runOurs>>;
      let bareRun: ReturnType<typeof runBare>;
      if (q % 2 === 0) {
        ours = await runOurs();
        bareRun = runBare();
      } else {
        bareRun = runBare();
        ours = await runOurs();
      }
      // Both sides ran the same ranking: the same page.
      if (ours.result.hits.length !== bareRun.page.length) mismatches += 1;
      const hitSteps = statements.filter((statement) => statement.step === "hits").length;
      const budgeted = statements.some((statement) => statement.step === "strong-field hits");
      if (q >= warmup) {
        list.push({
          ours: ours.ms,
          oursCpu: ours.cpu,
          bare: bareRun.ms,
          bareCpu: bareRun.cpu,
          words: spec.words,
          script: spec.script,
          total: ours.result.total,
          fellBack: hitSteps > 1,
          common: commonWords.some((word) => spec.text.includes(word)),
          budgeted,
        });
        if (scenario === "plain") {
          const started = performance.now();
          const reference = bare.exact(spec.index, bm25Weights[spec.index], statements);
          const overlap = reference.filter((rowid) => bareRun.page.includes(rowid)).length;
          exact.push({ ms: performance.now() - started, overlap: overlap / Math.max(1, reference.length), budgeted });
        }
      }
      if (q % 50 === 0) await setImmediate();
    }
    samples.set(scenario, list);
    const s = stats(list.map((x) => x.ours));
    console.error(`queries ${scenarioLabels[scenario]}: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms`);
  }
  return { samples, mismatches, exact };
}
