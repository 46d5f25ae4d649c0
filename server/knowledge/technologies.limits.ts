import { expertLimits } from "./experts.limits.js";

/** The one source of a technology's field limits (API, forms, import lines, demo records). */
export const technologyLimits = {
  externalId: 100,
  title: 500,
  abstract: 20_000,
  discipline: 200,
  terms: { items: 50, characters: 100 },
  /** Technology readiness level. */
  maturity: { min: 1, max: 9 },
  ownerExternalId: expertLimits.externalId,
  /** Import lines name transfer modes freely (许可, 转让…: transfer-modes.ts); they are stored as codes. */
  transferModes: { items: 20, characters: 100 },
} as const;
