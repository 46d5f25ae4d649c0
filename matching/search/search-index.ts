/**
 * The search engine contract. Engines (SqliteFtsIndex, MeilisearchIndex) receive the
 * original text of each searchable field and analyse it with matching/text, so both
 * match the same way; queries go through the same pipeline.
 */

export type AttributeValue = string | number | boolean | null | readonly string[];

export interface SearchDocument {
  /** Unique within its index. */
  id: string;
  /** Searchable fields: original text, analysed by the engine with matching/text. */
  text: Record<string, string>;
  /** Values to filter, facet and sort on; a string array means "any of these". */
  attributes: Record<string, AttributeValue>;
}

export interface IndexSchema {
  /** Searchable fields, most important first, with their relative weights. */
  searchable: readonly { field: string; weight: number }[];
  filterable: readonly string[];
  facetable: readonly string[];
  sortable: readonly string[];
}

export type Filter =
  | { op: "eq"; field: string; value: string | number | boolean }
  | { op: "in"; field: string; values: readonly (string | number)[] }
  | { op: "range"; field: string; gte?: number; lte?: number }
  | { op: "and"; filters: readonly Filter[] }
  | { op: "or"; filters: readonly Filter[] };

export interface SortKey {
  field: string;
  order: "asc" | "desc";
}

export interface SearchRequest {
  /** What the user typed; empty means "everything that passes the filter". */
  query: string;
  filter?: Filter;
  /** Without sort, hits are ranked by relevance (and by the first sortable field on an empty query). */
  sort?: readonly SortKey[];
  facets?: readonly string[];
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Fields whose text comes back with the matched terms marked. */
  highlight?: readonly string[];
  /** Treat the last query word as a prefix (autocomplete). */
  prefix?: boolean;
  /** Match only in these searchable fields (every searchable field when absent). */
  fields?: readonly string[];
}

/** A field's original text cut into runs, each marked as matching the query or not. */
export type Highlight = readonly { text: string; match: boolean }[];

export interface SearchHit {
  id: string;
  /** Relevance in [0, 1], comparable across indexes of the same engine; 0 on an empty query. */
  score: number;
  highlights: Record<string, Highlight>;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** field → value → count, over every hit that passed the query and the filter. */
  facets: Record<string, Record<string, number>>;
}

export interface SearchHealth {
  ok: boolean;
  engine: string;
  detail?: string;
}

export interface SearchIndex {
  readonly engine: string;
  applySchema(index: string, schema: IndexSchema): Promise<void>;
  upsert(index: string, documents: readonly SearchDocument[]): Promise<void>;
  remove(index: string, ids: readonly string[]): Promise<void>;
  /** Every document id in the index (used to sweep deleted records after a rebuild). */
  listIds(index: string): Promise<string[]>;
  search(index: string, request: SearchRequest): Promise<SearchResult>;
  health(): Promise<SearchHealth>;
  close(): Promise<void>;
}

/** Raised by engines when the search service cannot be reached or refuses work. */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchUnavailableError";
  }
}

/** Raised when a request names a field the schema does not allow for that use. */
export class SearchRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SearchRequestError";
  }
}

/** The most hits one page may ask for, whatever the engine. */
export const maxSearchPageSize = 1000;

/** Checks a request against an index schema the same way for every engine. */
export function validateSearchRequest(schema: IndexSchema, request: SearchRequest): void {
  if (typeof request.query !== "string") throw new SearchRequestError("query must be a string");
  for (const sort of request.sort ?? []) {
    if (!schema.sortable.includes(sort.field)) throw new SearchRequestError(`Cannot sort by ${sort.field}`);
    if (sort.order !== "asc" && sort.order !== "desc")
      throw new SearchRequestError(`Invalid sort order ${String(sort.order)}`);
  }
  for (const facet of request.facets ?? []) {
    if (!schema.facetable.includes(facet)) throw new SearchRequestError(`No facet ${facet}`);
  }
  for (const field of request.highlight ?? []) {
    if (!schema.searchable.some((s) => s.field === field)) throw new SearchRequestError(`Cannot highlight ${field}`);
  }
  for (const field of request.fields ?? []) {
    if (!schema.searchable.some((s) => s.field === field)) throw new SearchRequestError(`Cannot search in ${field}`);
  }
  if (request.fields?.length === 0) throw new SearchRequestError("fields, when given, must name at least one field");
  if (!Number.isInteger(request.page) || request.page < 1)
    throw new SearchRequestError("page must be a positive integer");
  if (!Number.isInteger(request.pageSize) || request.pageSize < 1 || request.pageSize > maxSearchPageSize) {
    throw new SearchRequestError(`pageSize must be between 1 and ${maxSearchPageSize}`);
  }
}
