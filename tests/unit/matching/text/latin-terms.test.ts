import { describe, expect, it } from "vitest";
import { foldWord, latinTerm } from "../../../../matching/text/latin-terms.js";
import { scanRuns } from "../../../../matching/text/script-runs.js";

const term = (word: string) => latinTerm(foldWord(word));
const runs = (text: string) =>
  scanRuns(text).map((r) => ({ kind: r.kind, text: text.slice(r.start, r.end), special: r.special }));

describe("latin terms", () => {
  it("stems plural and singular to the same term", () => {
    expect(term("batteries")).toBe("batteri");
    expect(term("battery")).toBe("batteri");
    expect(term("networks")).toBe(term("network"));
    expect(term("learning")).toBe("learn");
  });

  it("drops English stop words but keeps meaningful short words", () => {
    for (const w of ["the", "of", "and", "or", "not", "with"]) expect(term(w)).toBeNull();
    expect(term("it")).toBe("it");
    expect(term("no")).toBe("no");
  });

  it("keeps words with digits unstemmed", () => {
    expect(term("5g")).toBe("5g");
    expect(term("h2o")).toBe("h2o");
    expect(term("2023")).toBe("2023");
  });

  it("removes diacritics and apostrophes", () => {
    expect(term("café")).toBe("cafe");
    expect(foldWord("parkinson's")).toBe("parkinson");
    expect(foldWord("o'neill")).toBe("oneill");
    expect(foldWord("ひらがな")).toBe("ひらがな");
  });
});

describe("scanRuns", () => {
  it("splits Han runs from words of other scripts", () => {
    expect(runs("基于ai的锂电池,5g网络")).toEqual([
      { kind: "han", text: "基于", special: undefined },
      { kind: "word", text: "ai", special: undefined },
      { kind: "han", text: "的锂电池", special: undefined },
      { kind: "word", text: "5g", special: undefined },
      { kind: "han", text: "网络", special: undefined },
    ]);
  });

  it("treats query syntax characters as separators", () => {
    const text = '"lithium" and (battery* or -ion^2) near:x';
    expect(runs(text).map((r) => r.text)).toEqual(["lithium", "and", "battery", "or", "ion", "2", "near", "x"]);
  });

  it("keeps programming-language names whole", () => {
    expect(runs("c++, c# and f# on .net").map((r) => r.special ?? r.text)).toEqual([
      "cpp",
      "csharp",
      "and",
      "fsharp",
      "on",
      "dotnet",
    ]);
    expect(runs("node.js").map((r) => r.text)).toEqual(["node", "js"]);
  });

  it("splits hyphenated words", () => {
    expect(runs("li-ion covid-19").map((r) => r.text)).toEqual(["li", "ion", "covid", "19"]);
  });
});
