import { analyzeDocument } from "../text/index.js";
import { genericWords } from "./generic-words.data.js";
import { termKey } from "./term-key.js";

let genericTerms: ReadonlySet<string> | null = null;

/** Whether a term key is one of the generic words (as the analyser writes them: stems for English). */
export function isGenericTerm(key: string): boolean {
  genericTerms ??= new Set(
    genericWords.flatMap((word) =>
      analyzeDocument(word)
        .tokens.filter((token) => token.kind !== "bigram")
        .map((token) => termKey(token)),
    ),
  );
  return genericTerms.has(key);
}
