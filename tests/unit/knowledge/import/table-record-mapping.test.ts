import { describe, expect, it } from "vitest";
import { mapTableRecord } from "../../../../server/knowledge/import/table-record-mapping.js";

describe("mapTableRecord", () => {
  it("splits list cells on ; and the full-width ；, trimming items", () => {
    expect(mapTableRecord("experts", { externalId: "E1", disciplines: "材料科学; 化学工程；  ;物理" })).toEqual({
      value: { externalId: "E1", disciplines: ["材料科学", "化学工程", "物理"] },
    });
  });

  it("treats empty cells as absent fields and ignores unknown columns", () => {
    expect(mapTableRecord("experts", { externalId: "E1", name: "  ", bio: "", 备注: "x" })).toEqual({
      value: { externalId: "E1" },
    });
  });

  it("matches headers regardless of case, spaces, underscores and hyphens", () => {
    const mapped = mapTableRecord("technologies", {
      "External ID": "T1",
      owner_external_id: "E1",
      "TRANSFER-MODES": "许可",
    });
    expect(mapped).toEqual({ value: { externalId: "T1", ownerExternalId: "E1", transferModes: ["许可"] } });
  });

  it("reads integers, and leaves non-numbers as text for the schema to reject", () => {
    expect(mapTableRecord("experts", { capacity: "5" })).toEqual({ value: { capacity: 5 } });
    expect(mapTableRecord("experts", { capacity: "many" })).toEqual({ value: { capacity: "many" } });
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["是", true],
    ["false", false],
    ["False", false],
    ["0", false],
    ["否", false],
  ])("reads the boolean %s as %s", (cell, expected) => {
    expect(mapTableRecord("needs", { confidential: cell })).toEqual({ value: { confidential: expected } });
  });

  it("leaves an unrecognised boolean as text for the schema to reject", () => {
    expect(mapTableRecord("needs", { confidential: "maybe" })).toEqual({ value: { confidential: "maybe" } });
  });

  it("reads publications as ;-separated titles or as a JSON array", () => {
    expect(mapTableRecord("experts", { publications: "论文一; 论文二" })).toEqual({
      value: { publications: [{ title: "论文一" }, { title: "论文二" }] },
    });
    expect(mapTableRecord("experts", { publications: '[{"title":"论文一","year":2020,"type":"patent"}]' })).toEqual({
      value: { publications: [{ title: "论文一", year: 2020, type: "patent" }] },
    });
  });

  it("rejects a publications cell that starts like JSON but is not", () => {
    const mapped = mapTableRecord("experts", { publications: '[{"title": ' });
    expect(mapped).toEqual({
      error: expect.objectContaining({
        code: "not_json_array",
        field: "publications",
        message: expect.stringMatching(/^not a valid JSON array/),
      }),
    });
  });

  it("reads Chinese headers (simplified or traditional, marked required or with a hint) per kind", () => {
    expect(
      mapTableRecord("experts", {
        "编号*": "E1",
        "姓名（必填）": "林",
        單位: "福州大学",
        职称: "教授",
        邮箱: "a@b.cn",
        電話: "1",
      }),
    ).toEqual({
      value: { externalId: "E1", name: "林", organization: "福州大学", title: "教授", email: "a@b.cn", phone: "1" },
    });
    // The same header means different fields in different kinds.
    expect(mapTableRecord("technologies", { 简介: "摘要文字", 名称: "成果" })).toEqual({
      value: { abstract: "摘要文字", title: "成果" },
    });
    expect(mapTableRecord("needs", { 单位: "某公司", 是否保密: "是" })).toEqual({
      value: { enterprise: "某公司", confidential: true },
    });
  });
});
