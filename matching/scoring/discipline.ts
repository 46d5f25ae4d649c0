import { documentTermLists, normalizeText } from "../text/index.js";

export interface DisciplineAgreement {
  /**
   * 1 for the same discipline, a fraction for shared words (应用经济 / 理论经济), 0 for a
   * different one; for an expert whose disciplines are unknown, the prior the caller gives.
   */
  agreement: number;
  /** The expert discipline that agreed best, if any. */
  matched: string | null;
}

/**
 * A discipline name as compared: normalised (script, width, case) without spaces or
 * punctuation, so 馬列·科社, 马列•科社 and 马列科社 are one discipline.
 */
export function disciplineKey(name: string): string {
  return normalizeText(name).replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Placeholders such as "0" or "-" name no discipline: a name needs at least one letter. */
const namesADiscipline = (key: string) => /\p{L}/u.test(key);

/**
 * Words that many discipline names share without sharing a field: 材料科学与工程 and 船舶与海洋工程
 * share 工程, 民族问题研究 and 国际问题研究 share 问题研究. They do not make two disciplines related.
 */
let sharedByUnrelatedDisciplines: Set<string> | undefined;
/** Made on first use: analysing text loads the analyser's dictionaries, which importing matching/ should not. */
const unrelatedDisciplinesShare = () =>
  (sharedByUnrelatedDisciplines ??= new Set(
    analyzedWords("工程 科学 技术 研究 问题 学科 综合 其他 engineering science sciences technology studies"),
  ));

/** The words of a discipline name that can relate it to another one. */
function words(text: string): Set<string> {
  const shared = unrelatedDisciplinesShare();
  return new Set(analyzedWords(text).filter((term) => !shared.has(term)));
}

/** Words as the analyser writes them (Simplified, English stems), without character bigrams. */
function analyzedWords(text: string): string[] {
  return documentTermLists(text).words;
}

/**
 * How well the need's discipline agrees with the expert's disciplines (normalised,
 * script-independent). An expert with no known discipline neither agrees nor disagrees: they get
 * `unknownAgreement`, the agreement expected without information, so missing data is not read as
 * a different discipline. A need without a discipline agrees with no one (agreement 0 for all).
 */
export function disciplineAgreement(
  needDiscipline: string | undefined,
  expertDisciplines: readonly string[],
  unknownAgreement = 0,
): DisciplineAgreement {
  const need = disciplineKey(needDiscipline ?? "");
  if (!namesADiscipline(need)) return { agreement: 0, matched: null };
  let best: DisciplineAgreement = { agreement: 0, matched: null };
  let known = false;
  let needWords: Set<string> | null = null;
  for (const discipline of expertDisciplines) {
    const candidate = disciplineKey(discipline);
    if (!namesADiscipline(candidate)) continue;
    known = true;
    if (candidate === need) return { agreement: 1, matched: discipline };
    // Words come from the names as written: the key has no spaces, which would glue English words.
    needWords ??= words(needDiscipline!);
    const shared = [...words(discipline)].filter((w) => needWords!.has(w)).length;
    const agreement = needWords.size > 0 ? (0.5 * shared) / needWords.size : 0;
    if (agreement > best.agreement) best = { agreement, matched: discipline };
  }
  return known ? best : { agreement: unknownAgreement, matched: null };
}
