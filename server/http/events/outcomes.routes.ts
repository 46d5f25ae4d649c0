import multer from "multer";
import { z } from "zod";
import type { OutcomesService } from "../../events/outcomes.service.js";
import { outcomeTemplate, readOutcomeWorkbook } from "../../events/outcomes.workbook.js";
import { ValidationError } from "../../errors.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { presentMeetingOutcomes, presentOutcome } from "./outcomes.presenter.js";
import {
  bulkOutcomesResponse,
  meetingOutcomesResponse,
  meetingParams,
  outcomeBody,
  outcomeResponse,
  outcomeUploadBody,
  xlsxMediaType,
} from "./outcomes.schemas.js";

export interface OutcomesRouteDeps {
  outcomes: OutcomesService;
}

const organizers = ["organizer", "admin"] as const;
/** An outcomes workbook of a large event is well under a megabyte; 5 MB leaves room. */
const maxWorkbookBytes = 5 * 1024 * 1024;

/** A workbook upload is small enough to read in memory. */
export const outcomeWorkbookParser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: maxWorkbookBytes, files: 1, fields: 5 },
}).single("file");

/** Outcomes of docking-event meetings: each party's result, organizers' lists, workbooks. */
export function registerOutcomeRoutes(api: ApiRoutes, { outcomes }: OutcomesRouteDeps): void {
  api.signedIn(
    {
      method: "get",
      path: "/api/meetings/:id/outcomes",
      tag: "events",
      summary: "A docking-event meeting and what each side recorded (its two parties and organizers)",
      params: meetingParams,
      response: meetingOutcomesResponse,
    },
    async ({ actor, params }) => {
      const { meeting, outcomes: recorded } = await outcomes.forMeeting(actor, params.id);
      return presentMeetingOutcomes(meeting, recorded);
    },
  );
  api.signedIn(
    {
      method: "put",
      path: "/api/meetings/:id/outcomes",
      tag: "events",
      summary:
        "Record one side's outcome of a meeting (that party, or organizers naming the side): no interest, follow-up, intention or contract with its value in yuan; moves the need along and feeds the matcher",
      params: meetingParams,
      body: outcomeBody,
      response: outcomeResponse,
    },
    async ({ actor, params, body }) => presentOutcome(await outcomes.record(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/outcomes",
      tag: "events",
      summary: "Every meeting of an event with its outcomes (organizers)",
      params: idParam,
      response: meetingOutcomesResponse.array(),
      roles: organizers,
    },
    async ({ actor, params }) =>
      (await outcomes.ofEvent(actor, params.id)).map(({ meeting, outcomes: o }) => presentMeetingOutcomes(meeting, o)),
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/events/:id/outcomes/template.xlsx",
      tag: "events",
      summary: "The outcomes workbook to fill in, one line per side of every meeting (organizers)",
      params: idParam,
      media: { [xlsxMediaType]: z.string() },
      roles: organizers,
    },
    async ({ actor, params, res }) => {
      const workbook = await outcomeTemplate(await outcomes.meetingsForTemplate(actor, params.id));
      res
        .type(xlsxMediaType)
        .set("Content-Disposition", `attachment; filename="event-${params.id}-outcomes.xlsx"`)
        .send(workbook);
    },
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/events/:id/outcomes/import",
      tag: "events",
      summary:
        "Record outcomes in bulk from an .xlsx workbook (organizers): columns meetingId (or needId and expertId), side, result, value, note; every line is checked and nothing is recorded unless all are good (a 400 whose details.errors lists each bad line by its row number, with its reasons in English and each with its code, as import reports carry them)",
      params: idParam,
      body: outcomeUploadBody,
      multipart: { parse: outcomeWorkbookParser, fileField: "file" },
      response: bulkOutcomesResponse,
      roles: organizers,
    },
    async ({ actor, params, req }) => {
      if (!req.file) throw new ValidationError("Attach the .xlsx workbook in the `file` field");
      const { lines, errors } = await readOutcomeWorkbook(req.file.buffer);
      const result = await outcomes.recordBulk(actor, params.id, lines, errors);
      if (result.errors.length > 0) {
        throw new ValidationError(`${result.errors.length} lines cannot be recorded; nothing was recorded`, {
          errors: result.errors,
        });
      }
      return result;
    },
  );
}
