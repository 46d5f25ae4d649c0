import { z } from "zod";
import { technologyFields } from "../../knowledge/technologies.fields.js";
import { technologyLimits } from "../../knowledge/technologies.limits.js";
import {
  integerText,
  pagingQuery,
  patchBody,
  queryText,
  recordId,
  repeatable,
  shortText,
} from "../platform/common.schemas.js";

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

const maturity = z.number().int().min(technologyLimits.maturity.min).max(technologyLimits.maturity.max);

export const technologyListQuery = pagingQuery(["createdAt", "updatedAt", "title", "maturity"], "updatedAt").extend({
  q: queryText.optional(),
  discipline: repeatable(shortText).optional(),
  ownerId: recordId.optional(),
  maturityMin: integerText(maturity).optional(),
  maturityMax: integerText(maturity).optional(),
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
