import fs from "node:fs";
import multer from "multer";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { ValidationError } from "../../errors.js";
import type { ImportJob, ImportJobs } from "../../knowledge/import/import-jobs.service.js";
import { importFileNameHint, importFormatFromFileName } from "../../knowledge/import/import.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { csrfCheckedUpload } from "../platform/csrf-checked-upload.js";
import { importJobListQuery, importJobListResponse, importJobResponse, importUploadBody } from "./imports.schemas.js";

/** The largest file one import takes (the 54,279-expert nssfc-dev file is 20 MB). */
export const maxImportUploadBytes = 200 * 1024 * 1024;

export function presentImportJob(job: ImportJob) {
  return {
    id: job.id,
    kind: job.kind,
    format: job.format,
    fileName: job.fileName,
    totalBytes: job.totalBytes,
    status: job.status,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: job.progress,
    records: job.records,
    report: job.report,
    message: job.message,
  };
}

/** Where files to import are uploaded: their CSRF token is in the form, checked by the upload parser. */
export const importUploadPaths = ["/api/imports", "/organizer/import"] as const;

/** Uploads are written straight into the jobs' directory, never held in memory. */
export function importUploadParser(imports: ImportJobs, accounts: AccountsService) {
  return csrfCheckedUpload(
    accounts,
    {
      storage: multer.diskStorage({
        destination: (_req, _file, done) => {
          fs.mkdir(imports.uploadDirectory, { recursive: true }, (error) => done(error, imports.uploadDirectory));
        },
      }),
      limits: { fileSize: maxImportUploadBytes, files: 1, fields: 5 },
    },
    "file",
  );
}

const staff = ["organizer", "admin"] as const;

/**
 * Imports through the running server: an organizer uploads a file, the import runs as a job in
 * a worker thread, and its progress is polled here (or arrives live as `import.progress`
 * notifications) until the line-numbered report is ready.
 */
export function registerImportRoutes(
  api: ApiRoutes,
  { imports, accounts }: { imports: ImportJobs; accounts: AccountsService },
): void {
  api.signedIn(
    {
      method: "post",
      path: "/api/imports",
      tag: "imports",
      summary: "Upload a .jsonl, .csv or .xlsx file to import (experts, technologies or needs); answers the queued job",
      roles: staff,
      body: importUploadBody,
      multipart: { parse: importUploadParser(imports, accounts), fileField: "file" },
      response: importJobResponse,
      status: 202,
    },
    async ({ body, actor, req, res }) => {
      const file = req.file;
      if (!file) throw new ValidationError("Attach the file to import in the `file` field");
      const format = importFormatFromFileName(file.originalname);
      if (!format) {
        fs.rm(file.path, { force: true }, () => undefined);
        throw new ValidationError(`Cannot tell the format of ${file.originalname}: ${importFileNameHint}`);
      }
      const job = await imports.submit({
        kind: body.kind,
        format,
        fileName: file.originalname,
        uploadedPath: file.path,
        createdById: actor.userId,
      });
      res.location(`/api/imports/${job.id}`);
      return presentImportJob(job);
    },
  );

  api.signedIn(
    {
      method: "get",
      path: "/api/imports",
      tag: "imports",
      summary: "Recent import jobs, newest first",
      roles: staff,
      query: importJobListQuery,
      response: importJobListResponse,
    },
    async ({ query }) => ({ items: (await imports.listRecent(query.limit)).map(presentImportJob) }),
  );

  api.signedIn(
    {
      method: "get",
      path: "/api/imports/:id",
      tag: "imports",
      summary: "One import job: its progress while it runs, its report when it is done",
      roles: staff,
      params: idParam,
      response: importJobResponse,
    },
    async ({ params }) => presentImportJob(await imports.get(params.id)),
  );

  api.signedIn(
    {
      method: "post",
      path: "/api/imports/:id/cancel",
      tag: "imports",
      summary: "Cancel a queued job, or stop a running one before its next batch (written batches stay)",
      roles: staff,
      params: idParam,
      response: importJobResponse,
    },
    async ({ params }) => presentImportJob(await imports.cancel(params.id)),
  );
}
