import { text } from "../../shared/text.schemas.js";
import { z } from "zod";
import { needStatuses } from "../../knowledge/knowledge.types.js";
import { needFields } from "../../knowledge/needs.fields.js";
import { needLimits } from "../../knowledge/needs.limits.js";
import {
  pagingQuery,
  patchBody,
  queryBoolean,
  queryText,
  recordId,
  repeatable,
  shortText,
} from "../platform/common.schemas.js";

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
  track: text(needLimits.track.code).optional(),
  discipline: repeatable(shortText).optional(),
  region: repeatable(shortText).optional(),
  industry: shortText.optional(),
  mine: queryBoolean.optional(),
  confidential: queryBoolean.optional(),
});

const trackRef = z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameEn: z.string() });

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
