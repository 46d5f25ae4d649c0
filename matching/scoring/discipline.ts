import { analyzeDocument, normalizeText } from "../text/index.js";

export interface DisciplineAgreement {
  /** 1 for the same discipline, a fraction for shared words (应用经济 / 理论经济), 0 otherwise. */
  agreement: number;
  /** The expert discipline that agreed best, if any. */
  matched: string | null;
}

function words(text: string): Set<string> {
  return new Set(
    analyzeDocument(text)
      .tokens.filter((t) => t.kind !== "bigram")
      .map((t) => t.term),
  );
}

/** How well the need's discipline agrees with the expert's disciplines (normalised, script-independent). */
export function disciplineAgreement(
  needDiscipline: string | undefined,
  expertDisciplines: readonly string[],
): DisciplineAgreement {
  const need = normalizeText(needDiscipline ?? "").replace(/\s+/g, "");
  if (!need) return { agreement: 0, matched: null };
  let best: DisciplineAgreement = { agreement: 0, matched: null };
  let needWords: Set<string> | null = null;
  for (const discipline of expertDisciplines) {
    const candidate = normalizeText(discipline).replace(/\s+/g, "");
    if (!candidate) continue;
    if (candidate === need) return { agreement: 1, matched: discipline };
    needWords ??= words(need);
    const shared = [...words(candidate)].filter((w) => needWords!.has(w)).length;
    const agreement = needWords.size > 0 ? (0.5 * shared) / needWords.size : 0;
    if (agreement > best.agreement) best = { agreement, matched: discipline };
  }
  return best;
}
