import { z } from "zod";
import { publicationTypes } from "../../knowledge/knowledge.types.js";
import { requiredText } from "../../shared/text.schemas.js";
import {
  contactEmail,
  contactPhone,
  integerText,
  longText,
  pagingQuery,
  patchBody,
  queryText,
  recordId,
  repeatable,
  shortText,
  tagList,
  titleText,
} from "../platform/common.schemas.js";

const publicationBody = z.object({
  type: z.enum(publicationTypes).default("paper"),
  title: titleText,
  abstract: longText.default(""),
  year: z.number().int().min(1900).max(2100).nullable().default(null),
  keywords: tagList.default([]),
});

/** The fields without defaults, so that a PATCH leaves out what it does not change. */
const expertFields = {
  name: requiredText(100),
  organization: shortText,
  title: shortText,
  region: shortText,
  disciplines: tagList,
  keywords: tagList,
  bio: longText,
  languages: z.array(requiredText(20).min(2)).max(10),
  capacity: z.number().int().min(0).max(100),
  societyIds: z.array(z.number().int().positive()).max(20),
  publications: z.array(publicationBody).max(500),
  email: contactEmail,
  phone: contactPhone,
};

export const expertBody = z.object({
  ...expertFields,
  organization: expertFields.organization.default(""),
  title: expertFields.title.default(""),
  region: expertFields.region.default(""),
  disciplines: expertFields.disciplines.default([]),
  keywords: expertFields.keywords.default([]),
  bio: expertFields.bio.default(""),
  languages: expertFields.languages.default([]),
  capacity: expertFields.capacity.default(3),
  societyIds: expertFields.societyIds.default([]),
  publications: expertFields.publications.default([]),
  email: expertFields.email.default(null),
  phone: expertFields.phone.default(null),
});
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
  societies: z.array(z.object({ id: z.number().int(), name: z.string() })),
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
    .object({ email: z.string().nullable(), phone: z.string().nullable() })
    .optional()
    .describe("Private: present only for the expert themself and organizers"),
});
export type ExpertResponse = z.infer<typeof expertResponse>;

export const claimLinkResponse = z.object({
  queued: z.literal(true).describe("The email is in the outbox (sent by SMTP, or shown on /organizer/outbox)"),
});
