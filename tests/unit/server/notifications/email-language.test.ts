import { describe, expect, it } from "vitest";
import { emailLanguageOf } from "../../../../server/notifications/email.types.js";

describe("the language of an imported expert's emails", () => {
  it("is the first of Chinese or English among the working languages' codes", () => {
    expect(emailLanguageOf(["en", "zh"])).toBe("en");
    expect(emailLanguageOf(["zh-Hant", "en"])).toBe("zh-CN");
    expect(emailLanguageOf(["ja"])).toBe("en");
    expect(emailLanguageOf([])).toBe("zh-CN");
  });

  it("reads languages a profile names instead of coding them, as an import file or the API may", () => {
    expect(emailLanguageOf(["English", "中文"])).toBe("en");
    expect(emailLanguageOf(["英语"])).toBe("en");
    expect(emailLanguageOf(["日语", "繁體中文"])).toBe("zh-CN");
    expect(emailLanguageOf(["Japanese"])).toBe("en");
    // Text that names no language says nothing: Chinese, as for a profile without languages.
    expect(emailLanguageOf(["闽南话"])).toBe("zh-CN");
  });
});
