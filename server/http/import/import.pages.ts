import type { Request, Response, Router } from "express";
import fs from "node:fs";
import { z } from "zod";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { ForbiddenError, NotFoundError } from "../../errors.js";
import type { ImportJob, ImportJobs } from "../../knowledge/import/import-jobs.service.js";
import { importKindSchema, importKinds, type ImportKind } from "../../knowledge/import/import-records.schemas.js";
import { templateCsv, templateXlsx } from "../../knowledge/import/import-templates.js";
import { importFormatFromFileName, type ImportReportLine } from "../../knowledge/import/import.service.js";
import { tableColumns } from "../../knowledge/import/table-record-mapping.js";
import { translateLineReasons } from "../i18n/line-reasons.js";
import { translate, type Lang } from "../i18n/translate.js";
import { formatDateTime } from "../layout/page-parts.view-models.js";
import { pageId } from "../platform/forms.js";
import { signedInActor } from "../platform/session.js";
import { importUploadParser } from "./imports.routes.js";

/** Rejected lines, and warnings, shown on the page; the report counts all of them. */
const shownErrors = 200;
const shownWarnings = 200;
const recentJobs = 10;

const importForm = z.object({ kind: z.enum(importKinds) });

function staffActor(req: Request, res: Response): Actor | null {
  const actor = signedInActor(req, res);
  if (actor && !isStaff(actor)) throw new ForbiddenError("Only organizers can import data");
  return actor;
}

interface ReportLineView {
  line: number;
  externalId: string;
  reason: string;
}

interface ImportJobView {
  id: number;
  href: string;
  fileName: string;
  kind: string;
  status: ImportJob["status"];
  statusLabel: string;
  submittedAt: string;
  running: boolean;
  active: boolean;
  progress?: { percent: number; records: number; etaSeconds: number | null };
  message: string;
  report?: {
    imported: number;
    updated: number;
    unchanged: number;
    rejected: number;
    warned: number;
    seconds: string;
    errors: ReportLineView[];
    moreErrors: number;
    warnings: ReportLineView[];
    moreWarnings: number;
  };
}

/**
 * A rejected line's reasons, or a warning, in the page's language, fields named by their Chinese
 * column headers on Chinese pages (what the organizer sees in the template). A line of a report
 * stored before reasons had codes whose English the repository could not read (legacyLineReasons)
 * has no reasons: its text is shown as it is.
 */
function reasonOnPage(lang: Lang, kind: ImportKind, line: ImportReportLine): string {
  if (line.reasons.length === 0) return line.reason;
  const headers = new Map(tableColumns(kind).map((column) => [column.field, column.chineseHeader]));
  return translateLineReasons(lang, line.reasons, (field) => (lang === "en" ? field : (headers.get(field) ?? field)));
}

function presentReportLines(lang: Lang, kind: ImportKind, lines: ImportReportLine[], shown: number): ReportLineView[] {
  return lines.slice(0, shown).map((line) => ({
    line: line.line,
    externalId: line.externalId ?? "",
    reason: reasonOnPage(lang, kind, line),
  }));
}

function presentJob(lang: Lang, job: ImportJob): ImportJobView {
  const active = job.status === "queued" || job.status === "running";
  const view: ImportJobView = {
    id: job.id,
    href: `/organizer/import/${job.id}`,
    fileName: job.fileName,
    kind: translate(lang, `import.kind.${job.kind}`),
    status: job.status,
    statusLabel: translate(lang, `import.status.${job.status}`),
    submittedAt: formatDateTime(lang, job.createdAt),
    running: job.status === "running",
    active,
    message: job.message,
  };
  if (job.progress) {
    view.progress = {
      percent: job.progress.percent,
      records: job.progress.records,
      etaSeconds: job.progress.etaSeconds,
    };
  }
  if (job.report) {
    const elapsedMs = job.startedAt && job.finishedAt ? job.finishedAt.getTime() - job.startedAt.getTime() : 0;
    view.report = {
      imported: job.report.imported,
      updated: job.report.updated,
      unchanged: job.report.unchanged,
      rejected: job.report.rejected,
      warned: job.report.warned,
      seconds: (elapsedMs / 1000).toFixed(2),
      errors: presentReportLines(lang, job.kind, job.report.errors, shownErrors),
      moreErrors: Math.max(0, job.report.rejected - shownErrors),
      warnings: presentReportLines(lang, job.kind, job.report.warnings, shownWarnings),
      moreWarnings: Math.max(0, job.report.warned - shownWarnings),
    };
  }
  return view;
}

/** What the import pages use (nothing more of the container). */
export interface ImportPagesDeps {
  imports: ImportJobs;
  accounts: AccountsService;
}

const templateFile = /^(?<kind>\w+)\.(?<format>csv|xlsx)$/;
const templateTypes = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/**
 * The organizer's import pages: upload a .jsonl, .csv or .xlsx file, which becomes an import job run by
 * the server in the background; the job's page shows its progress and then the report.
 */
export function registerImportPages(router: Router, deps: ImportPagesDeps): void {
  const parseUpload = importUploadParser(deps.imports, deps.accounts);

  /** The upload form; a refused upload names its problem under the field (the kind or the file). */
  const renderForm = async (res: Response, selectedKind: string, errors: { kind?: string; file?: string } = {}) => {
    const lang = res.locals.lang;
    const hasErrors = Object.keys(errors).length > 0;
    res.status(hasErrors ? 400 : 200).render("pages/organizer/import", {
      title: translate(lang, "import.title"),
      csrfToken: res.locals.auth.csrfToken,
      kinds: importKinds.map((kind) => ({
        value: kind,
        label: translate(lang, `import.kind.${kind}`),
        selected: kind === selectedKind,
        csvTemplate: `/organizer/import/templates/${kind}.csv`,
        xlsxTemplate: `/organizer/import/templates/${kind}.xlsx`,
      })),
      jobs: (await deps.imports.listRecent(recentJobs)).map((job) => presentJob(lang, job)),
      errors,
      hasErrors,
    });
  };

  router.get("/organizer/import", async (req, res) => {
    if (!staffActor(req, res)) return;
    await renderForm(res, "experts");
  });

  router.post(
    "/organizer/import",
    (req, res, next) => {
      // Check who is uploading before accepting a large body.
      if (staffActor(req, res)) next();
    },
    parseUpload,
    async (req, res) => {
      const lang = res.locals.lang;
      const actor = res.locals.auth.actor!;
      const file = req.file;
      const form = importForm.safeParse(req.body);
      const kind = form.success ? form.data.kind : "experts";
      const format = file ? importFormatFromFileName(file.originalname) : undefined;
      if (!form.success || !file || !format) {
        if (file) fs.rm(file.path, { force: true }, () => undefined);
        const errors = !form.success
          ? { kind: translate(lang, "import.error.kind") }
          : !file
            ? { file: translate(lang, "import.error.noFile") }
            : { file: translate(lang, "import.error.format", { name: file.originalname }) };
        return renderForm(res, kind, errors);
      }
      const job = await deps.imports.submit({
        kind,
        format,
        fileName: file.originalname,
        uploadedPath: file.path,
        createdById: actor.userId,
      });
      res.locals.setFlash("flash.importStarted");
      res.redirect(303, `/organizer/import/${job.id}`);
    },
  );

  router.get("/organizer/import/templates/:file", async (req, res) => {
    if (!staffActor(req, res)) return;
    const match = templateFile.exec(req.params.file);
    const kind = importKindSchema.safeParse(match?.groups?.kind);
    if (!match || !kind.success) throw new NotFoundError("Template");
    const format = match.groups!.format as keyof typeof templateTypes;
    const fileName = `${translate(res.locals.lang, `import.kind.${kind.data}`)}-template.${format}`;
    res.type(templateTypes[format]);
    res.attachment(fileName);
    res.send(format === "csv" ? templateCsv(kind.data) : await templateXlsx(kind.data));
  });

  router.get("/organizer/import/:id", async (req, res) => {
    if (!staffActor(req, res)) return;
    const id = pageId(req);
    const job = presentJob(res.locals.lang, await deps.imports.get(id));
    res.render("pages/organizer/import-job", {
      title: translate(res.locals.lang, "import.job.title", { id }),
      csrfToken: res.locals.auth.csrfToken,
      job,
    });
  });

  router.post("/organizer/import/:id/cancel", async (req, res) => {
    if (!staffActor(req, res)) return;
    const id = pageId(req);
    await deps.imports.cancel(id);
    res.redirect(303, `/organizer/import/${id}`);
  });
}
