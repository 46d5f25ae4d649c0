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

  it("schedules two-sided meetings in exactly the lower bound of slots and reports the idle gaps", async () => {
    // 4 needs × 6 experts, every need meets 3 experts: 12 meetings, 4 tables → bound 3.
    const lines = [];
    for (let n = 0; n < 4; n++)
      for (let k = 0; k < 3; k++)
        lines.push(JSON.stringify({ id: `m${n}-${k}`, participants: [`P${n}`, `R${(n + 2 * k) % 6}`], priority: 1 }));
    const meetings = file("two-sided.jsonl", `${lines.join("\n")}\n`);
    const out = at("two-sided-out.jsonl");
    const report = at("two-sided-report.json");
    const result = await runCli([
      "--meetings",
      meetings,
      "--slots",
      "8",
      "--tables",
      "4",
      "--out",
      out,
      "--report",
      report,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const placed = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { slot: number; table: number });
    expect(placed).toHaveLength(12);
    expect(new Set(placed.map((p) => `${p.slot}:${p.table}`)).size).toBe(12);
    const written = JSON.parse(fs.readFileSync(report, "utf8")) as Record<string, number | string>;
    expect(written).toMatchObject({
      scheduled: 12,
      unscheduled: 0,
      slotsUsed: 3,
      lowerBound: 3,
      method: "edge-colouring",
    });
    // P0 and P2 (and P1 and P3) meet the same three experts in the same three slots, so one of
    // those experts waits a slot in each group: 2 is the fewest possible.
    expect(written.idleGaps).toBe(2);
    expect(written.idleGapsBeforeSearch).toBeGreaterThanOrEqual(written.idleGaps as number);
  });

  it("rejects malformed lines with their line numbers and exit status 2", async () => {
    const meetings = file(
      "bad.jsonl",
      '{"id":"m1","participants":["A","B"]}\n{"id":"m1","participants":["A","C"]}\n{"participants":[]}\n',
    );
    const result = await runCli(["--meetings", meetings, "--slots", "2", "--tables", "1", "--out", at("x.jsonl")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.jsonl:3:");
    expect(result.stderr).toContain("bad.jsonl:2: duplicate meeting id m1");
    const usage = await runCli(["--meetings", meetings, "--slots", "zero", "--tables", "1", "--out", "x"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--slots must be a number");
  });
});
