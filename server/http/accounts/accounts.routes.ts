import type { Response } from "express";
import { sessionKeyOf } from "../../accounts/accounts.service.js";
import type { User } from "../../accounts/accounts.types.js";
import type { ProfileClaimsService } from "../../accounts/profile-claims.service.js";
import type { EmailSettingsService } from "../../notifications/email-settings.service.js";
import { ForbiddenError, UnauthenticatedError } from "../../errors.js";
import type { RateLimiter } from "../../shared/rate-limiter.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { clearSessionCookie } from "../platform/cookies.js";
import { checkCredentials, signIn, throttled, type SessionDeps } from "../platform/session.js";
import { presentEmailSettings, presentSession, presentTokenInfo, presentUser } from "./accounts.presenter.js";
import { registerAccount } from "./accounts.registration.js";
import {
  changePasswordBody,
  claimBody,
  createTokenBody,
  emailSettingsBody,
  emailSettingsResponse,
  loginBody,
  organizationBody,
  passwordChangedResponse,
  registerBody,
  sessionListResponse,
  sessionParams,
  sessionResponse,
  tokenListResponse,
  tokenResponse,
  userResponse,
} from "./accounts.schemas.js";

export interface AccountsRouteDeps extends SessionDeps {
  /** Registrations per address; null when the per-address limits are off. */
  registrations: RateLimiter | null;
  claims: ProfileClaimsService;
  emailSettings: EmailSettingsService;
}

/** Signs the user in and answers what clients need: the user and the session's CSRF token. */
async function sessionBody(deps: AccountsRouteDeps, res: Response, user: User) {
  const { csrfToken } = await signIn(deps, res, user);
  return { user: presentUser(user), csrfToken };
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
      rateLimited: true,
    },
    async ({ body, req, res }) => sessionBody(deps, res, await registerAccount(deps, req, body)),
  );

  api.public(
    {
      method: "post",
      path: "/api/auth/claim",
      tag: "accounts",
      summary: "Claim an imported expert profile with the one-time link's token: sets the password and signs in",
      body: claimBody,
      response: sessionResponse,
      status: 201,
      rateLimited: true,
    },
    async ({ body, res }) => sessionBody(deps, res, await deps.claims.claim(body.token, body.password)),
  );

  api.signedIn(
    {
      method: "get",
      path: "/api/me/email-settings",
      tag: "accounts",
      summary: "How notification emails reach the signed-in user",
      response: emailSettingsResponse,
    },
    async ({ actor }) => presentEmailSettings(await deps.emailSettings.get(actor.userId)),
  );

  api.signedIn(
    {
      method: "patch",
      path: "/api/me/email-settings",
      tag: "accounts",
      summary: "Choose instant emails, a daily digest or none, and their language",
      body: emailSettingsBody,
      response: emailSettingsResponse,
    },
    async ({ actor, body }) => {
      await deps.emailSettings.update(actor.userId, body);
      return presentEmailSettings(await deps.emailSettings.get(actor.userId));
    },
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
    async ({ body, req, res }) => sessionBody(deps, res, await checkCredentials(deps, req, body.email, body.password)),
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
      const issued = await deps.accounts.issueToken(user.id, body.name, body.expiresInDays);
      return { ...presentTokenInfo(issued), token: issued.token };
    },
  );

  api.signedIn(
    {
      method: "get",
      path: "/api/tokens",
      tag: "accounts",
      summary: "The signed-in user's API tokens that still work (never their secret)",
      response: tokenListResponse,
    },
    async ({ actor }) => ({ items: (await deps.accounts.listTokens(actor.userId)).map(presentTokenInfo) }),
  );

  api.signedIn(
    {
      method: "delete",
      path: "/api/tokens/:id",
      tag: "accounts",
      summary: "Revoke one of the signed-in user's API tokens; it stops working at once",
      params: idParam,
    },
    async ({ actor, params }) => deps.accounts.revokeToken(actor.userId, params.id),
  );

  api.signedIn(
    {
      method: "get",
      path: "/api/sessions",
      tag: "accounts",
      summary: "The signed-in user's active sessions, the current one marked",
      response: sessionListResponse,
    },
    async ({ actor, res }) => {
      const { sessionId } = res.locals.auth;
      const currentKey = sessionId ? sessionKeyOf(sessionId) : null;
      const sessions = await deps.accounts.listSessions(actor.userId);
      return { items: sessions.map((session) => presentSession(session, currentKey)) };
    },
  );

  api.signedIn(
    {
      method: "delete",
      path: "/api/sessions/:id",
      tag: "accounts",
      summary: "Sign one of the signed-in user's sessions out (its sockets disconnect)",
      params: sessionParams,
    },
    async ({ actor, params }) => deps.accounts.endUserSession(actor.userId, params.id),
  );

  api.signedIn(
    {
      method: "post",
      path: "/api/me/password",
      tag: "accounts",
      summary: "Change the password: ends every other session and revokes every API token",
      body: changePasswordBody,
      response: passwordChangedResponse,
      rateLimited: true,
    },
    async ({ body, req, res }) => {
      const { user, sessionId } = res.locals.auth;
      return throttled(deps, req, user!.email, () =>
        deps.accounts.changePassword(user!, body.currentPassword, body.newPassword, sessionId),
      );
    },
  );
}
