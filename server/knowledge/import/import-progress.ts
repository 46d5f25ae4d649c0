import type { ImportProgress, ImportReport, ImportReportLine } from "./import.service.js";

/**
 * Terminal presentation of an import: a redrawn progress bar when a person watches
 * (stderr is a TTY), plain periodic lines when the output goes to a log or a CI job,
 * where carriage-return redraws would turn into thousands of lines.
 */

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** What a progress line shows: a count, and how far along when the total is known (bytes, rows…). */
export type ProgressSnapshot = Pick<ImportProgress, "records" | "bytesRead" | "totalBytes" | "elapsedMs">;

export interface ProgressReporter {
  update(progress: ProgressSnapshot): void;
  /** Draws the final state and ends the line. */
  done(): void;
}

const numberFormat = new Intl.NumberFormat("en-US");
const formatCount = (value: number) => numberFormat.format(Math.round(value));

function describe(label: string, progress: ProgressSnapshot): { percent?: number; text: string } {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? progress.records / seconds : 0;
  const percent =
    progress.totalBytes && progress.totalBytes > 0
      ? Math.min(100, (100 * progress.bytesRead) / progress.totalBytes)
      : undefined;
  const parts = [
    `${label}:`,
    percent === undefined ? undefined : `${percent.toFixed(0).padStart(3)}%`,
    `${formatCount(progress.records)} records`,
    `${formatCount(rate)} records/s`,
  ];
  return { percent, text: parts.filter((part) => part !== undefined).join("  ") };
}

export function createProgressReporter(
  output: ProgressOutput,
  label: string,
  options: { redrawMs?: number; lineEveryMs?: number; now?: () => number } = {},
): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const interactive = output.isTTY === true;
  const interval = interactive ? (options.redrawMs ?? 100) : (options.lineEveryMs ?? 2_000);
  let last: ProgressSnapshot | undefined;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn: ProgressSnapshot | undefined;

  const draw = () => {
    if (!last || (!interactive && drawn === last)) return;
    drawn = last;
    const { percent, text } = describe(label, last);
    if (!interactive) {
      output.write(`${text}\n`);
      return;
    }
    const width = 24;
    const filled = percent === undefined ? 0 : Math.round((percent / 100) * width);
    const bar = percent === undefined ? "" : `[${"█".repeat(filled)}${"░".repeat(width - filled)}] `;
    output.write(`\r\x1b[2K${bar}${text}`);
  };

  return {
    update(progress) {
      last = progress;
      if (now() - drawnAt < interval) return;
      drawnAt = now();
      draw();
    },
    done() {
      draw();
      if (interactive && last) output.write("\n");
    },
  };
}

export interface LabelledReport extends ImportReport {
  /** What the summary calls the file, e.g. its name. */
  label: string;
}

/** How many of each file's listed lines the summary prints (the counts are always whole). */
export interface SummaryLinesShown {
  rejected?: number;
  warnings?: number;
}

/** `experts.jsonl: 3 rejected lines`, then the first `maxShown` of them, then how many more. */
function listReportLines(
  label: string,
  count: number,
  what: (count: number) => string,
  lines: ImportReportLine[],
  maxShown: number,
): string[] {
  if (count === 0 || maxShown === 0) return [];
  const shown = lines.slice(0, maxShown);
  const listed = ["", `${label}: ${formatCount(count)} ${what(count)}`];
  for (const line of shown) {
    const id = line.externalId ? `  (${line.externalId})` : "";
    listed.push(`  line ${line.line}: ${line.reason}${id}`);
  }
  const more = count - shown.length;
  if (more > 0) listed.push(`  … and ${formatCount(more)} more`);
  return listed;
}

/**
 * The end-of-run table, then each file's first rejected lines and first warnings:
 *
 *   file            kind     imported  updated  unchanged  rejected  warnings    time
 *   experts.jsonl   experts       120        3          0         2         1   0.4 s
 *
 *   experts.jsonl: 2 rejected lines
 *     line 17: capacity: expected an integer from 0 to 100  (E17)
 *
 *   experts.jsonl: 1 warning
 *     line 302: repeats the externalId of line 1; the later line was kept  (BULK00001)
 */
export function formatImportSummary(reports: LabelledReport[], shown: SummaryLinesShown = {}): string {
  const { rejected: maxRejectedShown = 20, warnings: maxWarningsShown = 20 } = shown;
  const header = ["file", "kind", "imported", "updated", "unchanged", "rejected", "warnings", "time"];
  const rows = reports.map((report) => [
    report.label,
    report.kind,
    formatCount(report.imported),
    formatCount(report.updated),
    formatCount(report.unchanged),
    formatCount(report.rejected),
    formatCount(report.warned),
    `${(report.durationMs / 1000).toFixed(1)} s`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  // Names and kinds read left-aligned, figures right-aligned.
  const formatRow = (row: string[]) =>
    row
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const lines = [formatRow(header), ...rows.map(formatRow)];

  const plural = (noun: string) => (count: number) => (count === 1 ? noun : `${noun}s`);
  for (const report of reports) {
    lines.push(
      ...listReportLines(report.label, report.rejected, plural("rejected line"), report.errors, maxRejectedShown),
      ...listReportLines(report.label, report.warned, plural("warning"), report.warnings, maxWarningsShown),
    );
  }
  return `${lines.join("\n")}\n`;
}
