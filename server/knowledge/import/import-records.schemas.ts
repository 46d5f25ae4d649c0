import { z } from "zod";
import { reasonCheck } from "../../shared/line-reasons.js";
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
 * is more lenient than the API's (null, blanks and repeated list items are tolerated). zod's own
 * issues (missing, too long, not a list…) become the report's reasons in one place
 * (shared/line-reasons.ts); rules of our own name their reason with `reasonCheck`.
 */

export const importKinds = ["experts", "technologies", "needs"] as const;
export const importKindSchema = z.enum(importKinds);
export type ImportKind = z.infer<typeof importKindSchema>;

export const importFormatSchema = z.enum(["jsonl", "csv", "xlsx"]);
export type ImportFormat = z.infer<typeof importFormatSchema>;

/** Absent, null or blank once trimmed: each is reported as "required". */
const requiredText = (max: number) => hygienic(z.string()).min(1).max(max);

/** Absent, null and blank all mean "no value", stored as the column default "". */
const optionalText = (max: number) =>
  hygienic(z.string())
    .max(max)
    .nullish()
    .transform((value) => value ?? "");

/**
 * Lists keep their order; blanks and exact duplicates are dropped so that
 * `["a", " a ", ""]` and `["a"]` hash and store the same.
 */
const stringList = ({ items, characters }: { items: number; characters: number }) =>
  z
    .array(hygienic(z.string()).max(characters))
    .max(items)
    .nullish()
    .transform((items) => [...new Set((items ?? []).filter((item) => item !== ""))]);

/** One reason for anything but a whole number in range (text, a fraction, too large), naming the range. */
const integerBetween = (min: number, max: number) =>
  z.custom<number>(
    (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
    reasonCheck("integer_range", { min, max }),
  );

const publicationSchema = z.object({
  title: requiredText(publicationLimits.title),
  abstract: optionalText(publicationLimits.abstract),
  // The source data has many `"year": null`; null stays null, not 0.
  year: integerBetween(publicationLimits.year.min, publicationLimits.year.max)
    .nullish()
    .transform((year) => year ?? null),
  type: z
    .enum(publicationTypes)
    .nullish()
    .transform((type) => type ?? "paper"),
  keywords: stringList(publicationLimits.keywords),
});

/** Private contact details: blank or absent is null (no address), a malformed one rejects the line. */
const optionalEmail = hygienic(z.string())
  .max(expertLimits.email)
  .nullish()
  .transform((value) => value?.toLowerCase() || null)
  .refine((value) => value === null || z.email().safeParse(value).success, reasonCheck("email"));
const optionalPhone = hygienic(z.string())
  .max(expertLimits.phone)
  .nullish()
  .transform((value) => value || null)
  .refine((value) => value === null || /^[0-9+()\-\s]+$/.test(value), reasonCheck("phone"));

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
    .max(expertLimits.publications)
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
          ...reasonCheck("unknown_transfer_mode", { name, modes: transferModeExamples }),
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
    .enum(needStatuses)
    .nullish()
    .transform((status) => status ?? null),
  confidential: z
    .boolean()
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
