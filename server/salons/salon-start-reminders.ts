import type { Logger } from "../logger.js";
import type { EmailRecipients } from "../notifications/email-recipients.js";
import type { EmailLanguage, EmailRecipient } from "../notifications/email.types.js";
import type { NotificationEmails } from "../notifications/notification-emails.js";
import type { Clock } from "../shared/clock.js";
import { PollingJob } from "../shared/polling-loop.js";
import type { SalonRemindersRepository, StartingSalon } from "./salon-reminders.repository.js";

export interface SalonReminderOptions {
  /** How long before a salon starts its participants are reminded (SALON_REMINDER_MINUTES). */
  leadMs: number;
  /** How often the job looks for salons entering that window. */
  pollMs: number;
}

export const defaultSalonReminderOptions: SalonReminderOptions = { leadMs: 3600_000, pollMs: 60_000 };

/** Salons are announced in Beijing time (the templates say so), whatever the server's zone. */
const salonTimeZone = "Asia/Shanghai";

function formatStart(startsAt: Date, language: EmailLanguage): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone: salonTimeZone }).format(
    startsAt,
  );
}

/**
 * Reminds everyone taking part in a scheduled salon (organizer, moderators, invitees, members
 * with accounts, speakers with an address) that it starts soon: once per salon and address,
 * recorded with the queued email so a restart never reminds twice. Daily-digest users are
 * left out: a digest would bring the reminder after the salon started.
 */
export class SalonStartReminders extends PollingJob {
  constructor(
    private readonly repository: SalonRemindersRepository,
    private readonly recipients: EmailRecipients,
    private readonly emails: NotificationEmails,
    private readonly options: SalonReminderOptions,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    super({ name: "the salon reminder job", pollMs: options.pollMs, logger });
  }

  /** One round: reminds the participants of salons starting within the lead time. Returns emails queued. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    let queued = 0;
    for (const salon of await this.repository.starting(now, new Date(now.getTime() + this.options.leadMs))) {
      queued += await this.remind(salon);
    }
    return queued;
  }

  private async remind(salon: StartingSalon): Promise<number> {
    const reminded = await this.repository.remindedAddresses(salon.id);
    const people = new Map<string, EmailRecipient>();
    const add = (recipient: EmailRecipient | null) => {
      if (recipient && !reminded.has(recipient.address) && !people.has(recipient.address)) {
        people.set(recipient.address, recipient);
      }
    };
    for (const userId of salon.userIds) add(await this.recipients.user(userId));
    for (const expertId of salon.speakerExpertIds) add(await this.recipients.expert(expertId));
    if (people.size === 0) return 0;
    const reminders = [...people.values()].map((recipient) => ({
      address: recipient.address,
      email:
        recipient.preference === "daily"
          ? null
          : this.emails.compose(
              "salon_starting",
              recipient,
              { salonTitle: salon.title, startsAt: formatStart(salon.startsAt, recipient.language) },
              `/salons/${salon.id}`,
            ),
    }));
    return this.repository.remind(salon.id, reminders);
  }
}
