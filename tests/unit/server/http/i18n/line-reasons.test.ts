import { describe, expect, it } from "vitest";
import { translateLineReasons } from "../../../../../server/http/i18n/line-reasons.js";
import { lineReasonCodes, lineReason, type LineReason } from "../../../../../server/shared/line-reasons.js";
import { expertLineSchema } from "../../../../../server/knowledge/import/import-records.schemas.js";
import { lineReasonsOf } from "../../../../../server/shared/line-reasons.js";

const chineseHeaders: Record<string, string> = {
  name: "姓名",
  languages: "语言",
  capacity: "可承接数量",
  publications: "成果",
};
const chineseHeader = (field: string) => chineseHeaders[field] ?? field;

const reasonsFor = (value: Record<string, unknown>): LineReason[] => {
  const parsed = expertLineSchema.safeParse(value);
  if (parsed.success) throw new Error("expected a rejection");
  return lineReasonsOf(parsed.error, value);
};

describe("a line's reasons in the page's language", () => {
  it("translates every reason of a line and names each field as the page's reader knows it", () => {
    const reasons = reasonsFor({ externalId: "E1", name: "", capacity: 500, languages: "zh", email: "bad-email" });
    expect(translateLineReasons("zh-CN", reasons, chineseHeader)).toBe(
      "姓名：必填，不能为空；语言：应为列表（单元格内用 ; 分隔，JSONL 中为 JSON 数组）；可承接数量：应为 0 到 100 之间的整数；" +
        "email：不是有效的邮箱地址（应形如 name@example.com）",
    );
    expect(translateLineReasons("en", reasons)).toBe(
      "name: required; languages: expected a list (items separated by ; in a cell, a JSON array in JSONL); " +
        "capacity: expected an integer from 0 to 100; email: not an email address (expected the form name@example.com)",
    );
  });

  it("keeps the position inside a field and fills the reason's values", () => {
    const reasons = reasonsFor({
      externalId: "E1",
      name: "x",
      publications: [{ title: "t", year: 1800, type: "book" }],
    });
    expect(translateLineReasons("zh-CN", reasons, chineseHeader)).toBe(
      "成果[0].year：应为 1900 到 2100 之间的整数；成果[0].type：应为以下之一：paper, project, patent, output",
    );
  });

  it("translates a reason about the whole line, which names no field", () => {
    const reason = lineReason("too_many_cells", { cells: 5, fields: 3 });
    expect(translateLineReasons("zh-CN", [reason])).toBe("该行有 5 个单元格，但表头只有 3 列");
    expect(translateLineReasons("en", [reason])).toBe("more cells (5) than the header names columns (3)");
  });

  it("translates an outcomes workbook's reasons without showing the codes they carry", () => {
    const reasons = [
      lineReason("meeting_not_held", { meeting: 12, status: "no_show" }),
      lineReason("repeated_side", { meeting: 12, side: "expert", earlier: 3 }),
      lineReason("contract_needs_value", {}, "value"),
    ];
    expect(translateLineReasons("zh-CN", reasons)).toBe(
      "会谈 12 没有举行（缺席或已取消），无需记录结果；会谈 12 的这一方已在第 3 行填写；value：签约请填写合同金额（元）",
    );
    expect(translateLineReasons("en", reasons)).toBe(
      "meeting 12 did not take place (a no-show or cancelled); it has no outcome; " +
        "this side of meeting 12 is already on line 3; value: a contract needs its value in yuan",
    );
  });

  it("has a Chinese and an English text for every code", () => {
    for (const code of lineReasonCodes) {
      const zh = translateLineReasons("zh-CN", [lineReason(code)]);
      expect(zh, code).not.toMatch(/^lineReason\./);
      expect(translateLineReasons("en", [lineReason(code)]), code).not.toBe(zh);
    }
  });
});
