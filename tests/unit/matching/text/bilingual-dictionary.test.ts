import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BilingualDictionary,
  cedictEntries,
  cedictFile,
  glossTerms,
  sharedBilingualDictionary,
} from "../../../../matching/text/bilingual-dictionary.js";

describe("glossTerms", () => {
  it("keeps what a gloss means, as the analyser's English terms", () => {
    expect(glossTerms("to predict")).toEqual(["predict"]);
    expect(glossTerms("heat exchanger")).toEqual(["heat", "exchang"]);
    expect(glossTerms("lithium (chemistry)")).toEqual(["lithium"]);
    expect(glossTerms("percent (Tw)")).toEqual(["percent"]);
    expect(glossTerms("lit. big bowl")).toEqual(["big", "bowl"]);
    expect(glossTerms("to draw on sth")).toEqual(["draw"]);
  });

  it("drops notes, cross-references and definitions", () => {
    expect(glossTerms("CL:個|个[ge4]")).toBeNull();
    expect(glossTerms("variant of 乾[qian2]")).toBeNull();
    expect(glossTerms("see 電池|电池[dian4 chi2]")).toBeNull();
    expect(glossTerms("surname Li")).toBeNull();
    expect(glossTerms("Taiwan pr. [dian4 chi2]")).toBeNull();
    expect(glossTerms("the emergency number for law enforcement in Mainland China")).toBeNull();
  });
});

describe("BilingualDictionary", () => {
  const dictionary = new BilingualDictionary([
    { simplified: "预测", english: ["to forecast", "to predict"] },
    { simplified: "预卜", english: ["to foretell", "to augur", "to predict"] },
    { simplified: "预言", english: ["to predict", "prophecy"] },
    { simplified: "收获", english: ["to harvest", "to reap", "to gain", "crop", "harvest"] },
    { simplified: "电", english: ["electricity", "electric", "electric shock", "telegram"] },
    { simplified: "钠", english: ["sodium (chemistry)"] },
    { simplified: "三", english: ["three", "3"] },
    { simplified: "千", english: ["thousand"] },
    { simplified: "换热器", english: ["heat exchanger"] },
    { simplified: "%", english: ["percent (Tw)"] },
  ]);

  it("translates a Chinese word by its first two senses", () => {
    expect(dictionary.englishOf("预测")).toEqual([["forecast"], ["predict"]]);
    expect(dictionary.englishOf("收获")).toEqual([["harvest"], ["reap"]]);
    expect(dictionary.englishOf("换热器")).toEqual([["heat", "exchang"]]);
    expect(dictionary.englishOf("未知")).toEqual([]);
    expect(dictionary.size).toBe(9);
  });

  it("translates a single character only when it has one or two meanings and is no numeral", () => {
    expect(dictionary.englishOf("钠")).toEqual([["sodium"]]);
    expect(dictionary.englishOf("电")).toEqual([]);
    // A numeral counts things; it names no field.
    expect(dictionary.englishOf("三")).toEqual([]);
    expect(dictionary.englishOf("千")).toEqual([]);
  });

  it("renders an English wording by the words it is one of the first two senses of, saying which", () => {
    expect(dictionary.chineseOf(["predict"])).toEqual([
      { word: "预测", sense: 1 },
      { word: "预言", sense: 0 },
    ]);
    expect(dictionary.chineseOf(["heat", "exchang"])).toEqual([{ word: "换热器", sense: 0 }]);
    // 收获's third sense: a gain is not a harvest; nor is 预卜 (third sense) a prediction here.
    expect(dictionary.chineseOf(["gain"])).toEqual([]);
    expect(dictionary.chineseOf(["sodium"])).toEqual([{ word: "钠", sense: 0 }]);
    expect(dictionary.chineseOf(["electr"])).toEqual([]);
  });
});

describe("the CC-CEDICT package", () => {
  it("is read by pattern exactly as JSON.parse reads it, whatever the chunk size", () => {
    const parsed = (
      JSON.parse(fs.readFileSync(cedictFile(), "utf8")) as { simplified: string; english: string[] }[]
    ).map((entry) => ({ simplified: entry.simplified, english: entry.english }));
    expect(parsed.length).toBeGreaterThan(120_000);
    for (const chunkBytes of [1 << 20, 4099, 257]) {
      const read = [...cedictEntries(cedictFile(), chunkBytes)];
      expect(read.length).toBe(parsed.length);
      expect(read).toEqual(parsed);
    }
  });

  it("gives the shared dictionary its words", () => {
    const shared = sharedBilingualDictionary();
    expect(shared.size).toBeGreaterThan(100_000);
    expect(shared.englishOf("电池")).toContainEqual(["batteri"]);
    expect(shared.englishOf("作物")).toEqual([["crop"]]);
    expect(shared.chineseOf(["vaccin"]).map((r) => r.word)).toContain("疫苗");
    expect(shared.chineseOf(["heat", "exchang"]).map((r) => r.word)).toContain("换热器");
  });
});
