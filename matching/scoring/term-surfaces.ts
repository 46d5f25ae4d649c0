import { analyzeDocument } from "../text/index.js";
import { termKey } from "./term-key.js";

/**
 * The words of some texts as they are written, by the analysed term each yields: what an
 * explanation shows for a matched term. The engine matches on stems (machin, surfac), folded
 * script (机器视觉 for 機器視覺) and character bigrams; a reader should see the words of the need
 * or of the expert's records instead (machine, 機器視覺). A bigram is shown only inside one word
 * of the text that holds it (有限 in 有限元): one that spans two words (能分 in 智能/分类) is a
 * fragment, not a word anyone wrote.
 */
export class TermSurfaces {
  private readonly surfaces = new Map<string, string>();

  /** Learns the surfaces of `text`; a term already known keeps its first surface. */
  add(text: string): void {
    if (!text) return;
    const tokens = analyzeDocument(text).tokens;
    const words = tokens.filter((token) => token.kind === "word" && Array.from(token.term).length >= 2);
    for (const token of tokens) {
      const key = termKey(token);
      if (this.surfaces.has(key)) continue;
      const inOneWord =
        token.kind !== "bigram" || words.some((word) => word.start <= token.start && token.end <= word.end);
      if (inOneWord) this.surfaces.set(key, asWritten(text.slice(token.start, token.end)));
    }
  }

  /** The written form of a term key, if one of the texts holds it as a word. */
  of(key: string): string | undefined {
    return this.surfaces.get(key);
  }
}

/** A capitalised word of a title reads as the word (Machine → machine); acronyms keep their case. */
function asWritten(surface: string): string {
  return /^\p{Lu}\p{Ll}+$/u.test(surface) ? surface.toLowerCase() : surface;
}
