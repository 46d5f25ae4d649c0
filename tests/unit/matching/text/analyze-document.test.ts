import { describe, expect, it } from "vitest";
import {
  analyzeDocument,
  documentFields,
  documentTerms,
  normalizeText,
  type Token,
} from "../../../../matching/index.js";

const terms = (text: string) => analyzeDocument(text).tokens.map((t) => t.term);
const words = (text: string) =>
  analyzeDocument(text)
    .tokens.filter((t) => t.kind !== "bigram")
    .map((t) => t.term);
/** term → original surface, for every token of one kind. */
const surfaces = (text: string, kind: Token["kind"]) =>
  analyzeDocument(text)
    .tokens.filter((t) => t.kind === kind)
    .map((t) => [t.term, text.slice(t.start, t.end)]);

describe("analyzeDocument", () => {
  it("analyses 軟體 and 软件 to the same term", () => {
    expect(words("軟體")).toEqual(["软件"]);
    expect(words("软件")).toEqual(["软件"]);
  });

  it("turns 資訊安全 into 信息 安全", () => {
    expect(words("資訊安全")).toEqual(["信息安全", "信息", "安全"]);
    expect(words("資訊安全")).toEqual(words("信息安全"));
  });

  it("gives a Traditional document the terms of its Simplified twin", () => {
    const traditional = "本研究以深度學習進行半導體晶圓缺陷檢測，並開發伺服器端軟體。";
    const simplified = "本研究以深度学习进行半导体晶圆缺陷检测，并开发服务器端软件。";
    expect(terms(traditional)).toEqual(terms(simplified));
    expect(documentTerms(traditional)).toBe(documentTerms(simplified));
  });

  it("finds 电池 inside 锂电池", () => {
    const t = words("锂电池");
    expect(t).toContain("锂电池");
    expect(t).toContain("电池");
    expect(words("卷积神经网络")).toContain("神经网络");
  });

  it("stems English words so batteries and battery share a term", () => {
    expect(words("Batteries")).toEqual(["batteri"]);
    expect(words("battery")).toEqual(["batteri"]);
  });

  it("lowercases and folds full-width Latin", () => {
    expect(words("Pyton")).toEqual(["pyton"]);
    expect(words("ＡＩ芯片")).toEqual(["ai", "芯片"]);
  });

  it("removes stop words in both languages", () => {
    expect(words("研究了石墨烯的性能")).toEqual(["研究", "石墨烯", "石墨", "性能"]);
    expect(words("the performance of the battery")).toEqual(["perform", "batteri"]);
    expect(words("的 了 和 the of and")).toEqual([]);
  });

  it("adds character bigrams per clause, broken at stop words and punctuation", () => {
    expect(
      analyzeDocument("石墨烯的性能，锂电池")
        .tokens.filter((t) => t.kind === "bigram")
        .map((t) => t.term),
    ).toEqual(["石墨", "墨烯", "性能", "锂电", "电池"]);
  });

  it("points every token at its original surface in Simplified, Traditional, full-width and mixed text", () => {
    const mixed = "基于ＡＩ的鋰電池管理系統";
    expect(surfaces(mixed, "latin")).toEqual([["ai", "ＡＩ"]]);
    // 基于 and 的 are stop words.
    expect(surfaces(mixed, "word")).toEqual([
      ["锂电池", "鋰電池"],
      ["锂电", "鋰電"],
      ["电池", "電池"],
      ["管理系统", "管理系統"],
      ["管理系", "管理系"],
      ["管理", "管理"],
      ["系统", "系統"],
    ]);
    expect(surfaces(mixed, "bigram")).toEqual([
      ["锂电", "鋰電"],
      ["电池", "電池"],
      ["池管", "池管"],
      ["管理", "管理"],
      ["理系", "理系"],
      ["系统", "系統"],
    ]);

    const simplified = "基于深度学习的Batteries寿命预测";
    for (const t of analyzeDocument(simplified).tokens) {
      const surface = simplified.slice(t.start, t.end);
      if (t.kind === "latin") expect(surface).toBe("Batteries");
      else expect(surface).toBe(t.term);
    }

    const fullWidth = "ＡＩ芯片，１２３㎡";
    expect(surfaces(fullWidth, "latin")).toEqual([
      ["ai", "ＡＩ"],
      ["123m2", "１２３㎡"],
    ]);
  });

  it("returns tokens in text order", () => {
    const tokens = analyzeDocument("基于ＡＩ的鋰電池管理系統 and Batteries").tokens;
    const starts = tokens.map((t) => t.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("is deterministic", () => {
    const text = "鋰離子電池與ＡＩ：基于卷积神经网络的机器视觉检测 Batteries, C++ and 5G";
    const first = JSON.stringify(analyzeDocument(text));
    for (let i = 0; i < 3; i++) expect(JSON.stringify(analyzeDocument(text))).toBe(first);
    expect(documentTerms(text)).toBe(documentTerms(text));
  });

  it("produces terms of letters and digits only", () => {
    const text = '锂电池 "AND" (c++ OR -x^2) NEAR: 資訊* title:AI 1.5μm';
    for (const term of documentTerms(text).split(" ")) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it("gives the same fields as analyzeDocument's tokens split by kind", () => {
    for (const text of [
      "基于ＡＩ的鋰電池管理系統 and Batteries，卷积神经网络；C++ 与 c# 开发",
      "面向新能源汽车动力电池的高镍三元正极材料。技术难点：低温性能差",
      "雷射, 伺服器\n乙太網路交換器與軟體",
      "Parkinson's disease, O'Neill and schrödinger 方程 φυσικός 5G",
    ]) {
      const words: string[] = [];
      const bigrams: string[] = [];
      for (const token of analyzeDocument(text).tokens) (token.kind === "bigram" ? bigrams : words).push(token.term);
      expect(documentFields(text)).toEqual({ words: words.join(" "), bigrams: bigrams.join(" ") });
    }
  });

  it("splits stored terms into words and bigrams for engines that weight them apart", () => {
    expect(documentFields("锂电池 battery")).toEqual({ words: "锂电池 锂电 电池 batteri", bigrams: "锂电 电池" });
    expect(documentTerms("锂电池 battery")).toBe("锂电池 锂电 锂电 电池 电池 batteri");
    expect(documentTerms("")).toBe("");
  });
});

describe("acronym variants in Chinese text", () => {
  const latin = (text: string) => surfaces(text, "latin");

  it("lets CNIS and NIS, WebGIS and GIS, BiLSTM and LSTM share a term", () => {
    const shared = (a: string, b: string) => words(a).filter((term) => words(b).includes(term));
    expect(shared("国家创新体系（CNIS）研究", "国家创新体系（NIS）的历史演变")).toContain(words("NIS研究")[0]);
    expect(shared("WebGIS平台建设", "GIS空间分析")).toContain(words("GIS空间分析")[0]);
    expect(shared("基于BiLSTM的命名实体识别", "LSTM网络预测")).toContain(words("LSTM网络预测")[0]);
  });

  it("points each tail at its characters in the original text", () => {
    expect(latin("创新体系（CNIS）")).toEqual([
      ["cni", "CNIS"],
      ["ni", "NIS"],
    ]);
  });

  it("keeps English prose, long words and three-letter acronyms whole", () => {
    expect(latin("attention on graphs")).toEqual([
      ["attent", "attention"],
      ["graph", "graphs"],
    ]);
    expect(latin("CNIS and NIS")).toEqual([
      ["cni", "CNIS"],
      ["ni", "NIS"],
    ]);
    expect(latin("基于Transformer的模型")).toEqual([["transform", "Transformer"]]);
    expect(latin("WTO规则")).toEqual([["wto", "WTO"]]);
  });

  it("keeps the words of a Latin phrase in Chinese text whole, such as a species name", () => {
    // "laeve" is no acronym: its tail "eve" (stemmed "ev") would meet the EV of 电动汽车.
    expect(latin("羊柴(Hedysarum laeve)种子")).toEqual([
      ["hedysarum", "Hedysarum"],
      ["laev", "laeve"],
    ]);
    expect(words("羊柴(Hedysarum laeve)种子")).not.toContain(words("EV")[0]);
    // A word alone beside punctuation is still read as an acronym.
    expect(latin("平台（CNIS，WebGIS）")).toContainEqual(["gi", "GIS"]);
  });
});

describe("normalizeText", () => {
  it("gives the normalised Simplified string", () => {
    expect(normalizeText("ＡＩ芯片，１２３")).toBe("ai芯片,123");
    expect(normalizeText("  資訊安全　與　軟體  ")).toBe("信息安全 与 软件");
  });
});
