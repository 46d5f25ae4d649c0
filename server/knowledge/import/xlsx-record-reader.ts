import type ExcelJS from "exceljs";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { lineReason } from "../../shared/line-reasons.js";
import type { ByteSource, ReaderOptions } from "../../shared/csv-rows.js";
import { HeaderedRows, type ReadItem } from "./record-readers.js";

/**
 * Excel workbooks (.xlsx, also what WPS and LibreOffice save as "Excel 2007–365"). Read with
 * exceljs's streaming reader, so rows are never all in memory. Only the first worksheet is
 * read: a template's notes or a lookup list on other sheets are not records. Line numbers are
 * the row numbers Excel shows; rows and columns follow the CSV rules (HeaderedRows).
 */

type CellValue = ExcelJS.CellValue;

/** What a person sees in the cell, as text: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ("hyperlink" in value) return cellText(value.text as CellValue);
  if ("error" in value) return value.error;
  return "";
}

/** Counts bytes on their way to the zip reader, for progress by size. */
class ByteCounter extends Transform {
  private bytesRead = 0;

  constructor(private readonly onBytesRead?: (bytesRead: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesRead += chunk.byteLength;
    this.onBytesRead?.(this.bytesRead);
    callback(null, chunk);
  }
}

export async function* readXlsxRecords(
  input: ByteSource,
  options: ReaderOptions = {},
): AsyncGenerator<ReadItem<Record<string, string>>> {
  // Loaded on the first workbook (about 0.3 s): the import CLI reading JSONL or CSV never needs it.
  const { default: excel } = await import("exceljs");
  const source = Readable.from(input).pipe(new ByteCounter(options.onBytesRead));
  // Styles are read so that date cells come back as dates, not serial numbers.
  const workbook = new excel.stream.xlsx.WorkbookReader(source, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const rows = new HeaderedRows();
  let lastLine = 0;
  let sheets = 0;
  try {
    for await (const worksheet of workbook) {
      sheets += 1;
      if (sheets > 1) continue; // later sheets are drained by the reader
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        lastLine = row.number;
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          cells[column - 1] = cellText(cell.value);
        });
        const item = rows.take(
          row.number,
          Array.from(cells, (cell) => cell ?? ""),
        );
        if (item) yield item;
      }
    }
  } catch (error) {
    source.destroy();
    yield { line: lastLine + 1, error: lineReason("unreadable_xlsx", { detail: (error as Error).message }) };
    return;
  }
  if (sheets === 0) yield { line: 1, error: lineReason("no_worksheet") };
}
