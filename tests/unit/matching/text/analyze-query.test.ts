import { describe, expect, it } from "vitest";
import { analyzeDocument, analyzeQuery, TextAnalyzer, type QueryGroup } from "../../../../matching/index.js";

const alternatives = (query: string) => analyzeQuery(query).groups.map((g) => g.alternatives);
const texts = (query: string) => analyzeQuery(query).groups.map((g) => g.text);

/** Does a document contain the terms of every group (some alternative, all its terms)? */
function matches(document: string, query: string): boolean {
  const stored = new Set(analyzeDocument(document).tokens.map((t) => t.term));
  const groups = analyzeQuery(query).groups;
  return (
    groups.length > 0 &&
    groups.every((g: QueryGroup) => g.alternatives.some((alt) => alt.every((term) => stored.has(term))))
  );
}

describe("analyzeQuery", () => {
  it("expands 人工智能 to AI and the phrase artificial intelligence", () => {
    const [group] = analyzeQuery("人工智能").groups;
    expect(group?.alternatives[0]).toEqual(["人工智能"]);
    expect(group?.alternatives).toContainEqual(["ai"]);
    expect(group?.alternatives).toContainEqual(["artifici", "intellig"]);
  });

  it("expands in the other direction and recognises multi-word synonyms in a query", () => {
    expect(alternatives("AI")[0]).toContainEqual(["人工智能"]);
    const groups = analyzeQuery("artificial intelligence 芯片").groups;
    expect(groups.map((g) => g.text)).toEqual(["artificial intelligence", "芯片"]);
    expect(groups[0]?.alternatives).toContainEqual(["人工智能"]);
    expect(groups[0]?.latin).toBe(true);
    expect(groups[1]?.alternatives).toContainEqual(["chip"]);
  });

  it("expands lithium battery synonyms across languages", () => {
    const [alts] = alternatives("锂电池");
    expect(alts).toContainEqual(["锂离子电池"]);
    expect(alts).toContainEqual(["lithium", "batteri"]);
    expect(alternatives("lithium batteries")[0]).toContainEqual(["锂电池"]);
  });

  it("covers cross-strait words the converter misses", () => {
    expect(alternatives("镭射")[0]).toContainEqual(["激光"]);
    expect(alternatives("软体")[0]).toContainEqual(["软件"]);
    expect(matches("奈米材料與雷射", "纳米材料 激光")).toBe(true);
    expect(matches("鐳射切割", "激光切割")).toBe(true);
  });

  it("offers the dictionary words inside a long query word", () => {
    expect(alternatives("锂离子电池")[0]).toContainEqual(["锂离子", "电池"]);
    expect(alternatives("神经网络")[0]).toContainEqual(["神经", "网络"]);
  });

  it("matches a Traditional document with a Simplified query and vice versa", () => {
    expect(matches("本系統採用鋰電池與軟體定義網路", "锂电池 软件")).toBe(true);
    expect(matches("本系统采用锂电池与软件定义网络", "鋰電池 軟體")).toBe(true);
    expect(matches("資訊安全與伺服器", "信息安全 服务器")).toBe(true);
    expect(matches("本系统采用锂电池", "燃料电池")).toBe(false);
  });

  it("matches 锂电池 documents from a query for 电池 and for lithium batteries", () => {
    expect(matches("锂电池管理系统", "电池")).toBe(true);
    expect(matches("锂离子电池的安全性", "lithium batteries")).toBe(true);
    expect(matches("A review of lithium-ion battery aging", "锂离子电池")).toBe(true);
  });

  it("groups a query into the words the user typed", () => {
    expect(texts("锂电池管理系统")).toEqual(["锂电池", "管理系统"]);
    expect(texts("ＡＩ芯片")).toEqual(["ai", "芯片"]);
  });

  it("gives empty groups for empty and stop-word-only queries", () => {
    expect(analyzeQuery("")).toEqual({ groups: [] });
    expect(analyzeQuery("   ")).toEqual({ groups: [] });
    expect(analyzeQuery("的 了 和 the of AND")).toEqual({ groups: [] });
    expect(analyzeQuery('"" () * : - ^')).toEqual({ groups: [] });
  });

  it("neutralises query syntax typed by users", () => {
    const query = '"锂电池" AND (电池* OR -battery^2) NOT NEAR(title:x)';
    const groups = analyzeQuery(query).groups;
    expect(groups.map((g) => g.text)).toEqual(["锂电池", "电池", "battery", "2", "near", "title", "x"]);
    for (const g of groups) {
      for (const alt of g.alternatives) for (const term of alt) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
    }
  });

  it("marks the last group as a prefix while the user is still typing it", () => {
    expect(analyzeQuery("锂电池 管").groups.map((g) => g.prefix)).toEqual([false, true]);
    expect(analyzeQuery("锂电池 管 ").groups.map((g) => g.prefix)).toEqual([false, false]);
    expect(analyzeQuery('"锂电池"').groups.map((g) => g.prefix)).toEqual([false]);
    const [learni] = analyzeQuery("machine learni").groups.slice(-1);
    expect(learni?.prefix).toBe(true);
    // Stems can be shorter than what was typed: learni… must still reach "learn".
    expect(learni?.alternatives.some((alt) => "learn".startsWith(alt[0] ?? "?"))).toBe(true);
  });

  it("lowercases latin queries and stems them like documents", () => {
    const [group] = analyzeQuery("Pyton").groups;
    expect(group?.text).toBe("pyton");
    expect(group?.alternatives[0]).toEqual(["pyton"]);
    expect(group?.latin).toBe(true);
    expect(alternatives("Batteries")[0]?.[0]).toEqual(["batteri"]);
  });

  it("gives Chinese groups their bigrams and latin groups none", () => {
    const groups = analyzeQuery("钙钛矿 solar").groups;
    expect(groups[0]?.bigrams).toEqual(["钙钛", "钛矿"]);
    expect(groups[1]?.bigrams).toEqual([]);
  });

  it("also searches the Taiwan reading of a query without script-specific characters", () => {
    // 程式 is also written in Simplified characters; a Traditional document converts it to 程序.
    expect(alternatives("程式")[0]).toContainEqual(["程序"]);
    expect(alternatives("影印")[0]).toEqual([["影印"], ["复印"]]);
    // With a Simplified-only character in the query (锂) the query is Simplified.
    expect(alternatives("锂电池 影印")[1]).toEqual([["影印"]]);
    // Taiwan-only words are converted outright.
    expect(texts("伺服器")).toEqual(["服务器"]);
  });

  it("is deterministic", () => {
    const query = "人工智能 鋰電池 machine learning 程式";
    const first = JSON.stringify(analyzeQuery(query));
    expect(JSON.stringify(analyzeQuery(query))).toBe(first);
    expect(JSON.stringify(new TextAnalyzer().analyzeQuery(query))).toBe(first);
  });
});
