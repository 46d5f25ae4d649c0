import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { analyzeQuery, type QueryGroup } from "../text/index.js";
import {
  AttributeStore,
  compareSortValues,
  storedAttributes,
  type RowPredicate,
  type SortValue,
} from "./fts-attributes.js";
import { FtsAnalysisPool } from "./fts-analysis-pool.js";
import { ftsColumns, type FtsColumns } from "./fts-document.js";
import { compileFtsFilter } from "./fts-filter.js";
import { buildFtsMatch, typoCandidates } from "./fts-query.js";
import { firstOrdered, parseRowids, smallest, without } from "./fts-ranking.js";
import { highlightText, queryTermsOf } from "./highlight.js";
import {
  SearchRequestError,
  SearchUnavailableError,
  validateSearchRequest,
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
/**
 * bm25 costs FTS5 about half a microsecond per row it scores: a query matching more than this
 * many documents (after filters) ranks only this many candidates (see rankedPage).
 */
const rankBudget = 2000;
/** Upserts of at least this many documents are analysed by worker threads (FtsAnalysisPool), in chunks of: */
const pooledUpsertMinimum = 64;
const pooledChunkSize = 50;
/** With keepCallerResponsive, upserts from this size on go to the threads (a few documents are quick here). */
const responsivePooledMinimum = 8;
/**
 * Characters of text from which a responsive caller's upsert goes to the workers however few its
 * documents: analysis runs at about 1.5 million characters a second, so one profile at every limit
 * (4 million characters of abstracts) held the event loop for seconds; 64k is about 40 ms.
 */
const responsivePooledCharacters = 64_000;
/** Changes kept for other connections (another process writing this file) to catch up with one by one. */
const changeLogLimit = 50_000;
/**
 * The tables' shape, and the analysis that fills them. Bump it when either changes: an index
 * stored with another layout is recreated empty, and the service queues every record again
 * (enqueueRebuildOfEmptyIndexes). 3: acronym tails (text-analyzer.ts).
 */
const layoutVersion = 3;

const indexNamePattern = /^[a-z][a-z0-9_]{0,40}$/;
/** Prepared search statements kept for reuse; their SQL varies only with the index and the query's shape. */
const statementCacheLimit = 256;

interface Statements {
  findRowid: Database.Statement<[string], { rowid: number }>;
  insertDoc: Database.Statement<[string, string, string, number]>;
  updateDoc: Database.Statement<[string, string, number, number]>;
  deleteDoc: Database.Statement<[number]>;
  insertFts: Database.Statement;
  deleteFts: Database.Statement<[number]>;
  insertChange: Database.Statement<[number]>;
  pruneChanges: Database.Statement<[number]>;
  changesSince: Database.Statement<[number], { seq: number; rowid: number }>;
  lastChange: Database.Statement<[], number | null>;
  loadDoc: Database.Statement<[number], { id: string; attrs: string; terms: number }>;
  allDocs: Database.Statement<[], { rowid: number; id: string; attrs: string; terms: number }>;
  loadText: Database.Statement<[number], { text: string }>;
  termExists: Database.Statement<[string], number | undefined>;
  vocabRange: Database.Statement<[string, string, number, number], { term: string }>;
}

interface IndexState {
  schema: IndexSchema;
  /** Changes when the tables are recreated (by any connection). */
  generation: string;
  /** bm25 weights in FTS column order: for each searchable field its word column then its bigram column. */
  weights: string;
  statements: Statements;
  /** Loaded on the first search. */
  store: AttributeStore | null;
  /** The last change (`__changes.seq`) the store reflects. */
  storeSeq: number;
}

/** The statements a search runs, by purpose (for tracing: the benchmark replays them as bare FTS5). */
export type SearchStatementStep = "hits" | "strong-field hits" | "bm25 ranking" | "typo lookup" | "highlight text";

export interface SearchStatementTrace {
  step: SearchStatementStep;
  sql: string;
  params: readonly unknown[];
  /** `get` reads one row, `all` every row; `pluck` reads the first column only. */
  method: "get" | "all";
  pluck: boolean;
}

export interface SqliteFtsIndexOptions {
  /** The database file, or ":memory:". */
  file: string;
  /** Called with every statement a search runs, before it runs. */
  trace?: (statement: SearchStatementTrace) => void;
  /** See rankBudget (tests lower it to exercise the candidate ranking on few documents). */
  rankBudget?: number;
  /**
   * Worker threads analysing large upserts (0: analyse on the calling thread). By default one per
   * CPU but one, up to 3, used only while the load average leaves a CPU spare.
   */
  analysisThreads?: number;
  /**
   * A server's choice: analysis of all but the smallest upserts always runs in the worker
   * threads and the calling thread only writes what they return, so a bulk upsert (an import's
   * tens of thousands of documents) never holds the caller's event loop for more than one chunk's
   * writes. Throughput is the workers'; a command that only indexes leaves it off and gets the
   * calling thread's help as well.
   */
  keepCallerResponsive?: boolean;
}

interface StoredLayout {
  layout: number;
  generation: string;
  schema: IndexSchema;
}

/** The documents a MATCH found: how many, and (computed on demand when only counted) which. */
interface Hits {
  count: number;
  rowids: () => Float64Array;
}

function listedHits(rowids: Float64Array): Hits {
  return { count: rowids.length, rowids: () => rowids };
}

interface RankedRow {
  rowid: number;
  bm25: number;
  score: number;
}

/** One page of hits in order, with their scores. */
interface Page {
  rows: RankedRow[];
  total: number;
  facets: SearchResult["facets"];
}

/** The characters of the documents' searchable texts. */
function characterCount(texts: readonly (readonly string[])[]): number {
  return texts.reduce((sum, doc) => doc.reduce((inDoc, text) => inDoc + text.length, sum), 0);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function relevance(bm25: number): number {
  const magnitude = Math.max(0, -bm25);
  return magnitude / (magnitude + scoreSaturation);
}

function parseLayout(text: string | undefined): StoredLayout | null {
  if (!text) return null;
  const parsed = JSON.parse(text) as Partial<StoredLayout>;
  return parsed.layout === layoutVersion && parsed.schema && parsed.generation ? (parsed as StoredLayout) : null;
}

/**
 * The embedded search engine: SQLite FTS5 in its own database file (WAL). Each index has a
 * contentless FTS5 table of pre-analysed terms (a word and a bigram column per field, weighted
 * for bm25), a documents table (id, original text for highlights, the attributes filters, facets
 * and sorting read, the document's length in terms) and a change log. Attributes are served from
 * memory (AttributeStore), kept in step through the change log when another process writes.
 *
 * A search runs the MATCH once unranked for the matching rowids (total, filters and facets are
 * computed on them in memory), then once ranked by bm25 over the hits that passed the filter:
 * all of them when they are at most `rankBudget`, otherwise the best candidates (rankedPage).
 */
export class SqliteFtsIndex implements SearchIndex {
  readonly engine = "embedded";
  private readonly db: Database.Database;
  private readonly indexes = new Map<string, IndexState>();
  private readonly statementCache = new Map<string, Database.Statement>();
  private readonly dataVersion: Database.Statement<[], number>;
  private lastDataVersion: number;
  /** Writes (and schema changes) run one after another, in call order. */
  private writes: Promise<unknown> = Promise.resolve();
  private readonly trace: SqliteFtsIndexOptions["trace"];
  private readonly rankBudget: number;
  private readonly pool: FtsAnalysisPool | null;
  /** Threads set by the caller are always used; by default only while a CPU is spare. */
  private readonly threadsChosen: boolean;
  private readonly keepCallerResponsive: boolean;
  private readonly readTransaction: <T>(read: () => T) => T;

  constructor(options: SqliteFtsIndexOptions) {
    this.trace = options.trace;
    this.rankBudget = options.rankBudget ?? rankBudget;
    this.pool = options.analysisThreads === 0 ? null : new FtsAnalysisPool(options.analysisThreads);
    this.threadsChosen = options.analysisThreads !== undefined;
    this.keepCallerResponsive = options.keepCallerResponsive === true && this.pool !== null;
    if (options.file !== ":memory:") fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // FTS5 reads doclist pages through SQLite's page cache; 2 MB (the default) rereads them from the OS.
    this.db.pragma("cache_size = -65536");
    this.db.pragma("temp_store = MEMORY");
    this.db.exec("CREATE TABLE IF NOT EXISTS index_schemas (name TEXT PRIMARY KEY, schema TEXT NOT NULL)");
    this.dataVersion = this.db.prepare<[], number>("PRAGMA data_version").pluck();
    const transaction = this.db.transaction((read: () => unknown) => read());
    this.readTransaction = <T>(read: () => T) => transaction(read) as T;
    this.lastDataVersion = this.dataVersion.get()!;
  }

  async applySchema(index: string, schema: IndexSchema): Promise<void> {
    if (!indexNamePattern.test(index)) throw new SearchRequestError(`Invalid index name: ${index}`);
    if (schema.searchable.length === 0) throw new SearchRequestError("An index needs at least one searchable field");
    await this.serially(() => {
      this.statementCache.clear();
      const stored = parseLayout(this.storedLayout(index));
      if (stored && JSON.stringify(stored.schema) === JSON.stringify(schema)) {
        this.configureMerging(index);
        this.indexes.set(index, this.prepareIndex(index, schema, stored.generation));
        return;
      }
      // Another schema or layout means other tables: recreate them empty; the caller reindexes.
      const layout: StoredLayout = { layout: layoutVersion, generation: randomUUID(), schema };
      this.db.transaction(() => {
        this.dropTables(index);
        this.createTables(index, schema);
        this.db
          .prepare("INSERT OR REPLACE INTO index_schemas (name, schema) VALUES (?, ?)")
          .run(index, JSON.stringify(layout));
      })();
      this.indexes.set(index, this.prepareIndex(index, schema, layout.generation));
    });
  }

  async upsert(index: string, documents: readonly SearchDocument[]): Promise<void> {
    this.state(index);
    await this.serially(async () => {
      const state = this.state(index);
      const fields = state.schema.searchable.map((s) => s.field);
      const texts = documents.map((doc) => fields.map((field) => doc.text[field] ?? ""));
      const pooled = this.pool?.usable && (this.keepCallerResponsive || this.threadsChosen || this.pool.spareCpu());
      const minimum = this.keepCallerResponsive ? responsivePooledMinimum : pooledUpsertMinimum;
      // Few documents are analysed here, unless a server's few are long.
      const inline =
        documents.length < minimum &&
        !(this.keepCallerResponsive && characterCount(texts) >= responsivePooledCharacters);
      if (inline || !pooled || !this.pool) {
        // Analysis runs before the transaction, so the write lock is held only for writing.
        const analysed = texts.map((doc) => ftsColumns(doc));
        this.writeTransaction(() => this.writeDocuments(state, documents, analysed));
        return;
      }
      // Worker threads analyse chunk after chunk while this thread writes the ones already done
      // (or analyses too, when the next one is not ready), all in one transaction: one FTS segment
      // per upsert, and the upsert stays atomic.
      const chunks: string[][][] = [];
      for (let start = 0; start < texts.length; start += pooledChunkSize)
        chunks.push(texts.slice(start, start + pooledChunkSize));
      const pool = this.pool;
      await this.asyncWriteTransaction(() =>
        pool.analyseInOrder(
          chunks,
          (chunk) => chunk.map((doc) => ftsColumns(doc)),
          !this.keepCallerResponsive,
          (i, rows) => {
            const start = i * pooledChunkSize;
            this.writeDocuments(state, documents.slice(start, start + pooledChunkSize), rows);
          },
        ),
      );
    });
  }

  async remove(index: string, ids: readonly string[]): Promise<void> {
    this.state(index);
    await this.serially(() => {
      const state = this.state(index);
      const { statements } = state;
      this.writeTransaction(() => {
        let lastSeq = 0;
        for (const id of ids) {
          const existing = statements.findRowid.get(id);
          if (!existing) continue;
          statements.deleteFts.run(existing.rowid);
          statements.deleteDoc.run(existing.rowid);
          lastSeq = Number(statements.insertChange.run(existing.rowid).lastInsertRowid);
          state.store?.delete(existing.rowid);
        }
        if (lastSeq > 0) this.noteChanges(state, lastSeq);
      });
    });
  }

  async listIds(index: string): Promise<string[]> {
    this.state(index);
    return this.db
      .prepare<[], { id: string }>(`SELECT id FROM ${this.tables(index).docs} ORDER BY rowid`)
      .all()
      .map((row) => row.id);
  }

  async search(index: string, request: SearchRequest): Promise<SearchResult> {
    this.state(index);
    // One read transaction: the change log, the attributes and the MATCH see the same snapshot,
    // so every rowid a MATCH returns is in the attribute store.
    return this.readTransaction(() => this.searchSnapshot(index, request));
  }

  private searchSnapshot(index: string, request: SearchRequest): SearchResult {
    this.catchUp();
    const state = this.state(index);
    validateSearchRequest(state.schema, request);
    const store = this.store(state);
    const filter = request.filter ? compileFtsFilter(request.filter, state.schema, store) : null;
    // Not typing: the query is complete (a trailing space tells the analyser), so its last latin
    // word gets no prefix forms (composite → composi), which the index lacks and which cost a
    // scan of the vocabulary each for typo corrections.
    const text = request.query.slice(0, 1000);
    const query = analyzeQuery(request.prefix ? text : `${text} `);
    if (query.groups.length === 0) {
      const page = this.browse(state, store, request, filter);
      const hits = page.rows.map((row) => ({ id: store.id(row.rowid)!, score: 0, highlights: {} }));
      return { hits, total: page.total, facets: page.facets };
    }

    const typos = this.typoAlternatives(state, query.groups);
    const expression = (mode: "all" | "any", unranked = false) =>
      buildFtsMatch(query, state.schema, mode, { typos, fields: request.fields, unranked });
    // Without a filter, facets or a sort, the hits themselves are needed only if there are too many
    // to rank them all: count them first (a count reads no more than the MATCH, and fills no list).
    const listed = filter !== null || !!request.facets?.length || !!request.sort?.length;
    const unrankedHits = (unranked: string): Hits => {
      if (listed) return listedHits(this.matchingRowids(index, unranked));
      let rowids: Float64Array | null = null;
      const count = this.countMatches(index, unranked);
      return { count, rowids: () => (rowids ??= this.matchingRowids(index, unranked)) };
    };
    let mode: "all" | "any" = "all";
    let hits = unrankedHits(expression(mode, true));
    if (hits.count === 0 && query.groups.length > 1) {
      // Like Meilisearch's matching strategy: when every word together finds nothing, rank by any word.
      mode = "any";
      hits = unrankedHits(expression(mode, true));
    }
    const match = expression(mode);
    const passing: Hits = filter ? listedHits(hits.rowids().filter(filter)) : hits;
    const facets = request.facets?.length ? store.facets(passing.rowids(), request.facets) : {};
    const strongMatch = (fields: string[]) =>
      buildFtsMatch(query, state.schema, mode, { typos, fields, wordsOnly: true });
    const rows = request.sort?.length
      ? this.sortedPage(index, state, store, request, match, Array.from(passing.rowids()))
      : this.rankedPage(index, state, store, request, match, strongMatch, passing, filter);
    const terms = queryTermsOf(query, [...typos.values()].flat());
    const hitsOut = rows.map((row) => ({
      id: store.id(row.rowid) ?? "",
      score: row.score,
      highlights: this.highlights(state, row.rowid, request, terms),
    }));
    return { hits: hitsOut, total: passing.count, facets };
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
    await this.writes.catch(() => undefined);
    await this.pool?.close();
    if (this.db.open) this.db.close();
  }

  /** Whether worker threads have analysed documents (and can still): the benchmark reports it. */
  get analysisThreadsUsed(): boolean {
    return (this.pool?.started ?? false) && this.pool!.usable;
  }

  /** The database our layer queries, for the benchmark's bare-FTS5 comparison. */
  rawDatabase(): Database.Database {
    return this.db;
  }

  // ---------------------------------------------------------------------------------------
  // Writes

  /** Runs `job` after every write queued before it, whatever their outcome. */
  private serially<T>(job: () => T | Promise<T>): Promise<T> {
    const run = this.writes.then(job, job);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /**
   * A write transaction that first brings the in-memory attributes up to date with other
   * connections' changes (none can commit while it holds the write lock), so the change log
   * position the stores end at is right. On failure the stores are dropped (reloaded when needed).
   */
  private writeTransaction(write: () => void): void {
    try {
      this.db
        .transaction(() => {
          this.catchUp();
          write();
        })
        .immediate();
    } catch (error) {
      for (const state of this.indexes.values()) state.store = null;
      throw error;
    }
  }

  /**
   * writeTransaction() for writes that await between statements (the pooled upsert): BEGIN and
   * COMMIT by hand. Reads of this connection meanwhile see the rows written so far, each document
   * whole; other connections see nothing before COMMIT. Writes are serialised, so no other
   * transaction can start on this connection in between.
   */
  private async asyncWriteTransaction(write: () => Promise<void>): Promise<void> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.catchUp();
      await write();
      this.db.exec("COMMIT");
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      for (const state of this.indexes.values()) state.store = null;
      throw error;
    }
  }

  private writeDocuments(
    state: IndexState,
    documents: readonly SearchDocument[],
    analysed: readonly FtsColumns[],
  ): void {
    const { statements, schema } = state;
    const fields = schema.searchable.map((s) => s.field);
    let lastSeq = 0;
    documents.forEach((doc, i) => {
      const { columns, terms } = analysed[i]!;
      const attributes = storedAttributes(schema, doc.attributes);
      const text = JSON.stringify(Object.fromEntries(fields.map((f) => [f, doc.text[f] ?? ""])));
      const attrs = JSON.stringify(attributes);
      const existing = statements.findRowid.get(doc.id);
      let rowid: number;
      if (existing) {
        rowid = existing.rowid;
        statements.deleteFts.run(rowid);
        statements.updateDoc.run(text, attrs, terms, rowid);
      } else {
        rowid = Number(statements.insertDoc.run(doc.id, text, attrs, terms).lastInsertRowid);
      }
      statements.insertFts.run(rowid, ...columns);
      lastSeq = Number(statements.insertChange.run(rowid).lastInsertRowid);
      state.store?.set(rowid, doc.id, attributes, terms);
    });
    if (lastSeq > 0) this.noteChanges(state, lastSeq);
  }

  /** After our own changes up to `lastSeq`: the store reflects them; old log entries go. */
  private noteChanges(state: IndexState, lastSeq: number): void {
    if (state.store) state.storeSeq = lastSeq;
    if (lastSeq > changeLogLimit) state.statements.pruneChanges.run(lastSeq - changeLogLimit);
  }

  // ---------------------------------------------------------------------------------------
  // Attributes in memory

  private store(state: IndexState): AttributeStore {
    if (state.store) return state.store;
    const store = new AttributeStore(state.schema);
    // One read transaction: the documents and the change log position agree.
    this.db.transaction(() => {
      for (const row of state.statements.allDocs.iterate())
        store.set(row.rowid, row.id, JSON.parse(row.attrs) as SearchDocument["attributes"], row.terms);
      state.storeSeq = state.statements.lastChange.get() ?? 0;
    })();
    state.store = store;
    return store;
  }

  /**
   * Applies what other connections committed since we last looked (PRAGMA data_version tells):
   * recreated tables reload everything; otherwise the change log names the documents to reread.
   */
  private catchUp(): void {
    const version = this.dataVersion.get()!;
    if (version === this.lastDataVersion) return;
    this.lastDataVersion = version;
    for (const [index, state] of this.indexes) {
      const stored = parseLayout(this.storedLayout(index));
      if (!stored || stored.generation !== state.generation) {
        this.statementCache.clear();
        if (stored) this.indexes.set(index, this.prepareIndex(index, stored.schema, stored.generation));
        else this.indexes.delete(index);
        continue;
      }
      if (!state.store) continue;
      const changes = state.statements.changesSince.all(state.storeSeq);
      if (changes.length === 0) continue;
      if (changes[0]!.seq !== state.storeSeq + 1 || changes.length > state.store.size / 4) {
        // Pruned past our position, or so much changed that rereading everything is cheaper.
        state.store = null;
        continue;
      }
      for (const change of changes) {
        const row = state.statements.loadDoc.get(change.rowid);
        if (row)
          state.store.set(change.rowid, row.id, JSON.parse(row.attrs) as SearchDocument["attributes"], row.terms);
        else state.store.delete(change.rowid);
      }
      state.storeSeq = changes[changes.length - 1]!.seq;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Search

  private state(index: string): IndexState {
    const state = this.indexes.get(index);
    if (!state) throw new SearchRequestError(`Unknown index: ${index} (apply its schema first)`);
    if (!this.db.open) throw new SearchUnavailableError("The search database is closed");
    return state;
  }

  /** A prepared statement for `sql`, compiled once: compiling costs about as much as a small search. */
  private statement(sql: string, pluck = false): Database.Statement {
    let statement = this.statementCache.get(sql);
    if (!statement) {
      if (this.statementCache.size >= statementCacheLimit) this.statementCache.clear();
      statement = this.db.prepare(sql);
      if (pluck) statement.pluck();
      this.statementCache.set(sql, statement);
    }
    return statement;
  }

  /** Runs a search's read statement, telling the trace first. */
  private read<R>(
    step: SearchStatementStep,
    statement: Database.Statement,
    method: "get" | "all",
    params: unknown[],
    pluck = false,
  ): R {
    this.trace?.({ step, sql: statement.source, params, method, pluck });
    return (method === "get" ? statement.get(...params) : statement.all(...params)) as R;
  }

  private tables(index: string) {
    return {
      docs: quoteIdent(`${index}__docs`),
      fts: quoteIdent(`${index}__fts`),
      vocab: quoteIdent(`${index}__vocab`),
      changes: quoteIdent(`${index}__changes`),
    };
  }

  private countMatches(index: string, match: string): number {
    const { fts } = this.tables(index);
    const sql = `SELECT count(*) FROM ${fts} WHERE ${fts} MATCH ?`;
    return this.read<number>("hits", this.statement(sql, true), "get", [match], true);
  }

  /** Every rowid the MATCH finds, ascending: one pass without bm25 (it reads no more than a count does). */
  private matchingRowids(index: string, match: string, step: SearchStatementStep = "hits"): Float64Array {
    const { fts } = this.tables(index);
    const sql = `SELECT group_concat(rowid) FROM ${fts} WHERE ${fts} MATCH ?`;
    const rowids = parseRowids(this.read<string | null>(step, this.statement(sql, true), "get", [match], true));
    // FTS5 returns rowids ascending, and the merges downstream rely on it; make sure.
    for (let i = 1; i < rowids.length; i++) if (rowids[i]! <= rowids[i - 1]!) return rowids.sort();
    return rowids;
  }

  /**
   * bm25 ranks of `among` (every hit when null), best first then newest, from `offset`. The
   * rowid condition is written `+rowid` so SQLite tests each hit instead of running the MATCH
   * once per listed rowid.
   */
  private rank(
    index: string,
    state: IndexState,
    match: string,
    among: ArrayLike<number> | null,
    limit: number,
    offset: number,
  ): RankedRow[] {
    const { fts } = this.tables(index);
    const restriction = among ? " AND +rowid IN (SELECT value FROM json_each(?))" : "";
    const statement = this.statement(
      `SELECT rowid, bm25(${fts}, ${state.weights}) AS bm25 FROM ${fts} WHERE ${fts} MATCH ?${restriction}
       ORDER BY bm25, rowid DESC LIMIT ? OFFSET ?`,
    );
    const params = [match, ...(among ? [JSON.stringify(Array.from(among))] : []), limit, offset];
    const rows = this.read<{ rowid: number; bm25: number }[]>("bm25 ranking", statement, "all", params);
    return rows.map((row) => ({ ...row, score: relevance(row.bm25) }));
  }

  /**
   * The page of `passing` (the hits that passed the filter) by relevance. Up to `rankBudget`
   * hits are all ranked, so the order is exactly bm25's. Beyond it (a common word, a fallback
   * to any word) only candidates are ranked: the hits that match in the strongest fields
   * (weight at least half the highest: titles, names, keywords), up to the budget, shortest
   * documents first (bm25 favours them); the shortest other hits join them only when the strong
   * ones do not fill the page. Total and facets stay exact.
   */
  private rankedPage(
    index: string,
    state: IndexState,
    store: AttributeStore,
    request: SearchRequest,
    match: string,
    strongMatch: (fields: string[]) => string,
    passing: Hits,
    filter: RowPredicate | null,
  ): RankedRow[] {
    const offset = (request.page - 1) * request.pageSize;
    if (offset >= passing.count) return [];
    const budget = Math.max(this.rankBudget, offset + request.pageSize);
    if (passing.count <= budget)
      return this.rank(index, state, match, filter ? passing.rowids() : null, request.pageSize, offset);
    const topWeight = Math.max(...state.schema.searchable.map((s) => s.weight));
    const strongFields = state.schema.searchable
      .filter((s) => s.weight * 2 >= topWeight && (!request.fields || request.fields.includes(s.field)))
      .map((s) => s.field);
    // Strong-field hits are hits (the same groups in fewer columns): only the filter is left to apply.
    const strongHits =
      strongFields.length > 0 ? this.matchingRowids(index, strongMatch(strongFields), "strong-field hits") : null;
    const strong = !strongHits ? new Float64Array(0) : filter ? strongHits.filter(filter) : strongHits;
    const size = (rowid: number) => store.terms(rowid);
    // The best hits are strong-field hits (99 % of the benchmark's exact first pages): other hits
    // are needed (and listed) only when there are fewer strong ones than the page reaches.
    const candidates =
      strong.length >= offset + request.pageSize
        ? smallest(strong, budget, size)
        : Array.from(strong).concat(smallest(without(passing.rowids(), strong), budget - strong.length, size));
    return this.rank(index, state, match, candidates, request.pageSize, offset);
  }

  /**
   * The page of `passing` by the requested sort, then relevance, then newest. Only the hits up to
   * the page's end by sort values, and those tied with the last of them, need a rank.
   */
  private sortedPage(
    index: string,
    state: IndexState,
    store: AttributeStore,
    request: SearchRequest,
    match: string,
    passing: readonly number[],
  ): RankedRow[] {
    const offset = (request.page - 1) * request.pageSize;
    const end = offset + request.pageSize;
    const keysOf = this.sortKeys(state, store, request);
    const window = firstOrdered(passing, end, (a, b) => compareKeys(keysOf(a), keysOf(b)) || b - a);
    if (window.length <= offset) return [];
    const lastKeys = keysOf(window[window.length - 1]!);
    const inWindow = new Set(window);
    const among = window.concat(
      passing.filter((rowid) => !inWindow.has(rowid) && compareKeys(keysOf(rowid), lastKeys) === 0),
    );
    const ranks = new Map(this.rank(index, state, match, among, among.length, 0).map((row) => [row.rowid, row]));
    const bm25 = (rowid: number) => ranks.get(rowid)?.bm25 ?? 0;
    among.sort((a, b) => compareKeys(keysOf(a), keysOf(b)) || bm25(a) - bm25(b) || b - a);
    return among.slice(offset, end).map((rowid) => ranks.get(rowid) ?? { rowid, bm25: 0, score: 0 });
  }

  /** An empty query: everything that passes the filter, by the requested or first sortable field, newest first. */
  private browse(state: IndexState, store: AttributeStore, request: SearchRequest, filter: RowPredicate | null): Page {
    const rowids = store.rowids();
    const passing = filter ? rowids.filter((rowid) => filter(rowid)) : rowids;
    const offset = (request.page - 1) * request.pageSize;
    const keysOf = this.sortKeys(state, store, request);
    const ordered = firstOrdered(
      passing,
      offset + request.pageSize,
      (a, b) => compareKeys(keysOf(a), keysOf(b)) || b - a,
    );
    return {
      rows: ordered.slice(offset).map((rowid) => ({ rowid, bm25: 0, score: 0 })),
      total: passing.length,
      facets: store.facets(passing, request.facets ?? []),
    };
  }

  /** Sort keys of a rowid as ascending comparables (a descending key is negated by compareKeys). */
  private sortKeys(state: IndexState, store: AttributeStore, request: SearchRequest) {
    const keys = request.sort?.length
      ? request.sort.map((s) => ({ field: s.field, descending: s.order === "desc" }))
      : request.query.trim() === "" && state.schema.sortable.length > 0
        ? [{ field: state.schema.sortable[0]!, descending: true }]
        : [];
    return (rowid: number): SortKeys =>
      keys.map((key) => ({ value: store.sortValue(key.field, rowid), descending: key.descending }));
  }

  private highlights(state: IndexState, rowid: number, request: SearchRequest, terms: ReturnType<typeof queryTermsOf>) {
    if (!request.highlight?.length) return {};
    const row = this.read<{ text: string } | undefined>("highlight text", state.statements.loadText, "get", [rowid]);
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
        if (
          this.read("typo lookup", state.statements.termExists, "get", [`"${term.replace(/"/g, '""')}"`], true) !==
          undefined
        )
          continue;
        const first = term[0]!;
        const next = String.fromCodePoint(first.codePointAt(0)! + 1);
        const range = [first, next, term.length - 1, term.length + 1];
        const candidates = this.read<{ term: string }[]>("typo lookup", state.statements.vocabRange, "all", range).map(
          (r) => r.term,
        );
        const near = typoCandidates(term, candidates);
        if (near.length > 0) found.set(term, near);
      }
    }
    return found;
  }

  // ---------------------------------------------------------------------------------------
  // Tables

  private storedLayout(index: string): string | undefined {
    return this.db.prepare<[string], { schema: string }>("SELECT schema FROM index_schemas WHERE name = ?").get(index)
      ?.schema;
  }

  private dropTables(index: string): void {
    const t = this.tables(index);
    for (const table of [t.vocab, t.fts, quoteIdent(`${index}__attrs`), t.docs, t.changes])
      this.db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  private createTables(index: string, schema: IndexSchema): void {
    const t = this.tables(index);
    this.db.exec(
      `CREATE TABLE ${t.docs} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
        attrs TEXT NOT NULL, terms INTEGER NOT NULL)`,
    );
    this.db.exec(`CREATE TABLE ${t.changes} (seq INTEGER PRIMARY KEY AUTOINCREMENT, rowid INTEGER NOT NULL)`);
    const columns = schema.searchable.flatMap((s) => [quoteIdent(s.field), quoteIdent(`${s.field}__bi`)]).join(", ");
    // Terms arrive analysed (lowercase letters and digits, bigrams marked) and space-separated:
    // the ascii tokenizer only splits them on the spaces again, and does it faster than unicode61.
    // No prefix indexes: their sizes count characters, so '3 6' served only exact 3- and
    // 6-character prefixes and doubled the postings written; prefix queries scan the term range.
    this.db.exec(
      `CREATE VIRTUAL TABLE ${t.fts} USING fts5(${columns}, content='', contentless_delete=1, tokenize='ascii')`,
    );
    this.configureMerging(index);
    this.db.exec(`CREATE VIRTUAL TABLE ${t.vocab} USING fts5vocab(${t.fts}, 'row')`);
  }

  /**
   * How FTS5 builds segments (stored in the table, so set on indexes created before too). A bulk
   * write's terms stay in memory until the transaction ends: one segment per batch, not one per MB.
   * Merging segments was half of a bulk build's write time with FTS5's default (merge every 4
   * segments of a level); every 16 halves it and leaves a few more segments, which measured
   * about 5 % on a term lookup (Lucene's merge factor is 10 for the same trade).
   */
  private configureMerging(index: string): void {
    const { fts } = this.tables(index);
    this.db.exec(`INSERT INTO ${fts}(${fts}, rank) VALUES('hashsize', 33554432)`);
    this.db.exec(`INSERT INTO ${fts}(${fts}, rank) VALUES('automerge', 16)`);
  }

  private prepareIndex(index: string, schema: IndexSchema, generation: string): IndexState {
    const t = this.tables(index);
    const searchableColumns = schema.searchable.flatMap((s) => [quoteIdent(s.field), quoteIdent(`${s.field}__bi`)]);
    const statements: Statements = {
      findRowid: this.db.prepare(`SELECT rowid FROM ${t.docs} WHERE id = ?`),
      insertDoc: this.db.prepare(`INSERT INTO ${t.docs} (id, text, attrs, terms) VALUES (?, ?, ?, ?)`),
      updateDoc: this.db.prepare(`UPDATE ${t.docs} SET text = ?, attrs = ?, terms = ? WHERE rowid = ?`),
      deleteDoc: this.db.prepare(`DELETE FROM ${t.docs} WHERE rowid = ?`),
      insertFts: this.db.prepare(
        `INSERT INTO ${t.fts} (rowid, ${searchableColumns.join(", ")}) VALUES (?${searchableColumns.map(() => ", ?").join("")})`,
      ),
      deleteFts: this.db.prepare(`DELETE FROM ${t.fts} WHERE rowid = ?`),
      insertChange: this.db.prepare(`INSERT INTO ${t.changes} (rowid) VALUES (?)`),
      pruneChanges: this.db.prepare(`DELETE FROM ${t.changes} WHERE seq <= ?`),
      changesSince: this.db.prepare(`SELECT seq, rowid FROM ${t.changes} WHERE seq > ? ORDER BY seq`),
      lastChange: this.db.prepare<[], number | null>(`SELECT max(seq) FROM ${t.changes}`).pluck(),
      loadDoc: this.db.prepare(`SELECT id, attrs, terms FROM ${t.docs} WHERE rowid = ?`),
      allDocs: this.db.prepare(`SELECT rowid, id, attrs, terms FROM ${t.docs}`),
      loadText: this.db.prepare(`SELECT text FROM ${t.docs} WHERE rowid = ?`),
      // A MATCH stops at the first document; fts5vocab would read the term's whole doclist to count it.
      termExists: this.db
        .prepare<[string], number | undefined>(`SELECT 1 FROM ${t.fts} WHERE ${t.fts} MATCH ? LIMIT 1`)
        .pluck(),
      vocabRange: this.db.prepare(
        `SELECT term FROM ${t.vocab} WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?`,
      ),
    };
    const weights = schema.searchable.flatMap((s) => [s.weight, s.weight * bigramWeightFactor]).join(", ");
    return { schema, generation, weights, statements, store: null, storeSeq: 0 };
  }
}

type SortKeys = { value: SortValue; descending: boolean }[];

function compareKeys(a: SortKeys, b: SortKeys): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareSortValues(a[i]!.value, b[i]!.value);
    if (order !== 0) return a[i]!.descending ? -order : order;
  }
  return 0;
}
