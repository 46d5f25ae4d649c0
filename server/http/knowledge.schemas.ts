import { z } from "zod";
import { needStatuses, publicationTypes, transferModes } from "../knowledge/knowledge.types.js";
import { longText, pagingQuery, queryBoolean, repeatable, shortText, tagList, titleText } from "./common.schemas.js";

// ---- experts
const publicationBody = z.object({
  type: z.enum(publicationTypes).default("paper"),
  title: titleText,
  abstract: longText.default(""),
  year: z.number().int().min(1900).max(2100).nullable().default(null),
  keywords: tagList.default([]),
});

export const expertBody = z.object({
  name: z.string().trim().min(1).max(100),
  organization: shortText.default(""),
  title: shortText.default(""),
  region: shortText.default(""),
  disciplines: tagList.default([]),
  keywords: tagList.default([]),
  bio: longText.default(""),
  languages: z.array(z.string().trim().min(2).max(20)).max(10).default([]),
  capacity: z.number().int().min(0).max(100).default(3),
  societyIds: z.array(z.number().int().positive()).max(20).default([]),
  publications: z.array(publicationBody).max(500).default([]),
});
export const expertPatchBody = expertBody.partial();

export const expertListQuery = pagingQuery(["name", "createdAt", "updatedAt"], "updatedAt").extend({
  q: z.string().trim().max(100).optional(),
  region: repeatable(shortText).optional(),
  discipline: repeatable(shortText).optional(),
  keyword: shortText.optional(),
  societyId: z.coerce.number().int().positive().optional(),
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
export const needBody = z.object({
  title: titleText.max(200),
  description: longText.default(""),
  difficulty: longText.default(""),
  target: longText.default(""),
  discipline: shortText.default(""),
  industry: shortText.default(""),
  keywords: tagList.default([]),
  region: shortText.default(""),
  enterprise: shortText.default(""),
  track: z.string().trim().max(50).nullable().default(null),
  confidential: z.boolean().default(false),
  status: z.enum(["draft", "open"]).default("draft"),
});
export const needPatchBody = needBody.omit({ status: true }).partial();
export const needStatusBody = z.object({ status: z.enum(needStatuses) });
export const needAccessBody = z.object({ expertId: z.number().int().positive() });
export const needAccessParams = z.object({
  id: z.coerce.number().int().positive(),
  expertId: z.coerce.number().int().positive(),
});

export const needListQuery = pagingQuery(["createdAt", "updatedAt", "title"], "updatedAt").extend({
  q: z.string().trim().max(100).optional(),
  status: repeatable(z.enum(needStatuses)).optional(),
  track: z.string().trim().max(50).optional(),
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
export const technologyBody = z.object({
  title: titleText,
  abstract: longText.default(""),
  keywords: tagList.default([]),
  discipline: shortText.default(""),
  maturity: z.number().int().min(1).max(9).nullable().default(null),
  transferModes: z.array(z.enum(transferModes)).max(transferModes.length).default([]),
  ownerId: z.number().int().positive().nullable().optional(),
});
export const technologyPatchBody = technologyBody.partial();

export const technologyListQuery = pagingQuery(["createdAt", "updatedAt", "title", "maturity"], "updatedAt").extend({
  q: z.string().trim().max(100).optional(),
  discipline: repeatable(shortText).optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  maturityMin: z.coerce.number().int().min(1).max(9).optional(),
  maturityMax: z.coerce.number().int().min(1).max(9).optional(),
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
export const societyBody = z.object({
  name: z.string().trim().min(1).max(100),
  discipline: shortText.default(""),
  description: longText.max(5000).default(""),
});
export const societyPatchBody = societyBody.partial();
export const societyListQuery = pagingQuery(["name"], "name").extend({
  q: z.string().trim().max(100).optional(),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export const societyResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  discipline: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
});

export const trackBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "Use lowercase letters, digits, - and _"),
  name: z.string().trim().min(1).max(100),
  description: longText.max(5000).default(""),
});
export const trackPatchBody = trackBody.partial();
export const trackResponse = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
});
