import { z } from "zod";
import { requiredText, termList, text } from "../shared/text.schemas.js";
import { needLimits } from "./needs.limits.js";

/**
 * A need's fields as zod rules, without defaults: the API bodies and forms derive from these;
 * import lines apply the same limits (import-records.schemas.ts).
 */
export const needFields = {
  title: requiredText(needLimits.title),
  description: text(needLimits.description),
  difficulty: text(needLimits.difficulty),
  target: text(needLimits.target),
  discipline: text(needLimits.discipline),
  industry: text(needLimits.industry),
  keywords: termList(needLimits.terms),
  region: text(needLimits.region),
  enterprise: text(needLimits.enterprise),
  track: text(needLimits.track.code).nullable(),
  confidential: z.boolean(),
};
