import type { Token } from "../text/index.js";

/**
 * Words and character bigrams with the same characters are different evidence (a bigram
 * match may cross a word boundary), so bigram terms are keyed with a marker.
 */
const bigramMarker = "\u0001";

export function termKey(token: Pick<Token, "term" | "kind">): string {
  return token.kind === "bigram" ? bigramMarker + token.term : token.term;
}

export function isBigramKey(key: string): boolean {
  return key.startsWith(bigramMarker);
}

/** The readable term of a key (for explanations). */
export function termOfKey(key: string): string {
  return isBigramKey(key) ? key.slice(bigramMarker.length) : key;
}
