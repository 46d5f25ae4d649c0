import type { Db } from "../../db/prisma.js";
import { legacyLineReasons } from "../../shared/line-reasons.js";
import type { ImportFormat, ImportKind, ImportLineError, ImportLineWarning, ImportReport } from "./import.service.js";

export const importJobStatuses = ["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type ImportJobStatus = (typeof importJobStatuses)[number];

/** One file imported through the server, as stored (progress of a running job is not). */
export interface ImportJobRecord {
  id: number;
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  totalBytes: number;
  status: ImportJobStatus;
  createdById: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Lines read, good or bad (of a finished or stopped job). */
  records: number;
  /** Filled when the job has finished (succeeded, or stopped with what it had written counted). */
  report: Omit<ImportReport, "kind" | "durationMs"> | null;
  message: string;
  runner: string;
}

export interface NewImportJob {
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  totalBytes: number;
  createdById: number | null;
  runner: string;
}

type ImportJobRow = Awaited<ReturnType<Db["importJob"]["findFirstOrThrow"]>>;

function toRecord(row: ImportJobRow): ImportJobRecord {
  const finished = row.status === "succeeded";
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    format: row.format as ImportFormat,
    fileName: row.fileName,
    totalBytes: row.totalBytes,
    status: row.status as ImportJobStatus,
    createdById: row.createdById,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    records: row.records,
    report: finished
      ? {
          imported: row.imported,
          updated: row.updated,
          unchanged: row.unchanged,
          rejected: row.rejected,
          warned: row.warned,
          errors: storedLineErrors(row.errors),
          // Warnings came with codes: there is no older form to read.
          warnings: JSON.parse(row.warnings) as ImportLineWarning[],
        }
      : null,
    message: row.message,
    runner: row.runner,
  };
}

/**
 * Reports stored before reasons had codes carry only the English text: their reasons are read from
 * it (`legacyLineReasons`, the forms the importer wrote then), or are none when the text has a form
 * that table does not know. The stored text is never rewritten.
 */
function storedLineErrors(json: string): ImportLineError[] {
  return (JSON.parse(json) as Array<Omit<ImportLineError, "reasons"> & Partial<ImportLineError>>).map((error) => ({
    ...error,
    reasons: error.reasons ?? legacyLineReasons(error.reason),
  }));
}

/** The stored import jobs: what was asked, who asked, how it ended and its line-numbered report. */
export class ImportJobsRepository {
  constructor(private readonly db: Db) {}

  async create(job: NewImportJob): Promise<ImportJobRecord> {
    return toRecord(await this.db.importJob.create({ data: job }));
  }

  async find(id: number): Promise<ImportJobRecord | null> {
    const row = await this.db.importJob.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  /** The newest jobs first. */
  async listRecent(limit: number): Promise<ImportJobRecord[]> {
    const rows = await this.db.importJob.findMany({ orderBy: { id: "desc" }, take: limit });
    return rows.map(toRecord);
  }

  /** Jobs that were queued or running when their runner last wrote to them. */
  async listUnfinished(): Promise<ImportJobRecord[]> {
    const rows = await this.db.importJob.findMany({ where: { status: { in: ["queued", "running"] } } });
    return rows.map(toRecord);
  }

  async markRunning(id: number, startedAt: Date): Promise<void> {
    await this.db.importJob.update({ where: { id }, data: { status: "running", startedAt } });
  }

  async markSucceeded(id: number, report: ImportReport, finishedAt: Date): Promise<void> {
    const { imported, updated, unchanged, rejected, warned, errors, warnings } = report;
    await this.db.importJob.update({
      where: { id },
      data: {
        status: "succeeded",
        finishedAt,
        records: imported + updated + unchanged + rejected,
        imported,
        updated,
        unchanged,
        rejected,
        warned,
        errors: JSON.stringify(errors),
        warnings: JSON.stringify(warnings),
      },
    });
  }

  /** Ends a job that did not finish: failed, cancelled or interrupted, with the reason. */
  async markStopped(
    id: number,
    status: Exclude<ImportJobStatus, "queued" | "running" | "succeeded">,
    message: string,
    finishedAt: Date,
    records = 0,
  ): Promise<void> {
    await this.db.importJob.update({ where: { id }, data: { status, message, finishedAt, records } });
  }
}
