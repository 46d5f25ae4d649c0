import type { Response } from "express";
import { UnauthenticatedError } from "../errors.js";
import { salonActorOf, type SalonDetail, type SalonsService } from "../salons/salons.service.js";
import type { SalonActor } from "../salons/salon.types.js";
import type { ApiRoutes } from "./api-routes.js";
import { idParam } from "./common.schemas.js";
import {
  createSalonBody,
  salonDetailResponse,
  salonListQuery,
  salonListResponse,
  updateSalonBody,
} from "./salons.schemas.js";
import type { z } from "zod";

/** The signed-in user as a salon actor (the name goes into the moderation log). */
export function salonActorFrom(res: Response): SalonActor {
  const actor = salonActorOf(res.locals.auth.user);
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

const present = (detail: SalonDetail): z.infer<typeof salonDetailResponse> => detail;

export function registerSalonRoutes(api: ApiRoutes, deps: { salons: SalonsService }): void {
  const { salons } = deps;
  api.signedIn(
    {
      method: "post",
      path: "/api/salons",
      tag: "salons",
      summary: "Create a salon (organizers): agenda of speakers chosen from experts, moderators, visibility",
      roles: ["organizer", "admin"],
      body: createSalonBody,
      response: salonDetailResponse,
      status: 201,
    },
    async ({ res, body }) => present(await salons.create(salonActorFrom(res), body)),
  );
  api.public(
    {
      method: "get",
      path: "/api/salons",
      tag: "salons",
      summary: "Salons the caller may see, the latest first",
      query: salonListQuery,
      response: salonListResponse,
    },
    async ({ res, query }) => ({ items: await salons.list(salonActorOf(res.locals.auth.user), query.status) }),
  );
  api.public(
    {
      method: "get",
      path: "/api/salons/:id",
      tag: "salons",
      summary: "One salon: members-only salons need a sign-in, invite-only ones an invitation",
      params: idParam,
      response: salonDetailResponse,
    },
    async ({ res, params }) => present(await salons.get(salonActorOf(res.locals.auth.user), params.id)),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/salons/:id",
      tag: "salons",
      summary:
        "Change a salon (its organizer): details, schedule, visibility, speakers, moderators, invitees; the room sees a salon.updated event",
      params: idParam,
      body: updateSalonBody,
      response: salonDetailResponse,
    },
    async ({ res, params, body }) => present(await salons.update(salonActorFrom(res), params.id, body)),
  );
  for (const action of ["open", "close"] as const) {
    api.signedIn(
      {
        method: "post",
        path: `/api/salons/:id/${action}`,
        tag: "salons",
        summary:
          action === "open"
            ? "Open the room (its organizer); the first opening queues the agenda's speakers"
            : "Close the room (its organizer); the current speaker's turn ends",
        params: idParam,
        response: salonDetailResponse,
      },
      async ({ res, params }) => present(await salons[action](salonActorFrom(res), params.id)),
    );
  }
}
