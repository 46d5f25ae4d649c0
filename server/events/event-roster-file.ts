/**
 * Reads an organizer's registration file (.csv or .xlsx) into rows with their line numbers.
 * One row registers one participant:
 *
 *   kind,ref,demand,maxMeetings,minMeetings,availability
 *   need,N-2026-001,3,,,
 *   expert,E-1024,,4,0,1 2 5
 *
 * `ref` is the record's externalId or its numeric id; `availability` lists slot numbers from 1
 * (empty: every slot). Chinese headers are accepted too (类型, 编号, 需求人数, 最多会谈, 最少会谈, 可参加时段, or
 * the same in Traditional Chinese), folded like the record imports' headers (`类型*`, `编号（必填）`).
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { z } from "zod";
import {
  lineError,
  lineReason,
  lineReasonsOf,
  reasonCheck,
  type LineError,
  type LineReason,
} from "../shared/line-reasons.js";
import { readCsvRows } from "../shared/csv-rows.js";
import { headerKey } from "../shared/table-headers.js";
import { eventLimits } from "./events.types.js";

export interface RosterRow {
  line: number;
  kind: "need" | "expert";
  ref: string;
  demand: number | null;
  maxMeetings: number | null;
  minMeetings: number;
  /** Slots from 0. */
  availability: number[];
}

type RosterField = keyof Omit<RosterRow, "line">;

/** Each column's Chinese header: a file may use it instead of the field's name, and Chinese pages name the column by it. */
export const rosterChineseHeaders: Record<RosterField, string> = {
  kind: "类型",
  ref: "编号",
  demand: "需求人数",
  maxMeetings: "最多会谈",
  minMeetings: "最少会谈",
  availability: "可参加时段",
};

/** The same headers in Traditional Chinese, as partners across the strait write them. */
const rosterTraditionalHeaders: Record<RosterField, string> = {
  kind: "類型",
  ref: "編號",
  demand: "需求人數",
  maxMeetings: "最多會談",
  minMeetings: "最少會談",
  availability: "可參加時段",
};

/** Folded header (headerKey: `类型*`, `编号（必填）`, `Max Meetings` too) → field. */
const fieldByHeaderKey = new Map<string, RosterField>([
  ...(Object.keys(rosterChineseHeaders) as RosterField[]).flatMap((field) =>
    [field, rosterChineseHeaders[field], rosterTraditionalHeaders[field]].map(
      (header) => [headerKey(header), field] as const,
    ),
  ),
  ["id", "ref"],
  ["externalid", "ref"],
]);

const kindAliases: Record<string, "need" | "expert"> = {
  need: "need",
  需求: "need",
  提名: "need",
  nomination: "need",
  expert: "expert",
  专家: "expert",
  專家: "expert",
  评审专家: "expert",
  評審專家: "expert",
  reviewer: "expert",
};

/** Blank (the event's default) or a whole number up to `max`; anything else is one reason naming the range. */
const count = (max: number) =>
  z
    .string()
    .trim()
    .refine(
      (text) => /^\d*$/.test(text) && (text === "" || Number(text) <= max),
      reasonCheck("integer_range", { min: 0, max }),
    )
    .transform((text) => (text === "" ? null : Number(text)));

/** The kinds a refused line suggests (the other aliases, 提名 or reviewer…, are read too). */
const kindExamples = "need, expert, 需求, 专家";

const rowSchema = z.object({
  kind: z.string().transform((text, context) => {
    const kind = kindAliases[text.trim().toLowerCase()];
    if (!kind) context.addIssue({ code: "custom", ...reasonCheck("one_of", { values: kindExamples }) });
    return kind ?? z.NEVER;
  }),
  ref: z.string().trim().min(1).max(200),
  demand: count(eventLimits.demandPerNeed.max),
  maxMeetings: count(eventLimits.meetingsPerExpert.max),
  minMeetings: count(eventLimits.meetingsPerExpert.max).transform((v) => v ?? 0),
  availability: z.string(),
});

/** Parses "1 2 5" / "1,2,5" / "1-3" into slots from 0, within the event's slot count. */
function parseSlots(text: string, slotCount: number): number[] | LineReason {
  const slots = new Set<number>();
  for (const part of text.split(/[\s,，、;；]+/u).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return lineReason("slot_not_number", { slot: part }, "availability");
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (from < 1 || to > slotCount || from > to) {
      return lineReason("slot_outside", { slot: part, slots: slotCount }, "availability");
    }
    for (let s = from; s <= to; s++) slots.add(s - 1);
  }
  return [...slots].sort((a, b) => a - b);
}

/**
 * Cells of every non-blank row as text, header first, with the line (row) each starts on; or why
 * the file cannot be read, with the line where it breaks (0: the file as a whole).
 */
async function readCells(
  fileName: string,
  content: Buffer,
): Promise<{ line: number; cells: string[] }[] | { line: number; error: LineReason }> {
  if (/\.xlsx$/i.test(fileName)) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
    } catch {
      return { line: 0, error: lineReason("not_xlsx") };
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return { line: 0, error: lineReason("no_worksheet") };
    const rows: { line: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 6); c++) cells.push(row.getCell(c).text ?? "");
      rows.push({ line, cells });
    });
    return rows;
  }
  if (/\.csv$/i.test(fileName)) {
    const rows: { line: number; cells: string[] }[] = [];
    for await (const row of readCsvRows(Readable.from(content))) {
      if ("error" in row) return row;
      if (row.cells.some((c) => c.trim() !== "")) rows.push(row);
    }
    return rows;
  }
  return { line: 0, error: lineReason("file_type", { extensions: ".csv, .xlsx" }) };
}

/** The file's rows, or line-numbered errors (line 0: the file as a whole). */
export async function readRosterFile(
  fileName: string,
  content: Buffer,
  slotCount: number,
): Promise<{ rows: RosterRow[]; errors: LineError[] }> {
  const cells = await readCells(fileName, content);
  if (!Array.isArray(cells)) return { rows: [], errors: [lineError(cells.line, [cells.error])] };
  const [header, ...body] = cells;
  if (!header) return { rows: [], errors: [lineError(0, [lineReason("empty_file")])] };
  const columns = header.cells.map((c) => fieldByHeaderKey.get(headerKey(c)) ?? null);
  for (const needed of ["kind", "ref"] as const) {
    if (!columns.includes(needed)) {
      // Either header is accepted, so the reason names both.
      const column = `${needed} / ${rosterChineseHeaders[needed]}`;
      return { rows: [], errors: [lineError(header.line, [lineReason("missing_column", { column })])] };
    }
  }
  if (body.length > eventLimits.importRows) {
    return { rows: [], errors: [lineError(0, [lineReason("too_many_rows", { max: eventLimits.importRows })])] };
  }
  const rows: RosterRow[] = [];
  const errors: LineError[] = [];
  for (const { line, cells: values } of body) {
    const record: Record<string, string> = { demand: "", maxMeetings: "", minMeetings: "", availability: "" };
    columns.forEach((column, i) => {
      if (column) record[column] = (values[i] ?? "").trim();
    });
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      errors.push(lineError(line, lineReasonsOf(parsed.error, record)));
      continue;
    }
    const availability = parseSlots(parsed.data.availability, slotCount);
    if (!Array.isArray(availability)) {
      errors.push(lineError(line, [availability]));
      continue;
    }
    rows.push({ line, ...parsed.data, availability });
  }
  return { rows, errors };
}
