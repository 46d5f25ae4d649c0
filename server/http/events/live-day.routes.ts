import type { Request } from "express";
import QRCode from "qrcode";
import type { Actor } from "../../accounts/accounts.types.js";
import type { LiveDayService } from "../../events/live-day.service.js";
import type { Clock } from "../../shared/clock.js";
import { ForbiddenError } from "../../errors.js";
import type { ApiRoutes, RouteContext, RouteSpec } from "../platform/api-routes.js";
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
  clock: Clock;
}

const organizers = ["organizer", "admin"] as const;

/** This server as the browser reached it: links in QR codes must work from a phone. */
export function siteOrigin(req: Request): string {
  return `${req.protocol}://${req.get("host") ?? "localhost"}`;
}

/** A participant's self-check-in link and its QR code (a new token: the previous link stops working). */
export async function checkInLink(
  deps: { liveDay: Pick<LiveDayService, "issueCheckInToken"> },
  req: Request,
  actor: Actor,
  eventId: number,
  participantId: number,
): Promise<{ url: string; qrCode: string }> {
  const token = await deps.liveDay.issueCheckInToken(actor, eventId, participantId);
  const url = siteOrigin(req) + checkInPath(eventId, token);
  return { url, qrCode: await QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 240 }) };
}

const tag = "events";

/**
 * The live day's JSON API: organizers' desk actions, self check-in, and the wall's plan. Each
 * operation is answered by the handler of the same name.
 */
const liveDayOperations = {
  startLiveDay: {
    method: "post",
    path: "/api/events/:id/live/start",
    tag,
    summary: "Start the live day (organizers): scheduled → live; check-in, no-shows and refills open",
    params: idParam,
    response: liveEventResponse,
    roles: organizers,
  },
  closeLiveDay: {
    method: "post",
    path: "/api/events/:id/live/close",
    tag,
    summary: "Close the event (organizers): live → closed; outcomes can still be recorded",
    params: idParam,
    response: liveEventResponse,
    roles: organizers,
  },
  listDeskParticipants: {
    method: "get",
    path: "/api/events/:id/live/participants",
    tag,
    summary: "The check-in desk's list (organizers), searchable by name or organization",
    params: idParam,
    query: participantSearchQuery,
    response: liveParticipantResponse.array(),
    roles: organizers,
  },
  checkIn: {
    method: "post",
    path: "/api/events/:id/live/participants/:participantId/check-in",
    tag,
    summary:
      "Check a participant in at the desk (organizers; the event must be live, else 409 with details.reason not_live); repeating it changes nothing",
    params: eventParticipantParams,
    response: liveParticipantResponse,
    roles: organizers,
  },
  undoCheckIn: {
    method: "delete",
    path: "/api/events/:id/live/participants/:participantId/check-in",
    tag,
    summary: "Undo a participant's check-in (organizers)",
    params: eventParticipantParams,
    response: liveParticipantResponse,
    roles: organizers,
  },
  issueCheckInLink: {
    method: "post",
    path: "/api/events/:id/live/participants/:participantId/check-in-link",
    tag,
    summary:
      "A new self-check-in link and its QR code for a participant (organizers); works without an account, for this event only",
    params: eventParticipantParams,
    response: checkInLinkResponse,
    status: 201,
    roles: organizers,
  },
  selfCheckIn: {
    method: "post",
    path: "/api/events/:id/self-check-in",
    tag,
    summary: "Self check-in with the token of a participant's link (no account); using it again changes nothing",
    params: idParam,
    body: selfCheckInBody,
    response: liveParticipantResponse,
    signedIn: false,
  },
  markNoShow: {
    method: "post",
    path: "/api/events/:id/live/participants/:participantId/no-show",
    tag,
    summary:
      "Mark a participant absent from a slot on (organizers): their meetings become no-shows and the engine's refill proposals are answered (and pushed to the desk over Socket.IO)",
    params: eventParticipantParams,
    body: noShowBody,
    response: noShowResponse,
    roles: organizers,
  },
  listRefills: {
    method: "get",
    path: "/api/events/:id/live/refills",
    tag,
    summary: "Refill proposals still open from the current slot on (organizers)",
    params: idParam,
    response: refillProposalResponse.array(),
    roles: organizers,
  },
  confirmRefill: {
    method: "post",
    path: "/api/events/:id/live/refills",
    tag,
    summary:
      "Confirm a refill meeting (organizers): both present, free and attending the slot, the table free; the two agendas update live. A refusal is 409 with details.reason not_present or not_attending (details.name), side_busy, table_taken, duplicate_pair, expert_full (details.name, details.load) or pair_declined",
    params: idParam,
    body: refillBody,
    response: liveMeetingResponse,
    status: 201,
    roles: organizers,
  },
  getWallLink: {
    method: "get",
    path: "/api/events/:id/wall-link",
    tag,
    summary: "The projector's wall link for the event (organizers): shows the table plan without an account",
    params: idParam,
    response: wallLinkResponse,
    roles: organizers,
  },
  getWallPlan: {
    method: "get",
    path: "/api/events/:id/wall",
    tag,
    summary: "The table plan of a slot (default: the current one), for organizers or with the event's wall token",
    params: idParam,
    query: wallQuery,
    response: wallPlanResponse,
    signedIn: false,
  },
} satisfies Record<string, RouteSpec>;

/** What the handler of an operation receives. */
type Ctx<K extends keyof typeof liveDayOperations> = RouteContext<(typeof liveDayOperations)[K]>;

/** The live day's handlers: the lifecycle's last two moves, the desk, refills and the wall. */
export function createLiveDayHandlers({
  liveDay,
  clock,
}: {
  clock: Clock;
  liveDay: Pick<
    LiveDayService,
    | "eventForOrganizer"
    | "currentSlot"
    | "startLiveDay"
    | "closeLiveDay"
    | "participants"
    | "checkIn"
    | "undoCheckIn"
    | "issueCheckInToken"
    | "selfCheckIn"
    | "markNoShow"
    | "openProposals"
    | "confirmRefill"
    | "wallTokenFor"
    | "mayWatchWall"
    | "wallPlan"
  >;
}) {
  /** The event as the desk shows it now. */
  const presentEventNow = async (actor: Actor, id: number) => {
    const event = await liveDay.eventForOrganizer(actor, id);
    return presentLiveEvent(event, liveDay.currentSlot(event));
  };
  return {
    startLiveDay: async ({ actor, params }: Ctx<"startLiveDay">) => {
      await liveDay.startLiveDay(actor, params.id);
      return presentEventNow(actor, params.id);
    },
    closeLiveDay: async ({ actor, params }: Ctx<"closeLiveDay">) => {
      await liveDay.closeLiveDay(actor, params.id);
      return presentEventNow(actor, params.id);
    },
    listDeskParticipants: async ({ actor, params, query }: Ctx<"listDeskParticipants">) =>
      (await liveDay.participants(actor, params.id, query.search)).map(presentLiveParticipant),
    checkIn: async ({ actor, params }: Ctx<"checkIn">) =>
      presentLiveParticipant(await liveDay.checkIn(actor, params.id, params.participantId)),
    undoCheckIn: async ({ actor, params }: Ctx<"undoCheckIn">) =>
      presentLiveParticipant(await liveDay.undoCheckIn(actor, params.id, params.participantId)),
    issueCheckInLink: ({ actor, params, req }: Ctx<"issueCheckInLink">) =>
      checkInLink({ liveDay }, req, actor, params.id, params.participantId),
    selfCheckIn: async ({ params, body }: Ctx<"selfCheckIn">) =>
      presentLiveParticipant(await liveDay.selfCheckIn(params.id, body.token)),
    markNoShow: async ({ actor, params, body }: Ctx<"markNoShow">) => {
      const result = await liveDay.markNoShow(actor, params.id, params.participantId, body.fromSlot);
      return { cancelled: result.cancelled.map(presentLiveMeeting), proposals: result.proposals };
    },
    listRefills: ({ actor, params }: Ctx<"listRefills">) => liveDay.openProposals(actor, params.id),
    confirmRefill: async ({ actor, params, body }: Ctx<"confirmRefill">) =>
      presentLiveMeeting(await liveDay.confirmRefill(actor, params.id, body)),
    getWallLink: async ({ actor, params, req }: Ctx<"getWallLink">) => ({
      url: siteOrigin(req) + wallPath(params.id, await liveDay.wallTokenFor(actor, params.id)),
    }),
    getWallPlan: async ({ actor, params, query }: Ctx<"getWallPlan">) => {
      if (!liveDay.mayWatchWall(actor, params.id, query.token)) {
        throw new ForbiddenError("The wall is for the event's organizers, or with its wall link");
      }
      return presentWallPlan(await liveDay.wallPlan(params.id, query.slot), clock.now());
    },
  };
}

/** Wires each live-day operation to its handler. */
export function registerLiveDayRoutes(api: ApiRoutes, deps: LiveDayRouteDeps): void {
  api.operations(liveDayOperations, createLiveDayHandlers(deps));
}
