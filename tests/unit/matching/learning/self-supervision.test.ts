import { describe, expect, it } from "vitest";
import { aclDevExperts, aclDevLines } from "../../../support/acl-dev-slice.js";
import type { ExpertProfile } from "../../../../matching/index.js";
import { encoderPairs } from "../../../../matching/learning/collection-training.js";
import { seededRandom } from "../../../../matching/learning/seeded-random.js";
import { recordKey, selfSupervisedSplit } from "../../../../matching/learning/self-supervision.js";
import { PlainBm25Channel } from "../../../../matching/lexical/plain-channel.js";

/** A slice of the real acl-dev benchmark: its experts and its needs (held out by the benchmark). */
const experts = aclDevExperts(1500);
const benchmarkNeeds = aclDevLines("needs.jsonl", 1000).map((n) => recordKey(String(n.title)));

describe("self-supervised split", () => {
  const split = selfSupervisedSplit(experts, { validationSize: 200, sparseFillSize: 200, random: seededRandom(1) });

  it("builds validation needs from held-out records of multi-record experts", () => {
    expect(split.validation.length).toBe(200);
    for (const query of split.validation) {
      const owner = experts[query.relevant[0]!]!;
      expect((owner.evidence ?? []).length).toBeGreaterThanOrEqual(2);
      const held = split.heldOut.get(query.relevant[0]!)!;
      expect([...held].some((r) => owner.evidence![r]!.title === query.need.title)).toBe(true);
    }
  });

  it("never turns a benchmark need's own record into a training or validation pair", () => {
    const needKeys = new Set(benchmarkNeeds.filter(Boolean));
    for (const query of split.validation) expect(needKeys.has(recordKey(query.need.title))).toBe(false);
    const pairs = encoderPairs(PlainBm25Channel.build(experts), 100_000, seededRandom(2));
    expect(pairs.length).toBeGreaterThan(0);
    // Pairs are made of the experts' own imported records, none of them a benchmark need.
    for (const expert of experts) {
      for (const r of expert.evidence ?? []) expect(needKeys.has(recordKey(r.title))).toBe(false);
    }
  });

  it("keeps every held-out record, co-authors' copies included, out of the training pairs", () => {
    // Each record carries a word of its own, so a pair that held a held-out record would show it.
    const marked: ExpertProfile[] = experts.map((expert, e) => ({
      ...expert,
      evidence: (expert.evidence ?? []).map((item, r) => ({ ...item, title: `${item.title} mark${e}x${r}` })),
    }));
    const markedSplit = selfSupervisedSplit(marked, {
      validationSize: 200,
      sparseFillSize: 200,
      random: seededRandom(1),
    });
    const plain = PlainBm25Channel.build(marked);
    const masked = plain.without((e, r) => markedSplit.heldOut.get(e)?.has(r) ?? false);
    const pairs = encoderPairs(masked, 100_000, seededRandom(2));
    expect(pairs.length).toBeGreaterThan(1000);
    const heldMarks = new Set(
      [...markedSplit.heldOut].flatMap(([e, records]) =>
        [...records].map((r) => plain.dictionary.lookup(`mark${e}x${r}`)),
      ),
    );
    expect(heldMarks.size).toBeGreaterThanOrEqual(200);
    expect(heldMarks.has(undefined)).toBe(false);
    const seen = new Set(pairs.flatMap((pair) => [...pair.query.terms, ...pair.target.terms]));
    for (const mark of heldMarks) expect(seen.has(mark!)).toBe(false);
    // The same pairs built without masking do hold them: the check above can fail.
    const unmasked = new Set(
      encoderPairs(plain, 100_000, seededRandom(2)).flatMap((pair) => [...pair.query.terms, ...pair.target.terms]),
    );
    expect([...heldMarks].some((mark) => unmasked.has(mark!))).toBe(true);
  });

  it("draws experts who keep two or more records first", () => {
    const owners = split.validation.map((query) => (experts[query.relevant[0]!]!.evidence ?? []).length);
    const prolific = experts.filter((expert) => (expert.evidence ?? []).length >= 3).length;
    const expectedFirst = Math.min(prolific, 100);
    expect(owners.slice(0, expectedFirst).every((records) => records >= 3)).toBe(true);
  });

  it("lets experts who would keep a single record only fill the validation up to its sparse size", () => {
    const ownerRecords = (size: number) =>
      selfSupervisedSplit(experts, {
        validationSize: 5000,
        sparseFillSize: size,
        random: seededRandom(1),
      }).validation.map((query) => (experts[query.relevant[0]!]!.evidence ?? []).length);
    const tracked = ownerRecords(10);
    expect(tracked.length).toBeGreaterThan(10);
    expect(tracked.every((records) => records >= 3)).toBe(true);
    const filled = ownerRecords(5000);
    expect(filled.length).toBeGreaterThan(tracked.length);
    expect(filled.slice(tracked.length).every((records) => records === 2)).toBe(true);
  });

  it("removes a held-out record from every channel built for fitting", () => {
    const plain = PlainBm25Channel.build(experts);
    const masked = plain.without((e, r) => split.heldOut.get(e)?.has(r) ?? false);
    const query = split.validation[0]!;
    const owner = query.relevant[0]!;
    const bag = plain.queryBag(query.need);
    const full = plain.score(bag).profile[owner]!;
    const without = masked.score(bag).profile[owner]!;
    expect(without).toBeLessThan(full);
  });

  it("is deterministic given its seed", () => {
    const again = selfSupervisedSplit(experts, { validationSize: 200, sparseFillSize: 200, random: seededRandom(1) });
    expect(again.validation.map((q) => q.need.title)).toEqual(split.validation.map((q) => q.need.title));
  });
});
