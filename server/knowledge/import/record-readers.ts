import { StringDecoder } from "node:string_decoder";
import { defaultMaxRecordLength, readCsvRows, type ByteSource, type ReaderOptions } from "../../shared/csv-rows.js";
import { lineReason, type LineReason } from "../../shared/line-reasons.js";

/**
 * Streaming readers for the two upload formats. Neither ever holds more than one
 * record (plus one read chunk) in memory, so a 20 MB file costs what a 20 kB one does.
 *
 * Each yields items in file order; `line` is the physical line number in the file
 * (for a CSV record spanning several lines, the line it starts on), which is what a
 * person fixing the file in an editor needs.
 */

/** A read record, or why its line is refused, with the record as far as it could be read (for its id). */
export type ReadItem<T> = { line: number; value: T } | { line: number; error: LineReason; value?: T };

const byteOrderMark = "\uFEFF";

function byteLength(chunk: Uint8Array | string): number {
  return typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
}

function parseJsonLine(text: string, line: number): ReadItem<unknown> | undefined {
  const content = text.endsWith("\r") ? text.slice(0, -1) : text;
  // Blank lines (often a trailing one an editor added) are not records; skip silently.
  if (content.trim() === "") return undefined;
  try {
    return { line, value: JSON.parse(content) };
  } catch (error) {
    return { line, error: lineReason("invalid_json", { detail: (error as Error).message }) };
  }
}

/** JSON Lines: one value per `\n`-terminated line; `\r\n` and a leading BOM are accepted. */
export async function* readJsonlRecords(
  input: ByteSource,
  options: ReaderOptions = {},
): AsyncGenerator<ReadItem<unknown>> {
  const maxLength = options.maxRecordLength ?? defaultMaxRecordLength;
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let oversized = false;
  let line = 0;
  let bytesRead = 0;

  const complete = (text: string): ReadItem<unknown> | undefined => {
    line += 1;
    if (oversized) {
      oversized = false;
      return { line, error: lineReason("line_too_long", { max: maxLength }) };
    }
    return parseJsonLine(line === 1 && text.startsWith(byteOrderMark) ? text.slice(1) : text, line);
  };

  for await (const chunk of input) {
    bytesRead += byteLength(chunk);
    options.onBytesRead?.(bytesRead);
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      const piece = text.slice(start, newline);
      start = newline + 1;
      const item = complete(oversized ? "" : pending + piece);
      pending = "";
      if (item) yield item;
    }
    if (!oversized) {
      pending += text.slice(start);
      if (pending.length > maxLength) {
        oversized = true;
        pending = "";
      }
    }
  }
  const rest = pending + decoder.end();
  if (oversized || rest !== "") {
    const item = complete(rest);
    if (item) yield item;
  }
}

/**
 * What CSV and .xlsx share: the first non-blank row names the fields; later rows become
 * objects keyed by those names. Rows whose cells are all empty are skipped; a row with more
 * non-empty cells than the header is rejected; missing trailing cells are empty.
 */
export class HeaderedRows {
  private header: string[] | undefined;

  take(line: number, cells: string[]): ReadItem<Record<string, string>> | undefined {
    if (cells.every((cell) => cell.trim() === "")) return undefined;
    if (!this.header) {
      this.header = cells.map((name, index) => (index === 0 ? name.replace(byteOrderMark, "") : name).trim());
      return undefined;
    }
    const header = this.header;
    const value: Record<string, string> = {};
    header.forEach((name, index) => {
      if (name !== "") value[name] = cells[index] ?? "";
    });
    const extra = cells.slice(header.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0) {
      // The row's named cells go along, so the report can still say whose line it is.
      return { line, error: lineReason("too_many_cells", { cells: cells.length, fields: header.length }), value };
    }
    return { line, value };
  }
}

/**
 * CSV as spreadsheet programs save it: the first non-blank row names the fields,
 * cells may be quoted with `""` escapes and embedded commas or newlines. Yields one
 * object per row keyed by the header names (trimmed); rows whose cells are all empty
 * are skipped. A row with more non-empty cells than the header is rejected; missing
 * trailing cells are empty (some tools drop them).
 */
export async function* readCsvRecords(
  input: ByteSource,
  options: ReaderOptions = {},
): AsyncGenerator<ReadItem<Record<string, string>>> {
  const rows = new HeaderedRows();
  for await (const row of readCsvRows(input, options)) {
    if ("error" in row) {
      yield row;
      return;
    }
    const item = rows.take(row.line, row.cells);
    if (item) yield item;
  }
}
