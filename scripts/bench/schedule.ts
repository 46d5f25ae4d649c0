/**
 * Schedule benchmark:
 *
 *   npm run bench:schedule
 *
 * Assigns the synthetic 1,000 needs × 10,000 experts × 50k pairs instance (demand 3), turns
 * every assigned pair into a meeting and schedules it with 300 tables into the lower bound + 2
 * slots, without and then with availability limits (each expert away in one random slot).
 * Prints slots used against the lower bound, meetings placed, idle gaps before and after the
 * local search (which has 2 s), seconds and the load average. Then live refill on the schedule
 * without limits: 200 absences (a participant who meets someone in that slot), every need and
 * expert of the event a possible partner, timed one by one (p50, p99, max). Ends with one JSON line.
 */
import os from "node:os";
import { z } from "zod";
import {
  proposeRefill,
  scheduleLowerBound,
  scheduleMeetings,
  solveAssignment,
  type Meeting,
  type RefillCandidate,
  type ScheduleResult,
} from "../../matching/index.js";
import { benchmarkFlags, parseCommandFlags } from "../cli/cli-flags.js";
import { percentile } from "../lib/percentile.js";
import { Rng } from "../demo-data/prng.js";
import { mediumEvent, round, syntheticInstance } from "./assignment-instances.js";

// No flags: the instance is fixed, so that runs compare. A flag given by mistake says so.
benchmarkFlags({
  name: "bench:schedule",
  usage: "usage: npm run bench:schedule",
  parse: (argv) => parseCommandFlags(argv, {}, z.object({})),
});
const loadAverage = () => os.loadavg().map((x) => round(x));
const loadAtStart = loadAverage();
const problem = syntheticInstance(mediumEvent);
const assignment = await solveAssignment(problem);
const meetings: Meeting[] = assignment.assigned.map((a, k) => ({
  id: `m${k}`,
  participants: [problem.needs[a.need]!.id, problem.experts[a.expert]!.id],
  priority: a.score,
}));
const tables = 300;
const lowerBound = scheduleLowerBound({ meetings, slots: 1, tables });
const slots = lowerBound + 2;
const rows = [];
let unlimited: ScheduleResult | undefined;
for (const withAvailability of [false, true]) {
  const rng = new Rng(7);
  const availability = new Map<string, Set<number>>();
  if (withAvailability) {
    for (const e of problem.experts) {
      const away = rng.int(0, slots - 1);
      availability.set(e.id, new Set([...Array(slots).keys()].filter((s) => s !== away)));
    }
  }
  const started = performance.now();
  const result = scheduleMeetings({ meetings, slots, tables, availability });
  if (!withAvailability) unlimited = result;
  const row = {
    availability: withAvailability,
    meetings: meetings.length,
    placed: result.placements.length,
    slotsUsed: result.slotsUsed,
    lowerBound: result.lowerBound,
    method: result.method,
    idleGapsBeforeSearch: result.idleGapsBefore,
    idleGaps: result.idleGaps,
    seconds: round((performance.now() - started) / 1000),
  };
  console.log(
    `${withAvailability ? "with" : "without"} availability limits: ${row.placed}/${row.meetings} placed in ${row.slotsUsed} slots ` +
      `(lower bound ${row.lowerBound}, ${row.method}), idle gaps ${row.idleGapsBeforeSearch} → ${row.idleGaps} ` +
      `after the local search, ${row.seconds} s; load average ${loadAverage().join(" ")}`,
  );
  rows.push(row);
}
const refill = timeRefill(unlimited!);
console.log(
  `live refill: ${refill.absences} absences among ${refill.participants} participants, ` +
    `p50 ${refill.p50Ms} ms, p99 ${refill.p99Ms} ms, max ${refill.maxMs} ms; load average ${loadAverage().join(" ")}`,
);
console.log(
  JSON.stringify({
    runs: rows,
    refill,
    slotsOverBound: rows[0]!.slotsUsed - rows[0]!.lowerBound,
    allPlacedWithoutLimits: rows[0]!.placed === rows[0]!.meetings,
    seconds: round(rows.reduce((s, r) => s + r.seconds, 0)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
  }),
);

/** Candidate lists best first (a live service keeps them so), both ways, from the listed pairs. */
function timeRefill(schedule: ScheduleResult) {
  const candidates = new Map<string, RefillCandidate[]>();
  const add = (who: string, partner: string, score: number) => {
    const list = candidates.get(who) ?? [];
    list.push({ partner, score });
    candidates.set(who, list);
  };
  for (const p of problem.pairs) {
    add(problem.needs[p.need]!.id, problem.experts[p.expert]!.id, p.score);
    add(problem.experts[p.expert]!.id, problem.needs[p.need]!.id, p.score);
  }
  for (const list of candidates.values()) list.sort((a, b) => b.score - a.score);
  const conflicts = new Set(
    (problem.conflicts ?? []).map((c) => `${problem.needs[c.need]!.id}|${problem.experts[c.expert]!.id}`),
  );
  const bySlot = new Map<number, { id: string; participants: readonly string[]; table: number }[]>();
  for (const pl of schedule.placements) {
    const list = bySlot.get(pl.slot) ?? [];
    list.push({ id: meetings[pl.meeting]!.id, participants: meetings[pl.meeting]!.participants, table: pl.table });
    bySlot.set(pl.slot, list);
  }
  const rng = new Rng(11);
  const times: number[] = [];
  for (let k = 0; k < 220; k++) {
    const pl = schedule.placements[rng.int(0, schedule.placements.length - 1)]!;
    const parts = meetings[pl.meeting]!.participants;
    const input = {
      slotMeetings: bySlot.get(pl.slot)!,
      absent: parts[rng.int(0, parts.length - 1)]!,
      slot: pl.slot,
      isAvailable: () => true,
      candidatesOf: (who: string) => candidates.get(who) ?? [],
      isConflict: (a: string, b: string) => conflicts.has(`${a}|${b}`) || conflicts.has(`${b}|${a}`),
    };
    const started = performance.now();
    proposeRefill(input);
    // The first 20 warm the JIT, as a live service is warm.
    if (k >= 20) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    absences: times.length,
    participants: problem.needs.length + problem.experts.length,
    p50Ms: round(percentile(times, 50), 3),
    p99Ms: round(percentile(times, 99), 3),
    maxMs: round(times.at(-1)!, 3),
  };
}
