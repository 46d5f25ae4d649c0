import { z } from "zod";
import { requiredText, text } from "../../shared/text.schemas.js";
import { longText, pagingQuery, patchBody, queryText, shortText } from "../platform/common.schemas.js";

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
