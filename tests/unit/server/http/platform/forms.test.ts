import { describe, expect, it } from "vitest";
import { joinList, languages } from "../../../../../server/http/i18n/translate.js";
import { z } from "zod";
import {
  filterMaxLength,
  filterText,
  formText,
  numberText,
  parseForm,
  splitEmails,
  splitTerms,
} from "../../../../../server/http/platform/forms.js";

describe("list fields typed as text", () => {
  it("reads a list back from the text either language's edit form shows for it", () => {
    const stored = ["machine learning", "Mini LED", "氮化铝", "血清氧化应激 指标", "AI"];
    for (const lang of languages) expect(splitTerms(joinList(lang, stored)), lang).toEqual(stored);
    expect(joinList("zh-CN", stored)).toBe("machine learning、Mini LED、氮化铝、血清氧化应激 指标、AI");
    expect(joinList("en", stored)).toBe("machine learning, Mini LED, 氮化铝, 血清氧化应激 指标, AI");
  });

  it("splits on commas and semicolons of either width, 、 and line breaks, keeping spaces inside a term", () => {
    expect(splitTerms("氮化铝，陶瓷基板、烧结; AI；deep learning,x\r\ny\nz")).toEqual([
      "氮化铝",
      "陶瓷基板",
      "烧结",
      "AI",
      "deep learning",
      "x",
      "y",
      "z",
    ]);
    expect(splitTerms(" a ,, 、 a ; ")).toEqual(["a"]);
  });

  it("takes spaces between Chinese words as separators only in text without any other separator", () => {
    expect(splitTerms("膜分离 催化\u3000吸附")).toEqual(["膜分离", "催化", "吸附"]);
    expect(splitTerms("machine learning")).toEqual(["machine learning"]);
    expect(splitTerms("AI 机器学习")).toEqual(["AI 机器学习"]);
    expect(splitTerms("血清氧化应激 指标、Mini LED")).toEqual(["血清氧化应激 指标", "Mini LED"]);
  });

  it("still splits emails on spaces too", () => {
    expect(splitEmails("a@x.cn b@x.cn\u3000c@x.cn，d@x.cn\n")).toEqual(["a@x.cn", "b@x.cn", "c@x.cn", "d@x.cn"]);
  });

  it("shows a field sent once per item again joined the page's way", () => {
    const body = { keywords: ["a", "b c"], title: "t" };
    expect(formText(body, "keywords", "en")).toBe("a, b c");
    expect(formText(body, "keywords", "zh-CN")).toBe("a、b c");
    expect(formText(body, "title", "en")).toBe("t");
    expect(formText(body, "missing", "en")).toBe("");
  });
});

describe("field errors in the page's language", () => {
  const year = z.object({ year: numberText(z.number().int().min(1900).max(2100)) });
  const messageFor = (value: string, lang: "zh-CN" | "en" = "zh-CN") => {
    const result = parseForm(year, { year: value }, lang);
    return result.ok ? null : result.errors.year;
  };

  it("asks for a whole number when a fraction is typed where one is expected, not for the field to be filled", () => {
    expect(messageFor("2020.5")).toBe("请输入整数。");
    expect(messageFor("2020.5", "en")).toBe("Enter a whole number.");
  });

  it("keeps the other number messages", () => {
    expect(messageFor("abc")).toBe("请输入数字。");
    expect(messageFor("1800")).toBe("不能小于 1900。");
    expect(messageFor("2020")).toBeNull();
  });
});

describe("a list page's filter text", () => {
  it("keeps what the box holds of a longer text, never half a character", () => {
    expect(filterText.parse("软".repeat(150))).toBe("软".repeat(filterMaxLength));
    const rare = `a${"𠀀".repeat(60)}`; // the 100th UTF-16 unit starts a surrogate pair
    expect(filterText.parse(rare)).toBe(`a${"𠀀".repeat((filterMaxLength - 2) / 2)}`);
    expect(filterText.parse("   ")).toBeUndefined();
    expect(filterText.parse(["a", "b"])).toBeUndefined();
  });
});
