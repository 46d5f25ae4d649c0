/**
 * zod schemas for urlencoded page forms and page queries. Browsers send every field as
 * text: lists are typed as terms separated by commas, 、, semicolons or line breaks (see
 * splitTerms); a checkbox is present or absent; an empty field means "use the default". The
 * API schemas stay the source of the rules; these only adapt form text to them.
 */

import type { Request } from "express";
import { text } from "../../shared/text.schemas.js";
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { joinList, translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { idParam } from "./common.schemas.js";

/**
 * What separates a list's terms: the list separator of either page language (、 and ", ", how
 * edit forms show a stored list), commas and semicolons of either width, and line breaks. A
 * space is part of a term (machine learning, Mini LED), so a list of two or more terms shown on
 * a form in either language is read back as the same terms.
 */
const termSeparators = /[,，、;；\r\n]+/u;
/** Text with none of those may list Chinese terms with spaces between them (膜分离 催化). */
const spacesBetweenChinese = /(?<=\p{Script=Han})\s+(?=\p{Script=Han})/u;
/** Emails hold no spaces: a list of them may also be separated by spaces. */
const emailSeparators = /[,，、;；\s]+/u;

function distinctParts(text: string, separators: RegExp): string[] {
  const parts = text
    .split(separators)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return [...new Set(parts)];
}

/**
 * Splits typed text into distinct terms: `氮化铝，陶瓷基板、烧结; machine learning` → [氮化铝,
 * 陶瓷基板, 烧结, machine learning], `膜分离 催化` → [膜分离, 催化], `Mini LED` → [Mini LED].
 */
export function splitTerms(text: string): string[] {
  return distinctParts(text, termSeparators.test(text) ? termSeparators : spacesBetweenChinese);
}

/** Splits typed emails, separated as terms are or by spaces, into distinct addresses. */
export function splitEmails(text: string): string[] {
  return distinctParts(text, emailSeparators);
}

export const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;
export const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Comma/、/；/line-break separated text → a list checked by the API's list schema. */
export const termsText = <T extends z.ZodType>(list: T) =>
  z.preprocess((value) => (typeof value === "string" ? splitTerms(value) : (value ?? [])), list);

/** A checkbox: present ("on", "1", "true") is true, absent is false. */
export const checkbox = z.preprocess((value) => value === "on" || value === "1" || value === "true", z.boolean());

/** A number typed into a text field; empty means "not given". */
export const numberText = <T extends z.ZodType>(number: T) =>
  z.preprocess((value) => {
    const given = blankToUndefined(value);
    return typeof given === "string" ? Number(given.trim()) : given;
  }, number);

// ---- list pages (GET filter forms): a bad or empty filter is ignored rather than refused
/** How much of a list page's keyword or filter box is used: its inputs' maxlength, and where longer text is cut. */
export const filterMaxLength = 100;

/** The first `max` UTF-16 units of `value`, never cutting a character in two. */
function clipped(value: string, max: number): string {
  if (value.length <= max) return value;
  const lastKept = value.charCodeAt(max - 1);
  return value.slice(0, lastKept >= 0xd800 && lastKept <= 0xdbff ? max - 1 : max);
}

/**
 * A filter box's text: blank is no filter; longer text than fits (a pasted paragraph, a link
 * made elsewhere) is cut to what the box holds, which the page shows again, rather than
 * dropped, which would list everything under a box emptied of what was asked.
 */
export const filterText = z
  .preprocess(
    (value) => blankToUndefined(typeof value === "string" ? clipped(value, filterMaxLength) : value),
    text(filterMaxLength).optional(),
  )
  .catch(undefined);
export const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1);

// ---- parsing helpers
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function messageKeyOf(issue: z.core.$ZodIssue): { key: MessageKey; values?: Record<string, number> } {
  switch (issue.code) {
    case "invalid_type":
      // zod reports a fraction where a whole number is expected (a year of 2020.5) as the type "int".
      if (issue.expected === "int") return { key: "form.error.integer" };
      return { key: issue.expected === "number" ? "form.error.number" : "form.error.required" };
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string")
        return min <= 1 ? { key: "form.error.required" } : { key: "form.error.tooShort", values: { min } };
      return { key: "form.error.tooSmall", values: { min } };
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return { key: "form.error.tooLong", values: { max } };
      if (issue.origin === "array") return { key: "form.error.tooMany", values: { max } };
      return { key: "form.error.tooBig", values: { max } };
    }
    case "invalid_format":
      return { key: issue.format === "email" ? "form.error.email" : "form.error.invalid" };
    case "invalid_value":
      return { key: "form.error.choose" };
    default:
      return { key: "form.error.invalid" };
  }
}

/**
 * One translated message per field (the first problem found), keyed by the field's name. A
 * field of repeated rows (`publications[2].title`) also gets one message per row input, keyed
 * `publications.2.title`, and names the first row in error under its own name.
 */
export function fieldErrorsOf(error: z.ZodError, lang: Lang): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const [first, row, part] = issue.path;
    const field = String(first ?? "_form");
    const { key, values } = messageKeyOf(issue);
    if (typeof row === "number" && typeof part === "string") {
      errors[`${field}.${row}.${part}`] ??= translate(lang, key, values);
      errors[field] ??= translate(lang, "form.error.inRow", { row: row + 1 });
      continue;
    }
    errors[field] ??= translate(lang, key, values);
  }
  return errors;
}

/** Browsers send a textarea's line breaks as CRLF (HTML's form encoding); text is stored with LF. */
function withUnixLineBreaks(body: unknown): unknown {
  if (body === null || typeof body !== "object") return body;
  const lf = (value: unknown) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n") : value);
  return Object.fromEntries(
    Object.entries(body).map(([name, value]) => [name, Array.isArray(value) ? value.map(lf) : lf(value)]),
  );
}

export function parseForm<T extends z.ZodType>(schema: T, body: unknown, lang: Lang): FormResult<z.output<T>> {
  const result = schema.safeParse(withUnixLineBreaks(body ?? {}));
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrorsOf(result.error, lang) };
}

/** A numeric id in the page URL (`:id` unless named); anything else is a page that does not exist. */
export function pageId(req: Request, param = "id"): number {
  const parsed = idParam.safeParse({ id: req.params[param] });
  if (!parsed.success) throw new NotFoundError("Page");
  return parsed.data.id;
}

/**
 * Where to go after signing in: only a same-site relative path (`/needs?mine=1`), never
 * `//evil.example`, `/\evil.example`, an absolute URL or anything with control characters.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  const resolved = new URL(value, "http://scibridge.invalid");
  return resolved.origin === "http://scibridge.invalid"
    ? `${resolved.pathname}${resolved.search}${resolved.hash}`
    : null;
}

/**
 * Raw form text to show again when a form is re-rendered with errors. A field sent several times
 * (a list's items, one each) is joined with the page's list separator, which the list fields read
 * back as the same items; pass the page's language for any field that can be a list (fields that
 * never are, sent twice, show their values joined by a comma).
 */
export function formText(body: unknown, field: string, lang?: Lang): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const items = value.filter((v): v is string => typeof v === "string");
    return lang ? joinList(lang, items) : items.join(", ");
  }
  return "";
}

/** Which values of a checkbox group or select were ticked in a submitted form. */
export function formChoices(body: unknown, field: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return asList(value).filter((v): v is string => typeof v === "string");
}
