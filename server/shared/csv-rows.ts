import { pipeline, Transform, type TransformCallback } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { parse, type CsvError } from "csv-parse";
import { lineReason, type LineReason } from "./line-reasons.js";

/**
 * CSV rows with the physical line each starts on, read as a stream: the import's records and
 * the event roster both number their report's lines by it, which is what a person fixing the
 * file in an editor needs (a quoted cell may span several lines).
 */

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

export const defaultMaxRecordLength = 16 * 1024 * 1024;

export type CsvRow = { line: number; cells: string[] } | { line: number; error: LineReason };

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
 * The file's rows in order, blank ones included (callers decide what a blank row means), each
 * with the line it starts on. Cells may be quoted with `""` escapes and hold commas or line
 * breaks; a leading BOM is dropped. A malformed file (an unclosed quote, a record over the size
 * limit) ends with one error item at the line where the broken record starts.
 */
export async function* readCsvRows(input: ByteSource, options: ReaderOptions = {}): AsyncGenerator<CsvRow> {
  // A malformed file makes the rest of it unreadable. csv-parse reports that through on_skip,
  // in step with the records parsed before it; a thrown error would instead discard those
  // already-parsed records.
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

  let linesBefore = 0;
  let recordsSeen = 0;
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    if (fatal && fatal.afterRecords <= recordsSeen) break;
    recordsSeen += 1;
    const line = linesBefore + 1;
    linesBefore += countNewlines(raw);
    yield { line, cells: record };
  }
  if (fatal) {
    parser.destroy();
    // Reported at the line where the broken record starts: all records before it were consumed.
    yield { line: linesBefore + 1, error: lineReason("unreadable_csv", { detail: fatal.error.message }) };
  }
}
