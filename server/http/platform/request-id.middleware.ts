import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { applySecurityHeaders } from "../../shared/security-headers.js";

const acceptable = /^[\w.:-]{1,100}$/;

/** Tags each request with an id (a caller's X-Request-Id when sane) for logs and error reports. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get("x-request-id");
  res.locals.requestId = given && acceptable.test(given) ? given : randomUUID();
  res.setHeader("X-Request-Id", res.locals.requestId);
  next();
}

/** Conservative headers for every answer, and HSTS for those over HTTPS. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  applySecurityHeaders(res, req.secure);
  next();
}
