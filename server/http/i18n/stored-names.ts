import type { Lang } from "./translate.js";

/**
 * Data that organizers name in two languages (programme tracks): the English name on English
 * pages when one is stored, the Chinese one everywhere else and when none is.
 */
export function storedName(lang: Lang, names: { name: string; nameEn?: string }): string {
  return lang === "en" && names.nameEn ? names.nameEn : names.name;
}

/** A track's description in the page's language, as storedName chooses its name. */
export function storedDescription(lang: Lang, texts: { description: string; descriptionEn?: string }): string {
  return lang === "en" && texts.descriptionEn ? texts.descriptionEn : texts.description;
}
