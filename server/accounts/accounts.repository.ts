import type { Db } from "../db/prisma.js";
import { enqueueSearchUpdates } from "../indexing/search-outbox.js";
import type { EmailLanguage } from "../notifications/email.types.js";
import type { Prisma } from "../db/generated/client.js";
import {
  defaultTokenLifetimeDays,
  roles,
  type ApiTokenInfo,
  type Organization,
  type Role,
  type SessionInfo,
  type User,
} from "./accounts.types.js";

const userInclude = { organization: true, expert: { select: { id: true } } } satisfies Prisma.UserInclude;

/** How stale an API token's lastUsedAt may be. */
const tokenUseResolutionMs = 60_000;
type UserRow = Prisma.UserGetPayload<{ include: typeof userInclude }>;

const dayMs = 24 * 3600_000;
type TokenRow = Prisma.ApiTokenGetPayload<object>;

function toTokenInfo(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    // Tokens issued before tokens expired have no expiresAt: they get the default lifetime.
    expiresAt: row.expiresAt ?? new Date(row.createdAt.getTime() + defaultTokenLifetimeDays * dayMs),
  };
}

function toRole(value: string): Role {
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new Error(`Unknown role in database: ${value}`);
}

function toOrganization(row: NonNullable<UserRow["organization"]>): Organization {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    region: row.region,
    industry: row.industry,
    description: row.description,
    email: row.email,
    phone: row.phone,
  };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: toRole(row.role),
    organization: row.organization ? toOrganization(row.organization) : null,
    expertId: row.expert?.id ?? null,
    createdAt: row.createdAt,
  };
}

export interface NewUser {
  email: string;
  passwordHash: string;
  name: string;
  role: Role;
  organizationName?: string;
  language?: EmailLanguage;
}

export interface OrganizationChanges {
  name?: string;
  kind?: string;
  region?: string;
  industry?: string;
  description?: string;
  email?: string | null;
  phone?: string | null;
}

/** Users, their credentials, sessions and API tokens in SQLite. */
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  async findById(id: number): Promise<User | null> {
    const row = await this.db.user.findUnique({ where: { id }, include: userInclude });
    return row ? toUser(row) : null;
  }

  async findCredentials(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db.user.findUnique({ where: { email }, include: userInclude });
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : null;
  }

  async emailExists(email: string): Promise<boolean> {
    return (await this.db.user.count({ where: { email } })) > 0;
  }

  /** Creates the user with what its role needs: an organization for enterprises, a profile for experts. */
  async create(input: NewUser): Promise<User> {
    const row = await this.db.$transaction(async (tx) => {
      const organization =
        input.role === "enterprise"
          ? await tx.organization.create({ data: { name: input.organizationName ?? input.name } })
          : null;
      const user = await tx.user.create({
        data: {
          email: input.email,
          passwordHash: input.passwordHash,
          name: input.name,
          role: input.role,
          organizationId: organization?.id ?? null,
          ...(input.language && { language: input.language }),
        },
      });
      if (input.role === "expert") {
        const expert = await tx.expert.create({ data: { name: input.name, userId: user.id } });
        await enqueueSearchUpdates(tx, "experts", [expert.id]);
      }
      return tx.user.findUniqueOrThrow({ where: { id: user.id }, include: userInclude });
    });
    return toUser(row);
  }

  async updateOrganization(userId: number, changes: OrganizationChanges): Promise<User> {
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    if (user.organizationId === null) {
      await this.db.user.update({
        where: { id: userId },
        data: { organization: { create: { name: changes.name ?? user.name, ...changes } } },
      });
    } else {
      await this.db.organization.update({ where: { id: user.organizationId }, data: changes });
    }
    return (await this.findById(userId))!;
  }

  async createSession(sessionHash: string, userId: number, expiresAt: Date, userAgent: string): Promise<void> {
    await this.db.session.create({ data: { id: sessionHash, userId, expiresAt, userAgent } });
  }

  /** The user's sessions that have not expired, newest first. */
  async listSessions(userId: number, now: Date): Promise<SessionInfo[]> {
    const rows = await this.db.session.findMany({
      where: { userId, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    });
    return rows.map((row) => ({
      key: row.id,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      userAgent: row.userAgent,
    }));
  }

  /** Deletes one of the user's sessions; false when the user has no such session. */
  async deleteUserSession(userId: number, sessionHash: string): Promise<boolean> {
    return (await this.db.session.deleteMany({ where: { id: sessionHash, userId } })).count > 0;
  }

  async findSessionUser(sessionHash: string, now: Date): Promise<User | null> {
    const session = await this.db.session.findUnique({
      where: { id: sessionHash },
      include: { user: { include: userInclude } },
    });
    if (!session) return null;
    if (session.expiresAt <= now) {
      await this.db.session.deleteMany({ where: { id: sessionHash } });
      return null;
    }
    return toUser(session.user);
  }

  async deleteSession(sessionHash: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sessionHash } });
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    return (await this.db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }

  async createToken(userId: number, tokenHash: string, name: string, expiresAt: Date): Promise<ApiTokenInfo> {
    return toTokenInfo(await this.db.apiToken.create({ data: { userId, tokenHash, name, expiresAt } }));
  }

  /** The user's tokens that still work, newest first. */
  async listTokens(userId: number, now: Date): Promise<ApiTokenInfo[]> {
    const rows = await this.db.apiToken.findMany({ where: { userId }, orderBy: { id: "desc" } });
    return rows.map(toTokenInfo).filter((token) => token.expiresAt > now);
  }

  /** Deletes one of the user's tokens; false when the user has no such token. */
  async deleteUserToken(userId: number, id: number): Promise<boolean> {
    return (await this.db.apiToken.deleteMany({ where: { id, userId } })).count > 0;
  }

  /**
   * Sets a new password hash and, in the same transaction, ends every session of the
   * user but `keepSessionHash` and revokes every token. Returns the ended sessions' hashes.
   */
  async changePassword(
    userId: number,
    passwordHash: string,
    keepSessionHash: string | null,
  ): Promise<{ endedSessions: string[]; revokedTokens: number }> {
    return this.db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      const others = { userId, ...(keepSessionHash !== null && { id: { not: keepSessionHash } }) };
      const ended = await tx.session.findMany({ where: others, select: { id: true } });
      await tx.session.deleteMany({ where: others });
      const { count } = await tx.apiToken.deleteMany({ where: { userId } });
      return { endedSessions: ended.map((session) => session.id), revokedTokens: count };
    });
  }

  async findTokenUser(tokenHash: string, now: Date): Promise<User | null> {
    const token = await this.db.apiToken.findUnique({
      where: { tokenHash },
      include: { user: { include: userInclude } },
    });
    if (!token) return null;
    if (toTokenInfo(token).expiresAt <= now) return null;
    // A coarse record, refreshed at most once a minute: a socket client re-checks its token
    // on every action, and a write per action would contend for SQLite's one write lock.
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= tokenUseResolutionMs) {
      await this.db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    }
    return toUser(token.user);
  }
}
