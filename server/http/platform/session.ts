import type { Request, Response } from "express";
import type { AccountsService } from "../../accounts/accounts.service.js";
import type { Actor, User } from "../../accounts/accounts.types.js";
import type { LoginThrottle } from "../../accounts/login-throttle.js";
import { sessionAuthOf } from "./authentication.middleware.js";
import { setSessionCookie } from "./cookies.js";
import { safeNextPath } from "./forms.js";
import type { RequestAuth } from "./request-context.js";

/**
 * Sessions, shared by the JSON API and the pages: who is signed in, signing in, and password
 * checks behind the sign-in throttles (built in container.ts).
 */
export interface SessionDeps {
  accounts: AccountsService;
  /** Failed sign-ins per address and email. */
  loginThrottle: LoginThrottle;
  /** Failed sign-ins per address across emails; null when the per-address limits are off. */
  addressThrottle: LoginThrottle | null;
  secureCookies: boolean;
}

/**
 * The signed-in actor of a page request, or null after redirecting to the sign-in page
 * (which comes back here afterwards for pages that can be revisited with GET).
 */
export function signedInActor(req: Request, res: Response): Actor | null {
  const { actor } = res.locals.auth;
  if (actor) return actor;
  const next = req.method === "GET" ? safeNextPath(req.originalUrl) : null;
  res.redirect(303, next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  return null;
}

/** Starts a session for the user, sets its cookie, and returns the session with its CSRF token. */
export async function signIn(
  deps: SessionDeps,
  res: Response,
  user: User,
): Promise<{ sessionId: string; csrfToken: string }> {
  const { sessionId, expiresAt } = await deps.accounts.startSession(user.id, res.req.get("user-agent") ?? "");
  setSessionCookie(res, sessionId, expiresAt, deps.secureCookies);
  return { sessionId, csrfToken: deps.accounts.csrfTokenFor(sessionId) };
}

/**
 * Signs in from a page: a new session replaces the one this browser had, so an old session id
 * cannot be reused. Returns who the rest of this request acts as (the new session).
 */
export async function startFreshSession(deps: SessionDeps, res: Response, user: User): Promise<RequestAuth> {
  const previous = res.locals.auth.sessionId;
  if (previous) await deps.accounts.endSession(previous);
  const { sessionId, csrfToken } = await signIn(deps, res, user);
  return sessionAuthOf(user, sessionId, csrfToken);
}

/**
 * A password check behind the throttles: per address and email, and per address across
 * emails. A failure counts towards both; a success clears only the first (one good account
 * must not reset a spraying address's count).
 */
export async function throttled<T>(deps: SessionDeps, req: Request, email: string, check: () => Promise<T>) {
  const address = req.ip ?? "";
  const key = `${address}|${email.trim().toLowerCase()}`;
  deps.loginThrottle.assertAllowed(key);
  deps.addressThrottle?.assertAllowed(address);
  try {
    const result = await check();
    deps.loginThrottle.succeeded(key);
    return result;
  } catch (error) {
    deps.loginThrottle.failed(key);
    deps.addressThrottle?.failed(address);
    throw error;
  }
}

/** Checks credentials behind the per-client throttle. */
export async function checkCredentials(deps: SessionDeps, req: Request, email: string, password: string) {
  return throttled(deps, req, email, () => deps.accounts.authenticate(email, password));
}
