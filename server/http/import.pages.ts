import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Request, Response, Router } from "express";
import multer from "multer";
import { z } from "zod";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ForbiddenError } from "../errors.js";
import { importFile, importFormatFromFileName, type ImportReport } from "../knowledge/import/import.service.js";
import { importKinds } from "../knowledge/import/import-records.schemas.js";
import { signedInActor } from "./accounts.pages.js";
import { translate, type Lang } from "./i18n.js";
import type { PagesDeps } from "./pages.routes.js";

/** Uploads go to disk and are imported as a stream, so a large file never sits in memory. */
const uploadDir = path.join(os.tmpdir(), "scibridge-uploads");
const maxUploadBytes = 200 * 1024 * 1024;
/** Rejected lines shown on the page; the report counts all of them. */
const shownErrors = 200;

const importForm = z.object({ kind: z.enum(importKinds) });

function staffActor(req: Request, res: Response): Actor | null {
  const actor = signedInActor(req, res);
  if (actor && !isStaff(actor)) throw new ForbiddenError("Only organizers can import data");
  return actor;
}

interface ImportPageView {
  title: string;
  csrfToken: string | null;
  kinds: { value: string; label: string; selected: boolean }[];
  error?: string;
  report?: {
    fileName: string;
    kind: string;
    imported: number;
    updated: number;
    unchanged: number;
    rejected: number;
    seconds: string;
    errors: { line: number; externalId: string; reason: string }[];
    moreErrors: number;
  };
}

function presentImportPage(
  lang: Lang,
  csrfToken: string | null,
  selectedKind: string,
  extra: { error?: string; report?: ImportReport; fileName?: string } = {},
): ImportPageView {
  const view: ImportPageView = {
    title: translate(lang, "import.title"),
    csrfToken,
    kinds: importKinds.map((kind) => ({
      value: kind,
      label: translate(lang, `import.kind.${kind}`),
      selected: kind === selectedKind,
    })),
    ...(extra.error && { error: extra.error }),
  };
  const { report } = extra;
  if (report) {
    view.report = {
      fileName: extra.fileName ?? "",
      kind: translate(lang, `import.kind.${report.kind}`),
      imported: report.imported,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejected,
      seconds: (report.durationMs / 1000).toFixed(2),
      errors: report.errors
        .slice(0, shownErrors)
        .map((e) => ({ line: e.line, externalId: e.externalId ?? "", reason: e.reason })),
      moreErrors: Math.max(0, report.rejected - shownErrors),
    };
  }
  return view;
}

/** The organizer's import page: upload a .jsonl or .csv file, get the same report as the CLI. */
export function registerImportPages(router: Router, deps: PagesDeps): void {
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, done) => {
        fs.mkdirSync(uploadDir, { recursive: true });
        done(null, uploadDir);
      },
    }),
    limits: { fileSize: maxUploadBytes, files: 1, fields: 5 },
  });

  router.get("/organizer/import", (req, res) => {
    if (!staffActor(req, res)) return;
    res.render("pages/organizer/import", presentImportPage(res.locals.lang, res.locals.auth.csrfToken, "experts"));
  });

  router.post(
    "/organizer/import",
    (req, res, next) => {
      // Check who is uploading before accepting a large body.
      if (staffActor(req, res)) next();
    },
    upload.single("file"),
    async (req, res) => {
      const lang = res.locals.lang;
      const file = req.file;
      try {
        const form = importForm.safeParse(req.body);
        const kind = form.success ? form.data.kind : "experts";
        const fail = (message: string) =>
          res
            .status(400)
            .render(
              "pages/organizer/import",
              presentImportPage(lang, res.locals.auth.csrfToken, kind, { error: message }),
            );
        if (!form.success) return fail(translate(lang, "import.error.kind"));
        if (!file) return fail(translate(lang, "import.error.noFile"));
        const format = importFormatFromFileName(file.originalname);
        if (!format) return fail(translate(lang, "import.error.format", { name: file.originalname }));
        const report = await importFile(deps.db, kind, file.path, { format });
        res.render(
          "pages/organizer/import",
          presentImportPage(lang, res.locals.auth.csrfToken, kind, { report, fileName: file.originalname }),
        );
      } finally {
        if (file) fs.rm(file.path, { force: true }, () => undefined);
      }
    },
  );
}
