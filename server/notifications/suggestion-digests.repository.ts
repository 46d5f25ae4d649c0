import type { Db } from "../db/prisma.js";
import { enqueueEmails } from "./email-outbox.repository.js";
import type { OutgoingEmail } from "./email.types.js";

/** The job's name in JobRun. */
const job = "suggestion_digest";

/** What the suggestion digest remembers across restarts: when it last ran and what each expert was told. */
export class SuggestionDigestsRepository {
  constructor(private readonly db: Db) {}

  /** Experts who have an account (imported profiles are not sent suggestions before they claim them). */
  async expertsWithAccounts(): Promise<{ expertId: number; userId: number }[]> {
    const rows = await this.db.expert.findMany({
      where: { userId: { not: null } },
      select: { id: true, userId: true },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({ expertId: row.id, userId: row.userId! }));
  }

  async sentNeedIds(expertId: number): Promise<Set<number>> {
    const rows = await this.db.suggestionDigestEntry.findMany({ where: { expertId }, select: { needId: true } });
    return new Set(rows.map((row) => row.needId));
  }

  /**
   * Records the needs an expert is told about and queues the digest's email in one transaction.
   * A need recorded meanwhile (a concurrent round) makes the whole digest a no-op: false.
   */
  async record(expertId: number, needIds: readonly number[], email: OutgoingEmail, sentAt: Date): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const already = await tx.suggestionDigestEntry.count({ where: { expertId, needId: { in: [...needIds] } } });
      if (already > 0) return false;
      await tx.suggestionDigestEntry.createMany({ data: needIds.map((needId) => ({ expertId, needId, sentAt })) });
      await enqueueEmails(tx, [email]);
      return true;
    });
  }

  async lastRunAt(): Promise<Date | null> {
    return (await this.db.jobRun.findUnique({ where: { job } }))?.lastRunAt ?? null;
  }

  async finishedRun(at: Date): Promise<void> {
    await this.db.jobRun.upsert({ where: { job }, create: { job, lastRunAt: at }, update: { lastRunAt: at } });
  }
}
