import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { parse, type CsvError } from "csv-parse";
import { lineReason, type LineReason } from "../../shared/line-reasons.js";

/**
 * Streaming readers for the two upload formats. Neither ever holds more than one
 * record (plus one read chunk) in memory, so a 20 MB file costs what a 20 kB one does.
 *
 * Each yields items in file order; `line` is the physical line number in the file
 * (for a CSV record spanning several lines, the line it starts on), which is what a
 * person fixing the file in an editor needs.
 */

export type ReadItem<T> = { line: number; value: T } | { line: number; error: LineReason };

/** Anything that yields bytes: a fs.ReadStream, an HTTP request, `Readable.from(buffer)`. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

export interface ReaderOptions {
  /** Called as chunks arrive with the running total of bytes read (for progress by size). */
  onBytesRead?: (bytesRead: number) => void;
  /**
   * Longest line (JSONL) or record (CSV) accepted, in characters. Without it an
   * unterminated line or an unclosed quote would buffer the rest of the file.
   */
  maxRecordLength?: number;
}

const defaultMaxRecordLength = 16 * 1024 * 1024;
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
 * csv-parse counts the `\r` and `\n` of a CRLF inside a quoted cell as two lines, so
 * line numbers drift on files saved by Excel. Normalising every line ending to `\n`
 * before parsing keeps them exact (and gives multi-line cells one newline convention).
 */
class LineEndingNormaliser extends Transform {
  private readonly decoder = new StringDecoder("utf8");
  private heldCarriageReturn = false;
  private bytesRead = 0;

  constructor(private readonly onBytesRead?: (bytesRead: number) => void) {
    super({ decodeStrings: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesRead += chunk.byteLength;
    this.onBytesRead?.(this.bytesRead);
    this.emitText(this.decoder.write(chunk), false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.emitText(this.decoder.end(), true);
    callback();
  }

  private emitText(decoded: string, final: boolean): void {
    let text = this.heldCarriageReturn ? `\r${decoded}` : decoded;
    this.heldCarriageReturn = false;
    // A chunk ending in `\r` may be the first half of a CRLF split across chunks.
    if (!final && text.endsWith("\r")) {
      this.heldCarriageReturn = true;
      text = text.slice(0, -1);
    }
    if (text !== "") this.push(text.replace(/\r\n?/g, "\n"));
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) count += 1;
  return count;
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
    const extra = cells.slice(header.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0) {
      return { line, error: lineReason("too_many_cells", { cells: cells.length, fields: header.length }) };
    }
    const value: Record<string, string> = {};
    header.forEach((name, index) => {
      if (name !== "") value[name] = cells[index] ?? "";
    });
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
  // A malformed file (unclosed quote, record over the size limit) makes the rest of it
  // unreadable. csv-parse reports that through on_skip, in step with the records parsed
  // before it; a thrown error would instead discard those already-parsed records.
  let fatal: { error: CsvError; afterRecords: number } | undefined;
  const parser = parse({
    bom: true,
    raw: true,
    relax_column_count: true,
    // Stray quotes inside an unquoted cell (`12" pipe`) are kept as text, as Excel reads them.
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (error) => {
      fatal ??= { error: error as CsvError, afterRecords: parser.info.records };
    },
    max_record_size: options.maxRecordLength ?? defaultMaxRecordLength,
  });
  // Errors of the source destroy the parser, which rethrows them from the loop below.
  pipeline(input, new LineEndingNormaliser(options.onBytesRead), parser, () => undefined);

  const rows = new HeaderedRows();
  let linesBefore = 0;
  let recordsSeen = 0;

  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    if (fatal && fatal.afterRecords <= recordsSeen) break;
    recordsSeen += 1;
    const line = linesBefore + 1;
    linesBefore += countNewlines(raw);
    const item = rows.take(line, record);
    if (item) yield item;
  }
  if (fatal) {
    parser.destroy();
    // Reported at the line where the broken record starts: all records before it were consumed.
    yield { line: linesBefore + 1, error: lineReason("unreadable_csv", { detail: fatal.error.message }) };
  }
}
