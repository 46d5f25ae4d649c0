import { describe, expect, it } from "vitest";
import { TermSurfaces } from "../../../../matching/scoring/term-surfaces.js";
import { analyzeDocument } from "../../../../matching/text/index.js";
import { termKey } from "../../../../matching/scoring/term-key.js";

/** The key the engine gives the first token of `text` of the given kind with these characters. */
function keyOf(text: string, kind: "word" | "latin" | "bigram", term: string): string {
  const token = analyzeDocument(text).tokens.find((t) => t.kind === kind && t.term === term);
  if (!token) throw new Error(`no ${kind} ${term} in ${text}`);
  return termKey(token);
}

describe("TermSurfaces", () => {
  it("shows an English stem as the word that was written", () => {
    const surfaces = new TermSurfaces();
    surfaces.add("Machine vision for surface defect detection of AMOLED panels");
    expect(surfaces.of(keyOf("machine", "latin", "machin"))).toBe("machine");
    expect(surfaces.of(keyOf("surface", "latin", "surfac"))).toBe("surface");
    // An acronym keeps its case.
    expect(surfaces.of(termKey(analyzeDocument("AMOLED").tokens[0]!))).toBe("AMOLED");
  });

  it("shows a Traditional word as written, under its Simplified key", () => {
    const surfaces = new TermSurfaces();
    surfaces.add("機器視覺瑕疵檢測");
    expect(surfaces.of("机器视觉")).toBe("機器視覺");
  });

  it("keeps a character pair inside one word and drops one that spans two words", () => {
    const surfaces = new TermSurfaces();
    surfaces.add("智能分类");
    expect(surfaces.of(keyOf("智能分类", "word", "智能"))).toBe("智能");
    expect(surfaces.of(keyOf("智能分类", "bigram", "能分"))).toBeUndefined();
    expect(surfaces.of(keyOf("智能分类", "bigram", "分类"))).toBe("分类");
  });

  it("keeps the first surface of a term", () => {
    const surfaces = new TermSurfaces();
    surfaces.add("detection");
    surfaces.add("Detecting");
    expect(surfaces.of(keyOf("detection", "latin", "detect"))).toBe("detection");
  });
});
