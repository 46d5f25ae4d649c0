import { describe, expect, it } from "vitest";
import { createProgressReporter, formatImportSummary } from "../../../../server/knowledge/import/import-progress.js";

function output(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

const progress = (records: number, bytesRead: number, elapsedMs: number) => ({
  kind: "experts" as const,
  records,
  bytesRead,
  totalBytes: 1_000,
  elapsedMs,
});

describe("createProgressReporter", () => {
  it("redraws one bar with percentage, count and rate on a terminal", () => {
    let clock = 0;
    const terminal = output(true);
    const reporter = createProgressReporter(terminal, "experts.jsonl", { now: () => clock });
    reporter.update(progress(500, 250, 500));
    clock = 50; // within the redraw interval: not drawn
    reporter.update(progress(1_000, 500, 1_000));
    reporter.done();
    // Each redraw returns the cursor and clears the line before drawing.
    expect(terminal.writes[0]?.startsWith("\r\u001b[2K")).toBe(true);
    expect(terminal.writes[0]?.slice(5)).toMatch(
      /^\[█{6}░{18}\] experts\.jsonl:\s+25%\s+500 records\s+1,000 records\/s$/,
    );
    expect(terminal.writes[1]).toMatch(/50%\s+1,000 records/);
    expect(terminal.writes.at(-1)).toBe("\n");
  });

  it("prints plain lines at most every interval when not on a terminal", () => {
    let clock = 0;
    const log = output(false);
    const reporter = createProgressReporter(log, "needs.csv", { now: () => clock, lineEveryMs: 1_000 });
    reporter.update(progress(10, 100, 100));
    clock = 500;
    reporter.update(progress(20, 200, 200));
    clock = 1_500;
    reporter.update(progress(30, 300, 300));
    expect(log.writes).toEqual([
      "needs.csv:   10%  10 records  100 records/s\n",
      "needs.csv:   30%  30 records  100 records/s\n",
    ]);
  });
});

describe("formatImportSummary", () => {
  it("tabulates the counts and lists the first rejected lines with their numbers", () => {
    const summary = formatImportSummary(
      [
        {
          label: "experts.jsonl",
          kind: "experts",
          imported: 1_200,
          updated: 3,
          unchanged: 0,
          rejected: 3,
          warned: 0,
          durationMs: 1_234,
          errors: [
            { line: 17, externalId: "E17", reason: "capacity: expected an integer from 0 to 100", reasons: [] },
            { line: 20, reason: "invalid JSON: Unexpected end of JSON input", reasons: [] },
            { line: 31, reason: "name: required", reasons: [] },
          ],
          warnings: [],
        },
      ],
      { rejected: 2 },
    );
    expect(summary.split("\n")).toEqual([
      "file           kind     imported  updated  unchanged  rejected  warnings   time",
      "experts.jsonl  experts     1,200        3          0         3         0  1.2 s",
      "",
      "experts.jsonl: 3 rejected lines",
      "  line 17: capacity: expected an integer from 0 to 100  (E17)",
      "  line 20: invalid JSON: Unexpected end of JSON input",
      "  … and 1 more",
      "",
    ]);
  });

  it("lists each file's warnings after its rejected lines, bounded like them", () => {
    const warning = (line: number, earlier: number) => ({
      line,
      externalId: "BULK00001",
      reason: `repeats the externalId of line ${earlier}; the later line was kept`,
      reasons: [],
    });
    const summary = formatImportSummary(
      [
        {
          label: "bulk.jsonl",
          kind: "experts",
          imported: 4_999,
          updated: 2,
          unchanged: 0,
          rejected: 1,
          warned: 2,
          durationMs: 800,
          errors: [{ line: 9, externalId: "BULK00009", reason: "name: required", reasons: [] }],
          warnings: [warning(302, 1), warning(4001, 302)],
        },
      ],
      { warnings: 1 },
    );
    expect(summary.split("\n")).toEqual([
      "file        kind     imported  updated  unchanged  rejected  warnings   time",
      "bulk.jsonl  experts     4,999        2          0         1         2  0.8 s",
      "",
      "bulk.jsonl: 1 rejected line",
      "  line 9: name: required  (BULK00009)",
      "",
      "bulk.jsonl: 2 warnings",
      "  line 302: repeats the externalId of line 1; the later line was kept  (BULK00001)",
      "  … and 1 more",
      "",
    ]);
  });
});
