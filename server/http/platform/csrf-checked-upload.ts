import type { Request, RequestHandler } from "express";
import fs from "node:fs";
import multer from "multer";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { CsrfError } from "../../errors.js";

function tokenInBodyIsValid(accounts: AccountsService, req: Request): boolean {
  const locals = req.res!.locals;
  if (!locals.csrfInUpload) return true;
  const token = (req.body as Record<string, unknown> | undefined)?._csrf;
  return accounts.verifyCsrfToken(locals.auth.sessionId!, typeof token === "string" ? token : undefined);
}

/**
 * Parses a multipart upload of one file (multer) and, for page forms, checks the CSRF token
 * of its `_csrf` field. Form fields arrive in document order, so the token (a hidden input
 * placed before the file input) is known when the file part starts: a forged upload is
 * refused before a byte of its file is stored. The token never needs to be in the URL,
 * where it would end up in the address bar, the history, logs and Referer headers.
 */
export function csrfCheckedUpload(
  accounts: AccountsService,
  options: Omit<multer.Options, "fileFilter">,
  fileField: string,
): RequestHandler {
  const parse = multer({
    ...options,
    fileFilter: (req, _file, done) => (tokenInBodyIsValid(accounts, req) ? done(null, true) : done(new CsrfError())),
  }).single(fileField);
  return (req, res, next) => {
    parse(req, res, (error: unknown) => {
      if (error) return next(error);
      // No file at all: the token is checked on the fields alone.
      if (!tokenInBodyIsValid(accounts, req)) {
        if (req.file?.path) fs.rm(req.file.path, { force: true }, () => undefined);
        return next(new CsrfError());
      }
      res.locals.csrfInUpload = false;
      next();
    });
  };
}
