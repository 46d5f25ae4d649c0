import ExcelJS from "exceljs";

/** One cell of an exported table: text, a number, or empty. */
export type TableCell = string | number | null;

/** A named table with labelled columns: what a page shows and what its CSV and Excel exports hold. */
export interface DataTable {
  /** Sheet name in the workbook (cut to Excel's 31 characters). */
  name: string;
  columns: readonly string[];
  rows: readonly (readonly TableCell[])[];
}

/** Excel opens a CSV file as UTF-8 only when it starts with a byte-order mark. */
const byteOrderMark = "\uFEFF";

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): `=`, `+`,
 * `-`, `@`, and tab / carriage return, which some spreadsheets strip before looking again.
 */
const formulaLead = /^[=+\-@\t\r]/;

/**
 * A text cell that would start a formula is prefixed with an apostrophe, which spreadsheets
 * show as plain text. Numbers stay numbers (a negative number is data, not a formula).
 */
export function neutraliseFormula(text: string): string {
  return formulaLead.test(text) ? `'${text}` : text;
}

function csvField(cell: TableCell): string {
  if (cell === null) return "";
  const text = typeof cell === "number" ? String(cell) : neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (CRLF line ends) in UTF-8 with a byte-order mark, text cells neutralised against formulas. */
export function tableToCsv(table: DataTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(","));
  return `${byteOrderMark}${lines.join("\r\n")}\r\n`;
}

/** Sheet names are at most 31 characters and may not hold `[]:*?/\`. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${base.slice(0, 28)} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * An .xlsx workbook with one sheet per table: a bold, frozen header row and typed cells. Text is
 * written as shared strings, which Excel never evaluates, but it is neutralised all the same so the
 * sheet can be saved as CSV again without turning into formulas.
 */
export async function tablesToXlsx(tables: readonly DataTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SciBridge";
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name, taken), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow([...table.columns]).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(row.map((cell) => (typeof cell === "string" ? neutraliseFormula(cell) : cell)));
    }
    sheet.columns.forEach((column, index) => {
      const widest = Math.max(
        ...[table.columns[index], ...table.rows.map((row) => row[index])].map((cell) => displayWidth(cell ?? "")),
      );
      column.width = Math.min(60, Math.max(8, widest + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** CJK characters take two columns of width in a spreadsheet. */
function displayWidth(cell: TableCell): number {
  let width = 0;
  for (const char of String(cell)) width += /[\u2e80-\uffef]/.test(char) ? 2 : 1;
  return width;
}
