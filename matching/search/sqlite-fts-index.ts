import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { analyzeQuery, documentFields, type QueryGroup } from "../text/index.js";
import { compileFtsFilter, type SqlFragment } from "./fts-filter.js";
import { buildFtsMatch, typoCandidates } from "./fts-query.js";
import { highlightText, queryTermsOf } from "./highlight.js";
import {
  SearchRequestError,
  SearchUnavailableError,
  validateSearchRequest,
  type AttributeValue,
  type IndexSchema,
  type SearchDocument,
  type SearchHealth,
  type SearchIndex,
  type SearchRequest,
  type SearchResult,
} from "./search-index.js";

/** Bigram columns back up word columns for recall; they count for this much of a word match. */
const bigramWeightFactor = 0.25;
/** bm25 is unbounded; x / (x + k) maps it into [0, 1) so scores compare across indexes. */
const scoreSaturation = 8;
/** Latin typo tolerance applies to words at least this long (edit distance 1). */
const typoMinLength = 5;

const indexNamePattern = /^[a-z][a-z0-9_]{0,40}$/;
/** Prepared search statements kept for reuse; their SQL varies only with the filter's and facets' shape. */
const statementCacheLimit = 256;

interface RankedRow {
  rowid: number;
  id: string;
  score: number;
}

interface IndexState {
  schema: IndexSchema;
  /** FTS column order: for each searchable field its word column then its bigram column. */
  weights: number[];
  statements: Statements;
}

interface Statements {
  findRowid: Database.Statement<[string], { rowid: number }>;
  insertDoc: Database.Statement;
  updateDoc: Database.Statement;
  deleteDoc: Database.Statement<[number]>;
  insertFts: Database.Statement;
  deleteFts: Database.Statement<[number]>;
  insertAttr: Database.Statement<[number, string, string | null, number | null]>;
  deleteAttrs: Database.Statement<[number]>;
  loadText: Database.Statement<[number], { text: string }>;
  vocabCount: Database.Statement<[string], { n: number }>;
  vocabRange: Database.Statement<[string, string, number, number], { term: string }>;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function attributeRows(value: AttributeValue): { value: string | null; num: number | null }[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map((v) => ({ value: String(v), num: null }));
  if (typeof value === "number") return [{ value: String(value), num: value }];
  if (typeof value === "boolean") return [{ value: String(value), num: value ? 1 : 0 }];
  return [{ value: value as string, num: null }];
}

function sortValue(value: AttributeValue | undefined): string | number | null {
  if (value === undefined || value === null || Array.isArray(value)) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value as string | number;
}

/**
 * The embedded search engine: SQLite FTS5 in its own database file (WAL). Each index has
 * a contentless FTS5 table of pre-analysed terms (a word and a bigram column per field,
 * weighted for bm25), a documents table keeping the original text for highlights and one
 * column per sortable attribute, and an attribute table for filters and facets.
 */
export class SqliteFtsIndex implements SearchIndex {
  readonly engine = "embedded";
  private readonly db: Database.Database;
  private readonly indexes = new Map<string, IndexState>();
  private readonly statementCache = new Map<string, Database.Statement>();

  constructor(options: { file: string }) {
    if (options.file !== ":memory:") fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec("CREATE TABLE IF NOT EXISTS index_schemas (name TEXT PRIMARY KEY, schema TEXT NOT NULL)");
  }

  async applySchema(index: string, schema: IndexSchema): Promise<void> {
    if (!indexNamePattern.test(index)) throw new SearchRequestError(`Invalid index name: ${index}`);
    if (schema.searchable.length === 0) throw new SearchRequestError("An index needs at least one searchable field");
    const stored = this.db
      .prepare<[string], { schema: string }>("SELECT schema FROM index_schemas WHERE name = ?")
      .get(index);
    const wanted = JSON.stringify(schema);
    this.statementCache.clear();
    if (stored?.schema !== wanted) {
      // A different schema means different columns: rebuild the tables empty; the caller reindexes.
      this.db.transaction(() => {
        this.dropTables(index);
        this.createTables(index, schema);
        this.db.prepare("INSERT OR REPLACE INTO index_schemas (name, schema) VALUES (?, ?)").run(index, wanted);
      })();
    }
    this.indexes.set(index, this.prepareIndex(index, schema));
  }

  async upsert(index: string, documents: readonly SearchDocument[]): Promise<void> {
    const state = this.state(index);
    const { statements, schema } = state;
    const fields = schema.searchable.map((s) => s.field);
    // Analysis runs before the transaction, so the write lock is held only for writing.
    const prepared = documents.map((doc) => ({
      doc,
      columns: fields.flatMap((field) => {
        const analysed = documentFields(doc.text[field] ?? "");
        return [analysed.words, analysed.bigrams];
      }),
      text: JSON.stringify(Object.fromEntries(fields.map((f) => [f, doc.text[f] ?? ""]))),
      sorts: schema.sortable.map((field) => sortValue(doc.attributes[field])),
    }));
    this.db.transaction(() => {
      for (const { doc, columns, text, sorts } of prepared) {
        const existing = statements.findRowid.get(doc.id);
        let rowid: number;
        if (existing) {
          rowid = existing.rowid;
          statements.deleteFts.run(rowid);
          statements.deleteAttrs.run(rowid);
          statements.updateDoc.run(text, ...sorts, rowid);
        } else {
          rowid = Number(statements.insertDoc.run(doc.id, text, ...sorts).lastInsertRowid);
        }
        statements.insertFts.run(rowid, ...columns);
        for (const [field, value] of Object.entries(doc.attributes)) {
          if (!schema.filterable.includes(field) && !schema.facetable.includes(field)) continue;
          for (const row of attributeRows(value)) statements.insertAttr.run(rowid, field, row.value, row.num);
        }
      }
    })();
  }

  async remove(index: string, ids: readonly string[]): Promise<void> {
    const { statements } = this.state(index);
    this.db.transaction(() => {
      for (const id of ids) {
        const existing = statements.findRowid.get(id);
        if (!existing) continue;
        statements.deleteFts.run(existing.rowid);
        statements.deleteAttrs.run(existing.rowid);
        statements.deleteDoc.run(existing.rowid);
      }
    })();
  }

  async listIds(index: string): Promise<string[]> {
    this.state(index);
    return this.db
      .prepare<[], { id: string }>(`SELECT id FROM ${quoteIdent(`${index}__docs`)} ORDER BY rowid`)
      .all()
      .map((row) => row.id);
  }

  async search(index: string, request: SearchRequest): Promise<SearchResult> {
    const state = this.state(index);
    validateSearchRequest(state.schema, request);
    const query = analyzeQuery(request.query.slice(0, 1000));
    if (!request.prefix) for (const group of query.groups) group.prefix = false;
    const filter = request.filter ? compileFtsFilter(request.filter, state.schema, this.tables(index).attrs) : null;
    if (query.groups.length === 0) return this.browse(index, state, request, filter);

    const typos = this.typoAlternatives(state, query.groups);
    let ranked = this.runMatch(
      index,
      state,
      request,
      filter,
      buildFtsMatch(query, state.schema, "all", typos, request.fields),
    );
    if (ranked.total === 0 && query.groups.length > 1) {
      // Like Meilisearch's matching strategy: when every word together finds nothing, rank by any word.
      ranked = this.runMatch(
        index,
        state,
        request,
        filter,
        buildFtsMatch(query, state.schema, "any", typos, request.fields),
      );
    }
    const terms = queryTermsOf(query, [...typos.values()].flat());
    const hits = ranked.rows.map((row) => ({
      id: row.id,
      score: row.score,
      highlights: this.highlights(state, row.rowid, request, terms),
    }));
    return { hits, total: ranked.total, facets: ranked.facets };
  }

  async health(): Promise<SearchHealth> {
    try {
      this.db.prepare("SELECT 1").get();
      return { ok: true, engine: this.engine };
    } catch (error) {
      return { ok: false, engine: this.engine, detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** The same statements our layer issues, for the benchmark's bare-FTS5 comparison. */
  rawDatabase(): Database.Database {
    return this.db;
  }

  private state(index: string): IndexState {
    const state = this.indexes.get(index);
    if (!state) throw new SearchRequestError(`Unknown index: ${index} (apply its schema first)`);
    if (!this.db.open) throw new SearchUnavailableError("The search database is closed");
    return state;
  }

  /** A prepared statement for `sql`, compiled once: compiling costs about as much as a small search. */
  private statement(sql: string): Database.Statement {
    let statement = this.statementCache.get(sql);
    if (!statement) {
      if (this.statementCache.size >= statementCacheLimit) this.statementCache.clear();
      statement = this.db.prepare(sql);
      this.statementCache.set(sql, statement);
    }
    return statement;
  }

  private tables(index: string) {
    return {
      docs: quoteIdent(`${index}__docs`),
      attrs: quoteIdent(`${index}__attrs`),
      fts: quoteIdent(`${index}__fts`),
      vocab: quoteIdent(`${index}__vocab`),
    };
  }

  private orderBy(schema: IndexSchema, request: SearchRequest, relevance: string | null): string {
    const keys = (request.sort ?? []).map(
      (s) => `d.s${schema.sortable.indexOf(s.field)} ${s.order === "asc" ? "ASC" : "DESC"}`,
    );
    if (relevance) keys.push(relevance);
    else if (keys.length === 0 && schema.sortable.length > 0) keys.push("d.s0 DESC");
    keys.push("d.rowid DESC");
    return keys.join(", ");
  }

  /** An empty query: everything that passes the filter, by the requested or first sortable field. */
  private browse(index: string, state: IndexState, request: SearchRequest, filter: SqlFragment | null): SearchResult {
    const t = this.tables(index);
    const where = filter ? `WHERE ${filter.sql}` : "";
    const params = filter?.params ?? [];
    const rows = this.statement(
      `SELECT d.id AS id, count(*) OVER () AS total FROM ${t.docs} d ${where}
         ORDER BY ${this.orderBy(state.schema, request, null)} LIMIT ? OFFSET ?`,
    ).all(...params, request.pageSize, (request.page - 1) * request.pageSize) as { id: string; total: number }[];
    const total =
      rows[0]?.total ??
      (this.statement(`SELECT count(*) AS n FROM ${t.docs} d ${where}`).get(...params) as { n: number }).n;
    const facets = this.facets(index, request, "", `SELECT d.rowid AS rowid FROM ${t.docs} d ${where}`, params);
    return { hits: rows.map((row) => ({ id: row.id, score: 0, highlights: {} })), total, facets };
  }

  private runMatch(
    index: string,
    state: IndexState,
    request: SearchRequest,
    filter: SqlFragment | null,
    match: string,
  ): { rows: RankedRow[]; total: number; facets: SearchResult["facets"] } {
    const t = this.tables(index);
    const weights = state.weights.join(", ");
    // The MATCH runs first (a materialised CTE); filters then apply to its rows only.
    const matched = `WITH m AS MATERIALIZED (SELECT rowid, bm25(${t.fts}, ${weights}) AS rank FROM ${t.fts} WHERE ${t.fts} MATCH ?)`;
    const joined = `FROM m JOIN ${t.docs} d ON d.rowid = m.rowid ${filter ? `WHERE ${filter.sql}` : ""}`;
    const params = [match, ...(filter?.params ?? [])];
    const paging = [request.pageSize, (request.page - 1) * request.pageSize];
    type Row = { rowid: number; id: string; rank: number; total: number };
    let rows: Row[];
    if (request.sort?.length) {
      rows = this.statement(
        `${matched} SELECT d.rowid AS rowid, d.id AS id, m.rank AS rank, count(*) OVER () AS total ${joined}
         ORDER BY ${this.orderBy(state.schema, request, "m.rank ASC")} LIMIT ? OFFSET ?`,
      ).all(...params, ...paging) as Row[];
    } else {
      // Ranked by relevance alone (then rowid, as orderBy() does), only the page needs the
      // documents table: rank and count the matches themselves, then join the page. Every match
      // has its document row (both are written in one transaction). The filter's `d.rowid`
      // names the match row here, aliased `d`.
      const hits = filter
        ? `, f AS MATERIALIZED (SELECT d.rowid AS rowid, d.rank AS rank FROM m AS d WHERE ${filter.sql})`
        : "";
      const from = filter ? "f" : "m";
      rows = this.statement(
        `${matched}${hits} SELECT p.rowid AS rowid, d.id AS id, p.rank AS rank, p.total AS total
         FROM (SELECT rowid, rank, (SELECT count(*) FROM ${from}) AS total FROM ${from} ORDER BY rank ASC, rowid DESC LIMIT ? OFFSET ?) p
         JOIN ${t.docs} d ON d.rowid = p.rowid ORDER BY p.rank ASC, p.rowid DESC`,
      ).all(...params, ...paging) as Row[];
    }
    // Past the last page the total is missing: count separately (an empty first page means no hits).
    const total =
      rows[0]?.total ??
      (request.page === 1
        ? 0
        : (this.statement(`${matched} SELECT count(*) AS n ${joined}`).get(...params) as { n: number }).n);
    // Facets need the matching rows, not their rank: a MATCH without bm25, filtered on its own rows.
    const unranked = `SELECT rowid FROM ${t.fts} WHERE ${t.fts} MATCH ?`;
    const facets = filter
      ? this.facets(
          index,
          request,
          `WITH m AS MATERIALIZED (${unranked})`,
          `SELECT d.rowid AS rowid FROM m AS d WHERE ${filter.sql}`,
          params,
          true,
        )
      : this.facets(index, request, "", unranked, params, true);
    const ranked = rows.map((row) => {
      const relevance = Math.max(0, -row.rank);
      return { rowid: row.rowid, id: row.id, score: relevance / (relevance + scoreSaturation) };
    });
    return { rows: ranked, total, facets };
  }

  /**
   * Facet counts over the rows that `rowsSql` selects (after `withClause`, which may be empty).
   * `hitsFirst`: the hits drive the join (a MATCH's hits; otherwise SQLite may scan the
   * attribute table and look each row up in the hits).
   */
  private facets(
    index: string,
    request: SearchRequest,
    withClause: string,
    rowsSql: string,
    params: unknown[],
    hitsFirst = false,
  ): SearchResult["facets"] {
    const facets: SearchResult["facets"] = {};
    if (!request.facets?.length) return facets;
    const t = this.tables(index);
    const sql = `${withClause ? `${withClause},` : "WITH"} hits AS MATERIALIZED (${rowsSql})
      SELECT a.field AS field, a.value AS value, count(*) AS n FROM hits ${hitsFirst ? "CROSS JOIN" : "JOIN"} ${t.attrs} a ON a.rowid = hits.rowid
      WHERE a.field IN (${request.facets.map(() => "?").join(", ")}) GROUP BY a.field, a.value`;
    for (const facet of request.facets) facets[facet] = {};
    const rows = this.statement(sql).all(...params, ...request.facets) as { field: string; value: string; n: number }[];
    for (const row of rows) facets[row.field]![row.value] = row.n;
    return facets;
  }

  private highlights(state: IndexState, rowid: number, request: SearchRequest, terms: ReturnType<typeof queryTermsOf>) {
    if (!request.highlight?.length) return {};
    const row = state.statements.loadText.get(rowid);
    const text = row ? (JSON.parse(row.text) as Record<string, string>) : {};
    return Object.fromEntries(request.highlight.map((field) => [field, highlightText(text[field] ?? "", terms)]));
  }

  /** For each latin query term of five letters or more that the index does not contain, the indexed terms one edit away. */
  private typoAlternatives(state: IndexState, groups: readonly QueryGroup[]): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const group of groups) {
      if (!group.latin || group.prefix) continue;
      for (const alternative of group.alternatives) {
        if (alternative.length !== 1) continue;
        const term = alternative[0]!;
        if (term.length < typoMinLength || found.has(term)) continue;
        if (state.statements.vocabCount.get(term)!.n > 0) continue;
        const first = term[0]!;
        const next = String.fromCodePoint(first.codePointAt(0)! + 1);
        const candidates = state.statements.vocabRange
          .all(first, next, term.length - 1, term.length + 1)
          .map((r) => r.term);
        const near = typoCandidates(term, candidates);
        if (near.length > 0) found.set(term, near);
      }
    }
    return found;
  }

  private dropTables(index: string): void {
    const t = this.tables(index);
    for (const table of [t.vocab, t.fts, t.attrs, t.docs]) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  private createTables(index: string, schema: IndexSchema): void {
    const t = this.tables(index);
    const sortColumns = schema.sortable.map((_, i) => `, s${i}`).join("");
    this.db.exec(
      `CREATE TABLE ${t.docs} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL${sortColumns})`,
    );
    schema.sortable.forEach((_, i) =>
      this.db.exec(`CREATE INDEX ${quoteIdent(`${index}__docs_s${i}`)} ON ${t.docs} (s${i})`),
    );
    this.db.exec(`CREATE TABLE ${t.attrs} (rowid INTEGER NOT NULL, field TEXT NOT NULL, value TEXT, num REAL)`);
    this.db.exec(`CREATE INDEX ${quoteIdent(`${index}__attrs_value`)} ON ${t.attrs} (field, value, rowid)`);
    this.db.exec(`CREATE INDEX ${quoteIdent(`${index}__attrs_num`)} ON ${t.attrs} (field, num, rowid)`);
    this.db.exec(`CREATE INDEX ${quoteIdent(`${index}__attrs_rowid`)} ON ${t.attrs} (rowid)`);
    const columns = schema.searchable.flatMap((s) => [quoteIdent(s.field), quoteIdent(`${s.field}__bi`)]).join(", ");
    // Terms arrive analysed and space-separated; unicode61 only splits them again on spaces.
    // Prefix indexes are in bytes: 3 and 6 cover one and two CJK characters. No 2-byte index: for
    // CJK it would hold fragments of characters in a few huge doclists (it doubled the cost of
    // writes); two-letter latin prefixes are found by scanning the term range instead.
    this.db.exec(
      `CREATE VIRTUAL TABLE ${t.fts} USING fts5(${columns}, content='', contentless_delete=1,
        tokenize="unicode61 remove_diacritics 0", prefix='3 6')`,
    );
    this.db.exec(`CREATE VIRTUAL TABLE ${t.vocab} USING fts5vocab(${t.fts}, 'row')`);
  }

  private prepareIndex(index: string, schema: IndexSchema): IndexState {
    const t = this.tables(index);
    const sortNames = schema.sortable.map((_, i) => `s${i}`);
    const searchableColumns = schema.searchable.flatMap((s) => [quoteIdent(s.field), quoteIdent(`${s.field}__bi`)]);
    const statements: Statements = {
      findRowid: this.db.prepare(`SELECT rowid FROM ${t.docs} WHERE id = ?`),
      insertDoc: this.db.prepare(
        `INSERT INTO ${t.docs} (id, text${sortNames.map((n) => `, ${n}`).join("")}) VALUES (?, ?${sortNames.map(() => ", ?").join("")})`,
      ),
      updateDoc: this.db.prepare(
        `UPDATE ${t.docs} SET text = ?${sortNames.map((n) => `, ${n} = ?`).join("")} WHERE rowid = ?`,
      ),
      deleteDoc: this.db.prepare(`DELETE FROM ${t.docs} WHERE rowid = ?`),
      insertFts: this.db.prepare(
        `INSERT INTO ${t.fts} (rowid, ${searchableColumns.join(", ")}) VALUES (?${searchableColumns.map(() => ", ?").join("")})`,
      ),
      deleteFts: this.db.prepare(`DELETE FROM ${t.fts} WHERE rowid = ?`),
      insertAttr: this.db.prepare(`INSERT INTO ${t.attrs} (rowid, field, value, num) VALUES (?, ?, ?, ?)`),
      deleteAttrs: this.db.prepare(`DELETE FROM ${t.attrs} WHERE rowid = ?`),
      loadText: this.db.prepare(`SELECT text FROM ${t.docs} WHERE rowid = ?`),
      vocabCount: this.db.prepare(`SELECT count(*) AS n FROM ${t.vocab} WHERE term = ?`),
      vocabRange: this.db.prepare(
        `SELECT term FROM ${t.vocab} WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?`,
      ),
    };
    const weights = schema.searchable.flatMap((s) => [s.weight, s.weight * bigramWeightFactor]);
    return { schema, weights, statements };
  }
}
