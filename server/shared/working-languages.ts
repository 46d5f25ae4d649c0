/**
 * Working languages as profiles store them: BCP 47 codes (zh-Hant, zh, en). People type names
 * (英语, English); this reads a name or a code back as the code, for every write of a profile
 * (edit form, API, import), for the language filters and the search index, and for whatever
 * chooses by language (the language of an imported expert's emails).
 */

export const languageTagShape = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

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

let recognised: Map<string, string> | null = null;
/** Lower-cased names → codes, built on first use (some 550 names). */
const namesToCodes = () => (recognised ??= recognisedNames());

/**
 * The code of what was typed in the form's languages box: a name it knows (英语, English) or a
 * code (en, ZH-hant) becomes the code, written the canonical way; anything else (闽南话) is kept
 * as typed, as the profile shows it.
 */
export function languageCodeOf(typed: string): string {
  const text = typed.trim();
  const named = namesToCodes().get(text.toLowerCase());
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
 * Every stored spelling of the language `typed` names: its code and the names read as it (en:
 * English, 英语, 英文). Profiles saved before languages were stored as codes keep the name that was
 * typed, so a filter by language looks for each of these.
 */
export function languageSpellingsOf(typed: string): string[] {
  const code = languageCodeOf(typed);
  const spellings = new Set([code, typed.trim()]);
  for (const [name, named] of namesToCodes()) if (named === code) spellings.add(name);
  return [...spellings];
}
