import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { runScript, useTempFolder } from "../support/cli-process.js";

const runCli = (args: string[]) => runScript("schedule.ts", args);
const { at, file } = useTempFolder("scibridge-schedule-cli-");

describe("npm run schedule", () => {
  it("places meetings without double-booking, respects availability, and reports the lower bound", async () => {
    const meetings = file(
      "m.jsonl",
      [
        '{"id":"m1","participants":["P1","R7"],"priority":0.83}',
        '{"id":"m2","participants":["P1","R8"],"priority":0.5}',
        '{"id":"m3","participants":["P2","R7","R9"],"priority":0.9}',
        '{"id":"m4","participants":["P3","R10"],"priority":0.1}',
      ].join("\n"),
    );
    const availability = file("a.jsonl", '{"participant":"R8","slots":[1]}\n{"participant":"R10","slots":[]}\n');
    const out = at("s.jsonl");
    const report = at("r.json");
    const result = await runCli([
      "--meetings",
      meetings,
      "--slots",
      "3",
      "--tables",
      "1",
      "--availability",
      availability,
      "--out",
      out,
      "--report",
      report,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { meetingId: string; slot: number; table: number });
    expect(lines.map((l) => l.meetingId).sort()).toEqual(["m1", "m2", "m3"]);
    expect(lines.find((l) => l.meetingId === "m2")!.slot).toBe(1);
    const bySlot = new Map(lines.map((l) => [l.slot, l]));
    expect(bySlot.size).toBe(3); // one table: one meeting a slot
    for (const l of lines) expect(l.table).toBe(0);
    const written = JSON.parse(fs.readFileSync(report, "utf8")) as Record<string, unknown>;
    expect(written).toMatchObject({ scheduled: 3, unscheduled: 1, slotsUsed: 3, lowerBound: 4 });
    expect(written.unscheduledMeetings).toEqual([
      { meetingId: "m4", reason: "participant R10 is available in no slot" },
    ]);
  });

  it("rejects malformed lines with their line numbers and exit status 2", async () => {
    const meetings = file(
      "bad.jsonl",
      '{"id":"m1","participants":["A","B"]}\n{"id":"m1","participants":["A","C"]}\n{"participants":[]}\n',
    );
    const result = await runCli([
      "--meetings",
      meetings,
      "--slots",
      "2",
      "--tables",
      "1",
      "--out",
      at("x.jsonl"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.jsonl:3:");
    expect(result.stderr).toContain("bad.jsonl:2: duplicate meeting id m1");
    const usage = await runCli(["--meetings", meetings, "--slots", "zero", "--tables", "1", "--out", "x"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--slots must be a number");
  });
});
