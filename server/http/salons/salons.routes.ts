import type { Response } from "express";
import { UnauthenticatedError } from "../../errors.js";
import { salonActorOf, type SalonDetail, type SalonsService } from "../../salons/salons.service.js";
import type { MemberActor } from "../../salons/salon.types.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { minutesMarkdown, needFromQuestion, presentMinutes } from "./salon-minutes.view-models.js";
import {
  createSalonBody,
  minutesQuery,
  minutesResponse,
  needFromQuestionResponse,
  forwardQuestionBody,
  questionParams,
  salonDetailResponse,
  salonListQuery,
  salonListResponse,
  updateSalonBody,
} from "./salons.schemas.js";
import { z } from "zod";

/** The signed-in user as a salon actor (the name goes into the moderation log). */
export function salonActorFrom(res: Response): MemberActor {
  const actor = salonActorOf(res.locals.auth.user);
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

const present = (detail: SalonDetail): z.infer<typeof salonDetailResponse> => detail;

/** Renders a view to a string (to answer it from an API route). */
export function renderView(res: Response, view: string, model: object): Promise<string> {
  return new Promise((resolve, reject) =>
    res.render(view, model, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? ""))),
  );
}

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
  api.public(
    {
      method: "get",
      path: "/api/salons/:id/minutes",
      tag: "salons",
      summary:
        "The salon's minutes: agenda, questions with votes and answered state, poll results, timeline; moderators' copies suggest experts for unanswered questions",
      params: idParam,
      query: minutesQuery,
      response: minutesResponse,
      media: { "text/markdown": z.string(), "text/html": z.string() },
    },
    async ({ res, params, query }) => {
      const minutes = await salons.minutes(salonActorOf(res.locals.auth.user), params.id);
      if (query.format === "json") return minutes;
      const model = presentMinutes(res.locals.lang, minutes);
      if (query.format === "md") {
        res
          .type("text/markdown; charset=utf-8")
          .set("Content-Disposition", `inline; filename="salon-${params.id}-minutes.md"`)
          .send(minutesMarkdown(res.locals.lang, model));
        return;
      }
      res.type("html").send(await renderView(res, "pages/salons/minutes", { ...model, layout: "print" }));
    },
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/salons/:id/questions/:questionId/forward",
      tag: "salons",
      summary:
        "Forward an unanswered question to an expert (moderators): it waits in the expert's inbox and they are told live",
      params: questionParams,
      body: forwardQuestionBody,
      status: 204,
    },
    async ({ res, params, body }) => {
      await salons.forwardQuestion(salonActorFrom(res), params.id, params.questionId, body.expertId);
    },
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/salons/:id/questions/:questionId/need",
      tag: "salons",
      summary:
        "Turn an unanswered question into a draft enterprise need (moderators who may post needs: organizers, enterprises)",
      params: questionParams,
      response: needFromQuestionResponse,
      status: 201,
    },
    async ({ res, params }) => {
      const { needId } = await salons.turnIntoNeed(
        salonActorFrom(res),
        params.id,
        params.questionId,
        needFromQuestion(res.locals.lang),
      );
      return { needId, editHref: `/needs/${needId}/edit` };
    },
  );
}
