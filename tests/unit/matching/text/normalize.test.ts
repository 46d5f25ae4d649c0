import { describe, expect, it } from "vitest";
import { originalRange, type MappedText } from "../../../../matching/text/mapped-text.js";
import { normalizeWithOffsets } from "../../../../matching/text/normalize.js";

/** The original surface of every normalised character. */
function surfaces(original: string, mapped: MappedText): string[] {
  return [...mapped.text].map((_, i) => {
    const r = originalRange(mapped, i, i + 1);
    return original.slice(r.start, r.end);
  });
}

describe("normalizeWithOffsets", () => {
  it("folds full-width forms to half-width and lowercases", () => {
    expect(normalizeWithOffsets("ＡＩ芯片，１２３").text).toBe("ai芯片,123");
    expect(normalizeWithOffsets("Pyton").text).toBe("pyton");
    expect(normalizeWithOffsets("ＭＡＴＬＡＢ仿真").text).toBe("matlab仿真");
  });

  it("collapses whitespace, including the ideographic space, and trims", () => {
    expect(normalizeWithOffsets("  锂电池\u3000\u3000管理 \n\t系统  ").text).toBe("锂电池 管理 系统");
  });

  it("drops zero-width and format characters", () => {
    expect(normalizeWithOffsets("锂电\u200b池\u00ad\ufeff").text).toBe("锂电池");
  });

  it("maps every character back when NFKC changes the length", () => {
    const original = "面积10㎡的ﬁlm";
    const mapped = normalizeWithOffsets(original);
    expect(mapped.text).toBe("面积10m2的film");
    expect(surfaces(original, mapped)).toEqual(["面", "积", "1", "0", "㎡", "㎡", "的", "ﬁ", "ﬁ", "l", "m"]);
    // A token spanning "m2" maps to the single original character.
    const m2 = mapped.text.indexOf("m2");
    expect(originalRange(mapped, m2, m2 + 2)).toEqual({ start: 4, end: 5 });
  });

  it("composes combining marks with their base character", () => {
    const original = "Cafe\u0301 Schro\u0308dinger";
    const mapped = normalizeWithOffsets(original);
    expect(mapped.text).toBe("café schrödinger");
    const e = mapped.text.indexOf("é");
    expect(original.slice(mapped.starts[e], mapped.ends[e])).toBe("e\u0301");
  });

  it("maps a collapsed space to the first whitespace character of the run", () => {
    const original = "AI\u3000 \tchip";
    const mapped = normalizeWithOffsets(original);
    expect(mapped.text).toBe("ai chip");
    expect(originalRange(mapped, 2, 3)).toEqual({ start: 2, end: 3 });
    expect(originalRange(mapped, 3, 7)).toEqual({ start: 5, end: 9 });
  });

  it("keeps characters outside the BMP whole", () => {
    const original = "𠀀字";
    const mapped = normalizeWithOffsets(original);
    expect(mapped.text).toBe("𠀀字");
    expect(originalRange(mapped, 0, 2)).toEqual({ start: 0, end: 2 });
  });

  it("builds the same text without tracking offsets", () => {
    for (const text of ["面积10㎡的ﬁlm", "Cafe\u0301  ＡＩ芯片\u200b，１２３", "ab\u200bcd EF", "𠀀字 \u3000x", ""]) {
      const untracked = normalizeWithOffsets(text, false);
      expect(untracked.text).toBe(normalizeWithOffsets(text).text);
      expect(untracked.starts).toHaveLength(0);
    }
  });

  it("is empty for empty or blank input", () => {
    expect(normalizeWithOffsets("").text).toBe("");
    expect(normalizeWithOffsets(" \u3000\n").text).toBe("");
  });
});
