import type { NextFunction, Request, Response } from "express";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { actorOf, type User } from "../../accounts/accounts.types.js";
import { CsrfError, UnauthenticatedError } from "../../errors.js";
import { sessionCookieName } from "../../shared/session-cookie.js";
import { readCookie } from "./cookies.js";
import { requestSource } from "./request-source.js";
import type { RequestAuth } from "./request-context.js";

const anonymous: RequestAuth = { user: null, actor: null, via: null, sessionId: null, csrfToken: null };

function authOf(user: User, via: "session" | "token", sessionId: string | null, csrfToken: string | null): RequestAuth {
  return { user, actor: actorOf(user), via, sessionId, csrfToken };
}

/** Who a request acts as once it has started this session (signing in from a page). */
export const sessionAuthOf = (user: User, sessionId: string, csrfToken: string): RequestAuth =>
  authOf(user, "session", sessionId, csrfToken);

/** Resolves `Authorization: Bearer` first, then the session cookie, into `res.locals.auth`. */
export function authenticate(accounts: AccountsService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    res.locals.auth = anonymous;
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const user = match ? await accounts.userForToken(match[1]!) : null;
      // A bad token is an error, never a silent fall-back to anonymous access.
      if (!user) throw new UnauthenticatedError("Invalid or revoked API token");
      res.locals.auth = authOf(user, "token", null, null);
      return next();
    }
    const sessionId = readCookie(req, sessionCookieName);
    if (sessionId) {
      const user = await accounts.userForSession(sessionId);
      if (user) res.locals.auth = authOf(user, "session", sessionId, accounts.csrfTokenFor(sessionId));
    }
    next();
  };
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * What is answered to a signed-in user (pages, /api/me with its CSRF token) or to a write
 * (which may hand out a session or a token) is theirs alone: no cache may keep it.
 */
export function noStoreWhenPersonal(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.auth.user || !safeMethods.has(req.method)) res.setHeader("Cache-Control", "no-store");
  next();
}

/**
 * Cookie-authenticated writes must carry the session's CSRF token: in the X-CSRF-Token
 * header (scripts) or a `_csrf` form field, never in the URL (it would show in the address
 * bar, the history, logs and Referer headers). A multipart upload to one of `uploadPaths`
 * carries it in its `_csrf` field, which only the upload parser can read: there the check
 * is left to csrfCheckedUpload. Bearer-authenticated calls are not exposed to CSRF.
 */
export function requireCsrfToken(accounts: AccountsService, uploadPaths: readonly (string | RegExp)[] = []) {
  const isUpload = (path: string) =>
    uploadPaths.some((upload) => (typeof upload === "string" ? upload === path : upload.test(path)));
  return (req: Request, res: Response, next: NextFunction): void => {
    const { via, sessionId } = res.locals.auth;
    if (safeMethods.has(req.method) || via !== "session" || !sessionId) return next();
    const header = req.get("x-csrf-token");
    if (header === undefined && isUpload(req.path) && req.is("multipart/form-data")) {
      res.locals.csrfInUpload = true;
      return next();
    }
    const body = req.body as Record<string, unknown> | undefined;
    const token = [header, body?._csrf].find((value): value is string => typeof value === "string");
    if (!accounts.verifyCsrfToken(sessionId, token)) throw new CsrfError();
    next();
  };
}

/**
 * Refuses a post that starts a session (sign-in, registration, claiming a profile, joining a salon
 * as a guest) when another site's page sent it: login CSRF, where a visitor is signed in to the
 * attacker's account (and then types their own data into it). Signed-in writes carry the
 * session's CSRF token (requireCsrfToken), but these posts start the session and have no token to
 * carry, so the browser's own word on where the post came from decides (requestSource). A client
 * that says nothing (curl, scripts) is no browser led by another site. Other signed-out posts are
 * sent to sign in as usual (kept-input.ts).
 */
export function refuseCrossSiteSignIns(publicUrl: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (safeMethods.has(req.method) || requestSource(req, publicUrl) !== "otherSite") return next();
    throw new CsrfError("Refused a form sent from another site; open the page on this site and try again");
  };
}
