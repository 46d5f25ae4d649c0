import { languageCodeOf, languageTagShape } from "../../shared/working-languages.js";
import type { Lang } from "../i18n/translate.js";

/**
 * Working languages: profiles store BCP 47 codes (zh-Hant, zh, en), which choose the language
 * of an imported expert's emails and which the API filters on; people read and type names
 * (英语, English). These turn one into the other for the pages and the edit form.
 */

/**
 * A working language's name in the page's language. Intl knows every code's name; a name stored
 * as typed before the form read names as codes ("English" on a Chinese page) is named by its
 * code too; other text (a hand-typed 闽南话) is shown as it was typed.
 */
export function languageName(lang: Lang, stored: string): string {
  const code = languageCodeOf(stored);
  // Intl also names the empty string ("root"): only a language tag's shape is looked up.
  if (!languageTagShape.test(code)) return stored;
  try {
    return new Intl.DisplayNames(lang, { type: "language", fallback: "code" }).of(code) ?? stored;
  } catch {
    return stored;
  }
}

/** The working languages by name, in the page's language, without repeats. */
export function languageNames(lang: Lang, codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => languageName(lang, code)))];
}

/**
 * The languages as the edit form shows them: by name where the name reads back as the same
 * code, so a form saved untouched changes nothing; as the code otherwise (en-GB's name,
 * 英语（英国）, is not one the form recognises).
 */
export function languageFormNames(lang: Lang, codes: readonly string[]): string[] {
  return codes.map((code) => {
    const name = languageName(lang, code);
    return languageCodeOf(name) === languageCodeOf(code) ? name : code;
  });
}
