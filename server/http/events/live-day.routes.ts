import type { Request } from "express";
import QRCode from "qrcode";
import type { Actor } from "../../accounts/accounts.types.js";
import type { LiveDayService } from "../../events/live-day.service.js";
import { ForbiddenError } from "../../errors.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import {
  checkInPath,
  presentLiveEvent,
  presentLiveMeeting,
  presentLiveParticipant,
  presentWallPlan,
  wallPath,
} from "./live-day.presenter.js";
import {
  checkInLinkResponse,
  eventParticipantParams,
  liveEventResponse,
  liveMeetingResponse,
  liveParticipantResponse,
  noShowBody,
  noShowResponse,
  participantSearchQuery,
  refillBody,
  refillProposalResponse,
  selfCheckInBody,
  wallQuery,
  wallLinkResponse,
  wallPlanResponse,
} from "./live-day.schemas.js";

export interface LiveDayRouteDeps {
  liveDay: LiveDayService;
}

const organizers = ["organizer", "admin"] as const;

/** This server as the browser reached it: links in QR codes must work from a phone. */
export function siteOrigin(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? "localhost"}`;
}

/** A participant's self-check-in link and its QR code (a new token: the previous link stops working). */
export async function checkInLink(
  deps: LiveDayRouteDeps,
  req: Request,
  actor: Actor,
  eventId: number,
  participantId: number,
): Promise<{ url: string; qrCode: string }> {
  const token = await deps.liveDay.issueCheckInToken(actor, eventId, participantId);
  const url = siteOrigin(req) + checkInPath(eventId, token);
  return { url, qrCode: await QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 240 }) };
}

/** The live day's JSON API: organizers' desk actions, self check-in, and the wall's plan. */
export function registerLiveDayRoutes(api: ApiRoutes, deps: LiveDayRouteDeps): void {
  const { liveDay } = deps;
  const eventOf = async (actor: Actor, id: number) => {
    const event = await liveDay.eventForOrganizer(actor, id);
    return presentLiveEvent(event, liveDay.currentSlot(event));
  };
  const transitions = [
    {
      path: "/api/events/:id/live/start",
      summary: "Start the live day (organizers): scheduled → live; check-in, no-shows and refills open",
      move: (actor: Actor, id: number) => liveDay.startLiveDay(actor, id),
    },
    {
      path: "/api/events/:id/live/close",
      summary: "Close the event (organizers): live → closed; outcomes can still be recorded",
      move: (actor: Actor, id: number) => liveDay.closeLiveDay(actor, id),
    },
  ];
  for (const { path, summary, move } of transitions) {
    api.signedIn(
      { method: "post", path, tag: "events", summary, params: idParam, response: liveEventResponse, roles: organizers },
      async ({ actor, params }) => {
        await move(actor, params.id);
        return eventOf(actor, params.id);
      },
    );
  }
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/live/participants",
      tag: "events",
      summary: "The check-in desk's list (organizers), searchable by name or organization",
      params: idParam,
      query: participantSearchQuery,
      response: liveParticipantResponse.array(),
      roles: organizers,
    },
    async ({ actor, params, query }) =>
      (await liveDay.participants(actor, params.id, query.search)).map(presentLiveParticipant),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/live/participants/:participantId/check-in",
      tag: "events",
      summary: "Check a participant in at the desk (organizers; the event must be live); repeating it changes nothing",
      params: eventParticipantParams,
      response: liveParticipantResponse,
      roles: organizers,
    },
    async ({ actor, params }) => presentLiveParticipant(await liveDay.checkIn(actor, params.id, params.participantId)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/events/:id/live/participants/:participantId/check-in",
      tag: "events",
      summary: "Undo a participant's check-in (organizers)",
      params: eventParticipantParams,
      response: liveParticipantResponse,
      roles: organizers,
    },
    async ({ actor, params }) =>
      presentLiveParticipant(await liveDay.undoCheckIn(actor, params.id, params.participantId)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/live/participants/:participantId/check-in-link",
      tag: "events",
      summary:
        "A new self-check-in link and its QR code for a participant (organizers); works without an account, for this event only",
      params: eventParticipantParams,
      response: checkInLinkResponse,
      status: 201,
      roles: organizers,
    },
    async ({ actor, params, req }) => checkInLink(deps, req, actor, params.id, params.participantId),
  );
  api.public(
    {
      method: "post",
      path: "/api/events/:id/self-check-in",
      tag: "events",
      summary: "Self check-in with the token of a participant's link (no account); using it again changes nothing",
      params: idParam,
      body: selfCheckInBody,
      response: liveParticipantResponse,
    },
    async ({ params, body }) => presentLiveParticipant(await liveDay.selfCheckIn(params.id, body.token)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/live/participants/:participantId/no-show",
      tag: "events",
      summary:
        "Mark a participant absent from a slot on (organizers): their meetings become no-shows and the engine's refill proposals are answered (and pushed to the desk over Socket.IO)",
      params: eventParticipantParams,
      body: noShowBody,
      response: noShowResponse,
      roles: organizers,
    },
    async ({ actor, params, body }) => {
      const result = await liveDay.markNoShow(actor, params.id, params.participantId, body.fromSlot);
      return { cancelled: result.cancelled.map(presentLiveMeeting), proposals: result.proposals };
    },
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/live/refills",
      tag: "events",
      summary: "Refill proposals still open from the current slot on (organizers)",
      params: idParam,
      response: refillProposalResponse.array(),
      roles: organizers,
    },
    async ({ actor, params }) => liveDay.openProposals(actor, params.id),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/live/refills",
      tag: "events",
      summary:
        "Confirm a refill meeting (organizers): both present, free and attending the slot, the table free; the two agendas update live",
      params: idParam,
      body: refillBody,
      response: liveMeetingResponse,
      status: 201,
      roles: organizers,
    },
    async ({ actor, params, body }) => presentLiveMeeting(await liveDay.confirmRefill(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/wall-link",
      tag: "events",
      summary: "The projector's wall link for the event (organizers): shows the table plan without an account",
      params: idParam,
      response: wallLinkResponse,
      roles: organizers,
    },
    async ({ actor, params, req }) => ({
      url: siteOrigin(req) + wallPath(params.id, await liveDay.wallTokenFor(actor, params.id)),
    }),
  );
  api.public(
    {
      method: "get",
      path: "/api/events/:id/wall",
      tag: "events",
      summary: "The table plan of a slot (default: the current one), for organizers or with the event's wall token",
      params: idParam,
      query: wallQuery,
      response: wallPlanResponse,
    },
    async ({ actor, params, query }) => {
      if (!liveDay.mayWatchWall(actor, params.id, query.token)) {
        throw new ForbiddenError("The wall is for the event's organizers, or with its wall link");
      }
      return presentWallPlan(await liveDay.wallPlan(params.id, query.slot));
    },
  );
}
