import nodemailer, { type Transporter } from "nodemailer";
import type { Logger } from "../logger.js";
import type { Clock } from "../shared/clock.js";
import { PollingJob } from "../shared/polling-loop.js";
import type { EmailOutboxRepository } from "./email-outbox.repository.js";
import type { EmailRecipients } from "./email-recipients.js";
import type { OutboxEmail } from "./email.types.js";
import type { NotificationEmails } from "./notification-emails.js";

export interface EmailDeliveryOptions {
  /** `smtp://user:pass@host:587`, `smtps://…`; absent: emails stay in the outbox (the outbox page shows them). */
  smtpUrl?: string;
  from: string;
  pollMs: number;
  /** The first retry waits this long, each later one twice as long as the one before… */
  retryBaseMs: number;
  /** …but never longer than this. */
  retryMaxMs: number;
  /** After this many failed attempts an email is given up (`failed`, with its last error). */
  maxAttempts: number;
  /** How long the oldest waiting email of a daily-digest user waits before the digest goes. */
  digestIntervalMs: number;
  batchSize: number;
}

export const defaultEmailDeliveryOptions: Omit<EmailDeliveryOptions, "smtpUrl" | "from"> = {
  pollMs: 5_000,
  retryBaseMs: 30_000,
  retryMaxMs: 6 * 3600_000,
  maxAttempts: 8,
  digestIntervalMs: 24 * 3600_000,
  batchSize: 20,
};

/** The wait before retry number `attempt` (1 for the first retry): exponential, capped. */
export function retryDelayMs(attempt: number, options: Pick<EmailDeliveryOptions, "retryBaseMs" | "retryMaxMs">) {
  return Math.min(options.retryBaseMs * 2 ** (attempt - 1), options.retryMaxMs);
}

/**
 * Delivers the email outbox through SMTP (nodemailer), one email at a time in id order,
 * recording every attempt; a failure is retried with exponential backoff. It also bundles
 * daily-digest users' waiting emails into one digest a day. Without SMTP_URL it still
 * bundles digests but sends nothing: the emails wait on the outbox page.
 */
export class EmailDeliveryWorker extends PollingJob {
  private readonly transport: Transporter | null;

  constructor(
    private readonly outbox: EmailOutboxRepository,
    private readonly recipients: EmailRecipients,
    private readonly emails: NotificationEmails,
    private readonly options: EmailDeliveryOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    super({ name: "the email worker", pollMs: options.pollMs, logger });
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  /** Whether emails leave this server (SMTP_URL is set). */
  get delivering(): boolean {
    return this.transport !== null;
  }

  /** Stops polling and waits for the email being sent, if any. */
  override async stop(): Promise<void> {
    await super.stop();
    this.transport?.close();
  }

  /** One round: bundle due digests, then send what is due. Returns how many were sent. */
  async runOnce(): Promise<number> {
    await this.bundleDigests();
    if (!this.transport) return 0;
    let sent = 0;
    for (const email of await this.outbox.due(this.clock.now(), this.options.batchSize)) {
      if (await this.deliver(email)) sent += 1;
    }
    return sent;
  }

  private async deliver(email: OutboxEmail): Promise<boolean> {
    try {
      await this.transport!.sendMail({
        from: this.options.from,
        to: email.toAddress,
        subject: email.subject,
        text: email.text,
        headers: {
          "X-SciBridge-Email": String(email.id),
          "List-Unsubscribe": `<${email.unsubscribeUrl}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      });
      await this.outbox.markSent(email.id, this.clock.now());
      return true;
    } catch (error) {
      const attempt = email.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      const retryAt =
        attempt >= this.options.maxAttempts
          ? null
          : new Date(this.clock.now().getTime() + retryDelayMs(attempt, this.options));
      await this.outbox.markFailed(email.id, message, retryAt);
      this.logger.warn(
        { emailId: email.id, attempt, err: error },
        retryAt ? "email failed; will retry" : "email given up",
      );
      return false;
    }
  }

  private async bundleDigests(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.digestIntervalMs);
    for (const userId of await this.outbox.usersWithDigestsDue(cutoff)) {
      const recipient = await this.recipients.user(userId);
      const items = await this.outbox.digestItems(userId);
      if (!recipient || items.length === 0) continue;
      await this.outbox.bundle(
        items.map((item) => item.id),
        this.emails.digest(recipient, items),
      );
    }
  }
}
