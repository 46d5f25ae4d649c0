import { describe, expect, it } from "vitest";
import { mapCsvRecord } from "../../../../server/knowledge/import/csv-record-mapping.js";

describe("mapCsvRecord", () => {
  it("splits list cells on ; and the full-width ；, trimming items", () => {
    expect(mapCsvRecord("experts", { externalId: "E1", disciplines: "材料科学; 化学工程；  ;物理" })).toEqual({
      value: { externalId: "E1", disciplines: ["材料科学", "化学工程", "物理"] },
    });
  });

  it("treats empty cells as absent fields and ignores unknown columns", () => {
    expect(mapCsvRecord("experts", { externalId: "E1", name: "  ", bio: "", 备注: "x" })).toEqual({
      value: { externalId: "E1" },
    });
  });

  it("matches headers regardless of case, spaces, underscores and hyphens", () => {
    const mapped = mapCsvRecord("technologies", {
      "External ID": "T1",
      owner_external_id: "E1",
      "TRANSFER-MODES": "许可",
    });
    expect(mapped).toEqual({ value: { externalId: "T1", ownerExternalId: "E1", transferModes: ["许可"] } });
  });

  it("reads integers, and leaves non-numbers as text for the schema to reject", () => {
    expect(mapCsvRecord("experts", { capacity: "5" })).toEqual({ value: { capacity: 5 } });
    expect(mapCsvRecord("experts", { capacity: "many" })).toEqual({ value: { capacity: "many" } });
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
    expect(mapCsvRecord("needs", { confidential: cell })).toEqual({ value: { confidential: expected } });
  });

  it("leaves an unrecognised boolean as text for the schema to reject", () => {
    expect(mapCsvRecord("needs", { confidential: "maybe" })).toEqual({ value: { confidential: "maybe" } });
  });

  it("reads publications as ;-separated titles or as a JSON array", () => {
    expect(mapCsvRecord("experts", { publications: "论文一; 论文二" })).toEqual({
      value: { publications: [{ title: "论文一" }, { title: "论文二" }] },
    });
    expect(mapCsvRecord("experts", { publications: '[{"title":"论文一","year":2020,"type":"patent"}]' })).toEqual({
      value: { publications: [{ title: "论文一", year: 2020, type: "patent" }] },
    });
  });

  it("rejects a publications cell that starts like JSON but is not", () => {
    const mapped = mapCsvRecord("experts", { publications: '[{"title": ' });
    expect(mapped).toEqual({ error: expect.stringMatching(/^publications: not a valid JSON array/) });
  });
});
