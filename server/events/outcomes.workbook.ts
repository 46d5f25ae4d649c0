import ExcelJS from "exceljs";
import { outcomeResults, outcomeSides, type OutcomeResult, type OutcomeSide } from "./outcomes.types.js";
import type { BulkResult, OutcomeLine } from "./outcomes.service.js";
import type { OutcomeMeeting } from "./outcomes.types.js";

/** The columns of the outcomes workbook; Chinese headings are read as well. */
const columns = ["meetingId", "needId", "expertId", "side", "result", "value", "note"] as const;
type Column = (typeof columns)[number];
const headings: Record<string, Column> = {
  meetingid: "meetingId",
  会谈编号: "meetingId",
  needid: "needId",
  需求编号: "needId",
  expertid: "expertId",
  专家编号: "expertId",
  side: "side",
  一方: "side",
  result: "result",
  结果: "result",
  value: "value",
  金额: "value",
  "金额（元）": "value",
  note: "note",
  备注: "note",
};
const resultWords: Record<string, OutcomeResult> = {
  无意向: "no_interest",
  继续跟进: "follow_up",
  跟进: "follow_up",
  意向: "intention",
  签约: "contract",
  合同: "contract",
};
const sideWords: Record<string, OutcomeSide> = { 需求方: "need", 企业: "need", 专家: "expert" };

/** The largest workbook read (rows): an event has at most a few thousand meetings, each with two sides. */
export const maxOutcomeRows = 50_000;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "result" in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === "object" && "richText" in value) return value.richText.map((r) => r.text).join("");
  if (typeof value === "object" && "text" in value) return String(value.text);
  return String(value).trim();
}

function wholeNumber(text: string): number | null {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/**
 * Reads an organizer's outcomes workbook (.xlsx, first sheet, a heading row): each line names a
 * meeting (meetingId, or needId and expertId), a side, a result and, for a contract, its value in
 * yuan. Lines that cannot be read are reported with their row number; nothing is written here.
 */
export async function readOutcomeWorkbook(
  buffer: Buffer,
): Promise<{ lines: OutcomeLine[]; errors: BulkResult["errors"] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { lines: [], errors: [{ line: 0, message: "Not an .xlsx workbook" }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount < 2) return { lines: [], errors: [{ line: 1, message: "The sheet has no lines" }] };
  if (sheet.rowCount > maxOutcomeRows + 1) {
    return { lines: [], errors: [{ line: 0, message: `At most ${maxOutcomeRows} lines per file` }] };
  }
  const position = new Map<Column, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const column = headings[cellText(cell.value).replace(/\s/g, "").toLowerCase()];
    if (column) position.set(column, col);
  });
  const missing = (["side", "result"] as const).filter((c) => !position.has(c));
  if (!position.has("meetingId") && !(position.has("needId") && position.has("expertId"))) {
    missing.push("meetingId (or needId and expertId)" as never);
  }
  if (missing.length > 0)
    return { lines: [], errors: [{ line: 1, message: `Missing columns: ${missing.join(", ")}` }] };

  const lines: OutcomeLine[] = [];
  const errors: BulkResult["errors"] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (c: Column) => (position.has(c) ? cellText(row.getCell(position.get(c)!).value) : "");
    if (columns.every((c) => get(c) === "")) continue;
    const problems: string[] = [];
    const meetingId = get("meetingId") ? wholeNumber(get("meetingId")) : undefined;
    const needId = get("needId") ? wholeNumber(get("needId")) : undefined;
    const expertId = get("expertId") ? wholeNumber(get("expertId")) : undefined;
    if (meetingId === null || needId === null || expertId === null) problems.push("ids must be whole numbers");
    if (meetingId === undefined && (needId === undefined || expertId === undefined)) {
      problems.push("name the meeting: meetingId, or needId and expertId");
    }
    const sideText = get("side");
    const side = (outcomeSides as readonly string[]).includes(sideText)
      ? (sideText as OutcomeSide)
      : sideWords[sideText];
    if (!side) problems.push(`side must be one of ${outcomeSides.join(", ")}`);
    const resultText = get("result");
    const result = (outcomeResults as readonly string[]).includes(resultText)
      ? (resultText as OutcomeResult)
      : resultWords[resultText];
    if (!result) problems.push(`result must be one of ${outcomeResults.join(", ")}`);
    const valueText = get("value").replace(/[,，\s]/g, "");
    const value = valueText === "" ? null : wholeNumber(valueText);
    if (valueText !== "" && value === null) problems.push("value must be a whole number of yuan");
    const note = get("note").slice(0, 2000);
    if (problems.length > 0) {
      errors.push({ line: r, message: problems.join("; ") });
      continue;
    }
    lines.push({
      line: r,
      ...(meetingId !== undefined ? { meetingId: meetingId! } : { needId: needId!, expertId: expertId! }),
      input: { side: side!, result: result!, contractValueYuan: value, note },
    });
  }
  return { lines, errors };
}

/** The template an organizer fills in: one line per side of every meeting that took place. */
export async function outcomeTemplate(meetings: readonly OutcomeMeeting[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("outcomes");
  sheet.columns = [
    { header: "meetingId", key: "meetingId", width: 10 },
    { header: "needId", key: "needId", width: 10 },
    { header: "expertId", key: "expertId", width: 10 },
    { header: "need", key: "need", width: 36 },
    { header: "expert", key: "expert", width: 16 },
    { header: "slot", key: "slot", width: 6 },
    { header: "table", key: "table", width: 6 },
    { header: "side", key: "side", width: 8 },
    { header: "result", key: "result", width: 14 },
    { header: "value", key: "value", width: 14 },
    { header: "note", key: "note", width: 30 },
  ];
  for (const m of meetings) {
    for (const side of outcomeSides) {
      sheet.addRow({
        meetingId: m.id,
        needId: m.needId,
        expertId: m.expertId,
        need: m.needTitle,
        expert: m.expertName,
        slot: m.slot === null ? "" : m.slot + 1,
        table: m.tableNo === null ? "" : m.tableNo + 1,
        side,
      });
    }
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
