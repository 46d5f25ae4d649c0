import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { isMessageKey, type MessageKey } from "../i18n/translate.js";
import { readCookie } from "./cookies.js";

const flashCookieName = "sb_flash";
/** Long enough to survive the redirect, short enough that a stale one never shows later. */
const flashLifetimeMs = 60_000;

/**
 * Confirmations after an action ("需求已发布"): the handler calls `res.locals.setFlash(key)`
 * before redirecting, and the next page shows the message once (layout, role=status). The
 * message travels in a short-lived cookie signed with the session secret, so it needs no
 * session (it works right after signing out or in) and nobody can plant a fake one; it holds
 * a message key, never text. Only a page request (GET, not /api) reads and clears it, so a
 * script's poll in between does not eat it.
 */
export function flashMessages(secret: string) {
  const sign = (payload: string) => createHmac("sha256", secret).update(`flash:${payload}`).digest("base64url");
  const readFlash = (raw: string): MessageKey | undefined => {
    const [encodedKey, expires, signature] = raw.split(".");
    if (!encodedKey || !expires || !signature) return undefined;
    const expected = Buffer.from(sign(`${encodedKey}.${expires}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (Number(expires) < Date.now()) return undefined;
    const key = Buffer.from(encodedKey, "base64url").toString();
    return isMessageKey(key) ? key : undefined;
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const secure = req.secure;
    res.locals.setFlash = (key) => {
      const payload = `${Buffer.from(key).toString("base64url")}.${Date.now() + flashLifetimeMs}`;
      res.cookie(flashCookieName, `${payload}.${sign(payload)}`, {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        maxAge: flashLifetimeMs,
      });
    };
    const raw = readCookie(req, flashCookieName);
    if (raw && req.method === "GET" && !req.path.startsWith("/api/")) {
      res.clearCookie(flashCookieName, { httpOnly: true, sameSite: "lax", secure, path: "/" });
      const key = readFlash(raw);
      if (key) res.locals.flash = key;
    }
    next();
  };
}
