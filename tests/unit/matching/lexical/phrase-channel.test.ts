import { describe, expect, it } from "vitest";
import type { ExpertProfile } from "../../../../matching/index.js";
import { PlainBm25Channel } from "../../../../matching/lexical/plain-channel.js";
import { latinWordPairs } from "../../../../matching/lexical/plain-tokens.js";

describe("Latin word pairs", () => {
  it("pairs adjacent words across punctuation but not across Han text", () => {
    expect(latinWordPairs("Named Entity Recognition: a survey")).toEqual([
      "named_entity",
      "entity_recognition",
      "recognition_a",
      "a_survey",
    ]);
    expect(latinWordPairs("基于 BERT 的 named entity 识别")).toEqual(["named_entity"]);
    expect(latinWordPairs("中文标题")).toEqual([]);
    expect(latinWordPairs("single")).toEqual([]);
  });
});

describe("phrase channel", () => {
  const experts: ExpertProfile[] = [
    { key: "a", name: "A", evidence: [{ title: "Machine translation of low-resource languages" }] },
    { key: "b", name: "B", evidence: [{ title: "Translation memory for machine aided editing" }] },
    { key: "c", name: "C", evidence: [{ title: "耐高温环氧树脂灌封材料" }] },
  ];

  it("scores only experts who share a phrase, ahead of those sharing the words alone", () => {
    const channel = PlainBm25Channel.build(experts, latinWordPairs);
    const scores = channel.score(channel.queryBag({ title: "Neural machine translation for dialects" }));
    expect([...scores.touched]).toEqual([0]);
    expect(scores.profile[0]).toBeGreaterThan(0);
    expect(scores.profile[1]).toBe(0);
  });

  it("has no terms for a need without Latin phrases, so it adds nothing to a Chinese collection", () => {
    const channel = PlainBm25Channel.build(experts, latinWordPairs);
    expect(channel.queryBag({ title: "环氧树脂灌封" }).terms.length).toBe(0);
    expect(channel.records[2]![0]!.length).toBe(0);
  });

  it("forgets held-out records like the plain channel does", () => {
    const channel = PlainBm25Channel.build(experts, latinWordPairs).without((expert) => expert === 0);
    const scores = channel.score(channel.queryBag({ title: "machine translation" }));
    expect(scores.touched.length).toBe(0);
  });
});
