import type { Response } from "express";
import { sessionKeyOf, type AccountsService } from "../../accounts/accounts.service.js";
import type { User } from "../../accounts/accounts.types.js";
import type { ProfileClaimsService } from "../../accounts/profile-claims.service.js";
import type { EmailSettingsService } from "../../notifications/email-settings.service.js";
import { ForbiddenError, UnauthenticatedError } from "../../errors.js";
import type { RateLimiter } from "../../shared/rate-limiter.js";
import type { ApiRoutes, RouteContext, RouteSpec } from "../platform/api-routes.js";
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

const tag = "accounts";

/**
 * Every path whose post starts a session or a guest's stay, pages and API (the API reads form
 * bodies too), which refuseCrossSiteSignIns guards against another site's forms.
 */
export const sessionStartingPaths = [
  "/login",
  "/register",
  "/claim",
  "/salons/:id/guest",
  "/api/auth/login",
  "/api/auth/register",
  "/api/auth/claim",
];

/**
 * Accounts' JSON API: registering, claiming an imported profile, signing in and out, API
 * tokens, sessions, and the signed-in user's own settings. Each operation is answered by the
 * handler of the same name.
 */
const accountOperations = {
  register: {
    method: "post",
    path: "/api/auth/register",
    tag,
    summary: "Register an enterprise or expert account and sign in",
    body: registerBody,
    response: sessionResponse,
    status: 201,
    rateLimited: true,
    signedIn: false,
  },
  claimProfile: {
    method: "post",
    path: "/api/auth/claim",
    tag,
    summary: "Claim an imported expert profile with the one-time link's token: sets the password and signs in",
    body: claimBody,
    response: sessionResponse,
    status: 201,
    rateLimited: true,
    signedIn: false,
  },
  getEmailSettings: {
    method: "get",
    path: "/api/me/email-settings",
    tag,
    summary: "How notification emails reach the signed-in user",
    response: emailSettingsResponse,
  },
  updateEmailSettings: {
    method: "patch",
    path: "/api/me/email-settings",
    tag,
    summary: "Choose instant emails, a daily digest or none, and their language",
    body: emailSettingsBody,
    response: emailSettingsResponse,
  },
  login: {
    method: "post",
    path: "/api/auth/login",
    tag,
    summary: "Sign in; sets an httpOnly session cookie",
    body: loginBody,
    rateLimited: true,
    response: sessionResponse,
    signedIn: false,
  },
  logout: { method: "post", path: "/api/auth/logout", tag, summary: "Sign out and end the session", signedIn: false },
  getMe: {
    method: "get",
    path: "/api/me",
    tag,
    summary: "The signed-in user and the session's CSRF token",
    response: sessionResponse,
  },
  updateOrganization: {
    method: "patch",
    path: "/api/me/organization",
    tag,
    summary: "Describe the enterprise's organization",
    roles: ["enterprise", "organizer", "admin"],
    body: organizationBody,
    response: userResponse,
  },
  createToken: {
    method: "post",
    path: "/api/tokens",
    tag,
    summary: "Create an API token (shown once) with the session or with email and password",
    body: createTokenBody,
    rateLimited: true,
    response: tokenResponse,
    status: 201,
    signedIn: false,
  },
  listTokens: {
    method: "get",
    path: "/api/tokens",
    tag,
    summary: "The signed-in user's API tokens that still work (never their secret)",
    response: tokenListResponse,
  },
  revokeToken: {
    method: "delete",
    path: "/api/tokens/:id",
    tag,
    summary: "Revoke one of the signed-in user's API tokens; it stops working at once",
    params: idParam,
  },
  listSessions: {
    method: "get",
    path: "/api/sessions",
    tag,
    summary: "The signed-in user's active sessions, the current one marked",
    response: sessionListResponse,
  },
  endSession: {
    method: "delete",
    path: "/api/sessions/:id",
    tag,
    summary: "Sign one of the signed-in user's sessions out (its sockets disconnect)",
    params: sessionParams,
  },
  changePassword: {
    method: "post",
    path: "/api/me/password",
    tag,
    summary: "Change the password: ends every other session and revokes every API token",
    body: changePasswordBody,
    response: passwordChangedResponse,
    rateLimited: true,
  },
} satisfies Record<string, RouteSpec>;

/** What the handler of an operation receives. */
type Ctx<K extends keyof typeof accountOperations> = RouteContext<(typeof accountOperations)[K]>;

/**
 * Everything that checks a password or starts or ends a session: registering, claiming,
 * signing in and out, tokens made with a password, and changing the password.
 */
export function createCredentialHandlers(deps: AccountsRouteDeps) {
  /** Signs the user in and answers what clients need: the user and the session's CSRF token. */
  const sessionBody = async (res: Response, user: User) => {
    const { csrfToken } = await signIn(deps, res, user);
    return { user: presentUser(user), csrfToken };
  };
  return {
    // The account's emails are written in the language the request was made in (Accept-Language, ?lang=).
    register: async ({ body, req, res }: Ctx<"register">) =>
      sessionBody(res, await registerAccount(deps, req, { ...body, language: res.locals.lang })),
    claimProfile: async ({ body, res }: Ctx<"claimProfile">) =>
      sessionBody(res, await deps.claims.claim(body.token, body.password, res.locals.lang)),
    login: async ({ body, req, res }: Ctx<"login">) =>
      sessionBody(res, await checkCredentials(deps, req, body.email, body.password)),
    logout: async ({ res }: Ctx<"logout">) => {
      const { sessionId } = res.locals.auth;
      if (sessionId) await deps.accounts.endSession(sessionId);
      clearSessionCookie(res, deps.secureCookies);
      return undefined;
    },
    createToken: async ({ body, req, res }: Ctx<"createToken">) => {
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
    changePassword: async ({ body, req, res }: Ctx<"changePassword">) => {
      const { user, sessionId } = res.locals.auth;
      return throttled(deps, req, user!.email, () =>
        deps.accounts.changePassword(user!, body.currentPassword, body.newPassword, sessionId),
      );
    },
  };
}

/** The signed-in user's own account: who they are, email settings, organization, tokens and sessions. */
export function createOwnAccountHandlers({
  accounts,
  emailSettings,
}: {
  accounts: Pick<
    AccountsService,
    "updateOrganization" | "listTokens" | "revokeToken" | "listSessions" | "endUserSession"
  >;
  emailSettings: Pick<EmailSettingsService, "get" | "update">;
}) {
  return {
    getEmailSettings: async ({ actor }: Ctx<"getEmailSettings">) =>
      presentEmailSettings(await emailSettings.get(actor.userId)),
    updateEmailSettings: async ({ actor, body }: Ctx<"updateEmailSettings">) => {
      await emailSettings.update(actor.userId, body);
      return presentEmailSettings(await emailSettings.get(actor.userId));
    },
    getMe: ({ res }: Ctx<"getMe">) => ({
      user: presentUser(res.locals.auth.user!),
      csrfToken: res.locals.auth.csrfToken,
    }),
    updateOrganization: async ({ actor, body }: Ctx<"updateOrganization">) =>
      presentUser(await accounts.updateOrganization(actor.userId, body)),
    listTokens: async ({ actor }: Ctx<"listTokens">) => ({
      items: (await accounts.listTokens(actor.userId)).map(presentTokenInfo),
    }),
    revokeToken: async ({ actor, params }: Ctx<"revokeToken">) => accounts.revokeToken(actor.userId, params.id),
    listSessions: async ({ actor, res }: Ctx<"listSessions">) => {
      const { sessionId } = res.locals.auth;
      const currentKey = sessionId ? sessionKeyOf(sessionId) : null;
      const sessions = await accounts.listSessions(actor.userId);
      return { items: sessions.map((session) => presentSession(session, currentKey)) };
    },
    endSession: async ({ actor, params }: Ctx<"endSession">) => accounts.endUserSession(actor.userId, params.id),
  };
}

/** Wires each account operation to its handler. */
export function registerAccountsRoutes(api: ApiRoutes, deps: AccountsRouteDeps): void {
  api.operations(accountOperations, { ...createCredentialHandlers(deps), ...createOwnAccountHandlers(deps) });
}
