import { z } from "zod";
import { lineReasonCodes } from "../../shared/line-reasons.js";
import { importJobStatuses } from "../../knowledge/import/import-jobs.repository.js";
import { importFormatSchema, importKinds } from "../../knowledge/import/import-records.schemas.js";

/** The text fields of an upload; the file comes in the `file` part. */
export const importUploadBody = z.object({ kind: z.enum(importKinds) });

export const importJobListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One reason a line was refused: a stable code with its values, the field, and the message in English. */
const lineReason = z.object({
  code: z.enum(lineReasonCodes),
  field: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});

const lineError = z.object({
  line: z.number().int(),
  externalId: z.string().optional(),
  /** Every reason in English, `field: message` joined by `; `. */
  reason: z.string(),
  reasons: z.array(lineReason),
});

export const importJobResponse = z.object({
  id: z.number().int(),
  kind: z.enum(importKinds),
  format: importFormatSchema,
  fileName: z.string(),
  totalBytes: z.number().int(),
  status: z.enum(importJobStatuses),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** While running: how far it is and the time left. */
  progress: z
    .object({
      records: z.number().int(),
      bytesRead: z.number().int(),
      totalBytes: z.number().int(),
      percent: z.number(),
      elapsedSeconds: z.number(),
      etaSeconds: z.number().nullable(),
    })
    .nullable(),
  /** Lines read, good or bad, once the job has ended. */
  records: z.number().int(),
  /** Once succeeded: the counts and the first rejected lines, in file order. */
  report: z
    .object({
      imported: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
      errors: z.array(lineError),
    })
    .nullable(),
  /** Why a job failed or stopped. */
  message: z.string(),
});

export const importJobListResponse = z.object({ items: z.array(importJobResponse) });
