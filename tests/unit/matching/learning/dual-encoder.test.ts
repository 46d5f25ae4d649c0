import { describe, expect, it } from "vitest";
import { DualEncoder, type EncoderPair } from "../../../../matching/learning/dual-encoder.js";
import { seededRandom } from "../../../../matching/learning/seeded-random.js";
import { TermDictionary } from "../../../../matching/lexical/term-dictionary.js";

/**
 * Two "fields" of experts: each expert writes one record with words of group A and another with
 * their synonyms from group A′ (or B and B′). The encoder must learn that A and A′ go together.
 */
const groups = [
  ["道学", "理学", "心性"],
  ["朱子", "朱熹", "集注"],
  ["battery", "cathode", "lithium"],
  ["electrolyte", "anode", "charging"],
];
const dictionary = new TermDictionary();
const bag = (words: string[]) => dictionary.countNew(words);
const random = seededRandom(11);
const pairs: EncoderPair[] = [];
for (let i = 0; i < 400; i++) {
  const field = i % 2;
  const pick = (group: string[]) => [group[Math.floor(random() * 3)]!, group[Math.floor(random() * 3)]!];
  pairs.push({ query: bag(pick(groups[field * 2]!)), target: bag(pick(groups[field * 2 + 1]!)) });
}

const options = (epochs: number, random: () => number) => ({
  dim: 16,
  epochs,
  batchSize: 32,
  learningRate: 0.1,
  scale: 10,
  maxTrainingTerms: 50,
  timeBudgetMs: 60_000,
  random,
});
const statistics = { documentFrequency: () => 10, documentCount: 1000 };

function train(seed: number, epochs = 8): DualEncoder {
  return DualEncoder.train(pairs, dictionary, statistics, options(epochs, seededRandom(seed)));
}

function cosine(encoder: DualEncoder, a: string[], b: string[]): number {
  const x = new Float32Array(encoder.dim);
  const y = new Float32Array(encoder.dim);
  encoder.encode(dictionary.countKnown(a), x);
  encoder.encode(dictionary.countKnown(b), y);
  return x.reduce((sum, v, j) => sum + v * y[j]!, 0);
}

describe("dual encoder learned from one person's records", () => {
  const encoder = train(5);

  it("brings together words one person uses together, and not others", () => {
    expect(cosine(encoder, ["道学"], ["朱熹"])).toBeGreaterThan(cosine(encoder, ["道学"], ["anode"]) + 0.3);
    expect(cosine(encoder, ["battery"], ["charging"])).toBeGreaterThan(cosine(encoder, ["battery"], ["集注"]) + 0.3);
  });

  it("is deterministic given its seed and survives a round trip through its state", () => {
    const again = train(5);
    expect(again.exported.embeddings).toEqual(encoder.exported.embeddings);
    const restored = DualEncoder.fromState(structuredClone(encoder.exported), dictionary);
    expect(cosine(restored, ["道学"], ["朱熹"])).toBeCloseTo(cosine(encoder, ["道学"], ["朱熹"]), 6);
  });

  it("goes on training where it stopped: 3 epochs then 5 more are exactly 8 epochs", () => {
    const random = seededRandom(5);
    const resumed = DualEncoder.train(pairs, dictionary, statistics, options(3, random));
    expect(Array.from(resumed.exported.embeddings)).not.toEqual(Array.from(encoder.exported.embeddings));
    resumed.trainMore(pairs, options(5, random));
    expect(Array.from(resumed.exported.embeddings)).toEqual(Array.from(encoder.exported.embeddings));
  });

  it("says when a text has no term it knows", () => {
    expect(encoder.encode(dictionary.countKnown(["unknown"]), new Float32Array(encoder.dim))).toBe(false);
  });
});
