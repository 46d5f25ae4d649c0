import { describe, expect, it } from "vitest";
import type { ExpertProfile } from "../../../../matching/index.js";
import { EvidenceRetriever } from "../../../../matching/retrieval/evidence-retrieval.js";
import { buildNeedQuery, heldSynonymGroups } from "../../../../matching/retrieval/need-query.js";
import { aggregateEvidence } from "../../../../matching/scoring/aggregation.js";
import { EvidenceCorpus } from "../../../../matching/scoring/evidence-corpus.js";
import { termOfKey } from "../../../../matching/scoring/term-key.js";
import { defaultMatchingWeights } from "../../../../matching/scoring/weights.data.js";

const experts: ExpertProfile[] = [
  {
    key: "a",
    name: "A",
    evidence: [{ title: "锂离子电池正极材料研究" }, { title: "锂电池回收研究" }, { title: "钠离子电池研究" }],
  },
  { key: "b", name: "B", evidence: [{ title: "乌龙茶香气研究" }] },
  { key: "c", name: "C", evidence: [{ title: "石材加工研究" }], keywords: ["锂电池"] },
];
const corpus = EvidenceCorpus.build(experts);
const weights = { ...defaultMatchingWeights };

describe("buildNeedQuery", () => {
  it("keeps the need's terms the corpus knows, most informative first, at most maxQueryTerms", () => {
    const query = buildNeedQuery({ key: "n", title: "锂电池正极材料的未知词汇" }, corpus, weights);
    const terms = query.map((t) => termOfKey(corpus.termName(t.id)));
    expect(terms).toContain("正极");
    expect(terms).not.toContain("未知");
    const typed = query.filter((t) => !t.synonym);
    const idf = typed.map((t) => t.weight * corpus.docIdf(t.id));
    expect(idf).toEqual([...idf].sort((x, y) => y - x));
    const capped = buildNeedQuery({ key: "n", title: "锂电池正极材料" }, corpus, { ...weights, maxQueryTerms: 2 });
    expect(capped.filter((t) => !t.synonym)).toHaveLength(2);
  });

  it("adds the synonyms the collection uses after the typed words, linked to the words they stand for", () => {
    const query = buildNeedQuery({ key: "n", title: "锂电池正极材料" }, corpus, weights);
    const name = (id: number) => termOfKey(corpus.termName(id));
    const synonyms = query.filter((t) => t.synonym);
    // 锂离子电池 is in the collection; lithium battery and 锂电 are not, so they add nothing.
    expect(synonyms.map((t) => name(t.id))).toEqual(["锂离子电池"]);
    expect(synonyms[0]!.synonym!.of.map(name)).toContain("锂电池");
    expect(synonyms[0]!.synonym!.alternatives.map((ids) => ids.map(name))).toEqual([["锂离子电池"]]);
    expect(synonyms[0]!.weight).toBeCloseTo(weights.synonymWeight * weights.wordWeight * weights.titleWeight);
    expect(query.indexOf(synonyms[0]!)).toBeGreaterThan(query.findLastIndex((t) => !t.synonym));
  });

  it("offers whole wordings only: no abbreviation, no wording with a generic word, none split across records", () => {
    const english = EvidenceCorpus.build([
      { key: "wind", name: "W", evidence: [{ title: "Model predictive control of large wind turbines" }] },
      { key: "gan", name: "G", evidence: [{ title: "GaN power transistors" }] },
      { key: "split", name: "S", evidence: [{ title: "Machine vision" }, { title: "Deep learning" }] },
      { key: "ml", name: "M", evidence: [{ title: "Machine learning for crops" }] },
    ]);
    const names = (title: string) =>
      buildNeedQuery({ key: "n", title }, english, weights).map((t) => termOfKey(english.termName(t.id)));
    // 生成对抗网络's group has GAN (the table's abbreviation, also gallium nitride): not offered.
    expect(names("生成对抗网络")).toEqual([]);
    const ml = buildNeedQuery({ key: "n", title: "机器学习" }, english, weights);
    const held = (key: string) => heldSynonymGroups(ml, english, english.expertByKey(key)!).length > 0;
    expect([held("ml"), held("split"), held("wind")]).toEqual([true, false, false]);
  });

  it("reaches records in another language through the synonyms, which then stand for the typed words", () => {
    const mixed = EvidenceCorpus.build([
      { key: "en", name: "E", evidence: [{ title: "Lithium battery recycling" }] },
      { key: "zh", name: "Z", evidence: [{ title: "茶叶加工" }] },
    ]);
    // No Chinese word of the need is in this collection: the English synonym stands alone.
    const query = buildNeedQuery({ key: "n", title: "锂电池回收" }, mixed, weights);
    expect(query.map((t) => termOfKey(mixed.termName(t.id)))).toEqual(expect.arrayContaining(["lithium", "batteri"]));
    expect(query.every((t) => t.synonym && t.synonym.of.length === 0)).toBe(true);
  });

  describe("in a collection of Chinese and English records", () => {
    const records: Record<string, string> = {
      tea: "乌龙茶做青工艺",
      stone: "石材加工锯泥利用",
      lithiumWord: "锂的提取与分离",
      crops: "作物产量预测模型",
      exchangerZh: "换热器结垢监测",
      heatZh: "热量计算方法",
      eating: "吃饭与健康",
      oxide: "Air-stable layered oxide cathodes for sodium-ion batteries",
      exchangerEn: "Fouling of heat exchangers in crude preheat trains",
      lithium: "Lithium extraction from brines",
      rhubarb: "Rhubarb root extracts",
      croaker: "Feeding of yellow croaker",
      car: "Car sharing in cities",
      electricVehicle: "Electric vehicle charging",
      data: "Data cleaning pipelines",
    };
    const collection = (keys: string[]) =>
      EvidenceCorpus.build(keys.map((key) => ({ key, name: key, evidence: [{ title: records[key]! }] })));
    const bilingual = EvidenceCorpus.build([
      ...Object.keys(records).map((key) => ({ key, name: key, evidence: [{ title: records[key]! }] })),
      { key: "split", name: "S", evidence: [{ title: "Heat pumps" }, { title: "Plate exchangers" }] },
    ]);
    const holders = (title: string, within = bilingual) => {
      const query = buildNeedQuery({ key: "n", title }, within, weights);
      return within.experts
        .map((entry, expert) => (heldSynonymGroups(query, within, expert).length > 0 ? entry.profile.key : null))
        .filter((key) => key !== null);
    };

    it("reaches English records through the dictionary's translations of Chinese words", () => {
      // No synonym group has 氧化物 (oxide) or 换热器 (heat exchanger).
      expect(holders("氧化物")).toEqual(["oxide"]);
      // Heat in one record and exchangers in another is not a heat exchanger.
      expect(holders("换热器")).toEqual(["exchangerEn"]);
      // 锂 is a character of one meaning (lithium): translated inside 提锂, which the dictionary
      // lacks, even though the collection also uses 锂 as a word of its own.
      expect(holders("提锂")).toEqual(["lithium"]);
      // 大黄鱼 has no entry; of its overlapping inner words the head 黄鱼 (yellow croaker) is
      // translated, not 大黄 (rhubarb).
      expect(holders("大黄鱼")).toEqual(["croaker"]);
      // A dictionary translation weighs less than a typed word or a synonym group's wording.
      const translated = buildNeedQuery({ key: "n", title: "换热器" }, bilingual, weights).filter((t) => t.synonym);
      expect(translated.map((t) => bilingual.termName(t.id))).toEqual(["heat", "exchang"]);
      for (const t of translated) {
        expect(t.weight).toBeCloseTo(weights.dictionaryWeight * weights.wordWeight * weights.titleWeight);
      }
    });

    it("offers a word only when the collection uses its first sense, and adds nothing to the synonym table's groups", () => {
      // 材料 is material first, data second: a collection without "material" gets no "data".
      expect(holders("材料")).toEqual([]);
      // 电动汽车 is the table's electric vehicle; its 汽车 is not also offered as car.
      expect(holders("电动汽车")).toEqual(["electricVehicle"]);
    });

    it("reaches Chinese records from English wordings, longest first", () => {
      expect(holders("Crop yield prediction")).toEqual(["crops"]);
      // heat exchanger is 换热器, not 热量 (heat) and something else.
      expect(holders("heat exchanger")).toEqual(["exchangerZh"]);
      // A field is translated from its own language: English words inside Chinese text are not.
      expect(holders("基于heat exchanger的设计")).toEqual([]);
    });

    it("is consulted only when the collection holds five records or more in each language", () => {
      const chinese = ["tea", "stone", "lithiumWord", "crops", "exchangerZh"];
      const english = ["oxide", "lithium", "rhubarb", "croaker"];
      expect(holders("氧化物", collection([...chinese, ...english]))).toEqual([]);
      expect(holders("氧化物", collection([...chinese, ...english, "exchangerEn"]))).toEqual(["oxide"]);
      // A keyword list or a Chinese title with English words in it is not an English record.
      const notEnglish = EvidenceCorpus.build([
        ...[...chinese, ...english].map((key) => ({ key, name: key, evidence: [{ title: records[key]! }] })),
        { key: "genes", name: "G", evidence: [{ title: "MODIS；LST；NDVI" }, { title: "基于Python的数据分析方法" }] },
      ]);
      expect(notEnglish.languageRecords()).toEqual({ chinese: 6, english: 4 });
      expect(holders("氧化物", notEnglish)).toEqual([]);
    });
  });

  it("drops terms that nearly every document has, unless nothing else is left", () => {
    const strict = { ...weights, maxTermDocShare: 0.5, minStopTermDocs: 0 };
    const query = buildNeedQuery({ key: "n", title: "锂电池研究" }, corpus, strict);
    expect(query.map((t) => termOfKey(corpus.termName(t.id)))).not.toContain("研究");
    expect(buildNeedQuery({ key: "n", title: "研究" }, corpus, strict).length).toBeGreaterThan(0);
  });
});

describe("EvidenceRetriever", () => {
  it("aggregates each expert's documents exactly like aggregateEvidence, and whole profiles by BM25", () => {
    const query = buildNeedQuery({ key: "n", title: "锂离子电池回收" }, corpus, weights);
    const ones = new Float32Array(corpus.documentCount).fill(1);
    const [first] = new EvidenceRetriever(corpus, weights, ones).retrieve(query, 10);
    expect(corpus.experts[first!.expert]!.profile.key).toBe("a");
    const map = new Map(query.map((t) => [t.id, t.weight]));
    const perDoc = corpus.experts[first!.expert]!.docs.map((d) => corpus.scoreDoc(d, map, weights.k1, weights.b));
    expect(first!.evidence).toBeCloseTo(
      aggregateEvidence(perDoc, weights.bestEvidence, weights.evidenceDecay, weights.evidenceTopK),
    );
    expect(first!.text).toBeCloseTo(first!.evidence + weights.profile * first!.profileScore);
  });

  it("returns at most `limit` candidates and leaves no state behind between queries", () => {
    const retriever = new EvidenceRetriever(corpus, weights, new Float32Array(corpus.documentCount).fill(1));
    const query = buildNeedQuery({ key: "n", title: "锂电池" }, corpus, weights);
    const once = retriever.retrieve(query, 10);
    expect(retriever.retrieve(query, 10)).toEqual(once);
    expect(retriever.retrieve(query, 1)).toHaveLength(1);
  });
});
