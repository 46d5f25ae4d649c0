import { z } from "zod";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam, pageResponse } from "../platform/common.schemas.js";
import {
  societyBody,
  societyListQuery,
  societyPatchBody,
  societyResponse,
  trackBody,
  trackPatchBody,
  trackResponse,
} from "./reference-data.schemas.js";

export function registerReferenceDataRoutes(
  api: ApiRoutes,
  { referenceData }: { referenceData: ReferenceDataService },
): void {
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
