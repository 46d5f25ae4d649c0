import { beforeAll, describe, expect, it } from "vitest";
import { ChineseSegmenter } from "../../../../matching/text/chinese-segmenter.js";
import { DOMAIN_TERMS } from "../../../../matching/text/domain-dictionary.js";

let segmenter: ChineseSegmenter;
beforeAll(() => {
  segmenter = new ChineseSegmenter();
});

describe("ChineseSegmenter", () => {
  it("keeps every domain dictionary term whole", () => {
    expect(DOMAIN_TERMS.length).toBeGreaterThanOrEqual(200);
    const split = DOMAIN_TERMS.filter((term) => segmenter.cut(term).length !== 1);
    expect(split).toEqual([]);
  });

  it("segments domain terms in running text", () => {
    expect(segmenter.cut("研究了石墨烯的性能")).toEqual(["研究", "了", "石墨烯", "的", "性能"]);
    expect(segmenter.cut("碳化硅功率器件与氮化铝陶瓷")).toEqual(["碳化硅", "功率器件", "与", "氮化铝", "陶瓷"]);
    expect(segmenter.cut("福建大黄鱼海水养殖")).toEqual(["福建", "大黄鱼", "海水养殖"]);
    expect(segmenter.cut("数字孪生与知识图谱")).toEqual(["数字孪生", "与", "知识图谱"]);
  });

  it("does not over-merge common text around domain terms", () => {
    expect(segmenter.cut("存储能力较强")).toEqual(["存储", "能力", "较强"]);
    expect(segmenter.cut("控制氢气流量")).toEqual(["控制", "氢气", "流量"]);
  });

  it("cuts words that tile the run exactly", () => {
    const run = "基于卷积神经网络的锂离子电池管理系统故障诊断方法";
    expect(segmenter.cut(run).join("")).toBe(run);
  });

  it("cuts several runs in one call exactly as it cuts each alone", () => {
    const runs = [
      "基于卷积神经网络的锂离子电池管理系统",
      "研究了石墨烯的性能",
      "锂",
      "海水养殖大黄鱼病害防控",
      "数字孪生与知识图谱",
    ];
    expect(segmenter.cutRuns(runs)).toEqual(runs.map((run) => segmenter.cut(run)));
    expect(segmenter.cutRuns([])).toEqual([]);
  });

  it("finds the words inside a longer word, with their positions", () => {
    expect(segmenter.innerWords("锂电池")).toEqual([
      { text: "锂电", offset: 0 },
      { text: "电池", offset: 1 },
    ]);
    const inner = segmenter.innerWords("卷积神经网络").map((w) => w.text);
    expect(inner).toEqual(expect.arrayContaining(["卷积", "神经", "神经网络", "网络"]));
    expect(segmenter.innerWords("电池")).toEqual([]);
  });

  it("emits at least what jieba's search mode emits", () => {
    for (const run of ["锂离子电池管理系统", "中华人民共和国", "钙钛矿太阳能电池", "工业互联网平台"]) {
      const ours = new Set<string>();
      let pos = 0;
      for (const word of segmenter.cut(run)) {
        ours.add(word);
        for (const inner of segmenter.innerWords(word)) {
          ours.add(inner.text);
          expect(run.slice(pos + inner.offset, pos + inner.offset + inner.text.length)).toBe(inner.text);
        }
        pos += word.length;
      }
      for (const word of segmenter.cutForSearch(run)) expect(ours, `${word} in ${run}`).toContain(word);
    }
  });
});
