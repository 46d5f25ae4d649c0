import { cropHighlight, type Highlight } from "../../../matching/index.js";
import { searchSchemas } from "../../indexing/search-documents.js";
import type { Track } from "../../knowledge/knowledge.types.js";
import { maxMergedDepth, type SearchItem, type SearchOutcome, type SearchType } from "../../search/search.service.js";
import { presentExpertCard, type ExpertCard } from "../experts/experts.view-models.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { storedName } from "../i18n/stored-names.js";
import { beyondLastPage, excerpt, pageLinks, type PaginationModel } from "../layout/page-parts.view-models.js";
import { presentNeedCard, type FullNeedCard, type RedactedNeedCard } from "../needs/needs.view-models.js";
import { presentTechnologyCard, type TechnologyCard } from "../technologies/technologies.view-models.js";

/**
 * The search page's view model: tabs, facet links, active filters, result cards with
 * highlighted runs and paging. Every link is built here from one `SearchPageState`, so
 * the query, type and filters survive every click. Templates turn runs into `<mark>`.
 */

export const searchPageSize = 10;
/** How much of an abstract, description, bio or publication list a result shows. */
export const snippetLength = 120;
const maxFacetOptions = 12;

/** Filters as the page's URL names them (a repeated parameter means OR; `trl` is one level). */
export const searchFilterKeys = ["discipline", "region", "track", "status", "trl"] as const;
export type SearchFilterKey = (typeof searchFilterKeys)[number];
export type SearchPageFilters = Record<SearchFilterKey, string[]>;

/** The statuses anyone can find: drafts never reach the index. */
export const searchableNeedStatuses = ["open", "in_progress", "solved", "closed"] as const;

export interface SearchPageState {
  q: string;
  type: SearchType;
  filters: SearchPageFilters;
  page: number;
}

export const noSearchFilters = (): SearchPageFilters => ({
  discipline: [],
  region: [],
  track: [],
  status: [],
  trl: [],
});

/** The index attribute each page filter reads (and whose facet counts it shows). */
const indexFieldOf: Record<SearchFilterKey, string> = {
  discipline: "discipline",
  region: "region",
  track: "track",
  status: "status",
  trl: "maturity",
};

/** Whether a filter narrows this type of result (`all` takes every filter: it applies where it can). */
export function filterAppliesTo(type: SearchType, key: SearchFilterKey): boolean {
  return type === "all" || searchSchemas[type].filterable.includes(indexFieldOf[key]);
}

/** `/search?q=…&type=…&discipline=…&discipline=…&page=…`, leaving defaults out. */
export function searchHref(state: SearchPageState): string {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.type !== "all") params.set("type", state.type);
  for (const key of searchFilterKeys) {
    for (const value of state.filters[key]) params.append(key, value);
  }
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return query ? `/search?${query}` : "/search";
}

function withFilter(state: SearchPageState, key: SearchFilterKey, values: string[]): SearchPageState {
  return { ...state, page: 1, filters: { ...state.filters, [key]: values } };
}

/** Adds a facet value (or, for the single-choice readiness level, replaces it); a selected one is removed. */
function toggled(state: SearchPageState, key: SearchFilterKey, value: string): SearchPageState {
  const current = state.filters[key];
  if (current.includes(value))
    return withFilter(
      state,
      key,
      current.filter((v) => v !== value),
    );
  return withFilter(state, key, key === "trl" ? [value] : [...current, value]);
}

const hasFilters = (filters: SearchPageFilters) => searchFilterKeys.some((key) => filters[key].length > 0);

// ---- highlighted text
export type Runs = { text: string; match: boolean }[];

const plain = (text: string): Runs => (text ? [{ text, match: false }] : []);
const hasMatch = (runs: Highlight | undefined): runs is Highlight => Boolean(runs?.some((run) => run.match));

/** Runs with whitespace (line breaks between joined fields) folded to single spaces. */
function tidy(runs: Highlight): Runs {
  const out: Runs = [];
  for (const run of runs) {
    const text = run.text.replace(/\s+/g, " ");
    if (!text) continue;
    const last = out[out.length - 1];
    if (last && last.match === run.match) last.text += text;
    else out.push({ text, match: run.match });
  }
  return out;
}

/** The highlighted field when it still says what the record says (the index may lag a write); else plain text. */
function titleRuns(highlight: Highlight | undefined, text: string): Runs {
  if (highlight && highlight.map((run) => run.text).join("") === text) return tidy(highlight);
  return plain(text);
}

/** The first field that matched, cut around the match; else the start of the fallback text. */
function snippetRuns(highlights: Record<string, Highlight>, fields: string[], fallback: string): Runs {
  for (const field of fields) {
    const highlight = highlights[field];
    if (hasMatch(highlight)) return tidy(cropHighlight(highlight, snippetLength));
  }
  return plain(excerpt(fallback, snippetLength));
}

/** Splits runs of a joined list (`陶瓷；烧结`) into runs per item. */
export function splitRuns(runs: Highlight, separator: string): Runs[] {
  const items: Runs[] = [[]];
  for (const run of runs) {
    run.text.split(separator).forEach((part, i) => {
      if (i > 0) items.push([]);
      if (part) items[items.length - 1]!.push({ text: part, match: run.match });
    });
  }
  return items.filter((item) => item.length > 0);
}

// ---- result cards
export interface ExpertResult extends ExpertCard {
  kind: "expert";
  kindLabel: string;
  titleRuns: Runs;
  snippet: Runs;
  keywordRuns: Runs[];
}

export interface FullNeedResult extends FullNeedCard {
  kind: "need";
  kindLabel: string;
  titleRuns: Runs;
  snippet: Runs;
}

/** A confidential need the viewer may not read: its public title, discipline and region, nothing more. */
export interface RedactedNeedResult extends RedactedNeedCard {
  kind: "need";
  kindLabel: string;
  titleRuns: Runs;
}

export interface TechnologyResult extends TechnologyCard {
  kind: "technology";
  kindLabel: string;
  titleRuns: Runs;
  snippet: Runs;
}

export type SearchResultModel = ExpertResult | FullNeedResult | RedactedNeedResult | TechnologyResult;

const kindLabel = (lang: Lang, kind: SearchItem["kind"]) => translate(lang, `search.kind.${kind}` satisfies MessageKey);

export function presentSearchResult(lang: Lang, item: SearchItem): SearchResultModel {
  const { highlights } = item;
  switch (item.kind) {
    case "expert": {
      const expert = item.record;
      const card = presentExpertCard(lang, expert);
      const keywordRuns = highlights.keywords
        ? splitRuns(highlights.keywords, "；")
        : expert.keywords.map((keyword) => plain(keyword));
      // Matched keywords first, so a match is visible even on a long list.
      const ordered = [
        ...keywordRuns.filter((runs) => hasMatch(runs)),
        ...keywordRuns.filter((runs) => !hasMatch(runs)),
      ];
      return {
        ...card,
        kind: "expert",
        kindLabel: kindLabel(lang, "expert"),
        titleRuns: titleRuns(highlights.name, expert.name),
        snippet: snippetRuns(highlights, ["bio", "publications"], expert.bio),
        keywordRuns: ordered.slice(0, 6),
      };
    }
    case "need": {
      const card = presentNeedCard(lang, item.record);
      const base = {
        kind: "need" as const,
        kindLabel: kindLabel(lang, "need"),
        titleRuns: titleRuns(highlights.title, card.title),
      };
      if (card.redacted) return { ...card, ...base };
      const { need } = item.record;
      return {
        ...card,
        ...base,
        snippet: snippetRuns(highlights, ["description"], need.description || need.difficulty),
      };
    }
    case "technology": {
      const technology = item.record;
      return {
        ...presentTechnologyCard(lang, technology),
        kind: "technology",
        kindLabel: kindLabel(lang, "technology"),
        titleRuns: titleRuns(highlights.title, technology.title),
        snippet: snippetRuns(highlights, ["abstract"], technology.abstract),
      };
    }
  }
}

// ---- facets
export interface FacetOption {
  label: string;
  count: number;
  href: string;
  selected: boolean;
}

export interface FacetGroup {
  key: SearchFilterKey;
  label: string;
  /** The readiness level is one choice (shown as a radio), the others any number (checkboxes). */
  single: boolean;
  options: FacetOption[];
}

export interface ActiveFilter {
  group: string;
  value: string;
  removeHref: string;
}

function facetValueLabel(lang: Lang, key: SearchFilterKey, value: string, tracks: Track[]): string {
  if (key === "status" && (searchableNeedStatuses as readonly string[]).includes(value))
    return translate(lang, `need.status.${value as (typeof searchableNeedStatuses)[number]}` satisfies MessageKey);
  if (key === "track") {
    const track = tracks.find((candidate) => candidate.code === value);
    return track ? storedName(lang, track) : value;
  }
  if (key === "trl") return translate(lang, "search.facets.trlValue", { level: value });
  return value;
}

const facetLabel = (lang: Lang, key: SearchFilterKey) => translate(lang, `search.facets.${key}` satisfies MessageKey);

/** Natural orders where there is one (lifecycle, level); otherwise most results first. */
function orderFacetValues(key: SearchFilterKey, counts: [string, number][]): [string, number][] {
  if (key === "trl") return counts.sort((a, b) => Number(a[0]) - Number(b[0]));
  if (key === "status") {
    const rank = (value: string) => (searchableNeedStatuses as readonly string[]).indexOf(value);
    return counts.sort((a, b) => rank(a[0]) - rank(b[0]));
  }
  return counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"));
}

function presentFacets(
  lang: Lang,
  state: SearchPageState,
  facets: SearchOutcome["facets"],
  tracks: Track[],
): FacetGroup[] {
  const groups: FacetGroup[] = [];
  for (const key of searchFilterKeys) {
    if (!filterAppliesTo(state.type, key)) continue;
    const counts = Object.entries(facets[indexFieldOf[key]] ?? {}).filter(
      ([value, count]) => value !== "" && count > 0 && (key !== "status" || value !== "draft"),
    );
    const selected = state.filters[key];
    const shown = orderFacetValues(key, counts).slice(0, maxFacetOptions);
    // A selected value stays visible (and removable) even when it has no results left.
    for (const value of selected) if (!shown.some(([v]) => v === value)) shown.push([value, 0]);
    if (shown.length === 0) continue;
    groups.push({
      key,
      label: facetLabel(lang, key),
      single: key === "trl",
      options: shown.map(([value, count]) => ({
        label: facetValueLabel(lang, key, value, tracks),
        count,
        href: searchHref(toggled(state, key, value)),
        selected: selected.includes(value),
      })),
    });
  }
  return groups;
}

function presentActiveFilters(lang: Lang, state: SearchPageState, tracks: Track[]): ActiveFilter[] {
  return searchFilterKeys.flatMap((key) =>
    state.filters[key].map((value) => ({
      group: facetLabel(lang, key),
      value: facetValueLabel(lang, key, value, tracks),
      removeHref: searchHref(toggled(state, key, value)),
    })),
  );
}

// ---- tabs and paging
export interface SearchTab {
  type: SearchType;
  label: string;
  href: string;
  current: boolean;
}

const tabOrder: SearchType[] = ["all", "experts", "needs", "technologies"];

/** Each tab keeps the query and the filters that apply to its type. */
function presentTabs(lang: Lang, state: SearchPageState): SearchTab[] {
  return tabOrder.map((type) => {
    const filters = noSearchFilters();
    for (const key of searchFilterKeys) if (filterAppliesTo(type, key)) filters[key] = state.filters[key];
    return {
      type,
      label: translate(lang, `search.tabs.${type}` satisfies MessageKey),
      href: searchHref({ q: state.q, type, filters, page: 1 }),
      current: type === state.type,
    };
  });
}

/** How many pages can be reached: merged lists (type=all) stop at the service's depth. */
export function reachablePages(type: SearchType, total: number, pageSize: number): number {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return type === "all" ? Math.min(pages, Math.floor(maxMergedDepth / pageSize)) : Math.min(pages, 1000);
}

function presentSearchPagination(
  lang: Lang,
  state: SearchPageState,
  total: number,
  pageSize: number,
): PaginationModel | null {
  const pageCount = reachablePages(state.type, total, pageSize);
  const hrefOf = (page: number) => searchHref({ ...state, page });
  if (pageCount <= 1 && state.page <= 1) return null;
  return {
    summary: "",
    prev: state.page > 1 ? hrefOf(Math.min(state.page - 1, pageCount)) : null,
    next: state.page < pageCount ? hrefOf(state.page + 1) : null,
    pages: pageLinks(state.page, pageCount, hrefOf),
    beyondLast: beyondLastPage(lang, { current: state.page, pageCount, total }, hrefOf),
  };
}

// ---- the page
export type SearchProblem =
  { kind: "tooLong"; max: number } | { kind: "filters" } | { kind: "tooDeep"; max: number } | { kind: "unavailable" };

export interface SearchPageModel {
  title: string;
  /** Shown again in the header's search box. */
  headerQuery: string;
  q: string;
  /** The type and filters a new query from the page's own box keeps. */
  hidden: { name: string; value: string }[];
  tabs: SearchTab[];
  facetGroups: FacetGroup[];
  activeFilters: ActiveFilter[];
  clearFiltersHref: string | null;
  summary: string;
  results: SearchResultModel[];
  pagination: PaginationModel | null;
  /** Bad input: the message and a way out. */
  problem: { message: string; startOverHref: string } | null;
  unavailable: boolean;
  /** The search ran: show the facets, the summary and the results (or that there are none). */
  searched: boolean;
  empty: boolean;
}

function problemMessage(lang: Lang, problem: Exclude<SearchProblem, { kind: "unavailable" }>): string {
  switch (problem.kind) {
    case "tooLong":
      return translate(lang, "search.error.tooLong", { max: problem.max });
    case "tooDeep":
      return translate(lang, "search.error.tooDeep", { max: problem.max });
    case "filters":
      return translate(lang, "search.error.filters");
  }
}

export function presentSearchPage(
  lang: Lang,
  data: {
    state: SearchPageState;
    tracks: Track[];
    pageSize: number;
    /** False when the query has no word to search for (only punctuation or symbols): every record is listed. */
    searchable?: boolean;
  } & ({ outcome: SearchOutcome; problem?: undefined } | { outcome?: undefined; problem: SearchProblem }),
): SearchPageModel {
  const { state, tracks, outcome } = data;
  const hidden = [
    ...(state.type === "all" ? [] : [{ name: "type", value: state.type }]),
    ...searchFilterKeys.flatMap((key) => state.filters[key].map((value) => ({ name: key, value }))),
  ];
  const filtered = hasFilters(state.filters);
  const base = {
    title: state.q
      ? translate(lang, "search.resultsTitle", { q: excerpt(state.q, 40) })
      : translate(lang, "search.title"),
    headerQuery: state.q,
    q: state.q,
    hidden,
    tabs: presentTabs(lang, state),
    activeFilters: presentActiveFilters(lang, state, tracks),
    clearFiltersHref: filtered ? searchHref({ ...state, filters: noSearchFilters(), page: 1 }) : null,
  };
  if (!outcome) {
    const problem = data.problem!;
    // After bad input, start over from what can be kept: the query when it was fine, otherwise nothing.
    const keepQuery = problem.kind !== "tooLong";
    return {
      ...base,
      facetGroups: [],
      summary: "",
      results: [],
      pagination: null,
      problem:
        problem.kind === "unavailable"
          ? null
          : {
              message: problemMessage(lang, problem),
              startOverHref: searchHref({
                q: keepQuery ? state.q : "",
                type: "all",
                filters: noSearchFilters(),
                page: 1,
              }),
            },
      unavailable: problem.kind === "unavailable",
      searched: false,
      empty: false,
    };
  }
  const pageCount = reachablePages(state.type, outcome.total, data.pageSize);
  const summary = [
    !state.q
      ? translate(lang, "search.summary.recent", { count: outcome.total })
      : data.searchable === false
        ? translate(lang, "search.summary.nothingToSearch", { count: outcome.total, q: state.q })
        : translate(lang, "search.summary.query", { count: outcome.total, q: state.q }),
    ...(pageCount > 1 ? [translate(lang, "search.summary.page", { page: state.page, pages: pageCount })] : []),
  ].join(" · ");
  const results = outcome.items.map((item) => presentSearchResult(lang, item));
  return {
    ...base,
    facetGroups: presentFacets(lang, state, outcome.facets, tracks),
    summary,
    results,
    pagination: presentSearchPagination(lang, state, outcome.total, data.pageSize),
    problem: null,
    unavailable: false,
    searched: true,
    empty: results.length === 0,
  };
}
