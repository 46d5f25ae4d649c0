import type { ProfileClaimsService } from "../../accounts/profile-claims.service.js";
import type { ExpertsService } from "../../knowledge/experts.service.js";
import type { SearchService } from "../../search/search.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam, pageResponse } from "../platform/common.schemas.js";
import { pageOf } from "../platform/paged-response.js";
import { presentExpert } from "./experts.presenter.js";
import {
  claimLinkResponse,
  expertBody,
  expertListQuery,
  expertPatchBody,
  expertResponse,
  expertSuggestQuery,
  expertSuggestResponse,
} from "./experts.schemas.js";

export function registerExpertRoutes(
  api: ApiRoutes,
  { experts, claims, search }: { experts: ExpertsService; claims: ProfileClaimsService; search: SearchService },
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
    async ({ actor, params }) =>
      presentExpert(await experts.get(params.id), await experts.contactFor(actor, params.id)),
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
    async ({ actor, body }) => {
      const expert = await experts.create(actor, body);
      return presentExpert(expert, await experts.contactFor(actor, expert.id));
    },
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
    async ({ actor, params, body }) =>
      presentExpert(await experts.update(actor, params.id, body), await experts.contactFor(actor, params.id)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/experts/:id/claim-link",
      tag: "experts",
      summary: "Email a one-time link to claim this imported profile (organizers; the profile needs an address)",
      params: idParam,
      roles: ["organizer", "admin"],
      status: 202,
      response: claimLinkResponse,
    },
    async ({ actor, params }) => {
      await claims.send(actor, params.id);
      return { queued: true };
    },
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
