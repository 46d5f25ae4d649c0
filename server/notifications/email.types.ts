import { languageCodeOf } from "../shared/working-languages.js";

/** How notification emails reach a user: at once, bundled once a day, or not at all. */
export const emailPreferences = ["instant", "daily", "off"] as const;
export type EmailPreference = (typeof emailPreferences)[number];

/** The languages emails are written in (the pages' languages). */
export const emailLanguages = ["zh-CN", "en"] as const;
export type EmailLanguage = (typeof emailLanguages)[number];

export function toEmailLanguage(value: string): EmailLanguage {
  return (emailLanguages as readonly string[]).includes(value) ? (value as EmailLanguage) : "zh-CN";
}

/**
 * The language to write to an imported expert who has no account (so no chosen language) in,
 * from the working languages of their profile (BCP 47 codes, most fluent first): the first of
 * Chinese (any script) or English listed; English when only other languages are listed (an
 * expert who reads neither is likelier to read English); Chinese when none are.
 */
export function emailLanguageOf(workingLanguages: readonly string[]): EmailLanguage {
  const tags = workingLanguages
    // A profile imported or sent through the API may name its languages (English, 英语).
    .map((language) => languageCodeOf(language).toLowerCase())
    .filter((code) => /^[a-z]{2,3}(-|$)/.test(code));
  for (const tag of tags) {
    if (/^zh(-|$)/.test(tag)) return "zh-CN";
    if (/^en(-|$)/.test(tag)) return "en";
  }
  return tags.length > 0 ? "en" : "zh-CN";
}

export function toEmailPreference(value: string): EmailPreference {
  return (emailPreferences as readonly string[]).includes(value) ? (value as EmailPreference) : "instant";
}

export const emailKinds = [
  "claim_link",
  "invitation_received",
  "invitation_answered",
  "question_forwarded",
  "salon_starting",
  "engagement_message",
  "suggestion_digest",
  "daily_digest",
] as const;
export type EmailKind = (typeof emailKinds)[number];

/** Whom an email goes to: an account, or an imported expert's address before they have one. */
export interface EmailRecipient {
  address: string;
  userId: number | null;
  name: string;
  language: EmailLanguage;
  preference: EmailPreference;
}

/**
 * `pending` waits for the worker; `digest` waits for the recipient's daily digest, which
 * `bundled` it; `sent` and `failed` (out of attempts) are final.
 */
export type EmailStatus = "pending" | "digest" | "bundled" | "sent" | "failed";

/** A rendered email, ready for the outbox. */
export interface OutgoingEmail {
  kind: EmailKind;
  toAddress: string;
  toUserId: number | null;
  language: EmailLanguage;
  subject: string;
  text: string;
  link: string;
  unsubscribeUrl: string;
  status: Extract<EmailStatus, "pending" | "digest">;
}

/** An outbox row as the outbox page and the worker see it. */
export interface OutboxEmail extends Omit<OutgoingEmail, "status"> {
  id: number;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}
