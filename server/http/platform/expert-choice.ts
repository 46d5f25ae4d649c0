import type { SearchService } from "../../search/search.service.js";
import { translate, type Lang } from "../i18n/translate.js";

/** The expert a person picker names, or why it names none (in the page's language). */
export type ExpertChoice = { expertId: number } | { error: string };

const largestId = 2 ** 31 - 1;

/**
 * Reads what a person picker field (`<input data-expert-picker>`, views/assets/expert-picker.js)
 * submitted: the chosen expert's number, or, without the script (or before a choice), a typed
 * number or name. A name resolves to the one expert it fits; otherwise the error lists the
 * namesakes by name, organization and number so the person can type the one they mean.
 * Whether a number names an existing expert is the service's check (it answers not found).
 */
export async function readExpertChoice(
  search: Pick<SearchService, "pickExpert">,
  lang: Lang,
  submitted: string,
): Promise<ExpertChoice> {
  const typed = submitted.trim();
  if (typed === "") return { error: translate(lang, "expertPicker.required") };
  if (/^\d+$/.test(typed)) {
    const id = Number(typed);
    return id >= 1 && id <= largestId ? { expertId: id } : { error: translate(lang, "expertPicker.unknown") };
  }
  const picked = await search.pickExpert(typed);
  if ("expert" in picked) return { expertId: picked.expert.id };
  if (picked.candidates.length === 0) return { error: translate(lang, "expertPicker.noMatch", { text: typed }) };
  // "陈晓（福州大学 · 12）" / "陈晓 (福州大学 · 12)": the organization and the number to type instead.
  const names = picked.candidates.map(
    (e) =>
      e.name + translate(lang, "common.inParentheses", { text: [e.organization, e.id].filter(Boolean).join(" · ") }),
  );
  const separator = translate(lang, "common.listSeparator");
  return { error: translate(lang, "expertPicker.ambiguous", { text: typed, names: names.join(separator) }) };
}
