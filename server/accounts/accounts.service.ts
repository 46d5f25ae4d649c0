import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ConflictError, InvalidCredentialsError } from "../errors.js";
import type { AccountsRepository, OrganizationChanges } from "./accounts.repository.js";
import type { Role, User } from "./accounts.types.js";
import { hashPassword, unusablePasswordHash, verifyPassword } from "./password-hashing.js";

export interface Clock {
  now(): Date;
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  organizationName?: string;
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Registration, sign-in, sessions and API tokens. Secrets (passwords, session ids,
 * tokens) are only ever stored hashed; the raw values leave this service once.
 */
export class AccountsService {
  private readonly sessionEndListeners = new Set<(sessionId: string) => void>();

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly options: { sessionSecret: string; sessionTtlMs: number; clock: Clock },
  ) {}

  async register(input: RegisterInput): Promise<User> {
    const email = normaliseEmail(input.email);
    if (await this.accounts.emailExists(email)) {
      throw new ConflictError("An account with this email already exists");
    }
    return this.accounts.create({
      email,
      passwordHash: await hashPassword(input.password),
      name: input.name.trim(),
      role: input.role,
      organizationName: input.organizationName?.trim() || undefined,
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
    const valid = await verifyPassword(password, found?.passwordHash ?? unusablePasswordHash);
    if (!found || !valid) throw new InvalidCredentialsError();
    return found.user;
  }

  async startSession(userId: number): Promise<{ sessionId: string; expiresAt: Date }> {
    const sessionId = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.options.clock.now().getTime() + this.options.sessionTtlMs);
    await this.accounts.createSession(sha256(sessionId), userId, expiresAt);
    return { sessionId, expiresAt };
  }

  async userForSession(sessionId: string): Promise<User | null> {
    return this.accounts.findSessionUser(sha256(sessionId), this.options.clock.now());
  }

  /** Ends a session (sign-out); whatever still holds it open, such as live sockets, is told. */
  async endSession(sessionId: string): Promise<void> {
    await this.accounts.deleteSession(sha256(sessionId));
    for (const listener of this.sessionEndListeners) listener(sessionId);
  }

  /** Calls `listener` with the id of every session signed out from now on; returns the unsubscribe. */
  onSessionEnded(listener: (sessionId: string) => void): () => void {
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

  async issueToken(userId: number, name: string): Promise<{ token: string; id: number; createdAt: Date }> {
    const token = `sbt_${randomBytes(32).toString("base64url")}`;
    const saved = await this.accounts.createToken(userId, sha256(token), name);
    return { token, ...saved };
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
