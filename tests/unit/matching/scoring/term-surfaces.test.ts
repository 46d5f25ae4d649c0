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

describe("TermSurfaces: names keep their capital", () => {
  const surfaceOf = (texts: string[], word: string) => {
    const surfaces = new TermSurfaces();
    for (const text of texts) surfaces.add(text);
    return surfaces.of(keyOf(word.toLowerCase(), "latin", analyzeDocument(word.toLowerCase()).tokens[0]!.term));
  };

  it("keeps a capitalised word in mid-sentence as written", () => {
    expect(surfaceOf(["Air quality monitoring in Beijing with low-cost sensors"], "Beijing")).toBe("Beijing");
    expect(surfaceOf(["基于Python的数据分析"], "Python")).toBe("Python");
    // The first word of any sentence is capitalised: it does not make a title of "Data from Beijing".
    expect(surfaceOf(["Data from Beijing"], "Beijing")).toBe("Beijing");
  });

  it("lower-cases a capital that only marks a sentence start or a title-cased title", () => {
    expect(surfaceOf(["Detection of cracks. Sensors are cheap."], "Sensors")).toBe("sensors");
    expect(surfaceOf(["Low-Cost Sensors for Air Quality Monitoring"], "Sensors")).toBe("sensors");
  });

  it("takes a name's case from running text when a title-cased title came first", () => {
    const texts = ["Air Quality Monitoring in Beijing", "We deployed sensors across Beijing in 2020."];
    expect(surfaceOf(texts, "Beijing")).toBe("Beijing");
    // A common word seen in lower case stays lower case, whatever comes after.
    expect(
      surfaceOf(["Sensor Networks", "cheap sensor networks", "Results from the Networks project"], "Networks"),
    ).toBe("networks");
  });
});
