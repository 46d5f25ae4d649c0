import type { NextFunction, Request, Response } from "express";
import { errorBodyOf, type ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { MessageKey } from "../i18n/translate.js";

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
