import { beforeAll, describe, expect, it } from "vitest";
import { identityMapped, originalRange } from "../../../../matching/text/mapped-text.js";
import { normalizeWithOffsets } from "../../../../matching/text/normalize.js";
import { SimplifiedConverter } from "../../../../matching/text/simplified-converter.js";

let converter: SimplifiedConverter;
beforeAll(() => {
  converter = new SimplifiedConverter();
});

const convert = (text: string) => converter.convert(normalizeWithOffsets(text)).mapped.text;

describe("SimplifiedConverter", () => {
  it("converts Taiwan phrases to mainland words", () => {
    const cases: [string, string][] = [
      ["軟體", "软件"],
      ["資訊安全", "信息安全"],
      ["網路", "网络"],
      ["半導體", "半导体"],
      ["雷射加工機", "激光加工机"],
      ["程式設計", "编程"],
      ["數位轉型", "数字转型"],
      ["伺服器", "服务器"],
      ["記憶體", "内存"],
      ["鋰電池", "锂电池"],
      ["奈米材料的研究", "纳米材料的研究"],
    ];
    for (const [traditional, simplified] of cases) expect(convert(traditional), traditional).toBe(simplified);
  });

  it("leaves Simplified text alone, even words that look like Taiwan phrases", () => {
    // The Taiwan phrase table would turn these into 创建, 显着, 进程, 内核, 串行, 矢量, 多任务况.
    const text = "建立了显著性检验程序,以核心序列和支持向量机分析多工况";
    expect(convert(text)).toBe(text);
  });

  it("decides per clause in mixed text and lets unmarked clauses follow the whole text", () => {
    expect(convert("软件工程。軟體工程與資訊安全")).toBe("软件工程。软件工程与信息安全");
    // 程式 has no Traditional-only character; the text around it is Traditional.
    expect(convert("這個程式，程式")).toBe("这个程序,程序");
    // Without any script-specific character a text counts as Simplified (程 式 are shared)…
    expect(convert("程式")).toBe("程式");
    expect(convert("单位元")).toBe("单位元");
    // …but Taiwan-only words written in shared characters are still converted.
    expect(convert("雷射, 伺服器, 最佳化演算法")).toBe("激光, 服务器, 优化算法");
    // With Simplified-only characters the text is Simplified and stays as it is.
    expect(convert("锂电池 雷射")).toBe("锂电池 雷射");
  });

  it("maps stray Traditional-only characters in Simplified text", () => {
    expect(convert("二噁英的检测")).toBe("二恶英的检测");
  });

  it("reports the script and whether any character decided it", () => {
    expect(converter.convert(identityMapped("鋰電池")).script).toBe("traditional");
    expect(converter.convert(identityMapped("锂电池")).script).toBe("simplified");
    expect(converter.convert(identityMapped("管理")).markers).toBe(false);
    expect(converter.markers("基于鋰電池")).toEqual({ traditional: 2, simplified: 0 });
  });

  it("keeps offsets when conversion changes the length", () => {
    const original = "使用乙太網路交換器與伺服器";
    const { mapped } = converter.convert(normalizeWithOffsets(original));
    expect(mapped.text).toBe("使用以太网交换器与服务器");
    const slice = (word: string) => {
      const i = mapped.text.indexOf(word);
      const r = originalRange(mapped, i, i + word.length);
      return original.slice(r.start, r.end);
    };
    expect(slice("以太网")).toBe("乙太網路");
    expect(slice("使用")).toBe("使用");
    expect(slice("交换器")).toBe("交換器");
    expect(slice("服务器")).toBe("伺服器");

    const keywords = "最佳化演算法";
    const converted = converter.convert(normalizeWithOffsets(keywords)).mapped;
    expect(converted.text).toBe("优化算法");
    expect(originalRange(converted, 0, 2)).toEqual({ start: 0, end: 3 });
    expect(originalRange(converted, 2, 4)).toEqual({ start: 3, end: 6 });
  });

  it("maps converted characters of equal length one to one", () => {
    const original = "ＡＩ與鋰電池";
    const { mapped } = converter.convert(normalizeWithOffsets(original));
    expect(mapped.text).toBe("ai与锂电池");
    const i = mapped.text.indexOf("锂电池");
    expect(originalRange(mapped, i, i + 3)).toEqual({ start: 3, end: 6 });
  });
});
