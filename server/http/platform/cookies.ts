import type { Request, Response } from "express";
import { cookieFromHeader, sessionCookieName } from "../../shared/session-cookie.js";

/** Reads one cookie from the Cookie header (Express 5 does not parse cookies). */
export function readCookie(req: Request, name: string): string | undefined {
  return cookieFromHeader(req.headers.cookie, name);
}

export function setSessionCookie(res: Response, sessionId: string, expiresAt: Date, secure: boolean): void {
  res.cookie(sessionCookieName, sessionId, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookieName, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}
