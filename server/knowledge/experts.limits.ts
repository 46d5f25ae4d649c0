import { contactLimits } from "../shared/contact.limits.js";
import { societyLimits } from "./reference-data.limits.js";

/**
 * The one source of an expert's field limits: the API bodies, the edit form, import lines
 * (JSONL, CSV, .xlsx), the demo records and the request-size budget all read them from here.
 * Lengths are in UTF-16 code units, as zod's `.max` counts them. Chosen for real profiles,
 * with room to spare over the largest in ../shared/data (docs/decisions.md §36).
 */
export const expertLimits = {
  externalId: 100,
  name: 100,
  organization: 200,
  title: 200,
  region: 200,
  /** Disciplines and keywords: each a list of terms. */
  terms: { items: 50, characters: 100 },
  bio: 20_000,
  /** BCP 47 tags (`zh`, `zh-Hant`, `en-GB`); 35 characters is RFC 5646's suggested buffer. */
  languages: { items: 10, minCharacters: 2, characters: 35 },
  /** Memberships: by id through the API, by name in import lines. */
  societies: { items: 20, characters: societyLimits.name },
  capacity: { min: 0, max: 100, default: 3 },
  publications: 1_000,
  ...contactLimits,
} as const;

/** One paper, project, patent or other output on a profile. */
export const publicationLimits = {
  title: 500,
  abstract: 4_000,
  keywords: { items: 20, characters: 100 },
  year: { min: 1900, max: 2100 },
} as const;

/**
 * The most characters a valid profile can hold, every field at its limit. Request-size limits
 * for writing a profile are derived from it, so that anything the rules accept also fits
 * through the API and the form.
 */
export const expertMaxCharacters = (() => {
  const terms = ({ items, characters }: { items: number; characters: number }) => items * characters;
  const publication =
    publicationLimits.title + publicationLimits.abstract + terms(publicationLimits.keywords) + 4; /* year */
  return (
    expertLimits.externalId +
    expertLimits.name +
    expertLimits.organization +
    expertLimits.title +
    expertLimits.region +
    2 * terms(expertLimits.terms) +
    expertLimits.bio +
    terms(expertLimits.languages) +
    terms(expertLimits.societies) +
    expertLimits.publications * publication +
    expertLimits.email +
    expertLimits.phone
  );
})();
