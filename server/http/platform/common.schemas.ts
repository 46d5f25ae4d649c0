import { z } from "zod";
import { lineReasonCodes } from "../../shared/line-reasons.js";
import { requiredText, text } from "../../shared/text.schemas.js";

/** Query values arrive as a string, an array for a repeated parameter, or nothing. */
export const repeatable = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(50));

/**
 * An integer sent as text (a path or query value): only digits, with an optional sign, are
 * read as a number, so " 1", "1e3", "0x1f" and "" are refused rather than taken for 1, 1000,
 * 31 and 0 (which `z.coerce.number()` would do).
 */
export function integerText<T extends z.ZodType<number | undefined>>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === "string" && /^[+-]?\d+$/.test(value) ? Number(value) : value),
    schema,
  );
}

/** A record id in a path: a positive integer within SQLite's (and JavaScript's) safe range. */
export const recordId = integerText(
  z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
);

export const idParam = z.object({ id: recordId });

export const queryBoolean = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const shortText = text(200);
export const titleText = requiredText(500);
export const longText = text(20_000);
export const tagList = z.array(requiredText(100)).max(50);
/** Free text typed into a search box or filter. */
export const queryText = text(100);

/**
 * A PATCH body: the fields (given without defaults, so nothing is filled in for what is
 * not sent), each optional, at least one of them present.
 */
export function patchBody<const S extends z.ZodRawShape>(fields: S) {
  return z
    .object(fields)
    .partial()
    .refine((body) => Object.keys(body).length > 0, "Send at least one field to change")
    .meta({ minProperties: 1 });
}

export function pagingQuery<const S extends readonly [string, ...string[]]>(sortFields: S, defaultSort: S[number]) {
  return z.object({
    page: integerText(z.number().int().min(1).max(100_000)).default(1),
    pageSize: integerText(z.number().int().min(1).max(100)).default(20),
    sort: z.enum(sortFields).default(defaultSort as never),
    order: z.enum(["asc", "desc"]).default("desc"),
  });
}

export function pageResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** One reason a line of an uploaded file was refused: a stable code with its values, the field, and the message in English. */
export const lineReasonResponse = z.object({
  code: z.enum(lineReasonCodes),
  field: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});

/** A refused line of an event's file (0: the file as a whole): every reason in English, and each with its code. */
export const lineErrorResponse = z.object({
  line: z.number().int(),
  message: z.string(),
  reasons: z.array(lineReasonResponse),
});
