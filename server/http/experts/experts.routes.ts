import { z } from "zod";
import type { AccountsService } from "../../accounts/accounts.service.js";
import type { ExpertsService } from "../../knowledge/experts.service.js";
import type { NeedsService } from "../../knowledge/needs.service.js";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import type { TechnologiesService } from "../../knowledge/technologies.service.js";
import { ValidationError } from "../../errors.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam, pageResponse } from "../platform/common.schemas.js";
import {
  expertBody,
  expertListQuery,
  expertPatchBody,
  expertResponse,
  needAccessBody,
  needAccessParams,
  needBody,
  needListQuery,
  needPatchBody,
  needResponse,
  needStatusBody,
  societyBody,
  societyListQuery,
  societyPatchBody,
  societyResponse,
  technologyBody,
  technologyListQuery,
  technologyPatchBody,
  technologyResponse,
  trackBody,
  trackPatchBody,
  trackResponse,
} from "./experts.schemas.js";
import { presentExpert, presentNeed, presentTechnology } from "../accounts/accounts.presenter.js";

export interface KnowledgeRouteDeps {
  accounts: AccountsService;
  experts: ExpertsService;
  needs: NeedsService;
  technologies: TechnologiesService;
  referenceData: ReferenceDataService;
}

function pageOf<T, R>(page: { items: T[]; page: number; pageSize: number; total: number }, present: (item: T) => R) {
  return { ...page, items: page.items.map(present) };
}

function registerExpertRoutes(api: ApiRoutes, { experts }: KnowledgeRouteDeps): void {
  api.public(
    {
      method: "get",
      path: "/api/experts",
      tag: "experts",
      summary: "List experts",
      query: expertListQuery,
      response: pageResponse(expertResponse),
    },
    async ({ query: { page, pageSize, sort, order, ...filter } }) =>
      pageOf(await experts.list(filter, sort, { page, pageSize, order }), presentExpert),
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

function registerNeedRoutes(api: ApiRoutes, { needs, accounts }: KnowledgeRouteDeps): void {
  api.public(
    {
      method: "get",
      path: "/api/needs",
      tag: "needs",
      summary: "List needs; drafts only for their owner, confidential ones redacted",
      query: needListQuery,
      response: pageResponse(needResponse),
    },
    async ({ actor, query: { page, pageSize, sort, order, mine, track, ...filter } }) => {
      const trackId = track ? await needs.trackIdOf(track) : undefined;
      if (mine && !actor) throw new ValidationError("mine=true needs a signed-in user");
      const ownerId = mine ? actor!.userId : undefined;
      return pageOf(
        await needs.list(actor, { ...filter, trackId, ownerId }, sort, { page, pageSize, order }),
        presentNeed,
      );
    },
  );
  api.public(
    {
      method: "get",
      path: "/api/needs/:id",
      tag: "needs",
      summary: "Get a need (redacted when confidential and not approved)",
      params: idParam,
      response: needResponse,
    },
    async ({ actor, params }) => presentNeed(await needs.get(actor, params.id)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/needs",
      tag: "needs",
      summary: "Post a need (enterprises, organizers) as a draft or open",
      body: needBody,
      response: needResponse,
      status: 201,
    },
    async ({ actor, body: { status, ...input } }) => {
      const user = await accounts.findUser(actor.userId);
      return presentNeed(await needs.create(actor, input, status, user?.organization?.name ?? ""));
    },
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/needs/:id",
      tag: "needs",
      summary: "Edit a need (its enterprise or organizers)",
      params: idParam,
      body: needPatchBody,
      response: needResponse,
    },
    async ({ actor, params, body }) => presentNeed(await needs.update(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/needs/:id/status",
      tag: "needs",
      summary: "Move a need through draft → open → in_progress → solved/closed",
      params: idParam,
      body: needStatusBody,
      response: needResponse,
    },
    async ({ actor, params, body }) => presentNeed(await needs.changeStatus(actor, params.id, body.status)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/needs/:id",
      tag: "needs",
      summary: "Delete a need (its enterprise or organizers)",
      params: idParam,
    },
    async ({ actor, params }) => needs.delete(actor, params.id),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/needs/:id/access",
      tag: "needs",
      summary: "Approve an expert to read a confidential need in full",
      params: idParam,
      body: needAccessBody,
      response: needResponse,
    },
    async ({ actor, params, body }) => presentNeed(await needs.grantAccess(actor, params.id, body.expertId)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/needs/:id/access/:expertId",
      tag: "needs",
      summary: "Withdraw an expert's approval",
      params: needAccessParams,
      response: needResponse,
    },
    async ({ actor, params }) => presentNeed(await needs.revokeAccess(actor, params.id, params.expertId)),
  );
}

function registerTechnologyRoutes(api: ApiRoutes, { technologies }: KnowledgeRouteDeps): void {
  api.public(
    {
      method: "get",
      path: "/api/technologies",
      tag: "technologies",
      summary: "List technologies",
      query: technologyListQuery,
      response: pageResponse(technologyResponse),
    },
    async ({ query: { page, pageSize, sort, order, ...filter } }) =>
      pageOf(await technologies.list(filter, sort, { page, pageSize, order }), presentTechnology),
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

function registerReferenceDataRoutes(api: ApiRoutes, { referenceData }: KnowledgeRouteDeps): void {
  api.public(
    {
      method: "get",
      path: "/api/societies",
      tag: "societies",
      summary: "List learned societies",
      query: societyListQuery,
      response: pageResponse(societyResponse),
    },
    ({ query: { page, pageSize, order, q } }) => referenceData.listSocieties(q, { page, pageSize, order }),
  );
  api.public(
    {
      method: "get",
      path: "/api/societies/:id",
      tag: "societies",
      summary: "Get a learned society",
      params: idParam,
      response: societyResponse,
    },
    ({ params }) => referenceData.getSociety(params.id),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/societies",
      tag: "societies",
      summary: "Add a learned society (organizers)",
      body: societyBody,
      response: societyResponse,
      status: 201,
    },
    ({ actor, body }) => referenceData.createSociety(actor, body),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/societies/:id",
      tag: "societies",
      summary: "Edit a learned society (organizers)",
      params: idParam,
      body: societyPatchBody,
      response: societyResponse,
    },
    ({ actor, params, body }) => referenceData.updateSociety(actor, params.id, body),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/societies/:id",
      tag: "societies",
      summary: "Delete a learned society (organizers)",
      params: idParam,
    },
    ({ actor, params }) => referenceData.deleteSociety(actor, params.id),
  );

  api.public(
    {
      method: "get",
      path: "/api/tracks",
      tag: "tracks",
      summary: "List programme tracks",
      response: z.object({ items: z.array(trackResponse) }),
    },
    async () => ({ items: await referenceData.listTracks() }),
  );
  api.public(
    {
      method: "get",
      path: "/api/tracks/:id",
      tag: "tracks",
      summary: "Get a programme track",
      params: idParam,
      response: trackResponse,
    },
    ({ params }) => referenceData.getTrack(params.id),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/tracks",
      tag: "tracks",
      summary: "Add a programme track (organizers)",
      body: trackBody,
      response: trackResponse,
      status: 201,
    },
    ({ actor, body }) => referenceData.createTrack(actor, body),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/tracks/:id",
      tag: "tracks",
      summary: "Edit a programme track (organizers)",
      params: idParam,
      body: trackPatchBody,
      response: trackResponse,
    },
    ({ actor, params, body }) => referenceData.updateTrack(actor, params.id, body),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/tracks/:id",
      tag: "tracks",
      summary: "Delete an unused programme track (organizers)",
      params: idParam,
    },
    ({ actor, params }) => referenceData.deleteTrack(actor, params.id),
  );
}

export function registerKnowledgeRoutes(api: ApiRoutes, deps: KnowledgeRouteDeps): void {
  registerExpertRoutes(api, deps);
  registerNeedRoutes(api, deps);
  registerTechnologyRoutes(api, deps);
  registerReferenceDataRoutes(api, deps);
}
