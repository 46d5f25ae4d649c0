import { z } from "zod";
import { transferModes } from "../../knowledge/knowledge.types.js";
import {
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
