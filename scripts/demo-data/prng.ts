import { seededRandom, shuffleInPlace } from "../../matching/index.js";

/**
 * Seeded pseudo-random choices for the demo-data generator, the demo events and the benchmarks.
 * The numbers come from the matching engine's seededRandom (mulberry32), the one PRNG of the
 * project, so every command, benchmark and training run draws the same stream from the same
 * seed and the generator produces byte-identical output on every run.
 */
export class Rng {
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.random();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick: empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks one item with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    if (items.length === 0 || total <= 0) throw new Error("Rng.weighted: nothing to pick");
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    return shuffleInPlace([...items], this.random);
  }

  /** `count` distinct items in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set(this.shuffle(items.map((_, i) => i)).slice(0, count));
    return items.filter((_, i) => chosen.has(i));
  }

  /**
   * Up to `count` distinct items by repeated picks, in the order drawn; fewer when the list is
   * short or the picks keep repeating (8 tries per item). Cheaper than `sample` on long lists,
   * which is why the search benchmark's generator draws with it.
   */
  distinctPicks<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<T>();
    for (let tries = 0; chosen.size < Math.min(count, items.length) && tries < count * 8; tries++)
      chosen.add(this.pick(items));
    return [...chosen];
  }
}

/** Derives an independent stream from a base seed and a label, so adding one kind of record does not reshuffle the others. */
export function rngFor(baseSeed: number, label: string): Rng {
  let h = (baseSeed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return new Rng(h);
}
