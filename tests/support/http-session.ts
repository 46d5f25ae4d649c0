import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { uniqueEmail } from "./factories.js";

/**
 * A signed-in browser session against a server in another process (supertest's agents need the
 * app in this one): the session cookie and the CSRF token, which can be carried to another
 * server, as a browser carries them across a restore.
 */
export interface CookieSession {
  cookie: string;
  csrfToken: string;
  userId: number;
}

/** Registers a new enterprise user on the server at `baseUrl`. */
export async function registerEnterprise(baseUrl: string, organizationName: string): Promise<CookieSession> {
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: uniqueEmail("enterprise"),
      password: "correct horse battery",
      name: "陈经理",
      role: "enterprise",
      organizationName,
    }),
  });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${sessionCookieName}=`));
  const body = (await response.json()) as { user: { id: number }; csrfToken: string };
  return { cookie: cookie!.split(";")[0]!, csrfToken: body.csrfToken, userId: body.user.id };
}

/** A request in that session: cookie-authenticated, with the CSRF token a write needs. */
export function sessionRequest(
  baseUrl: string,
  session: CookieSession,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrfToken,
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
