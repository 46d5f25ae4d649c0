import { describe, expect, it } from "vitest";
import { translateImportReason } from "../../../../../server/http/import/import-reasons.js";
import type { needLineSchema } from "../../../../../server/knowledge/import/import-records.schemas.js";
import {
  expertLineSchema,
  formatIssues,
  technologyLineSchema,
} from "../../../../../server/knowledge/import/import-records.schemas.js";

const reasonOf = (schema: typeof expertLineSchema | typeof needLineSchema, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected a rejection");
  return formatIssues(parsed.error);
};

describe("rejection reasons in the page's language", () => {
  it("names each field by its Chinese header and translates every issue of a line", () => {
    const reason = reasonOf(expertLineSchema, { externalId: "E1", name: "", capacity: 500, languages: "zh" });
    expect(reason).toBe(
      "name: required (empty after trimming); languages: Invalid input: expected array, received string; capacity: expected an integer from 0 to 100",
    );
    expect(translateImportReason("zh-CN", "experts", reason)).toBe(
      "姓名：必填，不能为空；语言：格式不对（应为 array）；可承接数量：应为 0 到 100 之间的整数",
    );
    expect(translateImportReason("en", "experts", reason)).toBe(
      "name: required; languages: wrong kind of value (expected array); capacity: expected an integer from 0 to 100",
    );
  });

  it("names an unknown transfer mode and the known ones in the page's language", () => {
    const parsed = technologyLineSchema.safeParse({ externalId: "T1", title: "x", transferModes: ["赠送"] });
    if (parsed.success) throw new Error("expected a rejection");
    const reason = formatIssues(parsed.error);
    expect(translateImportReason("zh-CN", "technologies", reason)).toBe(
      "转化方式：未知的转化方式“赠送”；可用的转化方式：license (专利许可), transfer (技术转让), " +
        "cooperation (合作开发), equity (作价入股), service (技术服务)",
    );
    expect(translateImportReason("en", "technologies", reason)).toBe(reason);
  });

  it("keeps a message that contains `; ` whole and translates nested paths", () => {
    expect(translateImportReason("zh-CN", "needs", 'track: unknown track "moon"; known codes: 618, assist')).toBe(
      "专项：未知的专项“moon”；已有的专项代码：618, assist",
    );
    const nested = reasonOf(expertLineSchema, {
      externalId: "E1",
      name: "x",
      publications: [{ title: "t", year: 1800 }],
    });
    expect(translateImportReason("zh-CN", "experts", nested)).toBe("成果[0].year：应为 1900 到 2100 之间的整数");
  });

  it("translates the readers' own reasons and leaves an unknown message as it is", () => {
    expect(translateImportReason("zh-CN", "experts", "5 cells but the header names 3 fields")).toBe(
      "该行有 5 个单元格，但表头只有 3 列",
    );
    expect(translateImportReason("zh-CN", "needs", "confidential: expected true or false")).toBe(
      "保密：应为 是/否（或 true/false、1/0）",
    );
    expect(translateImportReason("zh-CN", "experts", "something new")).toBe("something new");
  });
});
