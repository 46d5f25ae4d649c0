import { describe, expect, it } from "vitest";
import { analyzeQuery, cropHighlight, highlightText, queryTermsOf } from "../../../../matching/index.js";

const marked = (runs: readonly { text: string; match: boolean }[]) => runs.filter((r) => r.match).map((r) => r.text);

describe("highlightText", () => {
  it("marks the Traditional surface for a Simplified query and keeps the text intact", () => {
    const runs = highlightText("嵌入式軟體開發", queryTermsOf(analyzeQuery("软件")));
    expect(marked(runs)).toEqual(["軟體"]);
    expect(runs.map((r) => r.text).join("")).toBe("嵌入式軟體開發");
  });

  it("marks a word inside a longer word", () => {
    expect(marked(highlightText("高能量密度锂电池", queryTermsOf(analyzeQuery("电池"))))).toEqual(["电池"]);
  });

  it("marks English inflections of a query word", () => {
    expect(marked(highlightText("Batteries and a battery", queryTermsOf(analyzeQuery("battery"))))).toEqual([
      "Batteries",
      "battery",
    ]);
  });

  it("marks extra terms such as typo corrections", () => {
    expect(marked(highlightText("Python tools", queryTermsOf(analyzeQuery("pyton"), ["python"])))).toEqual(["Python"]);
  });

  it("returns the whole text unmarked when nothing matches", () => {
    expect(highlightText("海水养殖", queryTermsOf(analyzeQuery("软件")))).toEqual([{ text: "海水养殖", match: false }]);
    expect(highlightText("", queryTermsOf(analyzeQuery("软件")))).toEqual([]);
  });
});

describe("cropHighlight", () => {
  it("keeps short text whole and cuts long text around the first match", () => {
    const long = "前".repeat(200) + "锂电池" + "后".repeat(200);
    const runs = highlightText(long, queryTermsOf(analyzeQuery("锂电池")));
    const cropped = cropHighlight(runs, 60);
    const text = cropped.map((r) => r.text).join("");
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(marked(cropped)).toEqual(["锂电池"]);
    expect(text.length).toBeLessThanOrEqual(62);
    expect(cropHighlight([{ text: "短", match: false }], 60)).toEqual([{ text: "短", match: false }]);
  });
});
