import { describe, expect, it } from "vitest";
import { cleanText, requiredText, text, wellFormedString } from "../../../../server/shared/text.schemas.js";

describe("text hygiene", () => {
  it("drops bidirectional overrides and isolates, and control characters but tabs and new lines", () => {
    expect(cleanText("\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069")).toBe("abcdefgh");
    expect(cleanText(" a\u0000b\u0007c\u001bd\u007fe\u0085f\tg\nh\r\n ")).toBe("abcdef\tg\nh");
  });

  it("makes text that shows nothing empty, and leaves visible text with invisible characters inside alone", () => {
    for (const invisible of [
      "\u200b",
      "\u200b\u200c\u200d\u2060\ufeff",
      "\u00ad",
      "\u3164",
      "\u3000 \u00a0",
      "\u200e\u200f",
    ]) {
      expect(cleanText(invisible), JSON.stringify(invisible)).toBe("");
    }
    expect(cleanText("a\u200bb")).toBe("a\u200bb");
    expect(cleanText("👨‍👩‍👧")).toBe("👨‍👩‍👧");
  });

  it("refuses lone surrogates but accepts surrogate pairs", () => {
    for (const bad of ["\ud800", "a\udfff", "\udc00\ud800", "𝒜\ud83d"]) {
      expect(text(10).safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(wellFormedString().safeParse(bad).success).toBe(false);
    }
    expect(text(10).parse("𝒜😀")).toBe("𝒜😀");
  });

  it("requires something visible in required text, and keeps secrets as sent", () => {
    expect(requiredText(10).safeParse("\u200b\u0000").success).toBe(false);
    expect(wellFormedString().parse(" \u202e pass \u0000")).toBe(" \u202e pass \u0000");
  });
});
