import { describe, expect, it } from "vitest";
import {
  BilingualDictionary,
  glossTerms,
  sharedBilingualDictionary,
} from "../../../../matching/text/bilingual-dictionary.js";

describe("glossTerms", () => {
  it("keeps what a gloss means, as the analyser's English terms", () => {
    expect(glossTerms("to predict")).toEqual(["predict"]);
    expect(glossTerms("heat exchanger")).toEqual(["heat", "exchang"]);
    expect(glossTerms("lithium (chemistry)")).toEqual(["lithium"]);
    expect(glossTerms("percent (Tw)")).toEqual(["percent"]);
  });

  it("drops notes, cross-references and definitions", () => {
    expect(glossTerms("CL:個|个[ge4]")).toBeNull();
    expect(glossTerms("variant of 乾[qian2]")).toBeNull();
    expect(glossTerms("see 電池|电池[dian4 chi2]")).toBeNull();
    expect(glossTerms("surname Li")).toBeNull();
    expect(glossTerms("the emergency number for law enforcement in Mainland China")).toBeNull();
  });
});

describe("BilingualDictionary", () => {
  const dictionary = new BilingualDictionary([
    { simplified: "预测", english: ["to forecast", "to predict"] },
    { simplified: "预卜", english: ["to foretell", "to augur", "to predict"] },
    { simplified: "收获", english: ["to harvest", "to reap", "to gain", "crop", "harvest"] },
    { simplified: "电", english: ["electricity", "electric", "electric shock", "telegram"] },
    { simplified: "钠", english: ["sodium (chemistry)"] },
    { simplified: "换热器", english: ["heat exchanger"] },
    { simplified: "%", english: ["percent (Tw)"] },
  ]);

  it("translates Chinese words into English terms, in the dictionary's order of senses", () => {
    expect(dictionary.englishOf("预测")).toEqual([["forecast"], ["predict"]]);
    expect(dictionary.englishOf("换热器")).toEqual([["heat", "exchang"]]);
    expect(dictionary.englishOf("未知")).toEqual([]);
  });

  it("translates a single character only when it has one or two meanings", () => {
    expect(dictionary.englishOf("钠")).toEqual([["sodium"]]);
    expect(dictionary.englishOf("电")).toEqual([]);
  });

  it("renders an English wording by the words whose first two senses it is", () => {
    expect(dictionary.chineseOf(["predict"])).toEqual(["预测"]);
    expect(dictionary.chineseOf(["heat", "exchang"])).toEqual(["换热器"]);
    expect(dictionary.chineseOf(["harvest"])).toEqual(["收获"]);
    // 收获's third sense: a gain is not a harvest.
    expect(dictionary.chineseOf(["gain"])).toEqual([]);
    expect(dictionary.chineseOf(["sodium"])).toEqual(["钠"]);
    expect(dictionary.chineseOf(["electr"])).toEqual([]);
  });

  it("reads the whole CC-CEDICT package", () => {
    const shared = sharedBilingualDictionary();
    expect(shared.englishOf("电池")).toContainEqual(["batteri"]);
    expect(shared.englishOf("作物")).toEqual([["crop"]]);
    expect(shared.chineseOf(["vaccin"])).toContain("疫苗");
    expect(shared.chineseOf(["heat", "exchang"])).toContain("换热器");
  });
});
