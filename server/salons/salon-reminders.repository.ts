import type { Db } from "../db/prisma.js";
import { enqueueEmails } from "../notifications/email-outbox.repository.js";
import type { OutgoingEmail } from "../notifications/email.types.js";

/** A scheduled salon about to start, and everyone taking part in it. */
export interface StartingSalon {
  id: number;
  title: string;
  startsAt: Date;
  /** Accounts: the organizer, moderators, invitees and members (guests have no address). */
  userIds: number[];
  /** Speakers, with or without an account. */
  speakerExpertIds: number[];
}

/** Which salons are about to start, and whom their "starting soon" reminder already reached. */
export class SalonRemindersRepository {
  constructor(private readonly db: Db) {}

  /** Scheduled salons starting after `from` and no later than `until`, soonest first. */
  async starting(from: Date, until: Date): Promise<StartingSalon[]> {
    const rows = await this.db.salon.findMany({
      where: { status: "scheduled", startsAt: { gt: from, lte: until } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        title: true,
        startsAt: true,
        organizerId: true,
        moderators: { select: { userId: true } },
        invitees: { select: { userId: true } },
        members: { select: { userId: true } },
        speakers: { select: { expertId: true }, orderBy: { position: "asc" } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      startsAt: row.startsAt!,
      userIds: [
        ...new Set(
          [
            row.organizerId,
            ...row.moderators.map((m) => m.userId),
            ...row.invitees.map((i) => i.userId),
            ...row.members.map((m) => m.userId),
          ].filter((id): id is number => id !== null && id > 0),
        ),
      ],
      speakerExpertIds: row.speakers.map((s) => s.expertId),
    }));
  }

  async remindedAddresses(salonId: number): Promise<Set<string>> {
    const rows = await this.db.salonReminder.findMany({ where: { salonId }, select: { address: true } });
    return new Set(rows.map((row) => row.address));
  }

  /**
   * Records that these addresses were reminded of the salon and queues their emails (null for
   * someone who gets none: emails off), in one transaction. An address another round recorded
   * meanwhile is skipped with its email. Returns how many emails were queued.
   */
  async remind(salonId: number, reminders: { address: string; email: OutgoingEmail | null }[]): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const done = new Set(
        (
          await tx.salonReminder.findMany({
            where: { salonId, address: { in: reminders.map((r) => r.address) } },
            select: { address: true },
          })
        ).map((row) => row.address),
      );
      const fresh = reminders.filter((r) => !done.has(r.address));
      await tx.salonReminder.createMany({ data: fresh.map(({ address }) => ({ salonId, address })) });
      const emails = fresh.flatMap((r) => (r.email ? [r.email] : []));
      await enqueueEmails(tx, emails);
      return emails.length;
    });
  }
}
