import { z } from "zod";
import { importJobStatuses } from "../../knowledge/import/import-jobs.repository.js";
import { importFormatSchema, importKinds } from "../../knowledge/import/import-records.schemas.js";
import { lineReasonResponse } from "../platform/common.schemas.js";

/** The text fields of an upload; the file comes in the `file` part. */
export const importUploadBody = z.object({ kind: z.enum(importKinds) });

export const importJobListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A rejected line, or a line kept with a warning. */
const reportLine = z.object({
  line: z.number().int(),
  externalId: z.string().optional(),
  /** Every reason in English, `field: message` joined by `; `. */
  reason: z.string(),
  reasons: z.array(lineReasonResponse),
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
  /** Once succeeded: the counts, the first rejected lines and the first warnings, in file order. */
  report: z
    .object({
      imported: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
      /** Lines imported with a warning (counted in imported, updated or unchanged too); 0 for jobs stored before warnings. */
      warned: z.number().int(),
      errors: z.array(reportLine),
      /** E.g. `repeated_external_id`: the line repeats the externalId of line `params.earlier` and replaced its record. */
      warnings: z.array(reportLine),
    })
    .nullable(),
  /** Why a job failed or stopped. */
  message: z.string(),
});

export const importJobListResponse = z.object({ items: z.array(importJobResponse) });
