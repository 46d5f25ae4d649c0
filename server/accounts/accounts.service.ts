import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { EmailLanguage } from "../notifications/email.types.js";
import type { Clock } from "../shared/clock.js";
import { ConflictError, InvalidCredentialsError, NotFoundError, ValidationError } from "../errors.js";
import type { AccountsRepository, OrganizationChanges } from "./accounts.repository.js";
import {
  defaultTokenLifetimeDays,
  type ApiTokenInfo,
  type Role,
  type SessionInfo,
  type User,
} from "./accounts.types.js";
import { hashPassword, unusablePasswordHash, verifyPassword, type ScryptCost } from "./password-hashing.js";

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  organizationName?: string;
  /** The language the account's emails are written in: the one the person registered in (default zh-CN). */
  language?: EmailLanguage;
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** What the database keeps of a session id, and how the session is named in lists and rooms. */
export function sessionKeyOf(sessionId: string): string {
  return sha256(sessionId);
}

const dayMs = 24 * 3600_000;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Registration, sign-in, sessions and API tokens. Secrets (passwords, session ids,
 * tokens) are only ever stored hashed; the raw values leave this service once.
 */
export class AccountsService {
  private readonly sessionEndListeners = new Set<(sessionKey: string) => void>();

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly options: { sessionSecret: string; sessionTtlMs: number; clock: Clock; passwordCost: ScryptCost },
  ) {}

  /** A stored hash of `password` at this service's cost (also for accounts made by profile claims). */
  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.options.passwordCost);
  }

  async register(input: RegisterInput): Promise<User> {
    const email = normaliseEmail(input.email);
    if (await this.accounts.emailExists(email)) {
      throw new ConflictError("An account with this email already exists");
    }
    return this.accounts.create({
      email,
      passwordHash: await this.hashPassword(input.password),
      name: input.name.trim(),
      role: input.role,
      organizationName: input.organizationName?.trim() || undefined,
      ...(input.language && { language: input.language }),
    });
  }

  /** Organizer and admin accounts are created by an operator (npm run user:create), never self-registered. */
  async createStaff(input: {
    email: string;
    password: string;
    name: string;
    role: "organizer" | "admin";
  }): Promise<User> {
    return this.register(input);
  }

  /** Checks credentials in constant time whether or not the email exists. */
  async authenticate(email: string, password: string): Promise<User> {
    const found = await this.accounts.findCredentials(normaliseEmail(email));
    const valid = await verifyPassword(
      password,
      found?.passwordHash ?? (await unusablePasswordHash(this.options.passwordCost)),
    );
    if (!found || !valid) throw new InvalidCredentialsError();
    return found.user;
  }

  async startSession(userId: number, userAgent = ""): Promise<{ sessionId: string; expiresAt: Date }> {
    const sessionId = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.options.clock.now().getTime() + this.options.sessionTtlMs);
    await this.accounts.createSession(sessionKeyOf(sessionId), userId, expiresAt, userAgent.slice(0, 300));
    return { sessionId, expiresAt };
  }

  async listSessions(userId: number): Promise<SessionInfo[]> {
    return this.accounts.listSessions(userId, this.options.clock.now());
  }

  /** Signs one of the user's sessions out (from the list of sessions); another user's is not found. */
  async endUserSession(userId: number, sessionKey: string): Promise<void> {
    if (!(await this.accounts.deleteUserSession(userId, sessionKey))) throw new NotFoundError("Session");
    this.sessionsEnded([sessionKey]);
  }

  async userForSession(sessionId: string): Promise<User | null> {
    return this.accounts.findSessionUser(sessionKeyOf(sessionId), this.options.clock.now());
  }

  /** Ends a session (sign-out); whatever still holds it open, such as live sockets, is told. */
  async endSession(sessionId: string): Promise<void> {
    await this.accounts.deleteSession(sessionKeyOf(sessionId));
    this.sessionsEnded([sessionKeyOf(sessionId)]);
  }

  private sessionsEnded(sessionKeys: readonly string[]): void {
    for (const key of sessionKeys) for (const listener of this.sessionEndListeners) listener(key);
  }

  /** Calls `listener` with the key (sessionKeyOf) of every session signed out from now on; returns the unsubscribe. */
  onSessionEnded(listener: (sessionKey: string) => void): () => void {
    this.sessionEndListeners.add(listener);
    return () => this.sessionEndListeners.delete(listener);
  }

  /** The CSRF token of a session: an HMAC of its id, so nothing more needs storing. */
  csrfTokenFor(sessionId: string): string {
    return createHmac("sha256", this.options.sessionSecret).update(`csrf:${sessionId}`).digest("base64url");
  }

  verifyCsrfToken(sessionId: string, token: string | undefined): boolean {
    if (!token) return false;
    const expected = Buffer.from(this.csrfTokenFor(sessionId));
    const actual = Buffer.from(token);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  async issueToken(
    userId: number,
    name: string,
    lifetimeDays = defaultTokenLifetimeDays,
  ): Promise<ApiTokenInfo & { token: string }> {
    const token = `sbt_${randomBytes(32).toString("base64url")}`;
    const expiresAt = new Date(this.options.clock.now().getTime() + lifetimeDays * dayMs);
    const saved = await this.accounts.createToken(userId, sha256(token), name, expiresAt);
    return { token, ...saved };
  }

  async listTokens(userId: number): Promise<ApiTokenInfo[]> {
    return this.accounts.listTokens(userId, this.options.clock.now());
  }

  /** Revokes one of the user's tokens: it stops working at once (sockets re-check it on every action). */
  async revokeToken(userId: number, tokenId: number): Promise<void> {
    if (!(await this.accounts.deleteUserToken(userId, tokenId))) throw new NotFoundError("API token", tokenId);
  }

  /**
   * Changes the password after checking the current one, ends every other session (and
   * their sockets) and revokes every API token: whoever knew the old password is out.
   */
  async changePassword(
    user: User,
    currentPassword: string,
    newPassword: string,
    currentSessionId: string | null,
  ): Promise<{ endedSessions: number; revokedTokens: number }> {
    const found = await this.accounts.findCredentials(user.email);
    if (!found || !(await verifyPassword(currentPassword, found.passwordHash))) {
      throw new ValidationError("The current password is incorrect", {
        issues: [{ path: "currentPassword", message: "The current password is incorrect" }],
      });
    }
    const keep = currentSessionId === null ? null : sessionKeyOf(currentSessionId);
    const { endedSessions, revokedTokens } = await this.accounts.changePassword(
      user.id,
      await this.hashPassword(newPassword),
      keep,
    );
    this.sessionsEnded(endedSessions);
    return { endedSessions: endedSessions.length, revokedTokens };
  }

  async userForToken(token: string): Promise<User | null> {
    return this.accounts.findTokenUser(sha256(token), this.options.clock.now());
  }

  async findUser(id: number): Promise<User | null> {
    return this.accounts.findById(id);
  }

  async findUserByEmail(email: string): Promise<User | null> {
    return (await this.accounts.findCredentials(normaliseEmail(email)))?.user ?? null;
  }

  async updateOrganization(userId: number, changes: OrganizationChanges): Promise<User> {
    return this.accounts.updateOrganization(userId, changes);
  }
}
