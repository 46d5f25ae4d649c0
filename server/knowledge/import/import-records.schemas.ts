import { z } from "zod";
import { hygienic } from "../../shared/text.schemas.js";
import { expertLimits, publicationLimits } from "../experts.limits.js";
import { needStatuses, publicationTypes } from "../knowledge.types.js";
import { needLimits } from "../needs.limits.js";
import { technologyLimits } from "../technologies.limits.js";
import { splitTransferModeNames, transferModeExamples, transferModeOf } from "../transfer-modes.js";

/**
 * One zod schema per import kind, validating a single line of the public import
 * formats (../shared/data/FORMATS.md). JSONL lines and CSV/.xlsx rows all end up here: table
 * rows are first turned from cells into the same JSON shapes (see table-record-mapping.ts), so a
 * rule and its error message exist once.
 *
 * Unknown fields are stripped (z.object's default), optional fields tolerate `null`,
 * strings are trimmed, and every length is capped so one hostile upload cannot fill
 * the database with megabyte-long names. The caps are the entities' own limits tables
 * (experts.limits.ts, needs.limits.ts, technologies.limits.ts), the ones the API and the
 * forms apply, so that an imported record can always be saved back unchanged. The reading
 * is more lenient than the API's (null, blanks and repeated list items are tolerated) and
 * the messages are the stable English forms of the import report (import-reasons.ts).
 */

export const importKinds = ["experts", "technologies", "needs"] as const;
export const importKindSchema = z.enum(importKinds);
export type ImportKind = z.infer<typeof importKindSchema>;

export const importFormatSchema = z.enum(["jsonl", "csv", "xlsx"]);
export type ImportFormat = z.infer<typeof importFormatSchema>;

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
const stringList = ({ items, characters }: { items: number; characters: number }) =>
  z
    .array(hygienic(z.string()).max(characters, { error: `an item is longer than ${characters} characters` }))
    .max(items, { error: `more than ${items} items` })
    .nullish()
    .transform((items) => [...new Set((items ?? []).filter((item) => item !== ""))]);

const integerBetween = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const publicationSchema = z.object({
  title: requiredText(publicationLimits.title),
  abstract: optionalText(publicationLimits.abstract),
  // The source data has many `"year": null`; null stays null, not 0.
  year: integerBetween(publicationLimits.year.min, publicationLimits.year.max)
    .nullish()
    .transform((year) => year ?? null),
  type: z
    .enum(publicationTypes, { error: `expected one of ${publicationTypes.join(", ")}` })
    .nullish()
    .transform((type) => type ?? "paper"),
  keywords: stringList(publicationLimits.keywords),
});

/** Private contact details: blank or absent is null (no address), a malformed one rejects the line. */
const optionalEmail = hygienic(z.string())
  .max(expertLimits.email, { error: `longer than ${expertLimits.email} characters` })
  .nullish()
  .transform((value) => value?.toLowerCase() || null)
  .refine((value) => value === null || z.email().safeParse(value).success, { error: "not an email address" });
const optionalPhone = hygienic(z.string())
  .max(expertLimits.phone, { error: `longer than ${expertLimits.phone} characters` })
  .nullish()
  .transform((value) => value || null)
  .refine((value) => value === null || /^[0-9+()\-\s]+$/.test(value), { error: "not a phone number" });

export const expertLineSchema = z.object({
  externalId: requiredText(expertLimits.externalId),
  name: requiredText(expertLimits.name),
  organization: optionalText(expertLimits.organization),
  title: optionalText(expertLimits.title),
  region: optionalText(expertLimits.region),
  disciplines: stringList(expertLimits.terms),
  keywords: stringList(expertLimits.terms),
  bio: optionalText(expertLimits.bio),
  languages: stringList(expertLimits.languages),
  societies: stringList(expertLimits.societies),
  publications: z
    .array(publicationSchema)
    .max(expertLimits.publications, { error: `more than ${expertLimits.publications} publications` })
    .nullish()
    .transform((items) => items ?? []),
  capacity: integerBetween(expertLimits.capacity.min, expertLimits.capacity.max)
    .nullish()
    .transform((capacity) => capacity ?? expertLimits.capacity.default),
  email: optionalEmail,
  phone: optionalPhone,
});

export const technologyLineSchema = z.object({
  externalId: requiredText(technologyLimits.externalId),
  title: requiredText(technologyLimits.title),
  abstract: optionalText(technologyLimits.abstract),
  keywords: stringList(technologyLimits.terms),
  discipline: optionalText(technologyLimits.discipline),
  ownerExternalId: optionalText(technologyLimits.ownerExternalId),
  maturity: integerBetween(technologyLimits.maturity.min, technologyLimits.maturity.max)
    .nullish()
    .transform((maturity) => maturity ?? null),
  // Named freely in files (许可, 技術轉讓, Licensing…), stored as the codes the API and the forms
  // use, so that an imported technology can be edited and saved back unchanged.
  transferModes: stringList(technologyLimits.transferModes).transform((names, context) => {
    const modes = splitTransferModeNames(names).map((name) => ({ name, mode: transferModeOf(name) }));
    for (const { name, mode } of modes) {
      if (mode === null)
        context.addIssue({
          code: "custom",
          message: `"${name}" is not a transfer mode (expected ${transferModeExamples})`,
        });
    }
    return [...new Set(modes.flatMap(({ mode }) => (mode === null ? [] : [mode])))];
  }),
});

export const needLineSchema = z.object({
  externalId: requiredText(needLimits.externalId),
  title: requiredText(needLimits.title),
  description: optionalText(needLimits.description),
  difficulty: optionalText(needLimits.difficulty),
  target: optionalText(needLimits.target),
  discipline: optionalText(needLimits.discipline),
  industry: optionalText(needLimits.industry),
  keywords: stringList(needLimits.terms),
  region: optionalText(needLimits.region),
  enterprise: optionalText(needLimits.enterprise),
  track: optionalText(needLimits.track.codeOrName),
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
