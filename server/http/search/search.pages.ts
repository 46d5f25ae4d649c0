import type { Response, Router } from "express";
import { z } from "zod";
import { AppError, ValidationError } from "../../errors.js";
import type { Track } from "../../knowledge/knowledge.types.js";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import type { SearchService } from "../../search/search.service.js";
import { maxMergedDepth, searchTypes, type SearchFilters } from "../../search/search.service.js";
import { text } from "../../shared/text.schemas.js";
import { shortText } from "../platform/common.schemas.js";
import {
  filterAppliesTo,
  noSearchFilters,
  presentSearchPage,
  searchableNeedStatuses,
  searchFilterKeys,
  searchPageSize,
  type SearchPageState,
  type SearchProblem,
} from "./search.view-models.js";

const maxQueryLength = 500;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A filter given once or repeated (OR); empty values are ignored, duplicates dropped. */
const filterValues = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (value) => {
      const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return list.filter((v) => blankToUndefined(v) !== undefined);
    },
    z
      .array(item)
      .max(20)
      .transform((values) => [...new Set(values)]),
  );

/**
 * The search page's query. Unlike the list pages, bad input is not silently ignored: a
 * query that is too long or a filter value nobody offers is answered with a message (400),
 * so a shared link never quietly shows something else. Unknown parameters (`lang`,
 * tracking tags) are left alone.
 */
export const searchPageQuery = z.object({
  q: text(maxQueryLength).default(""),
  type: z.preprocess(blankToUndefined, z.enum(searchTypes).default("all")),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1000).default(1)),
  discipline: filterValues(shortText),
  region: filterValues(shortText),
  track: filterValues(text(50)),
  status: filterValues(z.enum(searchableNeedStatuses)),
  trl: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(9).optional()),
});
export type SearchPageQuery = z.infer<typeof searchPageQuery>;

function problemOf(error: z.ZodError): SearchProblem {
  const tooLong = error.issues.some((issue) => issue.path[0] === "q" && issue.code === "too_big");
  return tooLong ? { kind: "tooLong", max: maxQueryLength } : { kind: "filters" };
}

/** What the service filters on, from the page's filters. */
function serviceFilters(state: SearchPageState): SearchFilters {
  const { discipline, region, track, status, trl } = state.filters;
  const level = trl.length > 0 ? Number(trl[0]) : undefined;
  return {
    ...(discipline.length > 0 && { discipline }),
    ...(region.length > 0 && { region }),
    ...(track.length > 0 && { track }),
    ...(status.length > 0 && { status }),
    ...(level !== undefined && { maturityMin: level, maturityMax: level }),
  };
}

/** What the search pages use (nothing more of the container). */
export interface SearchPagesDeps {
  search: SearchService;
  referenceData: ReferenceDataService;
}

export function registerSearchPages(router: Router, deps: SearchPagesDeps): void {
  const { search, referenceData } = deps;

  const render = (res: Response, model: ReturnType<typeof presentSearchPage>, status = 200) => {
    res.status(status).render("pages/search", model);
  };

  router.get("/search", async (req, res) => {
    const lang = res.locals.lang;
    const tracks: Track[] = await referenceData.listTracks();
    const parsed = searchPageQuery.safeParse(req.query);
    if (!parsed.success) {
      // Show the box with what was typed (when it was text) so it can be corrected.
      const typed = typeof req.query.q === "string" ? req.query.q : "";
      const state: SearchPageState = { q: typed, type: "all", filters: noSearchFilters(), page: 1 };
      const problem = problemOf(parsed.error);
      return render(res, presentSearchPage(lang, { state, tracks, pageSize: searchPageSize, problem }), 400);
    }
    const query = parsed.data;
    const state: SearchPageState = {
      q: query.q,
      type: query.type,
      filters: {
        discipline: query.discipline,
        region: query.region,
        track: query.track,
        status: query.status,
        trl: query.trl === undefined ? [] : [String(query.trl)],
      },
      page: query.page,
    };
    const fail = (problem: SearchProblem, status: number) =>
      render(res, presentSearchPage(lang, { state, tracks, pageSize: searchPageSize, problem }), status);

    const knownTracks = new Set(tracks.map((track) => track.code));
    const unknownTrack = state.filters.track.some((code) => !knownTracks.has(code));
    const misplaced = searchFilterKeys.some(
      (key) => state.filters[key].length > 0 && !filterAppliesTo(state.type, key),
    );
    if (unknownTrack || misplaced) return fail({ kind: "filters" }, 400);
    if (state.type === "all" && state.page * searchPageSize > maxMergedDepth)
      return fail({ kind: "tooDeep", max: maxMergedDepth }, 400);

    try {
      const outcome = await search.search(res.locals.auth.actor, {
        q: state.q,
        type: state.type,
        filters: serviceFilters(state),
        page: state.page,
        pageSize: searchPageSize,
      });
      const searchable = search.hasSearchableText(state.q);
      render(res, presentSearchPage(lang, { state, tracks, pageSize: searchPageSize, outcome, searchable }));
    } catch (error) {
      if (error instanceof AppError && error.code === "search_unavailable") return fail({ kind: "unavailable" }, 503);
      if (error instanceof ValidationError) return fail({ kind: "filters" }, 400);
      throw error;
    }
  });
}
