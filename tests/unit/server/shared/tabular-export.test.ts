import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  neutraliseFormula,
  tablesToXlsx,
  tableToCsv,
  type DataTable,
} from "../../../../server/shared/tabular-export.js";

const table: DataTable = {
  name: "漏斗：按学会",
  columns: ["学会", "已匹配", "金额"],
  rows: [
    ["=1+1", 3, -5],
    ["+86 591", 2, null],
    ["-20℃", 1, 0],
    ["@SUM(A1)", 0, 1.5],
    ["\tcmd", 0, 0],
    ["\rcmd", 0, 0],
    ['含"引号",和逗号\n换行', 0, 0],
    ["普通文本 = 不在开头", 0, 0],
  ],
};

describe("tabular export", () => {
  it("neutralises text that a spreadsheet would read as a formula, and nothing else", () => {
    for (const text of ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"]) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ["1+1", "a=b", "", "'=x", "福州"]) expect(neutraliseFormula(text)).toBe(text);
  });

  it("writes RFC 4180 CSV in UTF-8 with a BOM; numbers stay numbers, text is neutralised", () => {
    const csv = tableToCsv(table);
    expect(csv.startsWith("\uFEFF学会,已匹配,金额\r\n")).toBe(true);
    const rows = parse(csv.slice(1), { relaxQuotes: false }) as string[][];
    expect(rows).toEqual([
      ["学会", "已匹配", "金额"],
      ["'=1+1", "3", "-5"],
      ["'+86 591", "2", ""],
      ["'-20℃", "1", "0"],
      ["'@SUM(A1)", "0", "1.5"],
      ["'\tcmd", "0", "0"],
      ["'\rcmd", "0", "0"],
      ['含"引号",和逗号\n换行', "0", "0"],
      ["普通文本 = 不在开头", "0", "0"],
    ]);
  });

  it("writes one sheet per table with a header row, typed cells and Excel-safe unique sheet names", async () => {
    const buffer = await tablesToXlsx([table, { ...table, name: "a/b:c*d?e[f]g\\h and a name longer than 31" }, table]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer,
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "漏斗：按学会",
      "a b c d e f g h and a name long",
      "漏斗：按学会 2",
    ]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, "学会", "已匹配", "金额"]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).values).toEqual([undefined, "'=1+1", 3, -5]);
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.rowCount).toBe(table.rows.length + 1);
  });
});
