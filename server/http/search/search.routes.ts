import type { SearchItem, SearchService } from "../../search/search.service.js";
import { presentExpert } from "../experts/experts.presenter.js";
import { presentNeed } from "../needs/needs.presenter.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { presentTechnology } from "../technologies/technologies.presenter.js";
import { searchQuery, searchResponse, suggestQuery, suggestResponse, type SearchResponse } from "./search.schemas.js";

type SearchResponseItem = SearchResponse["items"][number];

/** A search hit as JSON: what it is, its id, its score, the marked text and the record as the viewer may see it. */
export function presentSearchItem(item: SearchItem): SearchResponseItem {
  const common = {
    score: Math.round(item.score * 10_000) / 10_000,
    highlights: item.highlights as SearchResponseItem["highlights"],
  };
  switch (item.kind) {
    case "expert":
      return {
        ...common,
        kind: "expert",
        id: item.record.id,
        externalId: item.record.externalId,
        title: item.record.name,
        record: presentExpert(item.record),
      };
    case "need": {
      const { need } = item.record;
      return {
        ...common,
        kind: "need",
        id: need.id,
        externalId: need.externalId,
        title: need.title,
        record: presentNeed(item.record),
      };
    }
    case "technology":
      return {
        ...common,
        kind: "technology",
        id: item.record.id,
        externalId: item.record.externalId,
        title: item.record.title,
        record: presentTechnology(item.record),
      };
  }
}

export function registerSearchRoutes(api: ApiRoutes, deps: { search: SearchService }): void {
  api.public(
    {
      method: "get",
      path: "/api/search",
      tag: "search",
      summary:
        "Search experts, needs and technologies (type=all merges them into one ranked list); filters are named after fields and a repeated parameter means OR; an empty q lists by recency",
      query: searchQuery,
      response: searchResponse,
    },
    async ({ actor, query: { q, type, page, pageSize, ...filters } }) => {
      const outcome = await deps.search.search(actor, { q, type, page, pageSize, filters });
      return { ...outcome, items: outcome.items.map(presentSearchItem) };
    },
  );
  api.public(
    {
      method: "get",
      path: "/api/search/suggest",
      tag: "search",
      summary: "Autocomplete: names and titles starting like q",
      query: suggestQuery,
      response: suggestResponse,
    },
    async ({ actor, query }) => ({ items: await deps.search.suggest(actor, query.q, query.limit) }),
  );
}
