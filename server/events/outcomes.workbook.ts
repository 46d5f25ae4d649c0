import ExcelJS from "exceljs";
import { lineError, lineReason, type LineError, type LineReason } from "../shared/line-reasons.js";
import { outcomeResults, outcomeSides, type OutcomeResult, type OutcomeSide } from "./outcomes.types.js";
import type { OutcomeLine } from "./outcomes.service.js";
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

/** A side or a result: the word in English or one of its Chinese words; else why not. */
function chosen<T extends string>(
  text: string,
  field: Column,
  values: readonly T[],
  words: Record<string, T>,
): T | LineReason {
  if ((values as readonly string[]).includes(text)) return text as T;
  if (words[text]) return words[text];
  return text === "" ? lineReason("required", {}, field) : lineReason("one_of", { values: values.join(", ") }, field);
}

/**
 * Reads an organizer's outcomes workbook (.xlsx, first sheet, a heading row): each line names a
 * meeting (meetingId, or needId and expertId), a side, a result and, for a contract, its value in
 * yuan. Lines that cannot be read are reported with their row number and coded reasons (line 0:
 * the file as a whole); nothing is written here.
 */
export async function readOutcomeWorkbook(buffer: Buffer): Promise<{ lines: OutcomeLine[]; errors: LineError[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { lines: [], errors: [lineError(0, [lineReason("not_xlsx")])] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { lines: [], errors: [lineError(0, [lineReason("no_worksheet")])] };
  if (sheet.rowCount < 2) return { lines: [], errors: [lineError(1, [lineReason("empty_file")])] };
  if (sheet.rowCount > maxOutcomeRows + 1) {
    return { lines: [], errors: [lineError(0, [lineReason("too_many_rows", { max: maxOutcomeRows })])] };
  }
  const position = new Map<Column, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const column = headings[cellText(cell.value).replace(/\s/g, "").toLowerCase()];
    if (column) position.set(column, col);
  });
  const missing = (["side", "result"] as const)
    .filter((c) => !position.has(c))
    .map((column) => lineReason("missing_column", { column }));
  if (!position.has("meetingId") && !(position.has("needId") && position.has("expertId"))) {
    missing.unshift(lineReason("missing_meeting_columns"));
  }
  if (missing.length > 0) return { lines: [], errors: [lineError(1, missing)] };

  const lines: OutcomeLine[] = [];
  const errors: LineError[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (c: Column) => (position.has(c) ? cellText(row.getCell(position.get(c)!).value) : "");
    if (columns.every((c) => get(c) === "")) continue;
    const reasons: LineReason[] = [];
    /** An id column: absent when empty, null (with its reason) when not a whole number. */
    const id = (column: "meetingId" | "needId" | "expertId") => {
      if (get(column) === "") return undefined;
      const value = wholeNumber(get(column));
      if (value === null) reasons.push(lineReason("not_integer", {}, column));
      return value;
    };
    const meetingId = id("meetingId");
    const needId = id("needId");
    const expertId = id("expertId");
    if (meetingId === undefined && (needId === undefined || expertId === undefined)) {
      reasons.push(lineReason("no_meeting_named"));
    }
    const side = chosen(get("side"), "side", outcomeSides, sideWords);
    if (typeof side !== "string") reasons.push(side);
    const result = chosen(get("result"), "result", outcomeResults, resultWords);
    if (typeof result !== "string") reasons.push(result);
    const valueText = get("value").replace(/[,，\s]/g, "");
    const value = valueText === "" ? null : wholeNumber(valueText);
    if (valueText !== "" && value === null) reasons.push(lineReason("not_integer", {}, "value"));
    const note = get("note").slice(0, 2000);
    if (reasons.length > 0 || typeof side !== "string" || typeof result !== "string") {
      errors.push(lineError(r, reasons));
      continue;
    }
    lines.push({
      line: r,
      ...(meetingId !== undefined ? { meetingId: meetingId! } : { needId: needId!, expertId: expertId! }),
      input: { side, result, contractValueYuan: value, note },
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
