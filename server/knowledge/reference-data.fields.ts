import { requiredText, text } from "../shared/text.schemas.js";
import { societyLimits, trackLimits } from "./reference-data.limits.js";

/** Learned societies' and tracks' fields as zod rules, without defaults (API bodies derive from these). */
export const societyFields = {
  name: requiredText(societyLimits.name),
  nameEn: text(societyLimits.name),
  discipline: text(societyLimits.discipline),
  description: text(societyLimits.description),
  descriptionEn: text(societyLimits.description),
};

/** A code is typed in URLs and import files: lowercase letters, digits, - and _. */
const trackCodePattern = new RegExp(`^[a-z0-9][a-z0-9_-]{0,${trackLimits.code - 1}}$`);

export const trackFields = {
  code: text(trackLimits.code).regex(trackCodePattern, "Use lowercase letters, digits, - and _"),
  name: requiredText(trackLimits.name),
  nameEn: text(trackLimits.name),
  description: text(trackLimits.description),
  descriptionEn: text(trackLimits.description),
};
