import { z } from "zod";
import { needStatuses, publicationTypes, transferModes } from "../../knowledge/knowledge.types.js";
import { requiredText, text } from "../../shared/text.schemas.js";
import {
  integerText,
  longText,
  pagingQuery,
  patchBody,
  queryText,
  recordId,
  queryBoolean,
  repeatable,
  shortText,
  tagList,
  titleText,
} from "../platform/common.schemas.js";

// ---- experts
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
});
export type ExpertResponse = z.infer<typeof expertResponse>;

// ---- needs
const needFields = {
  title: titleText.max(200),
  description: longText,
  difficulty: longText,
  target: longText,
  discipline: shortText,
  industry: shortText,
  keywords: tagList,
  region: shortText,
  enterprise: shortText,
  track: text(50).nullable(),
  confidential: z.boolean(),
};

export const needBody = z.object({
  ...needFields,
  description: needFields.description.default(""),
  difficulty: needFields.difficulty.default(""),
  target: needFields.target.default(""),
  discipline: needFields.discipline.default(""),
  industry: needFields.industry.default(""),
  keywords: needFields.keywords.default([]),
  region: needFields.region.default(""),
  enterprise: needFields.enterprise.default(""),
  track: needFields.track.default(null),
  confidential: needFields.confidential.default(false),
  status: z.enum(["draft", "open"]).default("draft"),
});
/** Confidentiality, like every field, changes only when sent: never by omission. */
export const needPatchBody = patchBody(needFields);
export const needStatusBody = z.object({ status: z.enum(needStatuses) });
export const needAccessBody = z.object({ expertId: z.number().int().positive() });
export const needAccessParams = z.object({
  id: recordId,
  expertId: recordId,
});

export const needListQuery = pagingQuery(["createdAt", "updatedAt", "title"], "updatedAt").extend({
  q: queryText.optional(),
  status: repeatable(z.enum(needStatuses)).optional(),
  track: text(50).optional(),
  discipline: repeatable(shortText).optional(),
  region: repeatable(shortText).optional(),
  industry: shortText.optional(),
  mine: queryBoolean.optional(),
  confidential: queryBoolean.optional(),
});

const trackRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

/** A confidential need seen by someone not approved: only what anyone may see. */
export const redactedNeedResponse = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  title: z.string(),
  discipline: z.string(),
  region: z.string(),
  status: z.enum(needStatuses),
  confidential: z.literal(true),
  redacted: z.literal(true),
});

export const fullNeedResponse = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  ownerId: z.number().int().nullable(),
  enterprise: z.string(),
  title: z.string(),
  description: z.string(),
  difficulty: z.string(),
  target: z.string(),
  discipline: z.string(),
  industry: z.string(),
  keywords: z.array(z.string()),
  region: z.string(),
  track: trackRef.nullable(),
  confidential: z.boolean(),
  status: z.enum(needStatuses),
  redacted: z.literal(false),
  editable: z.boolean(),
  approvedExpertIds: z.array(z.number().int()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const needResponse = z.union([fullNeedResponse, redactedNeedResponse]);
export type NeedResponse = z.infer<typeof needResponse>;

// ---- technologies
const technologyFields = {
  title: titleText,
  abstract: longText,
  keywords: tagList,
  discipline: shortText,
  maturity: z.number().int().min(1).max(9).nullable(),
  transferModes: z.array(z.enum(transferModes)).max(transferModes.length),
  ownerId: z.number().int().positive().nullable(),
};

export const technologyBody = z.object({
  ...technologyFields,
  abstract: technologyFields.abstract.default(""),
  keywords: technologyFields.keywords.default([]),
  discipline: technologyFields.discipline.default(""),
  maturity: technologyFields.maturity.default(null),
  transferModes: technologyFields.transferModes.default([]),
  ownerId: technologyFields.ownerId.optional(),
});
export const technologyPatchBody = patchBody(technologyFields);

export const technologyListQuery = pagingQuery(["createdAt", "updatedAt", "title", "maturity"], "updatedAt").extend({
  q: queryText.optional(),
  discipline: repeatable(shortText).optional(),
  ownerId: recordId.optional(),
  maturityMin: integerText(z.number().int().min(1).max(9)).optional(),
  maturityMax: integerText(z.number().int().min(1).max(9)).optional(),
});

export const technologyResponse = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  owner: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  title: z.string(),
  abstract: z.string(),
  keywords: z.array(z.string()),
  discipline: z.string(),
  maturity: z.number().int().nullable(),
  transferModes: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TechnologyResponse = z.infer<typeof technologyResponse>;

// ---- societies and tracks
const societyFields = {
  name: requiredText(100),
  discipline: shortText,
  description: longText.max(5000),
};
export const societyBody = z.object({
  ...societyFields,
  discipline: societyFields.discipline.default(""),
  description: societyFields.description.default(""),
});
export const societyPatchBody = patchBody(societyFields);
export const societyListQuery = pagingQuery(["name"], "name").extend({
  q: queryText.optional(),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export const societyResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  discipline: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
});

const trackFields = {
  code: text(50).regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "Use lowercase letters, digits, - and _"),
  name: requiredText(100),
  description: longText.max(5000),
};
export const trackBody = z.object({ ...trackFields, description: trackFields.description.default("") });
export const trackPatchBody = patchBody(trackFields);
export const trackResponse = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
});
