/**
 * Reads an organizer's registration file (.csv or .xlsx) into rows with their line numbers.
 * One row registers one participant:
 *
 *   kind,ref,demand,maxMeetings,minMeetings,availability
 *   need,N-2026-001,3,,,
 *   expert,E-1024,,4,0,1 2 5
 *
 * `ref` is the record's externalId or its numeric id; `availability` lists slot numbers from 1
 * (empty: every slot). Chinese headers are accepted too (类型, 编号, 需求人数, 最多会谈, 最少会谈, 可参加时段).
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { z } from "zod";
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

export interface LineError {
  line: number;
  message: string;
}

const headerAliases: Record<string, keyof Omit<RosterRow, "line">> = {
  kind: "kind",
  类型: "kind",
  ref: "ref",
  id: "ref",
  externalid: "ref",
  编号: "ref",
  demand: "demand",
  需求人数: "demand",
  maxmeetings: "maxMeetings",
  最多会谈: "maxMeetings",
  minmeetings: "minMeetings",
  最少会谈: "minMeetings",
  availability: "availability",
  可参加时段: "availability",
};

const kindAliases: Record<string, "need" | "expert"> = {
  need: "need",
  需求: "need",
  提名: "need",
  nomination: "need",
  expert: "expert",
  专家: "expert",
  评审专家: "expert",
  reviewer: "expert",
};

const count = (max: number) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z.string().regex(/^\d+$/, { error: "must be a whole number" }).transform(Number).pipe(z.number().max(max)),
      ]),
    );

const rowSchema = z.object({
  kind: z
    .string()
    .transform((v) => kindAliases[v.trim().toLowerCase()])
    .pipe(z.enum(["need", "expert"], { error: "kind must be need or expert (需求/专家)" })),
  ref: z.string().trim().min(1, { error: "ref (externalId or id) is required" }).max(200),
  demand: count(eventLimits.demandPerNeed.max),
  maxMeetings: count(eventLimits.meetingsPerExpert.max),
  minMeetings: count(eventLimits.meetingsPerExpert.max).transform((v) => v ?? 0),
  availability: z.string(),
});

/** Parses "1 2 5" / "1,2,5" / "1-3" into slots from 0, within the event's slot count. */
export function parseSlots(text: string, slotCount: number): number[] | string {
  const slots = new Set<number>();
  for (const part of text.split(/[\s,，、;；]+/u).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return `availability "${part}" is not a slot number or range`;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (from < 1 || to > slotCount || from > to) return `availability ${part} is outside slots 1–${slotCount}`;
    for (let s = from; s <= to; s++) slots.add(s - 1);
  }
  return [...slots].sort((a, b) => a - b);
}

/** Cells of every row as text, header first, with their 1-based line (row) numbers. */
async function readCells(fileName: string, content: Buffer): Promise<{ line: number; cells: string[] }[] | string> {
  if (/\.xlsx$/i.test(fileName)) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
    } catch {
      return "the file is not a readable .xlsx workbook";
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return "the workbook has no sheet";
    const rows: { line: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 6); c++) cells.push(row.getCell(c).text ?? "");
      rows.push({ line, cells });
    });
    return rows;
  }
  if (/\.csv$/i.test(fileName)) {
    try {
      const records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
      return records.map((cells, i) => ({ line: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim() !== ""));
    } catch (error) {
      return `the CSV file cannot be read: ${(error as Error).message}`;
    }
  }
  return "name the file .csv or .xlsx";
}

/** The file's rows, or line-numbered errors (line 0: the file as a whole). */
export async function readRosterFile(
  fileName: string,
  content: Buffer,
  slotCount: number,
): Promise<{ rows: RosterRow[]; errors: LineError[] }> {
  const cells = await readCells(fileName, content);
  if (typeof cells === "string") return { rows: [], errors: [{ line: 0, message: cells }] };
  const [header, ...body] = cells;
  if (!header) return { rows: [], errors: [{ line: 0, message: "the file is empty" }] };
  const columns = header.cells.map((c) => headerAliases[c.trim().replace(/\s+/g, "").toLowerCase()] ?? null);
  for (const needed of ["kind", "ref"] as const) {
    if (!columns.includes(needed)) {
      return { rows: [], errors: [{ line: header.line, message: `the header has no "${needed}" column` }] };
    }
  }
  if (body.length > eventLimits.importRows) {
    return { rows: [], errors: [{ line: 0, message: `at most ${eventLimits.importRows} rows per file` }] };
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
      errors.push({
        line,
        message: parsed.error.issues.map((issue) => `${issue.path.join(".") || "row"}: ${issue.message}`).join("; "),
      });
      continue;
    }
    const availability = parseSlots(parsed.data.availability, slotCount);
    if (typeof availability === "string") {
      errors.push({ line, message: availability });
      continue;
    }
    rows.push({ line, ...parsed.data, availability });
  }
  return { rows, errors };
}
