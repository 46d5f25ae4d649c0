import { describe, expect, it } from "vitest";
import { ChannelSet } from "../../../../matching/engine/channel-set.js";
import type { ExpertProfile } from "../../../../matching/engine/types.js";
import { encoderPairs } from "../../../../matching/learning/collection-training.js";
import { DualEncoder } from "../../../../matching/learning/dual-encoder.js";
import { seededRandom } from "../../../../matching/learning/seeded-random.js";
import { PlainBm25Channel } from "../../../../matching/lexical/plain-channel.js";
import { latinWordPairs } from "../../../../matching/lexical/plain-tokens.js";
import { EvidenceCorpus } from "../../../../matching/scoring/evidence-corpus.js";
import { defaultMatchingWeights } from "../../../../matching/scoring/weights.data.js";

/**
 * Sixty experts in two fields, each writing two records in words of their field; a need in
 * words of one field that only a few experts use. The learned space places the field's other
 * experts near the need, so a search in it brings candidates the words alone do not.
 */
const fields = [
  ["battery", "cathode", "lithium", "electrolyte", "anode", "charging", "separator", "capacity"],
  ["protein", "folding", "enzyme", "ligand", "binding", "kinase", "receptor", "assay"],
];
const random = seededRandom(3);
const pick = (words: string[], n: number) =>
  Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!);
const experts: ExpertProfile[] = Array.from({ length: 60 }, (_, i) => ({
  key: `E${i}`,
  name: `Expert ${i}`,
  disciplines: [],
  keywords: [],
  evidence: [0, 1].map((r) => ({ title: pick(fields[i % 2]!, 4).join(" "), year: 2020 + r, type: "paper" })),
}));
experts.push({
  key: "rare",
  name: "Rare words",
  disciplines: [],
  keywords: [],
  evidence: [{ title: "solid state sodium battery", year: 2021, type: "paper" }],
});

function channelSet(): ChannelSet {
  const corpus = EvidenceCorpus.build(experts);
  const plain = PlainBm25Channel.build(experts);
  const phrase = PlainBm25Channel.build(experts, latinWordPairs);
  const encoder = DualEncoder.train(
    encoderPairs(plain, 10_000, seededRandom(5)),
    plain.dictionary,
    {
      documentFrequency: (t) => plain.recordIndex.documentFrequency(t),
      documentCount: plain.recordIndex.documentCount,
    },
    {
      dim: 16,
      epochs: 20,
      batchSize: 16,
      learningRate: 0.1,
      scale: 10,
      maxTrainingTerms: 50,
      timeBudgetMs: 60_000,
      random: seededRandom(7),
    },
  );
  const recencies = new Float32Array(corpus.documentCount).fill(1);
  return new ChannelSet(corpus, plain, phrase, encoder, defaultMatchingWeights, recencies, 0.3);
}

describe("a need's candidates with and without a search of the learned space", () => {
  const channels = channelSet();
  const need = { key: "N", title: "sodium battery", description: "", discipline: "", keywords: [], region: "" };
  const searched = channels.candidates(need, 20);
  const probed = channels.candidates(need, 20, { denseSearch: false });
  const denseOf = (found: typeof searched) => new Map(Array.from(found.experts, (e, i) => [e, found.dense[i]!]));

  it("brings the search's own candidates only when asked to", () => {
    const probedSet = new Set(probed.experts);
    expect(Array.from(probed.experts).every((e) => new Set(searched.experts).has(e))).toBe(true);
    expect(Array.from(searched.experts).some((e) => !probedSet.has(e))).toBe(true);
  });

  it("scores the other channels' candidates in the learned space exactly as the search does", () => {
    const full = denseOf(searched);
    const probe = denseOf(probed);
    expect(probe.size).toBeGreaterThan(0);
    for (const [expert, value] of probe) expect(value).toBe(full.get(expert));
    expect(Array.from(probe.values()).some((value) => value !== 0)).toBe(true);
  });
});
