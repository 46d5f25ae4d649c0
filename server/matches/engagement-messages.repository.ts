import type { Db, TransactionalWrite } from "../db/prisma.js";

export interface EngagementMessage {
  id: number;
  invitationId: number;
  authorId: number;
  authorName: string;
  body: string;
  createdAt: Date;
}

/** The two sides' contact details as stored: the expert's profile and the enterprise's account. */
export interface StoredPartyContacts {
  expert: { email: string | null; phone: string | null; accountEmail: string | null };
  enterprise: {
    accountEmail: string | null;
    name: string | null;
    organization: { name: string; email: string | null; phone: string | null } | null;
  };
}

/** Messages between the two sides of an engagement, and where to reach each side. */
export class EngagementMessagesRepository {
  constructor(private readonly db: Db) {}

  async list(invitationId: number, limit = 500): Promise<EngagementMessage[]> {
    const rows = await this.db.engagementMessage.findMany({
      where: { invitationId },
      orderBy: { id: "asc" },
      take: limit,
    });
    return this.withAuthors(rows);
  }

  /** Adds a message and, in the same transaction, the emails to offline recipients. */
  async add(
    input: { invitationId: number; authorId: number; body: string },
    alsoWrite: TransactionalWrite,
  ): Promise<EngagementMessage> {
    const row = await this.db.$transaction(async (tx) => {
      const created = await tx.engagementMessage.create({ data: input });
      await alsoWrite(tx);
      return created;
    });
    return (await this.withAuthors([row]))[0]!;
  }

  async contacts(expertId: number, ownerId: number | null): Promise<StoredPartyContacts> {
    const [expert, owner] = await Promise.all([
      this.db.expert.findUnique({
        where: { id: expertId },
        select: { email: true, phone: true, user: { select: { email: true } } },
      }),
      ownerId === null
        ? null
        : this.db.user.findUnique({
            where: { id: ownerId },
            select: { email: true, name: true, organization: { select: { name: true, email: true, phone: true } } },
          }),
    ]);
    return {
      expert: { email: expert?.email ?? null, phone: expert?.phone ?? null, accountEmail: expert?.user?.email ?? null },
      enterprise: {
        accountEmail: owner?.email ?? null,
        name: owner?.name ?? null,
        organization: owner?.organization ?? null,
      },
    };
  }

  private async withAuthors(
    rows: { id: number; invitationId: number; authorId: number; body: string; createdAt: Date }[],
  ): Promise<EngagementMessage[]> {
    const authors = await this.db.user.findMany({
      where: { id: { in: [...new Set(rows.map((row) => row.authorId))] } },
      select: { id: true, name: true },
    });
    const names = new Map(authors.map((author) => [author.id, author.name]));
    return rows.map((row) => ({ ...row, authorName: names.get(row.authorId) ?? "" }));
  }
}
