import multer from "multer";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { csrfCheckedUpload } from "../platform/csrf-checked-upload.js";
import { agendaCalendar } from "../../events/event-calendar.js";
import { scheduleWorkbook } from "../../events/event-workbook.js";
import type { Container } from "../../container.js";
import { ValidationError } from "../../errors.js";
import type { EventAssignmentService } from "../../events/event-assignment.service.js";
import type { EventPreferencesService } from "../../events/event-preferences.service.js";
import type { EventRegistrationService } from "../../events/event-registration.service.js";
import type { EventReviewService } from "../../events/event-review.service.js";
import type { EventScheduleService } from "../../events/event-schedule.service.js";
import type { EventsService } from "../../events/events.service.js";
import type { DockingEvent } from "../../events/events.types.js";
import type { ApiRoutes, RouteContext, RouteSpec } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { presentAgendas, presentEvent, presentMeeting, presentParticipant, presentRun } from "./events.presenter.js";
import {
  addPairBody,
  addPairResponse,
  agendaQuery,
  agendaResponse,
  changeParticipantBody,
  createEventBody,
  eventListResponse,
  eventResponse,
  latestRunResponse,
  lockBody,
  meetingListResponse,
  meetingParams,
  meetingResponse,
  participantListResponse,
  participantParams,
  participantResponse,
  preferenceBody,
  preferenceResponse,
  registerBody,
  relaxationBody,
  rosterReportResponse,
  rosterUploadBody,
  runParams,
  runResponse,
  scheduleQuery,
  scheduleResponse,
  scheduleSummaryResponse,
  startRunBody,
  suggestionsResponse,
  swapBody,
  transitionBody,
  updateEventBody,
} from "./events.schemas.js";
import { calendarWords, workbookWords } from "./events.view-models.js";
import { z } from "zod";

export type EventRouteDeps = Pick<
  Container,
  "events" | "eventRegistration" | "eventPreferences" | "eventAssignment" | "eventReview" | "eventSchedule"
>;

/** Registration files are small (20,000 rows at most): read in memory, never stored. */
const rosterUploadOptions = {
  storage: multer.memoryStorage(),
  limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 5 },
};
export const rosterUploadParser = multer(rosterUploadOptions).single("file");

/** The organizer's page form for a roster: its CSRF token travels in the multipart body. */
export const rosterPageUploadPath = /^\/events\/\d+\/participants\/import$/;

export function rosterPageUploadParser(accounts: AccountsService) {
  return csrfCheckedUpload(accounts, rosterUploadOptions, "file");
}

const staff = ["organizer", "admin"] as const;
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const tag = "events";

/**
 * Docking events' JSON API: the event and its lifecycle, registration (one by one or from a
 * .csv/.xlsx file), preferences, assignment runs (progress also live on /notifications), the
 * organizer's review, the schedule, publishing, and agendas as JSON or ICS. Each operation is
 * answered by the handler of the same name; all but two need a sign-in. The order matters:
 * `runs/latest` comes before `runs/:runId`, which would refuse "latest" as an id.
 */
const eventOperations = {
  createEvent: {
    method: "post",
    path: "/api/events",
    tag,
    summary: "Create a docking event or review panel (organizers); it starts as a draft",
    roles: staff,
    body: createEventBody,
    response: eventResponse,
    status: 201,
  },
  listEvents: {
    method: "get",
    path: "/api/events",
    tag,
    summary: "Docking events, the latest first (drafts for organizers only)",
    signedIn: false,
    response: eventListResponse,
  },
  getEvent: {
    method: "get",
    path: "/api/events/:id",
    tag,
    summary: "One event with its slots in time (a draft is found by organizers only)",
    signedIn: false,
    params: idParam,
    response: eventResponse,
  },
  updateEvent: {
    method: "patch",
    path: "/api/events/:id",
    tag,
    summary: "Change an event (organizers) until its schedule is published",
    roles: staff,
    params: idParam,
    body: updateEventBody,
    response: eventResponse,
  },
  transitionEvent: {
    method: "post",
    path: "/api/events/:id/transition",
    tag,
    summary:
      "Move the lifecycle (organizers): draft → registration → matching → (publish) scheduled → live → closed; a move not allowed is 409 with details.reason invalid_transition (publish_required into scheduled; changed when someone else moved it first)",
    roles: staff,
    params: idParam,
    body: transitionBody,
    response: eventResponse,
  },

  // ---- registration
  listParticipants: {
    method: "get",
    path: "/api/events/:id/participants",
    tag,
    summary: "Registered participants: all of them for organizers, one's own registrations for others",
    params: idParam,
    response: participantListResponse,
  },
  registerParticipant: {
    method: "post",
    path: "/api/events/:id/participants",
    tag,
    summary:
      "Register a need (its enterprise, while registration is open; organizers any time before publishing) or an expert (themselves, or organizers)",
    params: idParam,
    body: registerBody,
    response: participantResponse,
    status: 201,
  },
  changeParticipant: {
    method: "patch",
    path: "/api/events/:id/participants/:participantId",
    tag,
    summary: "Change a participant's demand, loads or availability (organizers)",
    roles: staff,
    params: participantParams,
    body: changeParticipantBody,
    response: participantResponse,
  },
  withdrawParticipant: {
    method: "delete",
    path: "/api/events/:id/participants/:participantId",
    tag,
    summary: "Withdraw a registration (one's own while registration is open; organizers before publishing)",
    params: participantParams,
    status: 204,
  },
  importRoster: {
    method: "post",
    path: "/api/events/:id/participants/import",
    tag,
    summary:
      "Register participants from a .csv or .xlsx file (organizers): columns kind, ref (externalId or id), demand, maxMeetings, minMeetings, availability; all rows or none: a bad file is refused (400) with the line-numbered report in error.details.errors",
    roles: staff,
    params: idParam,
    body: rosterUploadBody,
    multipart: { parse: rosterUploadParser, fileField: "file" },
    response: rosterReportResponse,
  },

  // ---- preferences
  listSuggestions: {
    method: "get",
    path: "/api/events/:id/suggestions",
    tag,
    summary:
      "The caller's suggested counterparts among the event's registrations, with explanations and current wishes",
    params: idParam,
    response: suggestionsResponse,
  },
  setPreference: {
    method: "put",
    path: "/api/events/:id/preferences",
    tag,
    summary: "Mark a pair must meet / would like / no thanks (the need's enterprise or the expert); null clears it",
    params: idParam,
    body: preferenceBody,
    response: preferenceResponse,
  },

  // ---- assignment
  startRun: {
    method: "post",
    path: "/api/events/:id/runs",
    tag,
    summary:
      "Run the assignment (organizers); answers the running run at once (202): follow it here or live as event.assignment.progress on /notifications",
    roles: staff,
    params: idParam,
    body: startRunBody,
    response: runResponse,
    status: 202,
  },
  latestRun: {
    method: "get",
    path: "/api/events/:id/runs/latest",
    tag,
    summary: "The latest assignment run (organizers), with progress or its result and diagnosis",
    roles: staff,
    params: idParam,
    response: latestRunResponse,
  },
  getRun: {
    method: "get",
    path: "/api/events/:id/runs/:runId",
    tag,
    summary: "One assignment run (organizers): progress, time left, result, or the diagnosis when infeasible",
    roles: staff,
    params: runParams,
    response: runResponse,
  },
  applyRelaxation: {
    method: "post",
    path: "/api/events/:id/relaxations",
    tag,
    summary:
      "Apply one relaxation the diagnosis suggests (lower a demand, raise or lower an expert's loads, drop a quota rule) and run again keeping locks",
    roles: staff,
    params: idParam,
    body: relaxationBody,
    response: runResponse,
    status: 202,
  },

  // ---- review
  listMeetings: {
    method: "get",
    path: "/api/events/:id/meetings",
    tag,
    summary: "The assigned pairs with their slot and table once scheduled (organizers)",
    roles: staff,
    params: idParam,
    response: meetingListResponse,
  },
  addPair: {
    method: "post",
    path: "/api/events/:id/meetings",
    tag,
    summary:
      "Add a pair by hand (organizers), locked; a conflict of interest, same organization or 'no thanks' is refused (409, details.reason pair_warnings with details.warnings) unless acceptWarnings; an unregistered side (not_registered) or a pair already assigned (duplicate_pair) always",
    roles: staff,
    params: idParam,
    body: addPairBody,
    response: addPairResponse,
    status: 201,
  },
  swapExperts: {
    method: "post",
    path: "/api/events/:id/meetings/swap",
    tag,
    summary: "Swap the experts of two meetings (organizers); both pairs become locked",
    roles: staff,
    params: idParam,
    body: swapBody,
    response: meetingListResponse,
  },
  lockPair: {
    method: "patch",
    path: "/api/events/:id/meetings/:meetingId",
    tag,
    summary: "Lock or unlock a pair (organizers): a re-run keeping locks never changes a locked pair",
    roles: staff,
    params: meetingParams,
    body: lockBody,
    response: meetingResponse,
  },
  removePair: {
    method: "delete",
    path: "/api/events/:id/meetings/:meetingId",
    tag,
    summary: "Remove a pair (organizers)",
    roles: staff,
    params: meetingParams,
    status: 204,
  },

  // ---- schedule, publishing, agendas
  scheduleMeetings: {
    method: "post",
    path: "/api/events/:id/schedule",
    tag,
    summary: "Place every pair into slots × tables (organizers): availability respected, nobody in two places",
    roles: staff,
    params: idParam,
    response: scheduleSummaryResponse,
  },
  publishSchedule: {
    method: "post",
    path: "/api/events/:id/publish",
    tag,
    summary: "Publish the schedule (organizers): the event becomes scheduled and participants are notified",
    roles: staff,
    params: idParam,
    response: eventResponse,
  },
  getSchedule: {
    method: "get",
    path: "/api/events/:id/schedule",
    tag,
    summary: "The whole schedule (organizers): JSON, or an .xlsx workbook with a sheet by slot and one by participant",
    roles: staff,
    params: idParam,
    query: scheduleQuery,
    response: scheduleResponse,
    media: { [xlsxType]: z.string().describe("binary .xlsx") },
  },
  getAgenda: {
    method: "get",
    path: "/api/events/:id/agenda",
    tag,
    summary:
      "The caller's agenda once published (organizers: anyone's with participantId): JSON, or an ICS calendar with one VEVENT per meeting",
    params: idParam,
    query: agendaQuery,
    response: agendaResponse,
    media: { "text/calendar": z.string() },
  },
} satisfies Record<string, RouteSpec>;

/** What the handler of an operation receives. */
type Ctx<K extends keyof typeof eventOperations> = RouteContext<(typeof eventOperations)[K]>;

/** An event as the API shows it: with whether registration is open now. */
function eventPresenter(events: Pick<EventsService, "registrationOpen">) {
  return (event: DockingEvent) => presentEvent(event, events.registrationOpen(event));
}

/** The event itself and its lifecycle. */
export function createEventHandlers({
  events,
}: {
  events: Pick<EventsService, "create" | "list" | "get" | "update" | "transition" | "registrationOpen">;
}) {
  const present = eventPresenter(events);
  return {
    createEvent: async ({ actor, body }: Ctx<"createEvent">) => present(await events.create(actor, body)),
    listEvents: async ({ actor }: Ctx<"listEvents">) => ({ items: (await events.list(actor)).map(present) }),
    getEvent: async ({ actor, params }: Ctx<"getEvent">) => present(await events.get(actor, params.id)),
    updateEvent: async ({ actor, params, body }: Ctx<"updateEvent">) =>
      present(await events.update(actor, params.id, body)),
    transitionEvent: async ({ actor, params, body }: Ctx<"transitionEvent">) =>
      present(await events.transition(actor, params.id, body.to)),
  };
}

/** Registration: one participant at a time, or a whole roster from a file. */
export function createRegistrationHandlers({
  eventRegistration,
}: {
  eventRegistration: Pick<EventRegistrationService, "list" | "register" | "change" | "remove" | "importRoster">;
}) {
  return {
    listParticipants: async ({ actor, params }: Ctx<"listParticipants">) => ({
      items: (await eventRegistration.list(actor, params.id)).map(presentParticipant),
    }),
    registerParticipant: async ({ actor, params, body }: Ctx<"registerParticipant">) =>
      presentParticipant(await eventRegistration.register(actor, params.id, body)),
    changeParticipant: async ({ actor, params, body }: Ctx<"changeParticipant">) =>
      presentParticipant(await eventRegistration.change(actor, params.id, params.participantId, body)),
    withdrawParticipant: async ({ actor, params }: Ctx<"withdrawParticipant">) => {
      await eventRegistration.remove(actor, params.id, params.participantId);
    },
    importRoster: async ({ actor, params, req }: Ctx<"importRoster">) => {
      const file = req.file;
      if (!file) throw new ValidationError("Attach the registration file in the `file` field");
      const report = await eventRegistration.importRoster(actor, params.id, file.originalname, file.buffer);
      if (report.errors.length > 0) {
        throw new ValidationError(`The file has ${report.errors.length} problem(s); nothing was registered`, report);
      }
      return report;
    },
  };
}

/** Preferences: suggested counterparts and the wishes participants mark. */
export function createPreferenceHandlers({
  eventPreferences,
}: {
  eventPreferences: Pick<EventPreferencesService, "suggestions" | "prefer">;
}) {
  return {
    listSuggestions: async ({ actor, params }: Ctx<"listSuggestions">) => ({
      items: (await eventPreferences.suggestions(actor, params.id)).map((s) => ({
        participantId: s.participant.id,
        side: s.side,
        suggestions: s.items.map((item) => ({
          ...item,
          explanation: item.explanation as unknown as Record<string, unknown> | null,
        })),
      })),
    }),
    setPreference: async ({ actor, params, body }: Ctx<"setPreference">) =>
      eventPreferences.prefer(actor, params.id, { needId: body.needId, expertId: body.expertId }, body.choice),
  };
}

/** Assignment runs and the relaxations their diagnoses suggest. */
export function createAssignmentHandlers({
  eventAssignment,
}: {
  eventAssignment: Pick<EventAssignmentService, "start" | "latest" | "run" | "relax">;
}) {
  return {
    startRun: async ({ actor, params, body }: Ctx<"startRun">) =>
      presentRun(await eventAssignment.start(actor, params.id, body.mode)),
    latestRun: async ({ actor, params }: Ctx<"latestRun">) => {
      const run = await eventAssignment.latest(actor, params.id);
      return { run: run ? presentRun(run) : null };
    },
    getRun: async ({ actor, params }: Ctx<"getRun">) =>
      presentRun(await eventAssignment.run(actor, params.id, params.runId)),
    applyRelaxation: async ({ actor, params, body }: Ctx<"applyRelaxation">) =>
      presentRun(await eventAssignment.relax(actor, params.id, body)),
  };
}

/** The organizer's review of the assigned pairs. */
export function createReviewHandlers({
  eventReview,
}: {
  eventReview: Pick<EventReviewService, "meetings" | "add" | "swap" | "setLocked" | "remove">;
}) {
  return {
    listMeetings: async ({ actor, params }: Ctx<"listMeetings">) => ({
      items: (await eventReview.meetings(actor, params.id)).map(presentMeeting),
    }),
    addPair: async ({ actor, params, body }: Ctx<"addPair">) => {
      const { meeting, warnings } = await eventReview.add(actor, params.id, body);
      return { meeting: presentMeeting(meeting), warnings };
    },
    swapExperts: async ({ actor, params, body }: Ctx<"swapExperts">) => ({
      items: (await eventReview.swap(actor, params.id, body.first, body.second)).map(presentMeeting),
    }),
    lockPair: async ({ actor, params, body }: Ctx<"lockPair">) =>
      presentMeeting(await eventReview.setLocked(actor, params.id, params.meetingId, body.locked)),
    removePair: async ({ actor, params }: Ctx<"removePair">) => {
      await eventReview.remove(actor, params.id, params.meetingId);
    },
  };
}

/** The schedule, publishing it, and agendas as JSON, .xlsx or ICS. */
export function createScheduleHandlers({
  eventSchedule,
  events,
}: {
  eventSchedule: Pick<EventScheduleService, "schedule" | "publish" | "fullSchedule" | "agendas">;
  events: Pick<EventsService, "registrationOpen">;
}) {
  const present = eventPresenter(events);
  return {
    scheduleMeetings: async ({ actor, params }: Ctx<"scheduleMeetings">) => eventSchedule.schedule(actor, params.id),
    publishSchedule: async ({ actor, params }: Ctx<"publishSchedule">) =>
      present(await eventSchedule.publish(actor, params.id)),
    getSchedule: async ({ actor, params, query, res }: Ctx<"getSchedule">) => {
      const schedule = await eventSchedule.fullSchedule(actor, params.id);
      if (query.format === "json") {
        return { event: present(schedule.event), meetings: schedule.meetings.map(presentMeeting) };
      }
      const buffer = await scheduleWorkbook(schedule, workbookWords(res.locals.lang, schedule.event.kind));
      res
        .type(xlsxType)
        .set("Content-Disposition", `attachment; filename="event-${params.id}-schedule.xlsx"`)
        .send(buffer);
    },
    getAgenda: async ({ actor, params, query, req, res }: Ctx<"getAgenda">) => {
      const agendas = await eventSchedule.agendas(actor, params.id, query.participantId);
      if (query.format === "json") return presentAgendas(agendas);
      res
        .type("text/calendar; charset=utf-8")
        .set("Content-Disposition", `attachment; filename="event-${params.id}-agenda.ics"`)
        .send(agendaCalendar(agendas, calendarWords(res.locals.lang), req.hostname || "scibridge"));
    },
  };
}

/** Wires each operation to its handler. */
export function registerEventRoutes(api: ApiRoutes, deps: EventRouteDeps): void {
  api.operations(eventOperations, {
    ...createEventHandlers(deps),
    ...createRegistrationHandlers(deps),
    ...createPreferenceHandlers(deps),
    ...createAssignmentHandlers(deps),
    ...createReviewHandlers(deps),
    ...createScheduleHandlers(deps),
  });
}
