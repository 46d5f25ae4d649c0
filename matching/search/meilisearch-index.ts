import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTask,
  type Index,
  type MeilisearchErrorResponse,
  type SearchParams,
  type SearchResponse,
  type Settings,
  type Task,
} from "meilisearch";
import { analyzeQuery, documentTerms, type AnalyzedQuery } from "../text/index.js";
import { highlightText, queryTermsOf } from "./highlight.js";
import { compileMeilisearchFilter } from "./meilisearch-filter.js";
import {
  SearchRequestError,
  SearchUnavailableError,
  validateSearchRequest,
  type Highlight,
  type IndexSchema,
  type SearchDocument,
  type SearchHealth,
  type SearchHit,
  type SearchIndex,
  type SearchRequest,
  type SearchResult,
} from "./search-index.js";

export {
  compileMeilisearchFilter,
  quoteMeilisearchString,
  type CompiledMeilisearchFilter,
} from "./meilisearch-filter.js";

/*
 * MeilisearchIndex — the SearchIndex contract on a Meilisearch server, through the official client.
 *
 * What is stored. Each SearchDocument becomes one Meilisearch document:
 *   { id, ...attributes, <field>: original text, <field>__terms: documentTerms(text), <field>__syn: … }
 * Only the `__terms` and `__syn` fields are searchable. They hold OUR analysis (NFKC, Traditional →
 * Simplified with Taiwan phrases, jieba words + inner words + bigrams, English stems), so
 * Meilisearch matches the same terms as the embedded engine. Its own tokenizer (charabia) still
 * runs on those terms and may cut a long Chinese term again with its dictionary, but it does so
 * identically for the stored terms and for `q`; localizedAttributes (and `locales` on every
 * search) pin it to Chinese (`cmn`) + English (`eng`), so a short Han string is never read as
 * Japanese. The original text is kept for display
 * and for our highlighter. (If an attribute has the same name as a text field, the attribute
 * keeps the name and the text goes to `<field>__text`.)
 *
 * Synonyms. Meilisearch's `q` cannot express our per-word OR-alternatives, and its synonym
 * setting would re-implement our table with its own tokenizer. Instead the expansion runs on the
 * document side: `<field>__syn` holds every alternative (synonyms, cross-strait variants, the
 * tiling of a compound) that analyzeQuery() finds for the field's own words. Synonym groups are
 * symmetric, so "the query word has a synonym in the document" is the same as "the document word
 * has the query word among its alternatives". `__syn` fields rank below every `__terms` field,
 * so literal matches come first. The index `synonyms` and `stopWords` settings stay empty.
 *
 * The query sent as `q`: the FIRST alternative of every analysed query group, joined by spaces.
 * - not the raw or normalised text: the stored terms are stemmed ("batteries" is stored as
 *   "batteri"), so only our analysed query meets them; stop words are already gone; Traditional
 *   is already Simplified; and our terms contain letters and digits only, so nothing the user
 *   types (`"`, `-word`) can become Meilisearch query syntax;
 * - only the first alternative: that is the group's own terms; the other alternatives are
 *   matched through the `__syn` fields (see above) instead of a combinatorial multi-search.
 * Meilisearch treats the last word as a prefix unless the query ends with a space, so a trailing
 * space is added unless the request asks for prefix search and the last group is still being typed.
 * Like the embedded engine, every group must match (matchingStrategy "all"); when that finds
 * nothing for a query of several groups, the search is repeated with "frequency" (rarest words kept).
 * Meilisearch reads at most 10 query words; longer queries are cut by the server.
 *
 * Known differences from the embedded engine: Meilisearch compares filter strings
 * case-insensitively; typo tolerance is its own (1 typo from 5 letters, 2 from 9, none on
 * numbers); facet counts list at most 100 values per facet; totals stop at 10,000.
 *
 * Ranking. rankingRules puts "sort" first, so an explicit sort orders the hits (relevance breaks
 * ties), as in the embedded engine; without a sort the rule is a no-op. An empty query lists
 * documents by the first sortable field, descending. hit.score is `_rankingScore` (0..1), 0 on an
 * empty query.
 *
 * Highlights come from the shared highlighter (highlight.ts) run on the original text with our
 * analysed query, not from Meilisearch's `_formatted`, so both engines mark the same surface
 * (軟體 for 软件). Words Meilisearch matched only through a typo are not marked.
 *
 * Errors (what the caller can do about them decides the class):
 * - SearchUnavailableError — retrying later may succeed: connection refused/reset, DNS, request
 *   timeouts (timeoutMs), task timeouts (taskTimeoutMs), 5xx, 429, 401/403 (a key problem is an
 *   operations problem, not the request's), canceled tasks, failed tasks of type internal/system/
 *   auth, a missing index (index_not_found: rebuild it), answers that are not Meilisearch's
 *   documented error payload (a proxy's HTML page), a closed adapter.
 * - SearchRequestError — Meilisearch understood and rejected what we asked; the same request
 *   will fail again: any other 4xx with a `{message, code, type: "invalid_request", link}` body
 *   (invalid_search_filter, invalid_search_sort, invalid_document_id…) and failed tasks whose
 *   error type is invalid_request. Fields the schema does not allow and bad pages are refused
 *   before any request, like the embedded engine.
 * Both carry `meilisearch: { code, type, link, httpStatus, taskUid }` when Meilisearch said
 * something, and the client's error as `cause`. Configuration mistakes (a bad URL or prefix) are
 * plain Errors thrown by the constructor.
 *
 * The schema comes from applySchema in this process or, failing that, from the index settings
 * (see schemaOf); remove() and listIds() need none: a missing index has no ids and nothing to delete.
 */

export interface MeilisearchIndexOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:7700. */
  url: string;
  apiKey?: string;
  /** Prepended to every index name (default "scibridge_"). */
  indexPrefix?: string;
  /** Per HTTP request (default 5000). */
  timeoutMs?: number;
  /** How long to wait for an enqueued task (index creation, settings, documents) to finish (default 30000). */
  taskTimeoutMs?: number;
  /** Task polling interval (default 50). */
  taskPollMs?: number;
  /** Documents per addDocuments request (default 1000). */
  batchSize?: number;
}

/** What Meilisearch said, when it said something. */
export interface MeilisearchErrorInfo {
  code?: string;
  type?: string;
  link?: string;
  httpStatus?: number;
  taskUid?: number;
}

export class MeilisearchUnavailableError extends SearchUnavailableError {
  readonly meilisearch: MeilisearchErrorInfo;
  constructor(message: string, info: MeilisearchErrorInfo = {}, cause?: unknown) {
    super(message, { cause });
    this.name = "MeilisearchUnavailableError";
    this.meilisearch = info;
  }
}

export class MeilisearchRejectedError extends SearchRequestError {
  readonly meilisearch: MeilisearchErrorInfo;
  constructor(message: string, info: MeilisearchErrorInfo = {}, cause?: unknown) {
    super(message);
    this.name = "MeilisearchRejectedError";
    this.meilisearch = info;
    if (cause !== undefined) this.cause = cause;
  }
}

const TERMS = "__terms";
const SYNONYMS = "__syn";
const TEXT = "__text";
const LOCALES = ["cmn", "eng"];
const RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"];
const MAX_VALUES_PER_FACET = 100;
const MAX_TOTAL_HITS = 10_000;
const MAX_QUERY_CHARS = 1000;
const LIST_PAGE = 1000;
const DELETE_BATCH = 10_000;

const indexNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const reservedSuffixes = [TERMS, SYNONYMS, TEXT];
/** Searchable fields that hold codes and numbers, not words: typos are not tolerated there. */
const idLikeField = /(^id$|Id$|_id$|^code$|Code$|_code$|^no$|No$|Number$|_number$|^isbn$|^doi$)/i;

type MeiliDocument = Record<string, unknown> & { id: string };

// ------------------------------------------------------------------------------------------
// Document ids. Meilisearch accepts [A-Za-z0-9_-] only (at most 511 bytes); one id it refuses
// fails the whole batch. Ids made of letters, digits and "-" are stored as they are; any other
// character (and "_", the escape character) becomes "_" + two hex digits per UTF-8 byte.

export function encodeDocumentId(id: string): string {
  if (typeof id !== "string" || id.length === 0)
    throw new SearchRequestError("A document id must be a non-empty string");
  let out = "";
  for (const char of id) {
    if (/^[A-Za-z0-9-]$/.test(char)) out += char;
    else for (const byte of Buffer.from(char, "utf8")) out += `_${byte.toString(16).padStart(2, "0")}`;
  }
  if (Buffer.byteLength(out) > 511)
    throw new SearchRequestError(`Document id too long for Meilisearch: ${id.slice(0, 40)}…`);
  return out;
}

export function decodeDocumentId(stored: string): string {
  if (!stored.includes("_")) return stored;
  const bytes: number[] = [];
  for (let i = 0; i < stored.length;) {
    if (stored[i] === "_" && /^[0-9a-f]{2}$/.test(stored.slice(i + 1, i + 3))) {
      bytes.push(parseInt(stored.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(stored[i] as string, "utf8"));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

// ------------------------------------------------------------------------------------------
// Error mapping.

function isErrorPayload(value: unknown): value is MeilisearchErrorResponse {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}

/** The innermost useful message of an error chain (fetch hides ECONNREFUSED two causes deep). */
function rootMessage(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if (current instanceof MeilisearchRequestTimeOutError || current instanceof MeilisearchTaskTimeOutError)
      return current.message;
    const code = (current as { code?: unknown }).code;
    if (current.message)
      message =
        typeof code === "string" && !current.message.includes(code) ? `${code}: ${current.message}` : current.message;
    current = current.cause;
  }
  return message;
}

function fromPayload(
  context: string,
  payload: MeilisearchErrorResponse,
  extra: { httpStatus?: number; taskUid?: number },
  cause: unknown,
): SearchUnavailableError | SearchRequestError {
  const info: MeilisearchErrorInfo = { code: payload.code, type: payload.type, link: payload.link, ...extra };
  const message = `${context}: Meilisearch answered ${payload.code}: ${payload.message}`;
  const status = extra.httpStatus;
  const transient =
    payload.type !== "invalid_request" ||
    payload.code === "index_not_found" ||
    (status !== undefined && (status >= 500 || status === 429 || status === 401 || status === 403));
  return transient
    ? new MeilisearchUnavailableError(message, info, cause)
    : new MeilisearchRejectedError(message, info, cause);
}

/** Maps anything the client throws to our two error classes (see the header comment). */
export function toSearchError(context: string, error: unknown): SearchUnavailableError | SearchRequestError {
  if (error instanceof SearchUnavailableError || error instanceof SearchRequestError) return error;
  if (error instanceof MeilisearchApiError) {
    const httpStatus = error.response.status;
    if (isErrorPayload(error.cause)) return fromPayload(context, error.cause, { httpStatus }, error);
    return new MeilisearchUnavailableError(`${context}: HTTP ${httpStatus} ${error.message}`, { httpStatus }, error);
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return new MeilisearchUnavailableError(`${context}: ${error.message}`, { taskUid: error.cause.taskUid }, error);
  }
  // MeilisearchRequestError (refused, reset, DNS, request timeout), a garbled body (SyntaxError), anything else.
  return new MeilisearchUnavailableError(`${context}: Meilisearch unreachable (${rootMessage(error)})`, {}, error);
}

function taskError(context: string, task: Task): SearchUnavailableError | SearchRequestError | null {
  if (task.status === "succeeded") return null;
  if (task.status === "failed" && task.error)
    return fromPayload(`${context} (task ${task.uid})`, task.error, { taskUid: task.uid }, task);
  return new MeilisearchUnavailableError(
    `${context}: task ${task.uid} ended ${task.status}`,
    { taskUid: task.uid },
    task,
  );
}

// ------------------------------------------------------------------------------------------
// Settings.

function validateSchema(schema: IndexSchema): void {
  if (schema.searchable.length === 0) throw new SearchRequestError("An index needs at least one searchable field");
  const all = [...schema.searchable.map((s) => s.field), ...schema.filterable, ...schema.facetable, ...schema.sortable];
  for (const field of all) {
    if (!fieldNamePattern.test(field) || field === "id" || reservedSuffixes.some((suffix) => field.endsWith(suffix))) {
      throw new SearchRequestError(`Invalid field name for Meilisearch: ${field}`);
    }
  }
  for (const { field, weight } of schema.searchable) {
    if (!Number.isFinite(weight)) throw new SearchRequestError(`Invalid weight for ${field}`);
  }
}

/** Searchable fields, heaviest first (Meilisearch ranks attributes by order, not by weight). */
function byWeight(schema: IndexSchema): string[] {
  return schema.searchable
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map((s) => s.field);
}

export function meilisearchSettings(schema: IndexSchema): Settings {
  const fields = byWeight(schema);
  const terms = fields.map((f) => f + TERMS);
  const synonyms = fields.map((f) => f + SYNONYMS);
  const filterable = [...new Set([...schema.filterable, ...schema.facetable])];
  return {
    searchableAttributes: [...terms, ...synonyms],
    displayedAttributes: ["*"],
    filterableAttributes: filterable,
    sortableAttributes: [...schema.sortable],
    rankingRules: RANKING_RULES,
    // Our pipeline removes stop words and expands synonyms (see the header comment).
    stopWords: [],
    synonyms: {},
    typoTolerance: {
      enabled: true,
      disableOnAttributes: fields.filter((f) => idLikeField.test(f)).flatMap((f) => [f + TERMS, f + SYNONYMS]),
      disableOnNumbers: true,
    },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    localizedAttributes: [
      {
        attributePatterns: [`*${TERMS}`, `*${SYNONYMS}`, ...fields, ...fields.map((f) => f + TEXT)],
        locales: LOCALES,
      },
    ],
  };
}

/** Settings that are sets: the server may answer them in another order. */
const unorderedSettings = new Set([
  "filterableAttributes",
  "sortableAttributes",
  "disableOnAttributes",
  "stopWords",
  "attributePatterns",
  "locales",
]);

/**
 * True when every setting we own already has the wanted value, so applySchema at every start
 * enqueues no settings task. Settings we do not send are not compared.
 */
export function settingsMatch(wanted: unknown, actual: unknown, key = ""): boolean {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual) || wanted.length !== actual.length) return false;
    if (unorderedSettings.has(key) && wanted.every((w) => typeof w === "string")) {
      const sorted = (list: unknown[]) => [...list].map(String).sort();
      const [w, a] = [sorted(wanted), sorted(actual)];
      return w.every((value, i) => value === a[i]);
    }
    return wanted.every((w, i) => settingsMatch(w, actual[i]));
  }
  if (typeof wanted === "object" && wanted !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(wanted).every(([k, value]) => settingsMatch(value, a[k], k));
  }
  return Object.is(wanted, actual);
}

// ------------------------------------------------------------------------------------------
// Documents and queries.

/** Every alternative of every group except the first (which is in `__terms`), as one text. */
export function synonymTerms(text: string): string {
  if (!text.trim()) return "";
  // A trailing space keeps analyzeQuery from treating the last word as a prefix being typed.
  const query = analyzeQuery(`${text} `);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const group of query.groups) {
    for (const alternative of group.alternatives.slice(1)) {
      const joined = alternative.join(" ");
      if (seen.has(joined)) continue;
      seen.add(joined);
      out.push(joined);
    }
  }
  // Hard separators keep one alternative's terms from counting as close to the next one's.
  return out.join(" . ");
}

/**
 * The stored form of a document. Every text field keeps its original text; the searchable ones
 * (all of them when `searchable` is omitted) also get their `__terms` and `__syn` fields.
 */
export function toMeilisearchDocument(doc: SearchDocument, searchable?: ReadonlySet<string>): MeiliDocument {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.attributes)) {
    if (key === "id" || reservedSuffixes.some((suffix) => key.endsWith(suffix))) continue;
    out[key] = value;
  }
  for (const [field, text] of Object.entries(doc.text)) {
    const original = typeof text === "string" ? text : "";
    out[Object.hasOwn(doc.attributes, field) ? field + TEXT : field] = original;
    if (searchable && !searchable.has(field)) continue;
    out[field + TERMS] = documentTerms(original);
    out[field + SYNONYMS] = synonymTerms(original);
  }
  out.id = encodeDocumentId(doc.id);
  return out as MeiliDocument;
}

/** The `q` we send (see the header comment); "" for a query without any term (a placeholder search). */
export function meilisearchQueryText(query: AnalyzedQuery): string {
  const words = query.groups.flatMap((group) => group.alternatives[0] ?? []);
  if (words.length === 0) return "";
  const typing = query.groups.at(-1)?.prefix === true;
  return typing ? words.join(" ") : `${words.join(" ")} `;
}

function emptyResult(request: SearchRequest): SearchResult {
  return { hits: [], total: 0, facets: Object.fromEntries((request.facets ?? []).map((f) => [f, {}])) };
}

function clampScore(score: unknown): number {
  return typeof score === "number" && Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

// ------------------------------------------------------------------------------------------

export class MeilisearchIndex implements SearchIndex {
  readonly engine = "meilisearch";
  private readonly client: Meilisearch;
  private readonly prefix: string;
  private readonly waitOptions: { timeout: number; interval: number };
  private readonly batchSize: number;
  private readonly schemas = new Map<string, IndexSchema>();
  private readonly handles = new Map<string, Index>();
  private closed = false;

  constructor(options: MeilisearchIndexOptions) {
    // Configuration mistakes are plain Errors thrown at construction: they should stop the boot.
    this.prefix = options.indexPrefix ?? "scibridge_";
    if (this.prefix && !/^[A-Za-z0-9_-]+$/.test(this.prefix))
      throw new Error(`Invalid Meilisearch index prefix: ${this.prefix}`);
    this.waitOptions = { timeout: options.taskTimeoutMs ?? 30_000, interval: options.taskPollMs ?? 50 };
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    try {
      this.client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 5000 });
    } catch (error) {
      throw new Error(`Invalid Meilisearch URL: ${(error as Error).message}`, { cause: error });
    }
  }

  async applySchema(index: string, schema: IndexSchema): Promise<void> {
    const uid = this.uid(index);
    validateSchema(schema);
    const context = `applySchema(${uid})`;
    const handle = this.handle(uid);
    const info = await this.call(context, async () => {
      try {
        return await handle.getRawInfo();
      } catch (error) {
        if (
          error instanceof MeilisearchApiError &&
          isErrorPayload(error.cause) &&
          error.cause.code === "index_not_found"
        )
          return null;
        throw error;
      }
    });
    if (!info) {
      const created = await this.runTask(context, () => this.client.createIndex(uid, { primaryKey: "id" }), [
        "index_already_exists",
      ]);
      if (!created) await this.ensurePrimaryKey(context, handle);
    } else if (info.primaryKey !== "id") {
      if (info.primaryKey)
        throw new MeilisearchRejectedError(`${context}: index has primary key ${info.primaryKey}, expected id`);
      await this.runTask(context, () => handle.update({ primaryKey: "id" }));
    }
    const wanted = meilisearchSettings(schema);
    const current = await this.call(context, () => handle.getSettings());
    if (!settingsMatch(wanted, current)) await this.runTask(context, () => handle.updateSettings(wanted));
    this.schemas.set(index, schema);
  }

  async upsert(index: string, documents: readonly SearchDocument[]): Promise<void> {
    const uid = this.uid(index);
    const schema = await this.schemaOf(index, uid);
    if (documents.length === 0) return;
    // Within one call the last version of a document wins, as it would row by row.
    const latest = new Map<string, SearchDocument>();
    for (const doc of documents) latest.set(doc.id, doc);
    const unique = [...latest.values()];
    const searchable = new Set(schema.searchable.map((s) => s.field));
    const handle = this.handle(uid);
    const context = `upsert(${uid})`;
    // Analyse and enqueue batch by batch (analysis is synchronous: the event loop breathes between
    // batches), then await every task; Meilisearch auto-batches consecutive additions.
    const enqueued: EnqueuedTask[] = [];
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const batch = unique.slice(i, i + this.batchSize).map((doc) => toMeilisearchDocument(doc, searchable));
      enqueued.push(await this.call(context, () => handle.addDocuments(batch, { primaryKey: "id" })));
    }
    await this.awaitTasks(context, enqueued);
  }

  async remove(index: string, ids: readonly string[]): Promise<void> {
    const uid = this.uid(index);
    if (ids.length === 0) return;
    const encoded = [...new Set(ids)].map(encodeDocumentId);
    const handle = this.handle(uid);
    const context = `remove(${uid})`;
    const enqueued: EnqueuedTask[] = [];
    for (let i = 0; i < encoded.length; i += DELETE_BATCH) {
      const batch = encoded.slice(i, i + DELETE_BATCH);
      enqueued.push(await this.call(context, () => handle.deleteDocuments(batch)));
    }
    // Deleting from an index that does not exist leaves nothing behind: that is success.
    await this.awaitTasks(context, enqueued, ["index_not_found"]);
  }

  async listIds(index: string): Promise<string[]> {
    const uid = this.uid(index);
    const handle = this.handle(uid);
    const ids: string[] = [];
    for (let offset = 0; ; offset += LIST_PAGE) {
      const page = await this.call(`listIds(${uid})`, async () => {
        try {
          return await handle.getDocuments<{ id: string }>({ fields: ["id"], limit: LIST_PAGE, offset });
        } catch (error) {
          if (
            error instanceof MeilisearchApiError &&
            isErrorPayload(error.cause) &&
            error.cause.code === "index_not_found"
          )
            return null;
          throw error;
        }
      });
      if (!page) return ids;
      for (const doc of page.results) ids.push(decodeDocumentId(String(doc.id)));
      if (page.results.length < LIST_PAGE || offset + LIST_PAGE >= page.total) return ids;
    }
  }

  async search(index: string, request: SearchRequest): Promise<SearchResult> {
    const uid = this.uid(index);
    const schema = await this.schemaOf(index, uid);
    validateSearchRequest(schema, request);
    const filter = request.filter ? compileMeilisearchFilter(request.filter, schema) : true;
    if (filter === false) return emptyResult(request);

    const query = analyzeQuery(request.query.slice(0, MAX_QUERY_CHARS));
    if (!request.prefix) for (const group of query.groups) group.prefix = false;
    const q = meilisearchQueryText(query);

    const sort = (request.sort ?? []).map((s) => `${s.field}:${s.order}`);
    if (!q && sort.length === 0 && schema.sortable.length > 0) sort.push(`${schema.sortable[0]}:desc`);
    const highlightFields = request.highlight ?? [];
    const params: SearchParams = {
      page: request.page,
      hitsPerPage: request.pageSize,
      attributesToRetrieve: ["id", ...highlightFields.flatMap((f) => [f, f + TEXT])],
      matchingStrategy: "all",
      locales: LOCALES,
      ...(request.fields ? { attributesToSearchOn: request.fields.flatMap((f) => [f + TERMS, f + SYNONYMS]) } : {}),
      ...(typeof filter === "string" ? { filter } : {}),
      ...(sort.length ? { sort } : {}),
      ...(request.facets?.length ? { facets: [...request.facets] } : {}),
      ...(q ? { showRankingScore: true } : {}),
    };

    const handle = this.handle(uid);
    const context = `search(${uid})`;
    let response = await this.call(context, () => handle.search<MeiliDocument>(q, params));
    if (q && totalOf(response) === 0 && query.groups.length > 1) {
      // Like the embedded engine: when every word together finds nothing, rank by the words that do match.
      response = await this.call(context, () =>
        handle.search<MeiliDocument>(q, { ...params, matchingStrategy: "frequency" }),
      );
    }

    const terms = highlightFields.length ? queryTermsOf(query) : null;
    const hits: SearchHit[] = response.hits.map((hit) => {
      const highlights: Record<string, Highlight> = {};
      if (terms) {
        for (const field of highlightFields) {
          const original = typeof hit[field + TEXT] === "string" ? hit[field + TEXT] : hit[field];
          highlights[field] = highlightText(typeof original === "string" ? original : "", terms);
        }
      }
      return { id: decodeDocumentId(String(hit.id)), score: q ? clampScore(hit._rankingScore) : 0, highlights };
    });
    const facets: SearchResult["facets"] = {};
    for (const facet of request.facets ?? []) facets[facet] = { ...(response.facetDistribution?.[facet] ?? {}) };
    return { hits, total: totalOf(response), facets };
  }

  async health(): Promise<SearchHealth> {
    if (this.closed) return { ok: false, engine: this.engine, detail: "closed" };
    try {
      const health = await this.client.health();
      const ok = health?.status === "available";
      return { ok, engine: this.engine, detail: ok ? "available" : `status ${String(health?.status)}` };
    } catch (error) {
      return { ok: false, engine: this.engine, detail: toSearchError("health", error).message };
    }
  }

  async close(): Promise<void> {
    // The client keeps no connections of its own (fetch pools them); refuse further work.
    this.closed = true;
    this.handles.clear();
  }

  // ----------------------------------------------------------------------------------------

  private uid(index: string): string {
    if (this.closed) throw new MeilisearchUnavailableError("The Meilisearch adapter is closed");
    if (typeof index !== "string" || !indexNamePattern.test(index))
      throw new SearchRequestError(`Invalid index name: ${index}`);
    return this.prefix + index;
  }

  /**
   * The schema applied in this process, or else the one the server's settings describe (another
   * process applied it): requests are validated before they are sent either way. Read back, the
   * facetable fields are taken to be the filterable ones (Meilisearch facets on any of them).
   * An index that does not exist, or was never configured, is SearchUnavailableError: a rebuild
   * (applySchema + reindex) fixes it, the request itself is fine.
   */
  private async schemaOf(index: string, uid: string): Promise<IndexSchema> {
    const cached = this.schemas.get(index);
    if (cached) return cached;
    const settings = await this.call(`settings(${uid})`, () => this.handle(uid).getSettings());
    const searchable = (settings.searchableAttributes ?? [])
      .filter((name) => name.endsWith(TERMS))
      .map((name, i, all) => ({ field: name.slice(0, -TERMS.length), weight: all.length - i }));
    if (searchable.length === 0) {
      throw new MeilisearchUnavailableError(`Index ${uid} exists but its schema was never applied (run the reindex)`);
    }
    const filterable = (settings.filterableAttributes ?? []).flatMap((entry) =>
      typeof entry === "string" ? [entry] : entry.attributePatterns.filter((p) => !p.includes("*")),
    );
    const schema: IndexSchema = {
      searchable,
      filterable,
      facetable: filterable,
      sortable: [...(settings.sortableAttributes ?? [])],
    };
    this.schemas.set(index, schema);
    return schema;
  }

  private handle(uid: string): Index {
    let handle = this.handles.get(uid);
    if (!handle) {
      handle = this.client.index(uid);
      this.handles.set(uid, handle);
    }
    return handle;
  }

  private async call<T>(context: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toSearchError(context, error);
    }
  }

  /** Enqueues a task and waits for it; true when it succeeded, false when it failed with an accepted code. */
  private async runTask(
    context: string,
    enqueue: () => Promise<EnqueuedTask>,
    acceptedCodes: readonly string[] = [],
  ): Promise<boolean> {
    const enqueued = await this.call(context, enqueue);
    const [succeeded] = await this.awaitTasks(context, [enqueued], acceptedCodes);
    return succeeded ?? false;
  }

  /** Waits for every task (so none is left unobserved), then throws the first failure. */
  private async awaitTasks(
    context: string,
    enqueued: readonly EnqueuedTask[],
    acceptedCodes: readonly string[] = [],
  ): Promise<boolean[]> {
    const outcomes: boolean[] = [];
    let failure: Error | null = null;
    for (const { taskUid } of enqueued) {
      try {
        const task = await this.call(context, () => this.client.tasks.waitForTask(taskUid, this.waitOptions));
        const error = taskError(context, task);
        if (error && !(task.error && acceptedCodes.includes(task.error.code))) throw error;
        outcomes.push(!error);
      } catch (error) {
        failure ??= error as Error;
        outcomes.push(false);
        // A timeout or an unreachable server will not improve for the next task: stop waiting.
        if (error instanceof SearchUnavailableError && !(error as MeilisearchUnavailableError).meilisearch?.code) break;
      }
    }
    if (failure) throw failure;
    return outcomes;
  }

  private async ensurePrimaryKey(context: string, handle: Index): Promise<void> {
    const info = await this.call(context, () => handle.getRawInfo());
    if (info.primaryKey === "id") return;
    if (info.primaryKey)
      throw new MeilisearchRejectedError(`${context}: index has primary key ${info.primaryKey}, expected id`);
    await this.runTask(context, () => handle.update({ primaryKey: "id" }));
  }
}

function totalOf(response: SearchResponse<MeiliDocument, SearchParams>): number {
  const r = response as { totalHits?: number; estimatedTotalHits?: number };
  return r.totalHits ?? r.estimatedTotalHits ?? 0;
}
