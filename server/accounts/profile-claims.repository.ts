import { decodeList } from "../db/list-columns.js";
import type { Db, DbTx, TransactionalWrite } from "../db/prisma.js";
import type { EmailLanguage } from "../notifications/email.types.js";

export interface ClaimTokenRecord {
  id: number;
  expertId: number;
  expertName: string;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** The profile already has an account (claimed through another link, or registered). */
  claimed: boolean;
}

export interface UnclaimedExpert {
  id: number;
  name: string;
  email: string | null;
  organization: string;
  languages: string[];
}

/** Imported experts' addresses and the one-time claim tokens (stored as sha256 only). */
export class ProfileClaimsRepository {
  constructor(private readonly db: Db) {}

  /**
   * An imported profile that nobody has claimed yet, with its contact address and what its
   * claim email says of it (the organization; the working languages choose the email's language).
   */
  async unclaimedExpert(expertId: number): Promise<UnclaimedExpert | null> {
    const row = await this.db.expert.findUnique({
      where: { id: expertId },
      select: { id: true, name: true, email: true, userId: true, organization: true, languages: true },
    });
    if (!row || row.userId !== null) return null;
    const { id, name, email, organization } = row;
    return { id, name, email, organization, languages: decodeList(row.languages) };
  }

  /** The unclaimed profile an address belongs to (addresses are compared case-insensitively). */
  async unclaimedExpertByEmail(email: string): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Expert"
      WHERE "userId" IS NULL AND "email" IS NOT NULL AND lower(trim("email")) = ${email} ORDER BY "id" LIMIT 1`;
    return rows[0]?.id ?? null;
  }

  /** Runs writes prepared elsewhere (a token and its email) in one transaction. */
  async commit(write: TransactionalWrite): Promise<void> {
    await this.db.$transaction(write);
  }

  async createToken(tx: DbTx, input: { tokenHash: string; expertId: number; email: string; expiresAt: Date }) {
    await tx.profileClaimToken.create({ data: input });
  }

  async findToken(tokenHash: string): Promise<ClaimTokenRecord | null> {
    const row = await this.db.profileClaimToken.findUnique({
      where: { tokenHash },
      include: { expert: { select: { name: true, userId: true } } },
    });
    if (!row) return null;
    return {
      id: row.id,
      expertId: row.expertId,
      expertName: row.expert.name,
      email: row.email,
      expiresAt: row.expiresAt,
      usedAt: row.usedAt,
      claimed: row.expert.userId !== null,
    };
  }

  /**
   * Uses the token and binds a new expert account to the profile, all or nothing: false when
   * the token was used meanwhile or the profile got an account (a concurrent claim).
   */
  async claim(
    tokenId: number,
    now: Date,
    account: { email: string; passwordHash: string; name: string; expertId: number; language: EmailLanguage },
  ): Promise<number | null> {
    return this.db.$transaction(async (tx) => {
      const used = await tx.profileClaimToken.updateMany({
        where: { id: tokenId, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (used.count === 0) return null;
      const bound = await tx.expert.count({ where: { id: account.expertId, userId: null } });
      if (bound === 0) return null;
      const user = await tx.user.create({
        data: {
          email: account.email,
          passwordHash: account.passwordHash,
          name: account.name,
          role: "expert",
          language: account.language,
        },
      });
      await tx.expert.update({ where: { id: account.expertId }, data: { userId: user.id } });
      return user.id;
    });
  }
}
