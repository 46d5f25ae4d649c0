import ExcelJS from "exceljs";
import type { ImportKind } from "./import-records.schemas.js";
import { tableColumns } from "./table-record-mapping.js";
import examples from "./template-examples.json" with { type: "json" };

/**
 * Blank files to fill in, one per kind: the Chinese headers of the alias table
 * (column-aliases.json) and one example row, as CSV (UTF-8 with a byte order mark, which
 * Excel and WPS need to read it as UTF-8) and as .xlsx. Importing a template as it is
 * imports its example row, so what the template shows is what the importer reads.
 */

const exampleRows: Record<ImportKind, Record<string, string>> = examples;

function rowsOf(kind: ImportKind): { headers: string[]; example: string[] } {
  const columns = tableColumns(kind);
  return {
    headers: columns.map((column) => column.chineseHeader),
    example: columns.map((column) => exampleRows[kind][column.field] ?? ""),
  };
}

/** A CSV cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function templateCsv(kind: ImportKind): string {
  const { headers, example } = rowsOf(kind);
  return `\uFEFF${[headers, example].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const { headers, example } = rowsOf(kind);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(headers).font = { bold: true };
  sheet.addRow(example);
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((column) => {
    column.width = 18;
  });
  const fields = workbook.addWorksheet("fields");
  fields.addRow(["表头 / header", "字段 / field", "类型 / type"]).font = { bold: true };
  for (const column of tableColumns(kind)) fields.addRow([column.chineseHeader, column.field, column.type]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
