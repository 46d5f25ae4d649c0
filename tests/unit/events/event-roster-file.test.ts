import { describe, expect, it } from "vitest";
import { readRosterFile } from "../../../server/events/event-roster-file.js";

describe("readRosterFile", () => {
  it("names both accepted headers of a missing column", async () => {
    const csv = Buffer.from("类型,需求人数\nneed,2\n", "utf8");
    const { rows, errors } = await readRosterFile("roster.csv", csv, 6);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reasons).toEqual([
      expect.objectContaining({ code: "missing_column", params: { column: "ref / 编号" } }),
    ]);
  });

  it("reads Traditional Chinese headers and kinds, and headers marked required, as the record imports do", async () => {
    const csv = Buffer.from(
      "\ufeff類型*,編號（必填）,需求人數,最多會談,最少會談,可參加時段\n需求,N-2027-001,3,,,\n專家,E-1024,,4,1,1 2\n",
      "utf8",
    );
    const { rows, errors } = await readRosterFile("海峽論壇名單.csv", csv, 6);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, kind: "need", ref: "N-2027-001", demand: 3, maxMeetings: null, minMeetings: 0, availability: [] },
      { line: 3, kind: "expert", ref: "E-1024", demand: null, maxMeetings: 4, minMeetings: 1, availability: [0, 1] },
    ]);
  });

  it("numbers lines as an editor shows them, after a quoted cell that spans lines and in CRLF files", async () => {
    // Line 2's ref holds a line break inside quotes (as a spreadsheet saves a cell with Alt+Enter),
    // so the bad row is on physical line 4, not the third record's "line 3".
    const csv = Buffer.from('kind,ref,demand\r\nneed,"N-1\r\nsecond line",2\r\nexpert,E-1,many\r\n', "utf8");
    const { rows, errors } = await readRosterFile("roster.csv", csv, 6);
    expect(rows.map((row) => row.line)).toEqual([2]);
    expect(errors.map((error) => error.line)).toEqual([4]);
  });

  it("names the line where an unreadable CSV breaks", async () => {
    const csv = Buffer.from('kind,ref\nneed,N-1\nneed,"N-2\n', "utf8");
    const { errors } = await readRosterFile("roster.csv", csv, 6);
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, reasons: [expect.objectContaining({ code: "unreadable_csv" })] }),
    ]);
  });
});
