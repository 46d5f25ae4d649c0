import type { Request, Response } from "express";

export const sessionCookieName = "sb_session";

/** Reads one cookie from the Cookie header (Express 5 does not parse cookies). */
export function readCookie(req: Request, name: string): string | undefined {
  return cookieFromHeader(req.headers.cookie, name);
}

/** One cookie from a raw Cookie header (also what a WebSocket handshake carries). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, sessionId: string, expiresAt: Date, secure: boolean): void {
  res.cookie(sessionCookieName, sessionId, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookieName, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}
