import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/prisma.js";
import { decodeList } from "../db/list-columns.js";
import {
  emailLanguageOf,
  toEmailLanguage,
  toEmailPreference,
  type EmailLanguage,
  type EmailPreference,
  type EmailRecipient,
} from "./email.types.js";

/**
 * Who receives notification emails and how: an account's address, language and preference;
 * for an imported expert without an account, the profile's address (unless it unsubscribed).
 */
export class EmailRecipients {
  constructor(private readonly db: Db) {}

  async user(userId: number): Promise<EmailRecipient | null> {
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) return null;
    return {
      address: user.email,
      userId: user.id,
      name: user.name,
      language: toEmailLanguage(user.language),
      preference: toEmailPreference(user.emailPreference),
    };
  }

  /** The expert's account, or their imported address; null when neither exists. */
  async expert(expertId: number): Promise<EmailRecipient | null> {
    const expert = await this.db.expert.findUnique({ where: { id: expertId } });
    if (!expert) return null;
    if (expert.userId !== null) return this.user(expert.userId);
    if (!expert.email) return null;
    return this.address(expert.email, expert.name, decodeList(expert.languages));
  }

  async updateSettings(userId: number, settings: { preference?: EmailPreference; language?: EmailLanguage }) {
    await this.db.user.update({
      where: { id: userId },
      data: {
        ...(settings.preference && { emailPreference: settings.preference }),
        ...(settings.language && { language: settings.language }),
      },
    });
  }

  /** Turns emails off for an address: its account's preference, or a suppression when it has none. */
  async unsubscribe(address: string): Promise<void> {
    const user = await this.db.user.findUnique({ where: { email: address }, select: { id: true } });
    if (user) await this.updateSettings(user.id, { preference: "off" });
    else await this.db.emailSuppression.upsert({ where: { address }, create: { address }, update: {} });
  }

  /**
   * An address without an account (an imported expert's), written to in a language of the
   * profile's working languages (emailLanguageOf).
   */
  async address(address: string, name: string, workingLanguages: readonly string[] = []): Promise<EmailRecipient> {
    const suppressed = await this.db.emailSuppression.findUnique({ where: { address } });
    return {
      address,
      userId: null,
      name,
      language: emailLanguageOf(workingLanguages),
      preference: suppressed ? "off" : "instant",
    };
  }
}

/**
 * Unsubscribe links sign the address with the server's secret: they need no sign-in and
 * no stored token, and work for addresses that have no account yet.
 */
export class UnsubscribeTokens {
  constructor(private readonly secret: string) {}

  private mac(address: string): string {
    return createHmac("sha256", this.secret).update(`unsubscribe:${address}`).digest("base64url");
  }

  sign(address: string): string {
    return `${Buffer.from(address).toString("base64url")}.${this.mac(address)}`;
  }

  /** The address a token was signed for, or null when it was not signed here. */
  verify(token: string): string | null {
    const [encoded = "", mac = ""] = token.split(".");
    const address = Buffer.from(encoded, "base64url").toString("utf8");
    const expected = Buffer.from(this.mac(address));
    const actual = Buffer.from(mac);
    return address && actual.length === expected.length && timingSafeEqual(actual, expected) ? address : null;
  }
}
