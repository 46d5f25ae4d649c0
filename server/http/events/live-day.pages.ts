import type { Request, Response, Router } from "express";
import { z } from "zod";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError, type AppError } from "../../errors.js";
import { translate } from "../i18n/translate.js";
import { numberText, pageId, parseForm } from "../platform/forms.js";
import { signedInActor } from "../platform/session.js";
import { isRefusal, refusalStatus, refusalText, refusalTextsForScript } from "./event-refusals.js";
import { checkInLink, type LiveDayRouteDeps } from "./live-day.routes.js";
import { presentLiveParticipant } from "./live-day.presenter.js";
import {
  presentAgenda,
  presentDesk,
  presentDeskParticipant,
  presentProposal,
  presentWall,
} from "./live-day.view-models.js";

export type LiveDayPagesDeps = LiveDayRouteDeps;

const refillForm = z.object({
  slot: numberText(z.number().int().min(0).max(1000)),
  needId: numberText(z.number().int().positive()),
  expertId: numberText(z.number().int().positive()),
  tableNo: numberText(z.number().int().min(0).max(100_000)),
});
const noShowForm = z.object({ fromSlot: numberText(z.number().int().min(0).max(1000).optional()) });

function organizerOf(req: Request, res: Response): Actor | null {
  const actor = signedInActor(req, res);
  if (actor && !isStaff(actor)) throw new ForbiddenError("Only organizers run the event's live day");
  return actor;
}

function participantId(req: Request): number {
  return pageId(req, "participantId");
}

/**
 * The live day's pages: the organizers' desk (check-in with search, no-shows, refill
 * proposals that arrive live), a participant's self-check-in link, their "today" agenda, and
 * the projector's wall. Forms post and redirect back (Post/Redirect/Get); the desk's script
 * does the same through the JSON API without reloading.
 */
export function registerLiveDayPages(router: Router, deps: LiveDayPagesDeps): void {
  const { liveDay } = deps;
  const desk = (id: number, search = "") => `/events/${id}/live${search ? `?q=${encodeURIComponent(search)}` : ""}`;

  /** The desk; after a refused action (the page's forms without the script), with the refusal on top. */
  const renderDesk = async (req: Request, res: Response, actor: Actor, refused: AppError | null = null) => {
    const id = pageId(req);
    const lang = res.locals.lang;
    const search = typeof req.query.q === "string" ? req.query.q.slice(0, 100) : "";
    const event = await liveDay.eventForOrganizer(actor, id);
    const [participants, proposals] = await Promise.all([
      liveDay.participants(actor, id, search),
      event.status === "live" ? liveDay.openProposals(actor, id) : Promise.resolve([]),
    ]);
    res.status(refused ? refusalStatus(refused) : 200).render("pages/events/live/desk", {
      title: translate(lang, "live.desk.title", { title: event.title }),
      event: presentDesk(lang, event, { currentSlot: liveDay.currentSlot(event), now: deps.clock.now() }),
      search,
      refusal: refused && refusalText(lang, refused, event.kind),
      participants: participants.map((p) => presentDeskParticipant(lang, event, p)),
      proposals: proposals.map((p) => presentProposal(lang, id, p)),
      // The desk's script words the API's refusals as the pages do.
      refusals: JSON.stringify(refusalTextsForScript(lang, event.kind)),
    });
  };

  /** A desk form's action: back to the desk (303), or the desk with the refusal when the domain refuses. */
  const deskAction =
    (act: (actor: Actor, id: number, req: Request, res: Response) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      const actor = organizerOf(req, res);
      if (!actor) return;
      try {
        await act(actor, pageId(req), req, res);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        return renderDesk(req, res, actor, error);
      }
      res.redirect(303, desk(pageId(req)));
    };

  router.get("/events/:id/live", async (req, res) => {
    const actor = organizerOf(req, res);
    if (!actor) return;
    await renderDesk(req, res, actor);
  });

  const transitions = [
    ["start", (actor: Actor, id: number) => liveDay.startLiveDay(actor, id)],
    ["close", (actor: Actor, id: number) => liveDay.closeLiveDay(actor, id)],
  ] as const;
  for (const [name, move] of transitions) {
    router.post(
      `/events/:id/live/${name}`,
      deskAction((actor, id) => move(actor, id)),
    );
  }

  const deskActions = [
    ["check-in", (actor: Actor, id: number, pid: number) => liveDay.checkIn(actor, id, pid)],
    ["undo-check-in", (actor: Actor, id: number, pid: number) => liveDay.undoCheckIn(actor, id, pid)],
  ] as const;
  for (const [name, act] of deskActions) {
    router.post(
      `/events/:id/live/participants/:participantId/${name}`,
      deskAction((actor, id, req) => act(actor, id, participantId(req))),
    );
  }

  router.post(
    "/events/:id/live/participants/:participantId/no-show",
    deskAction((actor, id, req, res) => {
      const form = parseForm(noShowForm, req.body, res.locals.lang);
      return liveDay.markNoShow(actor, id, participantId(req), form.ok ? form.data.fromSlot : undefined);
    }),
  );

  router.post("/events/:id/live/participants/:participantId/check-in-link", async (req, res) => {
    const actor = organizerOf(req, res);
    if (!actor) return;
    const id = pageId(req);
    const participant = (await liveDay.participants(actor, id)).find((p) => p.id === participantId(req));
    if (!participant) throw new NotFoundError("Event participant", participantId(req));
    const link = await checkInLink(deps, req, actor, id, participant.id);
    res.render("pages/events/live/check-in-link", {
      title: translate(res.locals.lang, "live.link.title", { name: participant.name }),
      participant: presentLiveParticipant(participant),
      link,
      deskHref: desk(id),
    });
  });

  router.post(
    "/events/:id/live/refills",
    deskAction((actor, id, req, res) => {
      const form = parseForm(refillForm, req.body, res.locals.lang);
      if (!form.ok) throw new NotFoundError("Refill proposal");
      return liveDay.confirmRefill(actor, id, form.data);
    }),
  );

  // Self check-in: the link works without an account, for its own event only. A refused
  // check-in (the day not started, or marked absent by the desk) shows the page again, which
  // says why from the participant's state.
  const renderSelfCheckIn = async (req: Request, res: Response, status = 200) => {
    const { event, participant } = await liveDay.participantForToken(pageId(req), String(req.params.token));
    res.status(status).render("pages/events/live/self-check-in", {
      title: translate(res.locals.lang, "live.self.title", { title: event.title }),
      eventTitle: event.title,
      name: participant.name,
      checkedIn: participant.checkedInAt !== null,
      absent: participant.noShowAt !== null,
      open: event.status === "live",
      action: req.originalUrl.split("?")[0],
    });
  };
  router.get("/events/:id/check-in/:token", (req, res) => renderSelfCheckIn(req, res));
  router.post("/events/:id/check-in/:token", async (req, res) => {
    try {
      await liveDay.selfCheckIn(pageId(req), String(req.params.token));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return renderSelfCheckIn(req, res, refusalStatus(error));
    }
    res.redirect(303, req.originalUrl.split("?")[0]!);
  });

  router.get("/events/:id/today", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const { event, entries } = await liveDay.agendaOf(actor, pageId(req));
    res.render("pages/events/live/today", {
      title: translate(lang, "live.today.title", { title: event.title }),
      eventId: event.id,
      eventTitle: event.title,
      entries: presentAgenda(lang, entries, { event, now: deps.clock.now() }),
    });
  });

  router.get("/events/:id/wall", async (req, res) => {
    const id = pageId(req);
    const token = typeof req.query.token === "string" ? req.query.token : undefined;
    if (!liveDay.mayWatchWall(res.locals.auth.actor, id, token)) {
      if (!res.locals.auth.actor) return void signedInActor(req, res);
      throw new ForbiddenError("The wall is for the event's organizers, or with its wall link");
    }
    const lang = res.locals.lang;
    res.render("pages/events/live/wall", {
      layout: false,
      title: translate(lang, "live.wall.title"),
      lang,
      wall: presentWall(lang, await liveDay.wallPlan(id), deps.clock.now()),
      token: token ?? "",
    });
  });
}
