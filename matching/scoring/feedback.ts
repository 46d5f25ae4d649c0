import { documentTermLists } from "../text/index.js";
import type { FeedbackEvent } from "../engine/types.js";

export interface FeedbackEffect {
  factor: number;
  /**
   * What the factor stands on: the expert declined this need; was engaged on (accepted, or
   * solved) this very need; or on another need similar enough to this one.
   */
  basis: "declined" | "this_need" | "similar_need";
  reasons: string[];
}

function wordSet(text: string): Set<string> {
  return new Set(documentTermLists(text).words);
}

/** How much a word tells needs apart (its idf in the collection); 1 for every word by default. */
export type WordWeight = (word: string) => number;

/** Cosine of two word sets, each word weighted by its squared idf: shared rare words count most. */
function overlap(a: Set<string>, b: Set<string>, weight: WordWeight): number {
  if (a.size === 0 || b.size === 0) return 0;
  const mass = (set: Set<string>) => [...set].reduce((sum, w) => sum + weight(w) ** 2, 0);
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += weight(w) ** 2;
  const norm = Math.sqrt(mass(a) * mass(b));
  return norm > 0 ? shared / norm : 0;
}

/**
 * Needs less similar than this are different needs: sharing a generic word (加工, 提升) with a
 * need the expert was accepted for is no reason to lift them.
 */
const minSimilarity = 0.3;

/**
 * Feedback hooks: a declined (need, expert) pair sinks; an expert accepted for, or who
 * solved, a truly similar need (idf-weighted word cosine of at least 0.3) rises in proportion
 * to that similarity.
 */
export class FeedbackModel {
  private readonly declinedPairs = new Set<string>();
  private readonly positives = new Map<string, { needKey: string; words: Set<string>; outcome: string }[]>();

  constructor(
    events: readonly FeedbackEvent[] = [],
    private readonly weight: WordWeight = () => 1,
  ) {
    for (const event of events) {
      if (event.outcome === "declined") this.declinedPairs.add(`${event.needKey}\u0000${event.expertKey}`);
      else {
        const list = this.positives.get(event.expertKey) ?? [];
        list.push({ needKey: event.needKey, words: wordSet(event.needText ?? ""), outcome: event.outcome });
        this.positives.set(event.expertKey, list);
      }
    }
  }

  get empty(): boolean {
    return this.declinedPairs.size === 0 && this.positives.size === 0;
  }

  effect(
    needKey: string,
    needWords: () => Set<string>,
    expertKey: string,
    declinedFactor: number,
    lift: number,
  ): FeedbackEffect | null {
    if (this.declinedPairs.has(`${needKey}\u0000${expertKey}`))
      return { factor: declinedFactor, basis: "declined", reasons: ["declined before for this need"] };
    const positives = this.positives.get(expertKey);
    if (!positives) return null;
    const own = positives.find((p) => p.needKey === needKey);
    if (own) return { factor: 1 + lift, basis: "this_need", reasons: [`${own.outcome} on this need`] };
    let best = 0;
    let reason = "";
    for (const p of positives) {
      const similarity = overlap(needWords(), p.words, this.weight);
      if (similarity >= minSimilarity && similarity > best) {
        best = similarity;
        reason = `${p.outcome} on a similar need (${p.needKey}, similarity ${similarity.toFixed(2)})`;
      }
    }
    return best > 0 ? { factor: 1 + lift * best, basis: "similar_need", reasons: [reason] } : null;
  }
}

export { wordSet as needWordSet };
