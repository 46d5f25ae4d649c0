import { documentTermLists } from "../text/index.js";
import { genericWords } from "./generic-words.data.js";

let genericTerms: ReadonlySet<string> | null = null;

/** Whether a term key is one of the generic words (as the analyser writes them: stems for English). */
export function isGenericTerm(key: string): boolean {
  // Word keys are the analyser's words as they are (only bigram keys carry a marker).
  genericTerms ??= new Set(genericWords.flatMap((word) => documentTermLists(word).words));
  return genericTerms.has(key);
}
