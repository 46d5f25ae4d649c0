import type { Lang } from "./translate.js";

/**
 * Stored text that organizers give in two languages (a programme track's name and description):
 * the English one on English pages when one is stored, the Chinese one everywhere else and
 * when none is.
 */
export function inPageLanguage(lang: Lang, chinese: string, english: string | undefined): string {
  return lang === "en" && english ? english : chinese;
}

/** A track's name in the page's language. */
export function storedName(lang: Lang, names: { name: string; nameEn?: string }): string {
  return inPageLanguage(lang, names.name, names.nameEn);
}
