import type { Request, RequestHandler, Response, Router } from "express";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import type { Container } from "../../container.js";
import { ForbiddenError, ValidationError, type AppError } from "../../errors.js";
import type { RosterReport } from "../../events/event-registration.service.js";
import type { Agenda, ScheduleSummary } from "../../events/event-schedule.service.js";
import type { DockingEvent, EventFields, EventKind, EventSettingsProblem } from "../../events/events.types.js";
import { translate, type Lang } from "../i18n/translate.js";
import { fieldErrorsOf, formChoices, formText, pageId, parseForm, type FieldErrors } from "../platform/forms.js";
import type { KeptInputForms, ShowFormAgain } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { rosterPageUploadParser, type EventRouteDeps } from "./events.routes.js";
import { isRefusal, refusalReason, refusalStatus, refusalText } from "./event-refusals.js";
import { eventForm, joinForm, preferenceForm, quotaRulesOf, type EventForm } from "./events.forms.js";
import { addPairBody, relaxationBody, swapBody, transitionBody } from "./events.schemas.js";
import {
  emptyEventForm,
  presentAgendaPage,
  presentConsole,
  presentEventCard,
  presentEventForm,
  presentEventSummary,
  presentSuggestions,
  presentTableCards,
  joinFormValues,
  sentenceWords,
  sideWords,
  storedEventForm,
  type EventFormValues,
  type JoinFormValues,
} from "./events.view-models.js";

export type EventPagesDeps = EventRouteDeps & Pick<Container, "referenceData" | "accounts" | "clock">;

/** What the organizer's page shows once after a form (a file's report, a schedule's summary, a refusal). */
interface Flash {
  roster?: RosterReport;
  schedule?: ScheduleSummary;
  /** Worded on the console in the page's language, with the sides named as the event's kind names them. */
  refused?: AppError;
}

/** What the organizer typed into the event form, to show again. */
const submitted = (body: unknown): EventFormValues => {
  const values = { ...emptyEventForm };
  for (const key of Object.keys(values) as (keyof EventFormValues)[]) {
    (values as Record<string, string>)[key] = formText(body, key);
  }
  values.kind = formText(body, "kind") === "review" ? "review" : "matchmaking";
  return values;
};

/** The form fields a settings problem of the domain is shown under (quota rules: the quota picker). */
const problemFormField: Record<EventSettingsProblem["field"], string> = {
  trackId: "trackId",
  breaks: "breaks",
  registrationOpensAt: "registrationOpensAt",
  registrationClosesAt: "registrationClosesAt",
  quotaRules: "quotaRegion",
};

/** The domain's refusal of the settings as errors under the fields to correct, in the page's language. */
function settingsErrors(lang: Lang, error: ValidationError, kind: EventKind): FieldErrors {
  const problems = (error.details as { fields?: Pick<EventSettingsProblem, "field" | "code" | "params">[] } | undefined)
    ?.fields;
  if (!problems?.length) return { title: refusalText(lang, error, kind) };
  const errors: FieldErrors = {};
  for (const { field, code, params } of problems) {
    const formField = problemFormField[field];
    const message = translate(lang, `events.problem.${code}`, params);
    errors[formField] = errors[formField] ? `${errors[formField]} ${message}` : message;
  }
  return errors;
}

const toFields = (form: EventForm, existing?: DockingEvent): EventFields => ({
  title: form.title,
  kind: form.kind,
  trackId: form.trackId,
  venue: form.venue,
  description: form.description,
  startsAt: form.startsAt,
  slotMinutes: form.slotMinutes,
  slotCount: form.slotCount,
  breaks: form.breaks,
  tableCount: form.tableCount,
  registrationOpensAt: form.registrationOpensAt,
  registrationClosesAt: form.registrationClosesAt,
  demandPerNeed: form.demandPerNeed,
  meetingsPerExpert: form.meetingsPerExpert,
  quotaRules: quotaRulesOf(form, existing?.quotaRules),
  objective: form.objective,
});

/** Only organizers manage events: others get 403, anonymous visitors the sign-in page (then null). */
function staffOnly(req: Request, res: Response): Actor | null {
  const actor = signedInActor(req, res);
  if (actor && !isStaff(actor)) throw new ForbiddenError("Only organizers manage docking events");
  return actor;
}

/**
 * The organizer's request handlers, one named function each: the list, the event form, and the
 * console (registration, the assignment with live progress and the diagnosis's buttons, the
 * review, the schedule and publishing).
 */
export function createEventPageHandlers(deps: EventPagesDeps) {
  const { events, eventRegistration, eventAssignment, eventReview, eventSchedule } = deps;
  const tracks = async () => (await deps.referenceData.listTracks()).map((t) => ({ id: t.id, name: t.name }));

  const renderForm = async (
    res: Response,
    form: { eventId?: number; values: EventFormValues; errors?: FieldErrors },
    status = 200,
  ) => {
    res
      .status(status)
      .render("pages/events/form", presentEventForm(res.locals.lang, { ...form, tracks: await tracks() }));
  };

  const renderConsole = async (
    req: Request,
    res: Response,
    actor: Actor,
    id: number,
    { refused, ...flash }: Flash = {},
    status = 200,
  ) => {
    const lang = res.locals.lang;
    const event = await events.get(actor, id);
    const [participants, run, meetings] = await Promise.all([
      eventRegistration.list(actor, id),
      eventAssignment.latest(actor, id),
      eventReview.meetings(actor, id),
    ]);
    const inviteUrl = `${req.protocol}://${req.get("host") ?? "localhost"}/events/${id}/join`;
    res.status(status).render("pages/events/console", {
      title: event.title,
      ...presentConsole(lang, {
        event,
        participants,
        run,
        meetings,
        registrationOpen: events.registrationOpen(event),
        inviteUrl,
        ...flash,
        error: refused && refusalText(lang, refused, event.kind),
      }),
    });
  };

  /**
   * A console action: domain refusals (409, 400) come back as a message at the top of the
   * console, in the page's language; a flash (a report to show) renders the console; otherwise
   * back to it (303).
   */
  const consoleAction =
    (work: (req: Request, res: Response, actor: Actor, id: number) => Promise<Flash | void>): RequestHandler =>
    async (req, res) => {
      const id = pageId(req);
      const actor = staffOnly(req, res);
      if (!actor) return;
      let flash: Flash | void;
      try {
        flash = await work(req, res, actor, id);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        flash = { refused: error };
      }
      if (flash) {
        const status = flash.refused ? refusalStatus(flash.refused) : flash.roster?.errors.length ? 400 : 200;
        return renderConsole(req, res, actor, id, flash, status);
      }
      res.redirect(303, `/events/${id}`);
    };

  const saveEvent = async (req: Request, res: Response, id?: number) => {
    const actor = staffOnly(req, res);
    if (!actor) return;
    const existing = id === undefined ? undefined : await events.get(actor, id);
    const form = parseForm(eventForm, req.body, res.locals.lang);
    const again = (errors: FieldErrors) => renderForm(res, { eventId: id, values: submitted(req.body), errors }, 400);
    if (!form.ok) return again(form.errors);
    try {
      const fields = toFields(form.data, existing);
      const saved = id === undefined ? await events.create(actor, fields) : await events.update(actor, id, fields);
      res.locals.setFlash(id === undefined ? "flash.eventCreated" : "flash.eventSaved");
      res.redirect(303, `/events/${saved.id}`);
    } catch (error) {
      if (error instanceof ValidationError) return again(settingsErrors(res.locals.lang, error, form.data.kind));
      throw error;
    }
  };

  const listEvents: RequestHandler = async (_req, res) => {
    const lang = res.locals.lang;
    const actor = res.locals.auth.actor;
    res.render("pages/events/list", {
      title: translate(lang, "events.title"),
      canCreate: isStaff(actor),
      events: (await events.list(actor)).map((e) => presentEventCard(lang, e)),
    });
  };

  const showNewEventForm: RequestHandler = async (req, res) => {
    if (!staffOnly(req, res)) return;
    await renderForm(res, { values: emptyEventForm });
  };

  const createEvent: RequestHandler = (req, res) => saveEvent(req, res);

  /** The new-event form again with what was posted, when its CSRF check refused it (kept-input.ts). */
  const showNewEventFormAgain: ShowFormAgain = async (req, res, status) => {
    if (!staffOnly(req, res)) return;
    await renderForm(res, { values: submitted(req.body) }, status);
  };

  /** Organizers get the console; everyone else the event's public page. */
  const showEvent: RequestHandler = async (req, res) => {
    const id = pageId(req);
    const actor = res.locals.auth.actor;
    if (isStaff(actor)) return renderConsole(req, res, actor!, id);
    const event = await events.get(actor, id);
    const mine = actor ? await eventRegistration.list(actor, id) : [];
    res.render("pages/events/public", {
      title: event.title,
      ...presentEventSummary(res.locals.lang, event),
      registrationOpen: events.registrationOpen(event),
      registered: mine.length > 0,
      published: ["scheduled", "live", "closed"].includes(event.status),
      signedIn: actor !== null,
    });
  };

  const showEditEventForm: RequestHandler = async (req, res) => {
    const actor = staffOnly(req, res);
    if (!actor) return;
    const id = pageId(req);
    await renderForm(res, { eventId: id, values: storedEventForm(await events.get(actor, id)) });
  };

  const updateEvent: RequestHandler = (req, res) => saveEvent(req, res, pageId(req));

  /** The event's edit form again with what was posted, likewise. */
  const showEditEventFormAgain: ShowFormAgain = async (req, res, status) => {
    const actor = staffOnly(req, res);
    if (!actor) return;
    const id = pageId(req);
    await events.get(actor, id);
    await renderForm(res, { eventId: id, values: submitted(req.body) }, status);
  };

  const changeEventStatus = consoleAction(async (req, _res, actor, id) => {
    await events.transition(actor, id, transitionBody.parse({ to: formText(req.body, "to") }).to);
  });

  /** Checks who is uploading before the roster's body is read. */
  const organizerUploading: RequestHandler = (req, res, next) => {
    if (staffOnly(req, res)) next();
  };
  const readRosterUpload = rosterPageUploadParser(deps.accounts);

  const importRoster = consoleAction(async (req, res, actor, id) => {
    if (!req.file) throw new ValidationError(translate(res.locals.lang, "events.detail.importFile"));
    return { roster: await eventRegistration.importRoster(actor, id, req.file.originalname, req.file.buffer) };
  });

  /** Organizers remove anyone from the console; a participant removes their own registration from the join page. */
  const removeParticipant: RequestHandler = async (req, res) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    await eventRegistration.remove(actor, id, pageId(req, "participantId"));
    if (isStaff(actor)) return res.redirect(303, `/events/${id}`);
    res.locals.setFlash("flash.eventWithdrawn");
    res.redirect(303, `/events/${id}/join`);
  };

  const startAssignment = consoleAction(async (req, _res, actor, id) => {
    await eventAssignment.start(actor, id, formText(req.body, "mode") === "keepLocks" ? "keepLocks" : "fresh");
  });

  const relaxRule = consoleAction(async (req, res, actor, id) => {
    const body = req.body as Record<string, string>;
    const relaxation = relaxationBody.safeParse({
      action: body.action,
      participantId: Number(body.participantId),
      value: Number(body.value),
      rule: Number(body.rule),
    });
    if (!relaxation.success) throw new ValidationError(translate(res.locals.lang, "events.assign.unknownRelaxation"));
    await eventAssignment.relax(actor, id, relaxation.data);
  });

  const addMeeting = consoleAction(async (req, res, actor, id) => {
    const pair = addPairBody.safeParse({
      needId: Number(formText(req.body, "needId")),
      expertId: Number(formText(req.body, "expertId")),
      acceptWarnings: formText(req.body, "acceptWarnings") !== "",
    });
    if (!pair.success) {
      const lang = res.locals.lang;
      const { kind } = await events.get(actor, id);
      throw new ValidationError(translate(lang, "events.review.choosePair", sentenceWords(lang, kind)));
    }
    await eventReview.add(actor, id, pair.data);
  });

  const swapMeetings = consoleAction(async (req, res, actor, id) => {
    const pair = swapBody.safeParse({
      first: Number(formText(req.body, "first")),
      second: Number(formText(req.body, "second")),
    });
    if (!pair.success) throw new ValidationError(translate(res.locals.lang, "events.review.chooseSwap"));
    await eventReview.swap(actor, id, pair.data.first, pair.data.second);
  });

  const lockMeeting = consoleAction(async (req, _res, actor, id) => {
    await eventReview.setLocked(actor, id, pageId(req, "meetingId"), formText(req.body, "locked") === "true");
  });

  const removeMeeting = consoleAction(async (req, _res, actor, id) => {
    await eventReview.remove(actor, id, pageId(req, "meetingId"));
  });

  const scheduleMeetings = consoleAction(async (_req, _res, actor, id) => ({
    schedule: await eventSchedule.schedule(actor, id),
  }));

  const publishSchedule = consoleAction(async (_req, _res, actor, id) => {
    await eventSchedule.publish(actor, id);
  });

  const showTableCards: RequestHandler = async (req, res) => {
    const actor = staffOnly(req, res);
    if (!actor) return;
    const schedule = await eventSchedule.fullSchedule(actor, pageId(req));
    res.render("pages/events/table-cards", {
      layout: "print",
      title: schedule.event.title,
      ...presentEventSummary(res.locals.lang, schedule.event),
      words: sideWords(res.locals.lang, schedule.event.kind),
      cards: presentTableCards(schedule.event, schedule.meetings),
    });
  };

  return {
    listEvents,
    showNewEventForm,
    createEvent,
    showNewEventFormAgain,
    showEvent,
    showEditEventForm,
    updateEvent,
    showEditEventFormAgain,
    changeEventStatus,
    organizerUploading,
    readRosterUpload,
    importRoster,
    removeParticipant,
    startAssignment,
    relaxRule,
    addMeeting,
    swapMeetings,
    lockMeeting,
    removeMeeting,
    scheduleMeetings,
    publishSchedule,
    showTableCards,
  };
}

/** The participants' request handlers: the join page, wishes, and the agenda (printable). */
export function createEventParticipantPageHandlers(deps: EventPagesDeps) {
  const { events, eventRegistration, eventPreferences, eventSchedule } = deps;

  const renderJoin = async (
    req: Request,
    res: Response,
    actor: Actor | null,
    id: number,
    status = 200,
    error = "",
    /** What was just typed (a refused form); otherwise the form shows the expert's registration. */
    typed: JoinFormValues | null = null,
  ) => {
    const lang = res.locals.lang;
    const event = await events.get(actor, id);
    const mine = actor ? await eventRegistration.list(actor, id) : [];
    const ownNeeds = actor?.role === "enterprise" ? await eventRegistration.openNeedsOf(actor.userId) : [];
    const ownEntry = mine.find((p) => p.kind === "expert");
    const values = typed ?? joinFormValues(ownEntry);
    const summary = presentEventSummary(lang, event);
    res.status(status).render("pages/events/join", {
      title: translate(lang, "events.join.title", { title: event.title }),
      ...summary,
      slots: summary.slots.map((slot) => ({ ...slot, checked: values.slots.includes(slot.value) })),
      maxMeetings: values.maxMeetings,
      submitLabel: translate(lang, ownEntry ? "events.join.update" : "events.join.submit"),
      words: sideWords(lang, event.kind),
      sentence: sentenceWords(lang, event.kind),
      open: events.registrationOpen(event) || isStaff(actor),
      signedIn: actor !== null,
      isExpert: actor?.role === "expert" && actor.expertId !== null,
      isEnterprise: actor?.role === "enterprise",
      ownNeeds,
      registered: mine.map((p) => ({
        id: p.id,
        name: p.kind === "need" ? p.need.title : p.expert.name,
        removeAction: `/events/${id}/participants/${p.id}/remove`,
      })),
      error,
    });
  };

  const showJoinPage: RequestHandler = (req, res) => renderJoin(req, res, res.locals.auth.actor, pageId(req));

  const typedJoinForm = (req: Request): JoinFormValues => ({
    maxMeetings: formText(req.body, "maxMeetings"),
    slots: formChoices(req.body, "slots").map(Number),
  });

  /** The join form again, filled as it was posted (a refused CSRF token, an expired session). */
  const showJoinFormAgain: ShowFormAgain = (req, res, status) =>
    renderJoin(req, res, res.locals.auth.actor, pageId(req), status, "", typedJoinForm(req));

  /** An expert registers themself; an enterprise registers one of its open needs. */
  const join: RequestHandler = async (req, res) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const { kind } = await events.get(actor, id);
    const form = joinForm.safeParse(req.body ?? {});
    if (!form.success) {
      // The form's own inputs bound these values; what reaches here was typed around them.
      const [first] = Object.values(fieldErrorsOf(form.error, res.locals.lang));
      return renderJoin(req, res, actor, id, 400, first ?? "", typedJoinForm(req));
    }
    const { needId, demand, maxMeetings, slots } = form.data;
    try {
      if (actor.role === "expert" && actor.expertId !== null) {
        await eventRegistration.register(actor, id, {
          kind: "expert",
          expertId: actor.expertId,
          maxMeetings: maxMeetings ?? null,
          minMeetings: 0,
          availability: slots,
        });
      } else if (needId !== undefined) {
        await eventRegistration.register(actor, id, {
          kind: "need",
          needId,
          demand: demand ?? null,
          availability: slots,
        });
      } else {
        throw new ValidationError(translate(lang, "events.join.noNeeds", sentenceWords(lang, kind)));
      }
    } catch (error) {
      if (isRefusal(error)) {
        return renderJoin(
          req,
          res,
          actor,
          id,
          refusalStatus(error),
          refusalText(lang, error, kind),
          typedJoinForm(req),
        );
      }
      throw error;
    }
    res.locals.setFlash("flash.eventRegistered");
    res.redirect(303, `/events/${id}/join`);
  };

  const showPreferences: RequestHandler = async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const id = pageId(req);
    const lang = res.locals.lang;
    const event = await events.get(actor, id);
    res.render("pages/events/preferences", {
      title: translate(lang, "events.pref.title", { title: event.title }),
      event: presentEventCard(lang, event),
      groups: presentSuggestions(lang, id, await eventPreferences.suggestions(actor, id)),
    });
  };

  const setPreference: RequestHandler = async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const id = pageId(req);
    const form = preferenceForm.safeParse(req.body ?? {});
    if (!form.success) throw new ValidationError("Choose a pair and a wish");
    const { needId, expertId, choice } = form.data;
    await eventPreferences.prefer(actor, id, { needId, expertId }, choice ?? null);
    res.redirect(303, `/events/${id}/preferences`);
  };

  /** The signed-in participant's agenda (an organizer may name one), on screen or for printing. */
  const showAgenda =
    (print: boolean): RequestHandler =>
    async (req, res) => {
      const actor = signedInActor(req, res);
      if (!actor) return;
      const id = pageId(req);
      const lang = res.locals.lang;
      const participant = typeof req.query.participant === "string" ? Number(req.query.participant) : undefined;
      const participantId =
        participant !== undefined && Number.isInteger(participant) && participant > 0 ? participant : undefined;
      const event = await events.get(actor, id);
      // Before the schedule is published, a registered participant's link to the agenda says so
      // on the agenda page, in the page's language (it used to be a bare 409 error page).
      let agendas: Agenda[] | "not_published";
      try {
        agendas = await eventSchedule.agendas(actor, id, participantId);
      } catch (error) {
        if (!(isRefusal(error) && refusalReason(error) === "not_published")) throw error;
        agendas = "not_published";
      }
      res.render("pages/events/agenda", {
        title: translate(lang, "events.agenda.title", { title: event.title }),
        ...presentEventSummary(lang, event),
        ...presentAgendaPage(lang, agendas, {
          eventId: id,
          participantId,
          now: deps.clock.now(),
          registrationOpen: events.registrationOpen(event),
        }),
        print,
        ...(print ? { layout: "print" } : {}),
      });
    };

  return { showJoinPage, showJoinFormAgain, join, showPreferences, setPreference, showAgenda };
}

/**
 * Event pages: the list; the organizer's form and console; the participants' join page,
 * wishes and agenda, and the venue's table cards.
 */
export function registerEventPages(router: Router, deps: EventPagesDeps, keptInput: KeptInputForms): void {
  const organizer = createEventPageHandlers(deps);
  const participant = createEventParticipantPageHandlers(deps);
  router.get("/events", organizer.listEvents);
  router.get("/events/new", organizer.showNewEventForm);
  router.post("/events", organizer.createEvent);
  keptInput.add("/events", organizer.showNewEventFormAgain);
  router.get("/events/:id", organizer.showEvent);
  router.get("/events/:id/edit", organizer.showEditEventForm);
  router.post("/events/:id", organizer.updateEvent);
  keptInput.add("/events/:id", organizer.showEditEventFormAgain);
  router.post("/events/:id/transition", organizer.changeEventStatus);
  router.post(
    "/events/:id/participants/import",
    organizer.organizerUploading,
    organizer.readRosterUpload,
    organizer.importRoster,
  );
  router.post("/events/:id/participants/:participantId/remove", organizer.removeParticipant);
  router.post("/events/:id/runs", organizer.startAssignment);
  router.post("/events/:id/relaxations", organizer.relaxRule);
  router.post("/events/:id/meetings", organizer.addMeeting);
  router.post("/events/:id/meetings/swap", organizer.swapMeetings);
  router.post("/events/:id/meetings/:meetingId/lock", organizer.lockMeeting);
  router.post("/events/:id/meetings/:meetingId/remove", organizer.removeMeeting);
  router.post("/events/:id/schedule", organizer.scheduleMeetings);
  router.post("/events/:id/publish", organizer.publishSchedule);
  router.get("/events/:id/table-cards", organizer.showTableCards);

  router.get("/events/:id/join", participant.showJoinPage);
  router.post("/events/:id/join", participant.join);
  keptInput.add("/events/:id/join", participant.showJoinFormAgain);
  router.get("/events/:id/preferences", participant.showPreferences);
  router.post("/events/:id/preferences", participant.setPreference);
  router.get("/events/:id/agenda", participant.showAgenda(false));
  router.get("/events/:id/agenda/print", participant.showAgenda(true));
}
