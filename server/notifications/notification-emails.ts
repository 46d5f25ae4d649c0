import type { EmailTemplates } from "./email-templates.js";
import type { UnsubscribeTokens } from "./email-recipients.js";
import type { EmailKind, EmailLanguage, EmailRecipient, OutgoingEmail } from "./email.types.js";

/**
 * Renders one notification email for one recipient, honouring their preference: nothing
 * when they turned emails off, a digest entry when they chose the daily digest. Links are
 * absolute (PUBLIC_URL), since they are followed from a mail client.
 */
export class NotificationEmails {
  constructor(
    private readonly templates: EmailTemplates,
    private readonly unsubscribe: UnsubscribeTokens,
    private readonly publicUrl: string,
  ) {}

  /**
   * The absolute address of a path on this service; with a language, the page opens in it (and
   * remembers it), so an email in English leads to English pages whatever the browser prefers.
   */
  url(path: string, language?: EmailLanguage): string {
    const url = new URL(path, this.publicUrl);
    if (language) url.searchParams.set("lang", language);
    return url.toString();
  }

  compose(
    kind: EmailKind,
    recipient: EmailRecipient | null,
    values: Record<string, unknown>,
    path: string,
    /** The recipient asked for this very email (a claim link on registering): preferences do not apply. */
    { requested = false } = {},
  ): OutgoingEmail | null {
    if (!recipient) return null;
    if (recipient.preference === "off" && !requested) return null;
    const link = this.url(path, recipient.language);
    const unsubscribeUrl = this.url(
      `/unsubscribe?token=${this.unsubscribe.sign(recipient.address)}`,
      recipient.language,
    );
    const { subject, text } = this.templates.render(
      kind,
      recipient.language,
      { name: recipient.name, ...values, link },
      unsubscribeUrl,
    );
    return {
      kind,
      toAddress: recipient.address,
      toUserId: recipient.userId,
      language: recipient.language,
      subject,
      text,
      link,
      unsubscribeUrl,
      status: recipient.preference === "daily" && !requested && kind !== "claim_link" ? "digest" : "pending",
    };
  }

  /** One email listing what waited for a user's daily digest. */
  digest(recipient: EmailRecipient, items: readonly { subject: string; link: string }[]): OutgoingEmail {
    return this.compose(
      "daily_digest",
      { ...recipient, preference: "instant" },
      { items, count: items.length, one: items.length === 1 },
      "/inbox",
    )!;
  }
}
