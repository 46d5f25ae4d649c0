import { z } from "zod";
import { hygienic } from "../../shared/text.schemas.js";

/**
 * One zod schema per import kind, validating a single line of the public import
 * formats (../shared/data/FORMATS.md). JSONL lines and CSV/.xlsx rows all end up here: table
 * rows are first turned from cells into the same JSON shapes (see table-record-mapping.ts), so a
 * rule and its error message exist once.
 *
 * Unknown fields are stripped (z.object's default), optional fields tolerate `null`,
 * strings are trimmed, and every length is capped so one hostile upload cannot fill
 * the database with megabyte-long names.
 */

export const importKinds = ["experts", "technologies", "needs"] as const;
export const importKindSchema = z.enum(importKinds);
export type ImportKind = z.infer<typeof importKindSchema>;

export const importFormatSchema = z.enum(["jsonl", "csv", "xlsx"]);
export type ImportFormat = z.infer<typeof importFormatSchema>;

export const publicationTypes = ["paper", "project", "patent", "output"] as const;
export const needStatuses = ["draft", "open", "in_progress", "solved", "closed"] as const;

const limits = {
  externalId: 100,
  name: 200,
  title: 500,
  shortText: 500,
  freeText: 20_000,
  listItem: 200,
  listLength: 200,
  publications: 1_000,
} as const;

/** `required` reads better than zod's "expected string, received undefined". */
const requiredText = (max: number) =>
  hygienic(z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? "required" : undefined) }))
    .min(1, { error: "required (empty after trimming)" })
    .max(max, { error: `longer than ${max} characters` });

/** Absent, null and blank all mean "no value", stored as the column default "". */
const optionalText = (max: number) =>
  hygienic(z.string())
    .max(max, { error: `longer than ${max} characters` })
    .nullish()
    .transform((value) => value ?? "");

/**
 * Lists keep their order; blanks and exact duplicates are dropped so that
 * `["a", " a ", ""]` and `["a"]` hash and store the same.
 */
const stringList = (itemMax: number = limits.listItem) =>
  z
    .array(hygienic(z.string()).max(itemMax, { error: `an item is longer than ${itemMax} characters` }))
    .max(limits.listLength, { error: `more than ${limits.listLength} items` })
    .nullish()
    .transform((items) => [...new Set((items ?? []).filter((item) => item !== ""))]);

const integerBetween = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const publicationSchema = z.object({
  title: requiredText(limits.title),
  abstract: optionalText(limits.freeText),
  // The source data has many `"year": null`; null stays null, not 0.
  year: integerBetween(1900, 2100)
    .nullish()
    .transform((year) => year ?? null),
  type: z
    .enum(publicationTypes, { error: `expected one of ${publicationTypes.join(", ")}` })
    .nullish()
    .transform((type) => type ?? "paper"),
  keywords: stringList(),
});

/** Private contact details: blank or absent is null (no address), a malformed one rejects the line. */
const optionalEmail = hygienic(z.string())
  .max(254, { error: "longer than 254 characters" })
  .nullish()
  .transform((value) => value?.toLowerCase() || null)
  .refine((value) => value === null || z.email().safeParse(value).success, { error: "not an email address" });
const optionalPhone = hygienic(z.string())
  .max(40, { error: "longer than 40 characters" })
  .nullish()
  .transform((value) => value || null)
  .refine((value) => value === null || /^[0-9+()\-\s]+$/.test(value), { error: "not a phone number" });

export const expertLineSchema = z.object({
  externalId: requiredText(limits.externalId),
  name: requiredText(limits.name),
  organization: optionalText(limits.shortText),
  title: optionalText(limits.listItem),
  region: optionalText(limits.listItem),
  disciplines: stringList(),
  keywords: stringList(),
  bio: optionalText(limits.freeText),
  languages: stringList(35),
  societies: stringList(),
  publications: z
    .array(publicationSchema)
    .max(limits.publications, { error: `more than ${limits.publications} publications` })
    .nullish()
    .transform((items) => items ?? []),
  capacity: integerBetween(0, 100)
    .nullish()
    .transform((capacity) => capacity ?? 3),
  email: optionalEmail,
  phone: optionalPhone,
});

export const technologyLineSchema = z.object({
  externalId: requiredText(limits.externalId),
  title: requiredText(limits.title),
  abstract: optionalText(limits.freeText),
  keywords: stringList(),
  discipline: optionalText(limits.listItem),
  ownerExternalId: optionalText(limits.externalId),
  maturity: integerBetween(1, 9)
    .nullish()
    .transform((maturity) => maturity ?? null),
  transferModes: stringList(),
});

export const needLineSchema = z.object({
  externalId: requiredText(limits.externalId),
  title: requiredText(limits.title),
  description: optionalText(limits.freeText),
  difficulty: optionalText(limits.freeText),
  target: optionalText(limits.freeText),
  discipline: optionalText(limits.listItem),
  industry: optionalText(limits.listItem),
  keywords: stringList(),
  region: optionalText(limits.listItem),
  enterprise: optionalText(limits.shortText),
  track: optionalText(limits.listItem),
  // Absent stays absent: a re-import must not reopen a need the platform has moved on.
  status: z
    .enum(needStatuses, { error: `expected one of ${needStatuses.join(", ")}` })
    .nullish()
    .transform((status) => status ?? null),
  confidential: z
    .boolean({ error: "expected true or false" })
    .nullish()
    .transform((confidential) => confidential ?? false),
});

export type ExpertLine = z.infer<typeof expertLineSchema>;
export type TechnologyLine = z.infer<typeof technologyLineSchema>;
export type NeedLine = z.infer<typeof needLineSchema>;
export type PublicationLine = ExpertLine["publications"][number];

export interface ImportLineByKind {
  experts: ExpertLine;
  technologies: TechnologyLine;
  needs: NeedLine;
}

export const lineSchemaByKind = {
  experts: expertLineSchema,
  technologies: technologyLineSchema,
  needs: needLineSchema,
} as const;

/** `publications[2].year: expected an integer from 1900 to 2100; name: required`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
        .join("");
      return path === "" ? issue.message : `${path}: ${issue.message}`;
    })
    .join("; ");
}
