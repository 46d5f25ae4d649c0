import { z } from "zod";
import { societyFields, trackFields } from "../../knowledge/reference-data.fields.js";
import { pagingQuery, patchBody, queryText } from "../platform/common.schemas.js";

export const societyBody = z.object({
  ...societyFields,
  nameEn: societyFields.nameEn.default(""),
  discipline: societyFields.discipline.default(""),
  description: societyFields.description.default(""),
  descriptionEn: societyFields.descriptionEn.default(""),
});
export const societyPatchBody = patchBody(societyFields);
export const societyListQuery = pagingQuery(["name"], "name").extend({
  q: queryText.optional(),
  order: z.enum(["asc", "desc"]).default("asc"),
});
export const societyResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  discipline: z.string(),
  description: z.string(),
  descriptionEn: z.string(),
  memberCount: z.number().int(),
});

export const trackBody = z.object({
  ...trackFields,
  nameEn: trackFields.nameEn.default(""),
  description: trackFields.description.default(""),
  descriptionEn: trackFields.descriptionEn.default(""),
});
export const trackPatchBody = patchBody(trackFields);
export const trackResponse = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  descriptionEn: z.string(),
});
