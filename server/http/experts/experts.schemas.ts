import { z } from "zod";
import { expertFields } from "../../knowledge/experts.fields.js";
import { expertLimits } from "../../knowledge/experts.limits.js";
import { publicationTypes } from "../../knowledge/knowledge.types.js";
import {
  integerText,
  pagingQuery,
  patchBody,
  queryText,
  recordId,
  repeatable,
  shortText,
} from "../platform/common.schemas.js";

export const expertBody = z.object({
  ...expertFields,
  organization: expertFields.organization.default(""),
  title: expertFields.title.default(""),
  region: expertFields.region.default(""),
  disciplines: expertFields.disciplines.default([]),
  keywords: expertFields.keywords.default([]),
  bio: expertFields.bio.default(""),
  languages: expertFields.languages.default([]),
  capacity: expertFields.capacity.default(expertLimits.capacity.default),
  societyIds: expertFields.societyIds.default([]),
  publications: expertFields.publications.default([]),
  email: expertFields.email.default(null),
  phone: expertFields.phone.default(null),
});
/** The fields without defaults, so that a PATCH leaves out what it does not change. */
export const expertPatchBody = patchBody(expertFields);

export const expertListQuery = pagingQuery(["name", "createdAt", "updatedAt"], "updatedAt").extend({
  q: queryText.optional(),
  region: repeatable(shortText).optional(),
  discipline: repeatable(shortText).optional(),
  keyword: shortText.optional(),
  societyId: recordId.optional(),
  language: shortText.optional(),
});

/** What a person picker sends while someone types a name. */
export const expertSuggestQuery = z.strictObject({
  q: queryText,
  limit: integerText(z.number().int().min(1).max(20)).default(8),
});

/** One choice of a person picker: enough to tell two namesakes apart, nothing private. */
export const expertSuggestResponse = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      title: z.string(),
      organization: z.string(),
      region: z.string(),
    }),
  ),
});

export const expertResponse = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  userId: z.number().int().nullable(),
  name: z.string(),
  organization: z.string(),
  title: z.string(),
  region: z.string(),
  disciplines: z.array(z.string()),
  keywords: z.array(z.string()),
  bio: z.string(),
  languages: z.array(z.string()),
  capacity: z.number().int(),
  societies: z.array(z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() })),
  publications: z.array(
    z.object({
      type: z.enum(publicationTypes),
      title: z.string(),
      abstract: z.string(),
      year: z.number().int().nullable(),
      keywords: z.array(z.string()),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  contact: z
    .object({
      email: z.string().nullable(),
      phone: z.string().nullable(),
      accountEmail: z
        .string()
        .nullable()
        .describe("The account's sign-in address: an accepted engagement shows it when `email` is blank"),
    })
    .optional()
    .describe("Private: present only for the expert themself and organizers"),
});
export type ExpertResponse = z.infer<typeof expertResponse>;

export const claimLinkResponse = z.object({
  queued: z.literal(true).describe("The email is in the outbox (sent by SMTP, or shown on /organizer/outbox)"),
});
