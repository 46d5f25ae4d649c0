import {
  analyzeQuery,
  maxSearchPageSize,
  normalizeText,
  SearchRequestError,
  SearchUnavailableError,
  type Filter,
  type Highlight,
  type SearchIndex,
  type SearchResult,
} from "../../matching/index.js";
import type { Actor } from "../accounts/accounts.types.js";
import { AppError, ValidationError } from "../errors.js";
import { canSeeNeed } from "../knowledge/knowledge-policy.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { Expert, Technology } from "../knowledge/knowledge.types.js";
import type { NeedView, NeedsService } from "../knowledge/needs.service.js";
import type { NeedsRepository } from "../knowledge/needs.repository.js";
import type { TechnologiesRepository } from "../knowledge/technologies.repository.js";
import { searchSchemas } from "../indexing/search-documents.js";
import type { SearchIndexName } from "../indexing/search-outbox.js";
import { languageCodesOf } from "../shared/working-languages.js";

export const searchTypes = ["experts", "needs", "technologies", "all"] as const;
export type SearchType = (typeof searchTypes)[number];

/** Filters by the field names users see; each applies to the indexes that have the field. */
export interface SearchFilters {
  region?: string[];
  discipline?: string[];
  track?: string[];
  status?: string[];
  industry?: string[];
  society?: string[];
  language?: string[];
  transferMode?: string[];
  maturityMin?: number;
  maturityMax?: number;
}

export interface SearchInput {
  q: string;
  type: SearchType;
  filters: SearchFilters;
  page: number;
  pageSize: number;
}

export type SearchItem =
  | { kind: "expert"; score: number; highlights: Record<string, Highlight>; record: Expert }
  | { kind: "need"; score: number; highlights: Record<string, Highlight>; record: NeedView }
  | { kind: "technology"; score: number; highlights: Record<string, Highlight>; record: Technology };

export interface SearchOutcome {
  items: SearchItem[];
  total: number;
  page: number;
  pageSize: number;
  facets: Record<string, Record<string, number>>;
}

export interface Suggestion {
  kind: SearchItem["kind"];
  id: number;
  text: string;
}

const kindOf: Record<SearchIndexName, SearchItem["kind"]> = {
  experts: "expert",
  needs: "need",
  technologies: "technology",
};
const highlightFields: Record<SearchIndexName, string[]> = {
  experts: ["name", "keywords", "publications", "bio"],
  needs: ["title", "description"],
  technologies: ["title", "abstract"],
};
const facetFields: Record<SearchIndexName, string[]> = {
  experts: ["region", "discipline"],
  needs: ["region", "discipline", "track", "status"],
  technologies: ["discipline", "maturity", "region"],
};
/** `type=all` merges ranked lists; deeper pages than this are not offered. */
export const maxMergedDepth = 1000;
/**
 * A list page's keyword box keeps the engine's best matches, up to this many, then applies its
 * other filters in the database (decisions §25).
 */
export const maxKeywordMatches = maxSearchPageSize;

function filterTree(index: SearchIndexName, filters: SearchFilters): Filter | null | "unsupported" {
  const filterable = searchSchemas[index].filterable;
  const parts: Filter[] = [];
  for (const [name, value] of Object.entries(filters) as [keyof SearchFilters, unknown][]) {
    if (value === undefined) continue;
    if (name === "maturityMin" || name === "maturityMax") {
      if (!filterable.includes("maturity")) return "unsupported";
      parts.push({
        op: "range",
        field: "maturity",
        ...(name === "maturityMin" ? { gte: value as number } : { lte: value as number }),
      });
      continue;
    }
    if (!filterable.includes(name)) return "unsupported";
    // A repeated parameter means OR; languages are filed as codes, and may be asked for by name.
    const values = name === "language" ? languageCodesOf(value as string[]) : (value as string[]);
    parts.push({ op: "in", field: name, values });
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { op: "and", filters: parts };
}

function translateEngineError(error: unknown): never {
  if (error instanceof SearchUnavailableError) {
    throw new AppError("search_unavailable", "Search is temporarily unavailable; try again shortly");
  }
  if (error instanceof SearchRequestError) throw new ValidationError(error.message);
  throw error;
}

/** Full-text search over experts, needs and technologies, with the viewer's permissions applied. */
export class SearchService {
  constructor(
    private readonly index: SearchIndex,
    private readonly repositories: {
      experts: ExpertsRepository;
      needs: NeedsRepository;
      technologies: TechnologiesRepository;
    },
    private readonly needs: NeedsService,
  ) {}

  async search(actor: Actor | null, input: SearchInput): Promise<SearchOutcome> {
    const indexes: SearchIndexName[] = input.type === "all" ? ["experts", "needs", "technologies"] : [input.type];
    const plans = indexes.map((index) => ({ index, filter: filterTree(index, input.filters) }));
    const unsupported = plans.filter((plan) => plan.filter === "unsupported");
    if (input.type !== "all" && unsupported.length > 0) {
      const allowed = [...searchSchemas[input.type].filterable].join(", ");
      throw new ValidationError(`A filter does not apply to ${input.type}; filters here: ${allowed}`);
    }
    const runnable = plans.filter((plan) => plan.filter !== "unsupported") as {
      index: SearchIndexName;
      filter: Filter | null;
    }[];
    const merged = input.type === "all";
    if (merged && input.page * input.pageSize > maxMergedDepth) {
      throw new ValidationError(`type=all shows the first ${maxMergedDepth} results; narrow the query or pick a type`);
    }
    const results = await Promise.all(
      runnable.map(async ({ index, filter }) => {
        const result = await this.index
          .search(index, {
            query: input.q,
            ...(filter && { filter }),
            facets: facetFields[index],
            highlight: highlightFields[index],
            page: merged ? 1 : input.page,
            pageSize: merged ? input.page * input.pageSize : input.pageSize,
          })
          .catch(translateEngineError);
        return { index, result };
      }),
    );
    const ranked = results.flatMap(({ index, result }) =>
      result.hits.map((hit, position) => ({ index, hit, position })),
    );
    if (merged) {
      // Scores are comparable across indexes; on an empty query every score is 0 and the
      // per-index recency order is interleaved instead.
      ranked.sort((a, b) => b.hit.score - a.hit.score || a.position - b.position);
    }
    const pageHits = merged ? ranked.slice((input.page - 1) * input.pageSize, input.page * input.pageSize) : ranked;
    return {
      items: await this.load(actor, pageHits),
      total: results.reduce((sum, { result }) => sum + result.total, 0),
      page: input.page,
      pageSize: input.pageSize,
      facets: mergeFacets(results.map(({ result }) => result)),
    };
  }

  /**
   * A region or discipline typed into a list's filter box, as typed and in Simplified script
   * (台灣 → 台湾, 材料科學與工程 → 材料科学与工程), or undefined for no filter: the lists match these
   * fields exactly, and records name regions and disciplines in Simplified Chinese, so a box
   * filled in Traditional Chinese finds them too.
   */
  filterSpellings(typed: string | undefined): string[] | undefined {
    if (typed === undefined) return undefined;
    return [...new Set([typed, normalizeText(typed)])];
  }

  /**
   * Whether `q` holds anything to search for once analysed: punctuation, symbols and stop words
   * alone (%%%, ？？, "the") do not, and the engines then list every record, most recent first.
   */
  hasSearchableText(q: string): boolean {
    return analyzeQuery(q).groups.length > 0;
  }

  /**
   * The ids of the records whose text matches `q`, best first (at most maxKeywordMatches), or
   * undefined when `q` is blank: the keyword part of the directory and list pages, so that 软件,
   * 軟體 and software find there what /search finds. `narrow` passes filters the engine shares
   * with the list (region, discipline) so the cap applies after them; the list applies every
   * filter again from the database, and the viewer's permissions with it.
   */
  async matchingIds(
    index: SearchIndexName,
    q: string | undefined,
    narrow: Pick<SearchFilters, "region" | "discipline"> = {},
  ): Promise<number[] | undefined> {
    const query = q?.trim() ?? "";
    if (query === "") return undefined;
    const filter = filterTree(index, narrow);
    const result = await this.index
      .search(index, {
        query,
        ...(filter && filter !== "unsupported" && { filter }),
        page: 1,
        pageSize: maxKeywordMatches,
      })
      .catch(translateEngineError);
    return result.hits.map((hit) => Number(hit.id));
  }

  /**
   * Experts whose name or organization starts like the text being typed, best first: what a
   * person picker offers (choosing whom to give access, who speaks, whom to forward to). The
   * query goes through the same analysis as search, so 陳 finds 陈 and Chen finds Chen Wei.
   */
  async suggestExperts(q: string, limit: number): Promise<Expert[]> {
    if (!q.trim()) return [];
    const result = await this.index
      .search("experts", { query: q, prefix: true, fields: ["name", "organization"], page: 1, pageSize: limit })
      .catch(translateEngineError);
    return this.repositories.experts.findByIds(result.hits.map((hit) => Number(hit.id)));
  }

  /**
   * The expert a person meant by a name typed into a picker without its script (or submitted
   * before choosing): the one suggestion, or the one whose name is exactly the text; otherwise
   * the candidates to choose from (none when nothing matches).
   */
  async pickExpert(text: string): Promise<{ expert: Expert } | { candidates: Expert[] }> {
    const candidates = await this.suggestExperts(text, 6);
    const exact = candidates.filter((expert) => expert.name === text.trim());
    if (candidates.length === 1) return { expert: candidates[0]! };
    if (exact.length === 1) return { expert: exact[0]! };
    return { candidates };
  }

  /** Names and titles that start like the text being typed, for autocomplete. */
  async suggest(actor: Actor | null, q: string, limit: number): Promise<Suggestion[]> {
    if (!q.trim()) return [];
    const fields: Record<SearchIndexName, string> = { experts: "name", needs: "title", technologies: "title" };
    const results = await Promise.all(
      (Object.keys(fields) as SearchIndexName[]).map(async (index) => {
        const result = await this.index
          .search(index, { query: q, prefix: true, fields: [fields[index]], page: 1, pageSize: limit })
          .catch(translateEngineError);
        return result.hits.map((hit, position) => ({ index, hit, position }));
      }),
    );
    const ranked = results
      .flat()
      .sort((a, b) => b.hit.score - a.hit.score || a.position - b.position)
      .slice(0, limit);
    const items = await this.load(actor, ranked);
    return items.map((item) => ({
      kind: item.kind,
      id: item.kind === "need" ? item.record.need.id : item.record.id,
      text:
        item.kind === "expert" ? item.record.name : item.kind === "need" ? item.record.need.title : item.record.title,
    }));
  }

  /** Loads the records behind hits, in hit order, dropping any the viewer may not see or that are gone. */
  private async load(
    actor: Actor | null,
    hits: { index: SearchIndexName; hit: SearchResult["hits"][number] }[],
  ): Promise<SearchItem[]> {
    const idsOf = (index: SearchIndexName) => hits.filter((h) => h.index === index).map((h) => Number(h.hit.id));
    const [experts, needs, technologies] = await Promise.all([
      this.repositories.experts.findByIds(idsOf("experts")),
      this.repositories.needs.findByIds(idsOf("needs")),
      this.repositories.technologies.findByIds(idsOf("technologies")),
    ]);
    const byKey = new Map<string, Expert | NeedView | Technology>();
    for (const expert of experts) byKey.set(`experts:${expert.id}`, expert);
    for (const need of needs)
      if (canSeeNeed(actor, need)) byKey.set(`needs:${need.id}`, this.needs.viewOf(actor, need));
    for (const technology of technologies) byKey.set(`technologies:${technology.id}`, technology);
    return hits.flatMap(({ index, hit }) => {
      const record = byKey.get(`${index}:${hit.id}`);
      if (!record) return [];
      return [{ kind: kindOf[index], score: hit.score, highlights: hit.highlights, record } as SearchItem];
    });
  }
}

function mergeFacets(results: SearchResult[]): Record<string, Record<string, number>> {
  const merged: Record<string, Record<string, number>> = {};
  for (const result of results) {
    for (const [field, counts] of Object.entries(result.facets)) {
      const target = (merged[field] ??= {});
      for (const [value, count] of Object.entries(counts)) target[value] = (target[value] ?? 0) + count;
    }
  }
  return merged;
}
