import { describe, expect, it } from "vitest";
import { languageFormNames, languageName } from "../../../../../server/http/experts/working-languages.js";
import { languageCodeOf, languageCodesOf } from "../../../../../server/shared/working-languages.js";

describe("working languages typed on the edit form", () => {
  it("reads names in Simplified Chinese, Traditional Chinese and English as codes", () => {
    expect(["中文", "英语", "英文", "日语", "繁体中文", "繁體中文", "簡體中文"].map(languageCodeOf)).toEqual([
      "zh",
      "en",
      "en",
      "ja",
      "zh-Hant",
      "zh-Hant",
      "zh-Hans",
    ]);
    expect(["Chinese", "english", " Japanese ", "Traditional Chinese"].map(languageCodeOf)).toEqual([
      "zh",
      "en",
      "ja",
      "zh-Hant",
    ]);
  });

  it("keeps codes, written the canonical way, and text it does not know as typed", () => {
    expect(["en", "ZH-hant", "en-GB", "闽南话", "sign language"].map(languageCodeOf)).toEqual([
      "en",
      "zh-Hant",
      "en-GB",
      "闽南话",
      "sign language",
    ]);
  });

  it("drops a language typed twice, once by name and once by code", () => {
    expect(languageCodesOf(["中文", "zh", "English", "英语"])).toEqual(["zh", "en"]);
  });

  it("shows stored codes by name in the page's language, and reads every name back as its code", () => {
    const stored = ["zh-Hant", "zh", "en", "ja"];
    expect(languageFormNames("zh-CN", stored)).toEqual(["繁体中文", "中文", "英语", "日语"]);
    expect(languageFormNames("en", stored)).toEqual(["Traditional Chinese", "Chinese", "English", "Japanese"]);
    for (const lang of ["zh-CN", "en"] as const) {
      expect(languageCodesOf(languageFormNames(lang, stored)), lang).toEqual(stored);
    }
  });

  it("names a language stored by name before the form read names as codes in the page's language", () => {
    expect(languageName("zh-CN", "English")).toBe("英语");
    expect(languageName("en", "中文")).toBe("Chinese");
    expect(languageFormNames("zh-CN", ["Chinese", "英文"])).toEqual(["中文", "英语"]);
    expect(languageCodesOf(languageFormNames("zh-CN", ["Chinese", "英文"]))).toEqual(["zh", "en"]);
  });

  it("shows a code whose name it would not read back as the code, so an untouched form keeps it", () => {
    expect(languageFormNames("zh-CN", ["en-GB", "闽南话"])).toEqual(["en-GB", "闽南话"]);
  });
});
