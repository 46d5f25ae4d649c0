import type { Request } from "express";
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { needStatuses, transferModes } from "../../knowledge/knowledge.types.js";
import { loginBody, registerBody } from "../accounts/accounts.schemas.js";
import { requiredText, text } from "../../shared/text.schemas.js";
import { idParam, recordId } from "./common.schemas.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { expertBody, needBody, technologyBody } from "../experts/experts.schemas.js";
import { createSalonBody } from "../salons/salons.schemas.js";
import { salonVisibilities } from "../../salons/salon.types.js";

/**
 * zod schemas for urlencoded page forms and page queries. Browsers send every field as
 * text: lists are typed as words separated by commas, 、, semicolons or spaces; a checkbox
 * is present or absent; an empty field means "use the default". The API schemas stay the
 * source of the rules; these only adapt form text to them.
 */

/** Splits typed text into distinct terms: `氮化铝，陶瓷基板、烧结; AI` → [氮化铝, 陶瓷基板, 烧结, AI]. */
export function splitTerms(text: string): string[] {
  const terms = text
    .split(/[,，、;；\s\u3000]+/u)
    .map((term) => term.trim())
    .filter((term) => term.length > 0);
  return [...new Set(terms)];
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const asList = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Comma/、/；/space separated text → a list checked by the API's list schema. */
const termsText = <T extends z.ZodType>(list: T) =>
  z.preprocess((value) => (typeof value === "string" ? splitTerms(value) : (value ?? [])), list);

/** A checkbox: present ("on", "1", "true") is true, absent is false. */
const checkbox = z.preprocess((value) => value === "on" || value === "1" || value === "true", z.boolean());

/** A number typed into a text field; empty means "not given". */
const numberText = <T extends z.ZodType>(number: T) =>
  z.preprocess((value) => {
    const given = blankToUndefined(value);
    return typeof given === "string" ? Number(given.trim()) : given;
  }, number);

// ---- accounts
export const loginForm = z.object({
  email: requiredText(254),
  password: loginBody.shape.password.min(1),
  next: text(2000).optional(),
});
export type LoginForm = z.infer<typeof loginForm>;

export const registerForm = registerBody.extend({
  email: z.preprocess((value) => (typeof value === "string" ? value.trim() : value), registerBody.shape.email),
  organizationName: z.preprocess(blankToUndefined, registerBody.shape.organizationName),
});
export type RegisterForm = z.infer<typeof registerForm>;

// ---- needs
export const needEditForm = needBody.omit({ status: true }).extend({
  /** Shown to organizers posting for an enterprise; left out, the need keeps its enterprise. */
  enterprise: z.preprocess(blankToUndefined, text(200).optional()),
  keywords: termsText(needBody.shape.keywords),
  confidential: checkbox,
  track: z.preprocess((value) => blankToUndefined(value) ?? null, needBody.shape.track),
});
export type NeedEditForm = z.infer<typeof needEditForm>;

/** The new-need form has two submit buttons: "保存草稿" (status=draft) and "发布" (status=open). */
export const needForm = needEditForm.extend({ status: z.enum(["draft", "open"]).default("draft") });
export type NeedForm = z.infer<typeof needForm>;

export const needStatusForm = z.object({ status: z.enum(needStatuses) });
export const needAccessForm = z.object({
  expertId: numberText(
    z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
  ),
});

// ---- experts
export const expertForm = expertBody.omit({ publications: true }).extend({
  disciplines: termsText(expertBody.shape.disciplines),
  keywords: termsText(expertBody.shape.keywords),
  languages: termsText(expertBody.shape.languages),
  capacity: numberText(expertBody.shape.capacity),
  societyIds: z.preprocess(
    (value) => asList(value).map((id) => (typeof id === "string" ? Number(id) : id)),
    expertBody.shape.societyIds,
  ),
});
export type ExpertForm = z.infer<typeof expertForm>;

// ---- technologies
export const technologyForm = technologyBody.extend({
  keywords: termsText(technologyBody.shape.keywords),
  maturity: z.preprocess((value) => {
    const given = blankToUndefined(value);
    return given === undefined ? null : typeof given === "string" ? Number(given) : given;
  }, z.number().int().min(1).max(9).nullable()),
  transferModes: z.preprocess(asList, z.array(z.enum(transferModes)).max(transferModes.length)),
  ownerId: numberText(
    z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1)
      .optional(),
  ),
});
export type TechnologyForm = z.infer<typeof technologyForm>;

// ---- list pages (GET filter forms): a bad or empty filter is ignored rather than refused
const filterText = z.preprocess(blankToUndefined, text(100).optional()).catch(undefined);
const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1);

export const needsPageQuery = z.object({
  q: filterText,
  status: z.preprocess(blankToUndefined, z.enum(needStatuses).optional()).catch(undefined),
  track: filterText,
  discipline: filterText,
  region: filterText,
  mine: z.preprocess((value) => value === "1" || value === "true", z.boolean()).catch(false),
  page: pageNumber,
});
export type NeedsPageQuery = z.infer<typeof needsPageQuery>;

export const expertsPageQuery = z.object({
  q: filterText,
  region: filterText,
  discipline: filterText,
  societyId: z
    .preprocess(
      blankToUndefined,
      z.coerce
        .number()
        .int()
        .positive()
        .max(2 ** 31 - 1)
        .optional(),
    )
    .catch(undefined),
  page: pageNumber,
});
export type ExpertsPageQuery = z.infer<typeof expertsPageQuery>;

export const technologiesPageQuery = z.object({
  q: filterText,
  discipline: filterText,
  maturityMin: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(9).optional()).catch(undefined),
  page: pageNumber,
});
export type TechnologiesPageQuery = z.infer<typeof technologiesPageQuery>;

// ---- salons
/** A `datetime-local` field, read as Beijing time (how the pages show times). */
const beijingDateTime = z.preprocess(
  (value) => blankToUndefined(value) ?? null,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .transform((value) => new Date(`${value}:00+08:00`))
    .nullable(),
);

/** Emails typed into a text area, separated by commas, semicolons, spaces or new lines. */
const emailList = z.preprocess(
  (value) => (typeof value === "string" ? splitTerms(value).map((email) => email.toLowerCase()) : []),
  z.array(z.email()).max(500),
);

export const salonForm = z.object({
  title: createSalonBody.shape.title,
  topic: createSalonBody.shape.topic,
  description: createSalonBody.shape.description,
  disciplines: termsText(createSalonBody.shape.disciplines),
  startsAt: beijingDateTime,
  endsAt: beijingDateTime,
  visibility: z.enum(salonVisibilities),
  premoderation: checkbox,
  slowModeSeconds: numberText(z.number().int().min(0).max(600).default(0)),
  handBudgetSeconds: numberText(z.number().int().min(10).max(7200).default(120)),
  moderatorEmails: emailList,
  inviteeEmails: emailList,
});
export type SalonForm = z.infer<typeof salonForm>;

/** The agenda rows (expert id, talk title, minutes), one per speaker; blank rows are skipped. */
export const speakerRowsForm = z
  .object({
    speakerExpertId: z.preprocess(asList, z.array(z.string().trim())),
    speakerTalk: z.preprocess(asList, z.array(text(200))),
    speakerMinutes: z.preprocess(asList, z.array(z.string().trim())),
  })
  .transform((rows) =>
    rows.speakerExpertId.flatMap((expertId, index) =>
      expertId === ""
        ? []
        : [
            {
              expertId: Number(expertId),
              talkTitle: rows.speakerTalk[index] ?? "",
              minutes: Number(rows.speakerMinutes[index] || "10"),
            },
          ],
    ),
  )
  .pipe(
    z
      .array(
        z.object({
          expertId: z
            .number()
            .int()
            .positive()
            .max(2 ** 31 - 1),
          talkTitle: z.string(),
          minutes: z.number().int().min(1).max(120),
        }),
      )
      .max(30),
  );

// ---- parsing helpers
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function messageKeyOf(issue: z.core.$ZodIssue): { key: MessageKey; values?: Record<string, number> } {
  switch (issue.code) {
    case "invalid_type":
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

/** One translated message per field (the first problem found), keyed by the field's name. */
export function fieldErrorsOf(error: z.ZodError, lang: Lang): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "_form");
    if (field in errors) continue;
    const { key, values } = messageKeyOf(issue);
    errors[field] = translate(lang, key, values);
  }
  return errors;
}

export function parseForm<T extends z.ZodType>(schema: T, body: unknown, lang: Lang): FormResult<z.output<T>> {
  const result = schema.safeParse(body ?? {});
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

/** Raw form text to show again when a form is re-rendered with errors. */
export function formText(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").join("、");
  return "";
}

/** Which values of a checkbox group or select were ticked in a submitted form. */
export function formChoices(body: unknown, field: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return asList(value).filter((v): v is string => typeof v === "string");
}

/** Inviting an expert from a need's ranking. */
export const inviteForm = z.object({
  expertId: recordId,
  message: text(2000).default(""),
});

/** An organizer's pin, exclusion or undo on a need's ranking. */
export const curationForm = z.object({
  kind: z.enum(["pin", "exclude", "clear"]),
  note: text(1000).default(""),
});

/** An expert declining an invitation from their inbox. */
export const declineForm = z.object({ reason: requiredText(2000) });
