import { z } from "zod";
import { requiredText, termList, text } from "../shared/text.schemas.js";
import { transferModes } from "./knowledge.types.js";
import { technologyLimits } from "./technologies.limits.js";

/**
 * A technology's fields as zod rules, without defaults: the API bodies and forms derive from
 * these; import lines apply the same limits (import-records.schemas.ts).
 */
export const technologyFields = {
  title: requiredText(technologyLimits.title),
  abstract: text(technologyLimits.abstract),
  keywords: termList(technologyLimits.terms),
  discipline: text(technologyLimits.discipline),
  maturity: z.number().int().min(technologyLimits.maturity.min).max(technologyLimits.maturity.max).nullable(),
  transferModes: z.array(z.enum(transferModes)).max(transferModes.length),
  ownerId: z.number().int().positive().nullable(),
};
