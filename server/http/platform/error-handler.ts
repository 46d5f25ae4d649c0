import type { NextFunction, Request, Response } from "express";
import { ZodError } from "zod";
import { AppError, httpStatusByCode, type ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { MessageKey } from "../i18n/translate.js";

interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Errors raised below the domain (body parser, uploads, database constraints) in the one model. */
function translate(error: unknown): ErrorBody | null {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return { code: "validation_failed", message: "Invalid input", details: { issues } };
  }
  const e = error as { type?: string; code?: string; status?: number; name?: string; meta?: unknown };
  if (e.type === "entity.parse.failed") return { code: "invalid_json", message: "The request body is not valid JSON" };
  if (e.type === "entity.too.large") return { code: "payload_too_large", message: "The request body is too large" };
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
    return { code: "unsupported_media_type", message: "Unsupported request encoding" };
  }
  if (e.name === "MulterError") {
    return e.code === "LIMIT_FILE_SIZE"
      ? { code: "payload_too_large", message: "The uploaded file is too large" }
      : { code: "validation_failed", message: `Invalid upload: ${String((error as Error).message)}` };
  }
  if (e.code === "P2002") return { code: "conflict", message: "A record with the same unique value already exists" };
  if (e.code === "P2025") return { code: "not_found", message: "The record no longer exists" };
  if (e.code === "P2003") return { code: "conflict", message: "The record is referenced by or refers to missing data" };
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return { code: "validation_failed", message: (error as Error).message || "Bad request" };
  }
  return null;
}

/** Which heading and explanation the HTML error page shows for a status and code. */
export function errorPageText(status: number, code: ErrorCode): { titleKey: MessageKey; bodyKey: MessageKey } {
  if (status === 404) return { titleKey: "error.notFound.title", bodyKey: "error.notFound.body" };
  if (status === 401) return { titleKey: "error.unauthenticated.title", bodyKey: "error.unauthenticated.body" };
  if (status === 403) {
    return {
      titleKey: "error.forbidden.title",
      bodyKey: code === "csrf_failed" ? "error.csrf.body" : "error.forbidden.body",
    };
  }
  if (status === 409) return { titleKey: "error.title", bodyKey: "error.conflict.body" };
  if (status === 503) return { titleKey: "error.unavailable.title", bodyKey: "error.unavailable.body" };
  return { titleKey: "error.title", bodyKey: "error.generic.body" };
}

export function errorBodyOf(error: unknown): { status: number; body: ErrorBody } {
  const known = translate(error);
  if (known) return { status: httpStatusByCode[known.code], body: known };
  return { status: 500, body: { code: "internal", message: "Something went wrong on our side" } };
}

/**
 * The one place that maps errors to HTTP answers. Unknown errors are logged with the
 * request id and answered as `internal` without internals. Page requests get an HTML page.
 */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, body } = errorBodyOf(error);
    const requestId = res.locals.requestId;
    if (status >= 500)
      logger.error({ err: error, requestId, method: req.method, url: req.originalUrl }, "request failed");
    if (res.headersSent) return;
    const wantsHtml = !req.path.startsWith("/api/") && req.accepts(["json", "html"]) === "html";
    if (wantsHtml) {
      res.status(status).render("pages/error", { status, error: body, requestId, ...errorPageText(status, body.code) });
      return;
    }
    res.status(status).json({ error: body });
  };
}
