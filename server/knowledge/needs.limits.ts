import { trackLimits } from "./reference-data.limits.js";

/** The one source of a need's field limits (API, forms, import lines, demo records). */
export const needLimits = {
  externalId: 100,
  /** A short statement of the problem; the description holds the rest. */
  title: 200,
  description: 20_000,
  difficulty: 20_000,
  target: 20_000,
  discipline: 200,
  industry: 200,
  region: 200,
  enterprise: 200,
  terms: { items: 50, characters: 100 },
  /** The API names a track by code; an import line by code or name. */
  track: { code: trackLimits.code, codeOrName: Math.max(trackLimits.code, trackLimits.name) },
} as const;
