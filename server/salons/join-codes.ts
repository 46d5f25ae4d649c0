import { randomInt } from "node:crypto";

/**
 * Join codes: what a moderator reads out or shows on a slide so that people without an
 * account can find a public salon. Six characters of an alphabet without look-alikes
 * (no 0/O, 1/I/L, 5/S, 2/Z, 8/B): 25⁶ ≈ 244 million codes, read aloud without spelling.
 */
export const joinCodeAlphabet = "34679ACDEFGHJKMNPQRTUVWXY";
export const joinCodeLength = 6;

export function generateJoinCode(pick: (max: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < joinCodeLength; i += 1) code += joinCodeAlphabet[pick(joinCodeAlphabet.length)];
  return code;
}

/** What someone typed, as a code (case, spaces and dashes do not matter); null when it cannot be one. */
export function normalizeJoinCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "");
  if (cleaned.length !== joinCodeLength) return null;
  return [...cleaned].every((char) => joinCodeAlphabet.includes(char)) ? cleaned : null;
}
