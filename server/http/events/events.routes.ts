import multer from "multer";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { csrfCheckedUpload } from "../platform/csrf-checked-upload.js";
import { agendaCalendar } from "../../events/event-calendar.js";
import { scheduleWorkbook } from "../../events/event-workbook.js";
import type { Container } from "../../container.js";
import { ValidationError } from "../../errors.js";
import type { ApiRoutes } from "../platform/api-routes.js";
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

/**
 * Docking events' JSON API: the event and its lifecycle, registration (one by one or from a
 * .csv/.xlsx file), preferences, assignment runs (progress also live on /notifications), the
 * organizer's review, the schedule, publishing, and agendas as JSON or ICS.
 */
export function registerEventRoutes(api: ApiRoutes, deps: EventRouteDeps): void {
  const { events, eventRegistration, eventPreferences, eventAssignment, eventReview, eventSchedule } = deps;
  const present = (event: Parameters<typeof presentEvent>[0]) => presentEvent(event, events.registrationOpen(event));
  const tag = "events";

  api.signedIn(
    {
      method: "post",
      path: "/api/events",
      tag,
      summary: "Create a docking event or review panel (organizers); it starts as a draft",
      roles: staff,
      body: createEventBody,
      response: eventResponse,
      status: 201,
    },
    async ({ actor, body }) => present(await events.create(actor, body)),
  );
  api.public(
    {
      method: "get",
      path: "/api/events",
      tag,
      summary: "Docking events, the latest first (drafts for organizers only)",
      response: eventListResponse,
    },
    async ({ actor }) => ({ items: (await events.list(actor)).map(present) }),
  );
  api.public(
    {
      method: "get",
      path: "/api/events/:id",
      tag,
      summary: "One event with its slots in time (a draft is found by organizers only)",
      params: idParam,
      response: eventResponse,
    },
    async ({ actor, params }) => present(await events.get(actor, params.id)),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/events/:id",
      tag,
      summary: "Change an event (organizers) until its schedule is published",
      roles: staff,
      params: idParam,
      body: updateEventBody,
      response: eventResponse,
    },
    async ({ actor, params, body }) => present(await events.update(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/transition",
      tag,
      summary:
        "Move the lifecycle (organizers): draft → registration → matching → (publish) scheduled → live → closed; a move not allowed is 409 with details.reason invalid_transition",
      roles: staff,
      params: idParam,
      body: transitionBody,
      response: eventResponse,
    },
    async ({ actor, params, body }) => present(await events.transition(actor, params.id, body.to)),
  );

  // ---- registration
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/participants",
      tag,
      summary: "Registered participants: all of them for organizers, one's own registrations for others",
      params: idParam,
      response: participantListResponse,
    },
    async ({ actor, params }) => ({
      items: (await eventRegistration.list(actor, params.id)).map(presentParticipant),
    }),
  );
  api.signedIn(
    {
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
    async ({ actor, params, body }) => presentParticipant(await eventRegistration.register(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/events/:id/participants/:participantId",
      tag,
      summary: "Change a participant's demand, loads or availability (organizers)",
      roles: staff,
      params: participantParams,
      body: changeParticipantBody,
      response: participantResponse,
    },
    async ({ actor, params, body }) =>
      presentParticipant(await eventRegistration.change(actor, params.id, params.participantId, body)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/events/:id/participants/:participantId",
      tag,
      summary: "Withdraw a registration (one's own while registration is open; organizers before publishing)",
      params: participantParams,
      status: 204,
    },
    async ({ actor, params }) => {
      await eventRegistration.remove(actor, params.id, params.participantId);
    },
  );
  api.signedIn(
    {
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
    async ({ actor, params, req }) => {
      const file = req.file;
      if (!file) throw new ValidationError("Attach the registration file in the `file` field");
      const report = await eventRegistration.importRoster(actor, params.id, file.originalname, file.buffer);
      if (report.errors.length > 0) {
        throw new ValidationError(`The file has ${report.errors.length} problem(s); nothing was registered`, report);
      }
      return report;
    },
  );

  // ---- preferences
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/suggestions",
      tag,
      summary:
        "The caller's suggested counterparts among the event's registrations, with explanations and current wishes",
      params: idParam,
      response: suggestionsResponse,
    },
    async ({ actor, params }) => ({
      items: (await eventPreferences.suggestions(actor, params.id)).map((s) => ({
        participantId: s.participant.id,
        side: s.side,
        suggestions: s.items.map((item) => ({
          ...item,
          explanation: item.explanation as unknown as Record<string, unknown> | null,
        })),
      })),
    }),
  );
  api.signedIn(
    {
      method: "put",
      path: "/api/events/:id/preferences",
      tag,
      summary: "Mark a pair must meet / would like / no thanks (the need's enterprise or the expert); null clears it",
      params: idParam,
      body: preferenceBody,
      response: preferenceResponse,
    },
    async ({ actor, params, body }) =>
      eventPreferences.prefer(actor, params.id, { needId: body.needId, expertId: body.expertId }, body.choice),
  );

  // ---- assignment
  api.signedIn(
    {
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
    async ({ actor, params, body }) => presentRun(await eventAssignment.start(actor, params.id, body.mode)),
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/runs/latest",
      tag,
      summary: "The latest assignment run (organizers), with progress or its result and diagnosis",
      roles: staff,
      params: idParam,
      response: latestRunResponse,
    },
    async ({ actor, params }) => {
      const run = await eventAssignment.latest(actor, params.id);
      return { run: run ? presentRun(run) : null };
    },
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/runs/:runId",
      tag,
      summary: "One assignment run (organizers): progress, time left, result, or the diagnosis when infeasible",
      roles: staff,
      params: runParams,
      response: runResponse,
    },
    async ({ actor, params }) => presentRun(await eventAssignment.run(actor, params.id, params.runId)),
  );
  api.signedIn(
    {
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
    async ({ actor, params, body }) => presentRun(await eventAssignment.relax(actor, params.id, body)),
  );

  // ---- review
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/meetings",
      tag,
      summary: "The assigned pairs with their slot and table once scheduled (organizers)",
      roles: staff,
      params: idParam,
      response: meetingListResponse,
    },
    async ({ actor, params }) => ({ items: (await eventReview.meetings(actor, params.id)).map(presentMeeting) }),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/meetings",
      tag,
      summary:
        "Add a pair by hand (organizers), locked; a conflict of interest, same organization or 'no thanks' is refused (409, details.warnings) unless acceptWarnings",
      roles: staff,
      params: idParam,
      body: addPairBody,
      response: addPairResponse,
      status: 201,
    },
    async ({ actor, params, body }) => {
      const { meeting, warnings } = await eventReview.add(actor, params.id, body);
      return { meeting: presentMeeting(meeting), warnings };
    },
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/meetings/swap",
      tag,
      summary: "Swap the experts of two meetings (organizers); both pairs become locked",
      roles: staff,
      params: idParam,
      body: swapBody,
      response: meetingListResponse,
    },
    async ({ actor, params, body }) => ({
      items: (await eventReview.swap(actor, params.id, body.first, body.second)).map(presentMeeting),
    }),
  );
  api.signedIn(
    {
      method: "patch",
      path: "/api/events/:id/meetings/:meetingId",
      tag,
      summary: "Lock or unlock a pair (organizers): a re-run keeping locks never changes a locked pair",
      roles: staff,
      params: meetingParams,
      body: lockBody,
      response: meetingResponse,
    },
    async ({ actor, params, body }) =>
      presentMeeting(await eventReview.setLocked(actor, params.id, params.meetingId, body.locked)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/events/:id/meetings/:meetingId",
      tag,
      summary: "Remove a pair (organizers)",
      roles: staff,
      params: meetingParams,
      status: 204,
    },
    async ({ actor, params }) => {
      await eventReview.remove(actor, params.id, params.meetingId);
    },
  );

  // ---- schedule, publishing, agendas
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/schedule",
      tag,
      summary: "Place every pair into slots × tables (organizers): availability respected, nobody in two places",
      roles: staff,
      params: idParam,
      response: scheduleSummaryResponse,
    },
    async ({ actor, params }) => eventSchedule.schedule(actor, params.id),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/publish",
      tag,
      summary: "Publish the schedule (organizers): the event becomes scheduled and participants are notified",
      roles: staff,
      params: idParam,
      response: eventResponse,
    },
    async ({ actor, params }) => present(await eventSchedule.publish(actor, params.id)),
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/schedule",
      tag,
      summary:
        "The whole schedule (organizers): JSON, or an .xlsx workbook with a sheet by slot and one by participant",
      roles: staff,
      params: idParam,
      query: scheduleQuery,
      response: scheduleResponse,
      media: { [xlsxType]: z.string().describe("binary .xlsx") },
    },
    async ({ actor, params, query, res }) => {
      const schedule = await eventSchedule.fullSchedule(actor, params.id);
      if (query.format === "json") {
        return { event: present(schedule.event), meetings: schedule.meetings.map(presentMeeting) };
      }
      const buffer = await scheduleWorkbook(schedule, workbookWords(res.locals.lang));
      res
        .type(xlsxType)
        .set("Content-Disposition", `attachment; filename="event-${params.id}-schedule.xlsx"`)
        .send(buffer);
    },
  );
  api.signedIn(
    {
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
    async ({ actor, params, query, req, res }) => {
      const agendas = await eventSchedule.agendas(actor, params.id, query.participantId);
      if (query.format === "json") return presentAgendas(agendas);
      res
        .type("text/calendar; charset=utf-8")
        .set("Content-Disposition", `attachment; filename="event-${params.id}-agenda.ics"`)
        .send(agendaCalendar(agendas, calendarWords(res.locals.lang), req.hostname || "scibridge"));
    },
  );
}
