import type { TechnologiesService } from "../../knowledge/technologies.service.js";
import type { SearchService } from "../../search/search.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam, pageResponse } from "../platform/common.schemas.js";
import { pageOf } from "../platform/paged-response.js";
import { presentTechnology } from "./technologies.presenter.js";
import {
  technologyBody,
  technologyListQuery,
  technologyPatchBody,
  technologyResponse,
} from "./technologies.schemas.js";

export function registerTechnologyRoutes(
  api: ApiRoutes,
  { technologies, search }: { technologies: TechnologiesService; search: SearchService },
): void {
  api.public(
    {
      method: "get",
      path: "/api/technologies",
      tag: "technologies",
      summary: "List technologies; with q, the search engine's matches in relevance order",
      query: technologyListQuery,
      response: pageResponse(technologyResponse),
    },
    async ({ query: { page, pageSize, sort, order, q, ...filter } }) => {
      const rankedIds = await search.matchingIds("technologies", q, filter);
      return pageOf(
        await technologies.list({ ...filter, rankedIds }, sort, { page, pageSize, order }),
        presentTechnology,
      );
    },
  );
  api.public(
    {
      method: "get",
      path: "/api/technologies/:id",
      tag: "technologies",
      summary: "Get a technology",
      params: idParam,
      response: technologyResponse,
    },
    async ({ params }) => presentTechnology(await technologies.get(params.id)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/technologies",
      tag: "technologies",
      summary: "Add a technology (experts to their own profile, organizers to any)",
      body: technologyBody,
      response: technologyResponse,
      status: 201,
    },
    async ({ actor, body }) => presentTechnology(await technologies.create(actor, body)),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/technologies/:id",
      tag: "technologies",
      summary: "Edit a technology (its owner or organizers)",
      params: idParam,
      body: technologyPatchBody,
      response: technologyResponse,
    },
    async ({ actor, params, body }) => presentTechnology(await technologies.update(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/technologies/:id",
      tag: "technologies",
      summary: "Delete a technology (its owner or organizers)",
      params: idParam,
    },
    async ({ actor, params }) => technologies.delete(actor, params.id),
  );
}
