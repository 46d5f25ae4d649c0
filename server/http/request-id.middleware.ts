import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const acceptable = /^[\w.:-]{1,100}$/;

/** Tags each request with an id (a caller's X-Request-Id when sane) for logs and error reports. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get("x-request-id");
  res.locals.requestId = given && acceptable.test(given) ? given : randomUUID();
  res.setHeader("X-Request-Id", res.locals.requestId);
  next();
}

/** Conservative headers for every answer; pages use no inline scripts, so CSP can forbid them. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  next();
}
