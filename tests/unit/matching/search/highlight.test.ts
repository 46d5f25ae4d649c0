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

  it("skips analysing a text that cannot hold the query's terms, with the same result", () => {
    const texts = [
      "嵌入式軟體與伺服器資訊安全",
      "高能量密度锂电池正极材料",
      "Python tools for batteries",
      "雷射加工",
      "海水养殖大黄鱼",
      "",
    ];
    for (const query of ["软件 ", "锂电池 ", "电池", "激光 加工 ", "大黄鱼", "batteries"]) {
      const terms = queryTermsOf(analyzeQuery(query));
      const { screen: _, ...analysed } = terms;
      for (const text of texts) expect(highlightText(text, terms)).toEqual(highlightText(text, analysed));
    }
    const screen = queryTermsOf(analyzeQuery("大黄鱼 ")).screen!;
    expect(screen.chinese).toEqual(expect.arrayContaining(["大黄鱼", "大黄", "黄鱼"]));
    expect(screen.latin).toBe([...queryTermsOf(analyzeQuery("大黄鱼 ")).exact].some((term) => /[a-z]/.test(term)));
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
