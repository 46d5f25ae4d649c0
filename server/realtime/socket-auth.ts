import type { ExtendedError, Socket } from "socket.io";
import type { AccountsService } from "../accounts/accounts.service.js";
import type { User } from "../accounts/accounts.types.js";
import { UnauthenticatedError } from "../errors.js";
import { cookieFromHeader, guestCookiesFromHeader, sessionCookieName } from "../shared/session-cookie.js";
import type { SocketAuth } from "./events.js";

type AnySocket = Socket<never, never, never, { auth: SocketAuth }>;

/** A connection refused with a stable code the client reads from `connect_error` (`err.data.code`). */
function refusal(error: UnauthenticatedError): ExtendedError {
  return Object.assign(new Error(error.message), { data: { code: error.code } });
}

/**
 * The room every socket signed in with one session joins, in every namespace, so signing out
 * can disconnect them all (on every node). Named by the session's key (a hash of its id):
 * room names travel through Redis.
 */
export function sessionRoom(sessionKey: string): string {
  return `session:${sessionKey.slice(0, 32)}`;
}

/**
 * Whether a cookie may authenticate this handshake. Browsers attach cookies to WebSocket
 * handshakes from any site, so a cross-site origin is refused its cookie (tokens are not
 * attached by browsers on their own and need no such check).
 */
function sameOrigin(headers: Record<string, string | string[] | undefined>): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true; // not a browser
  try {
    return typeof origin === "string" && new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

/**
 * Socket authentication for every namespace: `auth.token` (an API token) first, else the
 * session cookie. A bad token refuses the connection; no credentials connect anonymously
 * unless the namespace requires a user. The user is re-read before each action
 * (`currentUser`), so a signed-out session or revoked token stops acting at once.
 */
export class SocketAuthenticator {
  constructor(private readonly accounts: AccountsService) {}

  middleware(options: { requireUser: boolean }) {
    return (socket: AnySocket, next: (error?: ExtendedError) => void): void => {
      this.resolve(socket.handshake.auth, socket.handshake.headers).then(
        (auth) => {
          if (options.requireUser && !auth.user) return next(refusal(new UnauthenticatedError()));
          socket.data.auth = auth;
          next();
        },
        (error: unknown) => next(error instanceof UnauthenticatedError ? refusal(error) : (error as ExtendedError)),
      );
    };
  }

  private async resolve(
    handshakeAuth: Record<string, unknown>,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<SocketAuth> {
    const token = handshakeAuth.token;
    if (token !== undefined) {
      const user = typeof token === "string" ? await this.accounts.userForToken(token) : null;
      if (!user) throw new UnauthenticatedError("Invalid or revoked API token");
      return { user, via: "token", credential: token as string, guests: {} };
    }
    const cookie = typeof headers.cookie === "string" ? headers.cookie : undefined;
    if (!sameOrigin(headers)) return { user: null, via: null, credential: null, guests: {} };
    const sessionId = cookieFromHeader(cookie, sessionCookieName);
    if (sessionId) {
      const user = await this.accounts.userForSession(sessionId);
      if (user) return { user, via: "session", credential: sessionId, guests: {} };
    }
    // Guest credentials are checked by the salon they belong to, on each action there.
    return { user: null, via: null, credential: null, guests: guestCookiesFromHeader(cookie) };
  }

  /** The socket's user as of now; throws when the session or token it connected with has ended. */
  async currentUser(auth: SocketAuth): Promise<User | null> {
    if (!auth.via || !auth.credential) return null;
    const user =
      auth.via === "token"
        ? await this.accounts.userForToken(auth.credential)
        : await this.accounts.userForSession(auth.credential);
    if (!user) throw new UnauthenticatedError("Your sign-in has ended; sign in again");
    return user;
  }
}
