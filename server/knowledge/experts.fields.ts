import { z } from "zod";
import { requiredText, termList, text } from "../shared/text.schemas.js";
import { contactEmail, contactPhone } from "../shared/contact.fields.js";
import { expertLimits, publicationLimits } from "./experts.limits.js";
import { publicationTypes } from "./knowledge.types.js";

/**
 * An expert's fields as zod rules, without defaults: the API bodies (create, PATCH), the
 * edit form and the tests derive their schemas from these with `.pick`/`.extend`; import
 * lines apply the same limits with their own lenient reading (import-records.schemas.ts).
 */
export const publicationFields = {
  type: z.enum(publicationTypes),
  title: requiredText(publicationLimits.title),
  abstract: text(publicationLimits.abstract),
  year: z.number().int().min(publicationLimits.year.min).max(publicationLimits.year.max).nullable(),
  keywords: termList(publicationLimits.keywords),
};

export const publicationSchema = z.object({
  ...publicationFields,
  type: publicationFields.type.default("paper"),
  abstract: publicationFields.abstract.default(""),
  year: publicationFields.year.default(null),
  keywords: publicationFields.keywords.default([]),
});

export const expertFields = {
  name: requiredText(expertLimits.name),
  organization: text(expertLimits.organization),
  title: text(expertLimits.title),
  region: text(expertLimits.region),
  disciplines: termList(expertLimits.terms),
  keywords: termList(expertLimits.terms),
  bio: text(expertLimits.bio),
  languages: z
    .array(requiredText(expertLimits.languages.characters).min(expertLimits.languages.minCharacters))
    .max(expertLimits.languages.items),
  capacity: z.number().int().min(expertLimits.capacity.min).max(expertLimits.capacity.max),
  societyIds: z.array(z.number().int().positive()).max(expertLimits.societies.items),
  publications: z.array(publicationSchema).max(expertLimits.publications),
  email: contactEmail,
  phone: contactPhone,
};
