import type { Request, Response, Router } from "express";
import { z } from "zod";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../../errors.js";
import { translate } from "../i18n/translate.js";
import { numberText, pageId, parseForm } from "../platform/forms.js";
import { signedInActor } from "../platform/session.js";
import { refusalTextsForScript } from "./event-refusals.js";
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

  router.get("/events/:id/live", async (req, res) => {
    const actor = organizerOf(req, res);
    if (!actor) return;
    const id = pageId(req);
    const lang = res.locals.lang;
    const search = typeof req.query.q === "string" ? req.query.q.slice(0, 100) : "";
    const event = await liveDay.eventForOrganizer(actor, id);
    const [participants, proposals] = await Promise.all([
      liveDay.participants(actor, id, search),
      event.status === "live" ? liveDay.openProposals(actor, id) : Promise.resolve([]),
    ]);
    res.render("pages/events/live/desk", {
      title: translate(lang, "live.desk.title", { title: event.title }),
      event: presentDesk(lang, event, { currentSlot: liveDay.currentSlot(event), now: deps.clock.now() }),
      search,
      participants: participants.map((p) => presentDeskParticipant(lang, id, p)),
      proposals: proposals.map((p) => presentProposal(lang, id, p)),
      // The desk's script words the API's refusals as the pages do.
      refusals: JSON.stringify(refusalTextsForScript(lang)),
    });
  });

  const transitions = [
    ["start", (actor: Actor, id: number) => liveDay.startLiveDay(actor, id)],
    ["close", (actor: Actor, id: number) => liveDay.closeLiveDay(actor, id)],
  ] as const;
  for (const [name, move] of transitions) {
    router.post(`/events/:id/live/${name}`, async (req, res) => {
      const actor = organizerOf(req, res);
      if (!actor) return;
      await move(actor, pageId(req));
      res.redirect(303, desk(pageId(req)));
    });
  }

  const deskActions = [
    ["check-in", (actor: Actor, id: number, pid: number) => liveDay.checkIn(actor, id, pid)],
    ["undo-check-in", (actor: Actor, id: number, pid: number) => liveDay.undoCheckIn(actor, id, pid)],
  ] as const;
  for (const [name, act] of deskActions) {
    router.post(`/events/:id/live/participants/:participantId/${name}`, async (req, res) => {
      const actor = organizerOf(req, res);
      if (!actor) return;
      await act(actor, pageId(req), participantId(req));
      res.redirect(303, desk(pageId(req)));
    });
  }

  router.post("/events/:id/live/participants/:participantId/no-show", async (req, res) => {
    const actor = organizerOf(req, res);
    if (!actor) return;
    const form = parseForm(noShowForm, req.body, res.locals.lang);
    await liveDay.markNoShow(actor, pageId(req), participantId(req), form.ok ? form.data.fromSlot : undefined);
    res.redirect(303, desk(pageId(req)));
  });

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

  router.post("/events/:id/live/refills", async (req, res) => {
    const actor = organizerOf(req, res);
    if (!actor) return;
    const form = parseForm(refillForm, req.body, res.locals.lang);
    if (!form.ok) throw new NotFoundError("Refill proposal");
    await liveDay.confirmRefill(actor, pageId(req), form.data);
    res.redirect(303, desk(pageId(req)));
  });

  // Self check-in: the link works without an account, for its own event only.
  router.get("/events/:id/check-in/:token", async (req, res) => {
    const { event, participant } = await liveDay.participantForToken(pageId(req), String(req.params.token));
    res.render("pages/events/live/self-check-in", {
      title: translate(res.locals.lang, "live.self.title", { title: event.title }),
      eventTitle: event.title,
      name: participant.name,
      checkedIn: participant.checkedInAt !== null,
      open: event.status === "live",
      action: req.originalUrl.split("?")[0],
    });
  });
  router.post("/events/:id/check-in/:token", async (req, res) => {
    await liveDay.selfCheckIn(pageId(req), String(req.params.token));
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
