import type { ExpertsService } from "../../knowledge/experts.service.js";
import type { SearchService } from "../../search/search.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam, pageResponse } from "../platform/common.schemas.js";
import { pageOf } from "../platform/paged-response.js";
import { presentExpert } from "./experts.presenter.js";
import {
  expertBody,
  expertListQuery,
  expertPatchBody,
  expertResponse,
  expertSuggestQuery,
  expertSuggestResponse,
} from "./experts.schemas.js";

export function registerExpertRoutes(
  api: ApiRoutes,
  { experts, search }: { experts: ExpertsService; search: SearchService },
): void {
  api.public(
    {
      method: "get",
      path: "/api/experts",
      tag: "experts",
      summary: "List experts; with q, the search engine's matches (as /api/search finds them) in relevance order",
      query: expertListQuery,
      response: pageResponse(expertResponse),
    },
    async ({ query: { page, pageSize, sort, order, q, ...filter } }) => {
      const rankedIds = await search.matchingIds("experts", q, filter);
      return pageOf(await experts.list({ ...filter, rankedIds }, sort, { page, pageSize, order }), presentExpert);
    },
  );
  api.public(
    {
      method: "get",
      path: "/api/experts/suggest",
      tag: "experts",
      summary:
        "Person picker: experts whose name or organization starts like q (search-engine analysis: 陳 finds 陈), best first",
      query: expertSuggestQuery,
      response: expertSuggestResponse,
    },
    async ({ query }) => ({
      items: (await search.suggestExperts(query.q, query.limit)).map(({ id, name, title, organization, region }) => ({
        id,
        name,
        title,
        organization,
        region,
      })),
    }),
  );
  api.public(
    {
      method: "get",
      path: "/api/experts/:id",
      tag: "experts",
      summary: "Get an expert profile",
      params: idParam,
      response: expertResponse,
    },
    async ({ params }) => presentExpert(await experts.get(params.id)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/experts",
      tag: "experts",
      summary: "Add an expert profile (organizers)",
      body: expertBody,
      response: expertResponse,
      status: 201,
    },
    async ({ actor, body }) => presentExpert(await experts.create(actor, body)),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/experts/:id",
      tag: "experts",
      summary: "Edit an expert profile (its expert or organizers); lists given replace the old ones",
      params: idParam,
      body: expertPatchBody,
      response: expertResponse,
    },
    async ({ actor, params, body }) => presentExpert(await experts.update(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/experts/:id",
      tag: "experts",
      summary: "Delete an expert profile (organizers)",
      params: idParam,
    },
    async ({ actor, params }) => experts.delete(actor, params.id),
  );
}
