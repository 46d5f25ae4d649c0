import type Database from "better-sqlite3";
import type { SearchStatementTrace } from "../../../matching/index.js";
import type { SearchIndexName } from "../../../server/indexing/search-outbox.js";
import { pageSize } from "./queries.js";

/**
 * Replays the SQL statements a search ran (captured by SqliteFtsIndex's trace in an untimed run
 * of the same request): the unranked MATCH, the strong-field MATCH when the ranking budget
 * applies, the bm25 ranking, fts5vocab typo lookups and the texts for highlights. The same FTS5
 * work with none of our layer (query analysis, filters and facets in memory, candidates,
 * highlights, result mapping), on statements prepared before timing starts.
 */
export class BareFts {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  private statement(trace: SearchStatementTrace): Database.Statement {
    let statement = this.statements.get(trace.sql);
    if (!statement) {
      statement = this.db.prepare(trace.sql);
      if (trace.pluck) statement.pluck();
      this.statements.set(trace.sql, statement);
    }
    return statement;
  }

  prepare(traces: readonly SearchStatementTrace[]): void {
    for (const trace of traces) this.statement(trace);
  }

  /** Runs the statements; returns the rowids the ranking gave (the page). */
  run(traces: readonly SearchStatementTrace[]): number[] {
    let page: number[] = [];
    for (const trace of traces) {
      const statement = this.statement(trace);
      const out = trace.method === "get" ? statement.get(...trace.params) : statement.all(...trace.params);
      if (trace.step === "bm25 ranking") page = (out as { rowid: number }[]).map((row) => row.rowid);
    }
    return page;
  }

  /**
   * The page exact bm25 gives: every hit of the search's MATCH ranked (what our layer does up to
   * its ranking budget), for the agreement and cost of the budget.
   */
  exact(index: SearchIndexName, weights: string, traces: readonly SearchStatementTrace[]): number[] {
    const match = traces.find((trace) => trace.step === "bm25 ranking")?.params[0];
    if (typeof match !== "string") return [];
    const fts = `"${index}__fts"`;
    return this.statement({
      step: "bm25 ranking",
      sql: `SELECT rowid, bm25(${fts}, ${weights}) AS bm25 FROM ${fts} WHERE ${fts} MATCH ? ORDER BY bm25, rowid DESC LIMIT ${pageSize}`,
      params: [],
      method: "all",
      pluck: false,
    })
      .all(match)
      .map((row) => (row as { rowid: number }).rowid);
  }
}
