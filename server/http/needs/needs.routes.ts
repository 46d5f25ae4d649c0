import { ValidationError } from "../../errors.js";
import type { AccountsService } from "../../accounts/accounts.service.js";
import type { NeedsService } from "../../knowledge/needs.service.js";
import type { SearchService } from "../../search/search.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam, pageResponse } from "../platform/common.schemas.js";
import { pageOf } from "../platform/paged-response.js";
import { presentNeed } from "./needs.presenter.js";
import {
  needAccessBody,
  needAccessParams,
  needBody,
  needListQuery,
  needPatchBody,
  needResponse,
  needStatusBody,
} from "./needs.schemas.js";

export function registerNeedRoutes(
  api: ApiRoutes,
  { needs, accounts, search }: { needs: NeedsService; accounts: AccountsService; search: SearchService },
): void {
  api.public(
    {
      method: "get",
      path: "/api/needs",
      tag: "needs",
      summary:
        "List needs; drafts only for their owner, confidential ones redacted; with q, the search engine's matches in relevance order",
      query: needListQuery,
      response: pageResponse(needResponse),
    },
    async ({ actor, query: { page, pageSize, sort, order, mine, track, q, ...filter } }) => {
      const trackId = track ? await needs.trackIdOf(track) : undefined;
      if (mine && !actor) throw new ValidationError("mine=true needs a signed-in user");
      const ownerId = mine ? actor!.userId : undefined;
      const rankedIds = await search.matchingIds("needs", q, filter);
      return pageOf(
        await needs.list(actor, { ...filter, trackId, ownerId, rankedIds }, sort, { page, pageSize, order }),
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
