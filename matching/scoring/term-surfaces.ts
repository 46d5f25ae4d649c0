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
  private readonly surfaces = new Map<string, Surface>();

  /**
   * Learns the surfaces of `text`; a term already known keeps its first surface, except that a
   * capitalised word lower-cased only because of where it stood gives way to the same word
   * capitalised in mid-sentence, which shows it is a name (Beijing, Transformer).
   */
  add(text: string): void {
    if (!text) return;
    const tokens = analyzeDocument(text).tokens;
    const words = tokens.filter((token) => token.kind === "word" && Array.from(token.term).length >= 2);
    const titleCased = isTitleCased(text);
    for (const token of tokens) {
      const key = termKey(token);
      const known = this.surfaces.get(key);
      if (known && !known.byPosition) continue;
      const inOneWord =
        token.kind !== "bigram" || words.some((word) => word.start <= token.start && token.end <= word.end);
      if (!inOneWord) continue;
      const surface = asWritten(text.slice(token.start, token.end), titleCased || startsSentence(text, token.start));
      if (!known || (surface.text !== known.text && !surface.byPosition)) this.surfaces.set(key, surface);
      else if (!surface.byPosition) known.byPosition = false;
    }
  }

  /** The written form of a term key, if one of the texts holds it as a word. */
  of(key: string): string | undefined {
    return this.surfaces.get(key)?.text;
  }
}

interface Surface {
  text: string;
  /** Lower-cased because its capital may only mark a title or a sentence start. */
  byPosition: boolean;
}

const capitalised = /^\p{Lu}\p{Ll}+$/u;

/**
 * A capitalised word reads as the word (Machine → machine) where its capital may only mark a
 * title-cased title or a sentence start; elsewhere it is a name and keeps its case, as do acronyms.
 */
function asWritten(written: string, capitalByPosition: boolean): Surface {
  if (capitalByPosition && capitalised.test(written)) return { text: written.toLowerCase(), byPosition: true };
  return { text: written, byPosition: false };
}

/**
 * Most of the text's longer Latin words after the first (which is capitalised in any sentence)
 * are capitalised, as in an English title.
 */
function isTitleCased(text: string): boolean {
  const words = text.match(/\p{L}{4,}/gu)?.filter((word) => /^\p{Script=Latin}/u.test(word)) ?? [];
  const rest = /^\P{L}*\p{Lu}/u.test(text) ? words.slice(1) : words;
  if (rest.length === 0) return false;
  return rest.filter((word) => /^\p{Lu}/u.test(word)).length >= rest.length * 0.6;
}

/** Nothing but spaces stands before `offset` since the text's start or the last sentence end. */
function startsSentence(text: string, offset: number): boolean {
  const before = text.slice(0, offset).trimEnd();
  return before === "" || /[.!?:;。！？：；]$/u.test(before);
}
