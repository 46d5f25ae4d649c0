import type { EmailPreference, EmailStatus, OutboxEmail } from "../../notifications/email.types.js";
import { translate, type Lang } from "../i18n/translate.js";
import { formatDateTime } from "../layout/page-parts.view-models.js";

export function preferenceOptions(lang: Lang, selected: EmailPreference) {
  return (["instant", "daily", "off"] as const).map((value) => ({
    value,
    label: translate(lang, `emailSettings.preference.${value}`),
    checked: value === selected,
  }));
}

export interface OutboxRow {
  id: number;
  to: string;
  subject: string;
  kind: string;
  link: string;
  status: EmailStatus;
  statusLabel: string;
  attempts: number;
  lastError: string | null;
  created: string;
  sent: string;
  text: string;
}

export function presentOutboxRow(lang: Lang, email: OutboxEmail): OutboxRow {
  return {
    id: email.id,
    to: email.toAddress,
    subject: email.subject,
    kind: email.kind,
    link: email.link,
    status: email.status,
    statusLabel: translate(lang, `outbox.status.${email.status}`),
    attempts: email.attempts,
    lastError: email.lastError,
    created: formatDateTime(lang, email.createdAt),
    sent: email.sentAt ? formatDateTime(lang, email.sentAt) : "",
    text: email.text,
  };
}
