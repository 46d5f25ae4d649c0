import { expect } from "vitest";
import type { ScheduleProblem, ScheduleResult } from "../../matching/index.js";

/**
 * Asserts a schedule keeps every rule of the contract: slots and tables in range, one meeting a
 * table a slot, nobody in two meetings of one slot, nobody outside their availability, and every
 * meeting either placed or listed as unscheduled.
 */
export function expectValidSchedule(problem: ScheduleProblem, result: ScheduleResult): void {
  const seen = new Set<string>();
  const tables = new Set<string>();
  for (const p of result.placements) {
    expect(p.slot).toBeGreaterThanOrEqual(0);
    expect(p.slot).toBeLessThan(problem.slots);
    expect(p.table).toBeGreaterThanOrEqual(0);
    expect(p.table).toBeLessThan(problem.tables);
    expect(tables.has(`${p.slot}:${p.table}`)).toBe(false);
    tables.add(`${p.slot}:${p.table}`);
    for (const who of new Set(problem.meetings[p.meeting]!.participants)) {
      expect(seen.has(`${who}@${p.slot}`), `${who} double-booked in slot ${p.slot}`).toBe(false);
      seen.add(`${who}@${p.slot}`);
      const allowed = problem.availability?.get(who);
      if (allowed) expect(allowed.has(p.slot)).toBe(true);
    }
  }
  expect(result.placements.length + result.unscheduled.length).toBe(problem.meetings.length);
}
