import { z } from "zod";
import { reasonCheck } from "./line-reasons.js";

/**
 * Text hygiene for every string that arrives from outside (HTTP bodies, queries, forms,
 * socket payloads), applied once here so that no field can forget it.
 */

/**
 * A UTF-16 surrogate without its partner: JSON can carry one (`"\ud800"`), but it is no
 * character, and the database driver and text analysis fail on it.
 */
const loneSurrogate = /\p{Cs}/u;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make
 * text display in another order than it is stored, which spoofs names, titles and links.
 */
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/g;

/** Control characters other than tab, line feed and carriage return (NUL, escape, C1…). */
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Text that shows nothing: white space, format characters (zero-width space and joiners,
 * byte order mark, direction marks…) and other default-ignorable code points (fillers).
 */
const nothingVisible = /^[\s\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

export const loneSurrogateMessage = "Contains a lone UTF-16 surrogate (\\uD800–\\uDFFF), which is not valid text";
export const invisibleTextMessage = "Enter some visible text";

export function isWellFormed(value: string): boolean {
  return !loneSurrogate.test(value);
}

/** Drops bidirectional overrides and control characters and trims; text that shows nothing becomes "". */
export function cleanText(value: string): string {
  const cleaned = value.replace(bidiControls, "").replace(controlCharacters, "").trim();
  return nothingVisible.test(cleaned) ? "" : cleaned;
}

/** Refuses a string that is not well-formed: checked first, nothing else runs on such a string. */
export function wellFormed<T extends z.ZodString>(schema: T): T {
  // The message stays the one API clients know; the reason's code names it in file reports.
  return schema.refine(isWellFormed, {
    message: loneSurrogateMessage,
    params: reasonCheck("lone_surrogate").params,
    abort: true,
  });
}

/** A string kept exactly as sent (a password, a token), but only if it is well-formed. */
export function wellFormedString() {
  return wellFormed(z.string());
}

/** Well-formed and cleaned (see cleanText): what every text field people type goes through. */
export function hygienic<T extends z.ZodString>(schema: T): T {
  return wellFormed(schema).overwrite((value) => cleanText(value) as z.output<T>);
}

/** Text people typed: hygienic, at most `max` UTF-16 units. */
export function text(max: number) {
  return hygienic(z.string()).max(max);
}

/** Like `text`, and something visible must remain once it is cleaned. */
export function requiredText(max: number, message = invisibleTextMessage) {
  return text(max).min(1, message);
}

/** A list of short terms people typed (keywords, disciplines): each visible, at most `characters` long. */
export function termList(limits: { items: number; characters: number }) {
  return z.array(requiredText(limits.characters)).max(limits.items);
}
