import { ValidationError } from "../errors.js";
import type { EmailOutboxRepository } from "./email-outbox.repository.js";
import type { EmailRecipients, UnsubscribeTokens } from "./email-recipients.js";
import type { EmailLanguage, EmailPreference, EmailRecipient } from "./email.types.js";

/** A user's email settings (the account page) and unsubscribing from a link in an email. */
export class EmailSettingsService {
  constructor(
    private readonly recipients: EmailRecipients,
    private readonly outbox: EmailOutboxRepository,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  async get(userId: number): Promise<EmailRecipient | null> {
    return this.recipients.user(userId);
  }

  async update(userId: number, settings: { preference?: EmailPreference; language?: EmailLanguage }): Promise<void> {
    await this.recipients.updateSettings(userId, settings);
    const recipient = await this.recipients.user(userId);
    if (settings.preference === "off" && recipient) await this.outbox.discardWaiting(recipient.address);
  }

  /** The address an unsubscribe token stands for; a token not signed here is a 400. */
  addressOf(token: string): string {
    const address = this.tokens.verify(token);
    if (!address) throw new ValidationError("This unsubscribe link is not valid");
    return address;
  }

  /** Follows an unsubscribe link: no more emails to that address, nothing still waiting goes out. */
  async unsubscribe(token: string): Promise<string> {
    const address = this.addressOf(token);
    await this.recipients.unsubscribe(address);
    await this.outbox.discardWaiting(address);
    return address;
  }
}
