import { z } from "zod";
import { outcomeResults, outcomeSides } from "../../events/outcomes.types.js";
import { text } from "../../shared/text.schemas.js";
import { lineErrorResponse, recordId } from "../platform/common.schemas.js";

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const outcomeBody = z
  .strictObject({
    /** Organizers say which side they record for; a party records its own side. */
    side: z.enum(outcomeSides).optional(),
    result: z.enum(outcomeResults),
    /** Only for a contract: its value in yuan. */
    contractValueYuan: z.number().int().min(0).max(1e13).nullable().default(null),
    note: text(2000).default(""),
  })
  .refine((body) => (body.result === "contract") === (body.contractValueYuan !== null), {
    message: "A contract needs its value in yuan; other results have none",
    path: ["contractValueYuan"],
  });

export const meetingParams = z.object({ id: recordId });

export const outcomeResponse = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  side: z.enum(outcomeSides),
  result: z.enum(outcomeResults),
  contractValueYuan: z.number().int().nullable(),
  note: z.string(),
  updatedAt: z.string(),
});

export const meetingOutcomesResponse = z.object({
  meetingId: z.number().int(),
  eventId: z.number().int(),
  needId: z.number().int(),
  needTitle: z.string(),
  expertId: z.number().int(),
  expertName: z.string(),
  slot: z.number().int().nullable(),
  tableNo: z.number().int().nullable(),
  status: z.string(),
  outcomes: z.array(outcomeResponse),
});

export const bulkOutcomesResponse = z.object({
  recorded: z.number().int(),
  /** Each refused line's reasons, coded as an import report's are (a refused workbook carries them in a 400's details). */
  errors: z.array(lineErrorResponse),
});

export const outcomeUploadBody = z.object({});
