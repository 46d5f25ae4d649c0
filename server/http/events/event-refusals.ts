import { AppError } from "../../errors.js";
import { eventStatuses, type EventKind } from "../../events/events.types.js";
import {
  allMessageKeys,
  isMessageKey,
  joinList,
  messageOf,
  translate,
  type Lang,
  type Message,
} from "../i18n/translate.js";
import { eventStatusLabel, sentenceWords } from "./events.view-models.js";

/**
 * A refusal of the events domain (a `conflict` or `validation_failed` thrown in server/events) in
 * the page's language. The domain's English message is for the JSON API and its integrators;
 * pages word a refusal from its `details.reason` instead: `events.refusal.<reason>` in the locale
 * files, filled with the details' other fields. A field naming an event's status is shown by its
 * label (`events.status.<status>`), a list is joined the page's way. A reason without an entry, a
 * refusal without a reason, or one whose details lack a value its text names shows its message
 * as it is. A text names the two sides as the event's kind does (`{need}`, `{expert}`,
 * `{enterprise}`: 需求/专家/企业 at a matchmaking fair, 提名/评审专家/提名单位 on a review panel).
 */
const refusalKeyPrefix = "events.refusal.";

/** The details' fields that name an event's status (need_not_open's `status` is its need's: no text names it). */
const statusFields = ["status", "from", "to", "allowed"];

type DetailValue = string | number;

/** A refusal the page words and shows beside the form (409 or 400), not an error page. */
export function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === "conflict" || error.code === "validation_failed");
}

/** The reason a refusal gives (`details.reason`), for a page that answers one reason its own way. */
export function refusalReason(error: AppError): string | undefined {
  const { reason } = detailsOf(error);
  return typeof reason === "string" ? reason : undefined;
}

/** The status a page answers a refusal with, as the API does: 409 for a conflict, 400 for bad input. */
export function refusalStatus(error: AppError): number {
  return error.code === "conflict" ? 409 : 400;
}

export function refusalText(lang: Lang, error: AppError, kind: EventKind): string {
  const details = detailsOf(error);
  const key = `${refusalKeyPrefix}${String(details.reason)}`;
  if (typeof details.reason !== "string" || !isMessageKey(key)) return error.message;
  const values: Record<string, DetailValue> = { ...sentenceWords(lang, kind) };
  for (const [field, value] of Object.entries(details)) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    if (!items.every((item): item is DetailValue => typeof item === "string" || typeof item === "number")) continue;
    const shown = items.map((item) => (statusFields.includes(field) ? eventStatusLabel(lang, String(item)) : item));
    values[field] = shown.length === 1 ? shown[0]! : joinList(lang, shown.map(String));
  }
  const message = messageOf(lang, key);
  const forms = typeof message === "string" ? [message] : Object.values(message);
  const named = forms.flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!));
  return named.every((name) => Object.hasOwn(values, name)) ? translate(lang, key, values) : error.message;
}

/**
 * What a page's script needs to word the API's refusals the same way in the browser: each
 * reason's text (the sides already named as the event's kind names them), the status labels,
 * which fields name a status, and the list separator.
 */
export function refusalTextsForScript(
  lang: Lang,
  kind: EventKind,
): {
  texts: Record<string, Message>;
  statuses: Record<string, string>;
  statusFields: string[];
  separator: string;
} {
  const keys = allMessageKeys().filter((key) => key.startsWith(refusalKeyPrefix));
  return {
    texts: Object.fromEntries(
      keys.map((key) => [
        key.slice(refusalKeyPrefix.length),
        withSides(messageOf(lang, key), sentenceWords(lang, kind)),
      ]),
    ),
    statuses: Object.fromEntries(eventStatuses.map((status) => [status, eventStatusLabel(lang, status)])),
    statusFields,
    separator: translate(lang, "common.listSeparator"),
  };
}

/** A text (every plural form of it) with its `{need}`, `{expert}` and `{enterprise}` filled in; other placeholders stay. */
function withSides(message: Message, words: Record<string, string>): Message {
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(words, name) ? words[name]! : whole));
  if (typeof message === "string") return fill(message);
  return Object.fromEntries(Object.entries(message).map(([form, text]) => [form, fill(text)])) as Message;
}

function detailsOf(error: AppError): Record<string, unknown> {
  const { details } = error;
  return typeof details === "object" && details !== null && !Array.isArray(details)
    ? (details as Record<string, unknown>)
    : {};
}
