import type { Request, Response } from "express";
import type { AccountsService } from "../accounts/accounts.service.js";
import type { User } from "../accounts/accounts.types.js";
import { ForbiddenError, UnauthenticatedError } from "../errors.js";
import {
  createTokenBody,
  loginBody,
  organizationBody,
  registerBody,
  sessionResponse,
  tokenResponse,
  userResponse,
} from "./accounts.schemas.js";
import type { ApiRoutes } from "./api-routes.js";
import { clearSessionCookie, setSessionCookie } from "./cookies.js";
import type { LoginThrottle } from "./login-throttle.js";
import { presentUser } from "./presenters.js";

export interface AccountsRouteDeps {
  accounts: AccountsService;
  loginThrottle: LoginThrottle;
  secureCookies: boolean;
}

/** Starts a session for the user, sets its cookie, and returns the body pages and clients need. */
export async function signIn(deps: AccountsRouteDeps, res: Response, user: User) {
  const { sessionId, expiresAt } = await deps.accounts.startSession(user.id);
  setSessionCookie(res, sessionId, expiresAt, deps.secureCookies);
  return { user: presentUser(user), csrfToken: deps.accounts.csrfTokenFor(sessionId) };
}

/** Checks credentials behind the per-client throttle. */
export async function checkCredentials(deps: AccountsRouteDeps, req: Request, email: string, password: string) {
  const key = `${req.ip}|${email.trim().toLowerCase()}`;
  deps.loginThrottle.assertAllowed(key);
  try {
    const user = await deps.accounts.authenticate(email, password);
    deps.loginThrottle.succeeded(key);
    return user;
  } catch (error) {
    deps.loginThrottle.failed(key);
    throw error;
  }
}

export function registerAccountsRoutes(api: ApiRoutes, deps: AccountsRouteDeps): void {
  api.public(
    {
      method: "post",
      path: "/api/auth/register",
      tag: "accounts",
      summary: "Register an enterprise or expert account and sign in",
      body: registerBody,
      response: sessionResponse,
      status: 201,
    },
    async ({ body, res }) => signIn(deps, res, await deps.accounts.register(body)),
  );

  api.public(
    {
      method: "post",
      path: "/api/auth/login",
      tag: "accounts",
      summary: "Sign in; sets an httpOnly session cookie",
      body: loginBody,
      rateLimited: true,
      response: sessionResponse,
    },
    async ({ body, req, res }) => signIn(deps, res, await checkCredentials(deps, req, body.email, body.password)),
  );

  api.public(
    { method: "post", path: "/api/auth/logout", tag: "accounts", summary: "Sign out and end the session" },
    async ({ res }) => {
      const { sessionId } = res.locals.auth;
      if (sessionId) await deps.accounts.endSession(sessionId);
      clearSessionCookie(res, deps.secureCookies);
      return undefined;
    },
  );

  api.signedIn(
    {
      method: "get",
      path: "/api/me",
      tag: "accounts",
      summary: "The signed-in user and the session's CSRF token",
      response: sessionResponse,
    },
    ({ res }) => ({ user: presentUser(res.locals.auth.user!), csrfToken: res.locals.auth.csrfToken }),
  );

  api.signedIn(
    {
      method: "patch",
      path: "/api/me/organization",
      tag: "accounts",
      summary: "Describe the enterprise's organization",
      roles: ["enterprise", "organizer", "admin"],
      body: organizationBody,
      response: userResponse,
    },
    async ({ actor, body }) => presentUser(await deps.accounts.updateOrganization(actor.userId, body)),
  );

  api.public(
    {
      method: "post",
      path: "/api/tokens",
      tag: "accounts",
      summary: "Create an API token (shown once) with the session or with email and password",
      body: createTokenBody,
      rateLimited: true,
      response: tokenResponse,
      status: 201,
    },
    async ({ body, req, res }) => {
      let user = res.locals.auth.user;
      if (body.email !== undefined || body.password !== undefined) {
        user = await checkCredentials(deps, req, body.email ?? "", body.password ?? "");
      } else if (res.locals.auth.via === "token") {
        throw new ForbiddenError("Create new tokens with a session or with email and password, not with another token");
      }
      if (!user) throw new UnauthenticatedError("Sign in or send email and password to create a token");
      const issued = await deps.accounts.issueToken(user.id, body.name);
      return { id: issued.id, name: body.name, token: issued.token, createdAt: issued.createdAt.toISOString() };
    },
  );
}
