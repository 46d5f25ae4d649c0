import type { Lang } from "../i18n/translate.js";

/**
 * Working languages: profiles store BCP 47 codes (zh-Hant, zh, en), which choose the language
 * of an imported expert's emails and which the API filters on; people read and type names
 * (英语, English). These turn one into the other for the pages and the edit form.
 */

const languageTagShape = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

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
 * The codes a typed name is recognised as: every two-letter ISO 639-1 code Intl can name, and
 * Chinese by script. Names are read in Simplified Chinese (英语), Traditional Chinese, whose
 * names are also the everyday Simplified ones (英文, 日文), and English (English), whatever
 * the page's language: a Chinese page may be filled in English and the other way round.
 */
function recognisedNames(): Map<string, string> {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const codes = ["zh-Hans", "zh-Hant"];
  for (const first of letters) for (const second of letters) codes.push(first + second);
  const names = new Map<string, string>();
  for (const display of ["en", "zh-Hant", "zh-CN"]) {
    const namer = new Intl.DisplayNames(display, { type: "language", fallback: "none" });
    for (const code of codes) {
      const name = namer.of(code);
      if (name) names.set(name.toLowerCase(), code);
    }
  }
  return names;
}

let namesToCodes: Map<string, string> | null = null;

/**
 * The code of what was typed in the form's languages box: a name it knows (英语, English) or a
 * code (en, ZH-hant) becomes the code, written the canonical way; anything else (闽南话) is kept
 * as typed, as the profile shows it.
 */
export function languageCodeOf(typed: string): string {
  const text = typed.trim();
  namesToCodes ??= recognisedNames();
  const named = namesToCodes.get(text.toLowerCase());
  if (named) return named;
  if (!languageTagShape.test(text)) return text;
  try {
    return Intl.getCanonicalLocales(text)[0] ?? text;
  } catch {
    return text;
  }
}

/** The languages as the form reads them back: codes, without repeats. */
export function languageCodesOf(typed: readonly string[]): string[] {
  return [...new Set(typed.map(languageCodeOf))];
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
