import type { Db, DbTx, TransactionalWrite } from "../db/prisma.js";
import {
  emailKinds,
  toEmailLanguage,
  type EmailKind,
  type EmailStatus,
  type OutboxEmail,
  type OutgoingEmail,
} from "./email.types.js";

/**
 * Writes emails into the outbox inside the caller's transaction, so an email exists exactly
 * when the event it tells of committed (the email worker delivers them later).
 */
export async function enqueueEmails(tx: DbTx, emails: readonly OutgoingEmail[]): Promise<void> {
  if (emails.length > 0) await tx.emailOutbox.createMany({ data: [...emails] });
}

/** The write that puts these emails (skipping recipients who get none) into the outbox. */
export function writeEmails(emails: readonly (OutgoingEmail | null)[]): TransactionalWrite {
  const ready = emails.filter((email): email is OutgoingEmail => email !== null);
  return (tx) => enqueueEmails(tx, ready);
}

type Row = Awaited<ReturnType<Db["emailOutbox"]["findFirstOrThrow"]>>;

function toKind(value: string): EmailKind {
  if ((emailKinds as readonly string[]).includes(value)) return value as EmailKind;
  throw new Error(`Unknown email kind in the outbox: ${value}`);
}

function toOutboxEmail(row: Row): OutboxEmail {
  return { ...row, kind: toKind(row.kind), language: toEmailLanguage(row.language), status: row.status as EmailStatus };
}

/** The email outbox: what the worker delivers and what organizers see on the outbox page. */
export class EmailOutboxRepository {
  constructor(private readonly db: Db) {}

  /** Pending emails whose next attempt is due, oldest first. */
  async due(now: Date, limit: number): Promise<OutboxEmail[]> {
    const rows = await this.db.emailOutbox.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now } },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map(toOutboxEmail);
  }

  async markSent(id: number, now: Date): Promise<void> {
    await this.db.emailOutbox.update({
      where: { id },
      data: { status: "sent", sentAt: now, attempts: { increment: 1 }, lastError: null },
    });
  }

  /** Records a failed attempt: tried again at `retryAt`, or given up (`failed`) when it is null. */
  async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db.emailOutbox.update({
      where: { id },
      data: {
        attempts: { increment: 1 },
        lastError: error.slice(0, 1000),
        ...(retryAt ? { nextAttemptAt: retryAt } : { status: "failed" }),
      },
    });
  }

  /** Newest first, for the outbox page. */
  async recent(limit: number, status?: EmailStatus): Promise<OutboxEmail[]> {
    const rows = await this.db.emailOutbox.findMany({
      where: status ? { status } : {},
      orderBy: { id: "desc" },
      take: limit,
    });
    return rows.map(toOutboxEmail);
  }

  async countByStatus(): Promise<Partial<Record<EmailStatus, number>>> {
    const rows = await this.db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } });
    return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
  }

  /** Users with emails waiting for a digest since before `cutoff`. */
  async usersWithDigestsDue(cutoff: Date): Promise<number[]> {
    const rows = await this.db.emailOutbox.groupBy({
      by: ["toUserId"],
      where: { status: "digest", toUserId: { not: null } },
      _min: { createdAt: true },
    });
    return rows.flatMap((row) =>
      row.toUserId !== null && row._min.createdAt && row._min.createdAt <= cutoff ? [row.toUserId] : [],
    );
  }

  async digestItems(userId: number): Promise<OutboxEmail[]> {
    const rows = await this.db.emailOutbox.findMany({
      where: { status: "digest", toUserId: userId },
      orderBy: { id: "asc" },
    });
    return rows.map(toOutboxEmail);
  }

  /** Replaces the waiting emails with their digest in one transaction. */
  async bundle(itemIds: readonly number[], digest: OutgoingEmail): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.emailOutbox.updateMany({
        where: { id: { in: [...itemIds] }, status: "digest" },
        data: { status: "bundled" },
      });
      await enqueueEmails(tx, [digest]);
    });
  }

  /** Drops what waits for an address whose owner turned emails off. */
  async discardWaiting(address: string): Promise<void> {
    await this.db.emailOutbox.updateMany({
      where: { toAddress: address, status: { in: ["pending", "digest"] } },
      data: { status: "failed", lastError: "the recipient unsubscribed" },
    });
  }
}
