/**
 * Schedule benchmark:
 *
 *   npm run bench:schedule
 *
 * Assigns the synthetic 1,000 needs × 10,000 experts × 50k pairs instance (demand 3), turns
 * every assigned pair into a meeting and schedules it with 300 tables into the lower bound + 2
 * slots, without and then with availability limits (each expert away in one random slot).
 * Prints slots used against the lower bound, meetings placed, idle gaps before and after the
 * local search (which has 2 s), seconds and the load average, ending with one JSON line.
 */
import os from "node:os";
import { scheduleLowerBound, scheduleMeetings, solveAssignment, type Meeting } from "../../matching/index.js";
import { Rng } from "../demo-data/prng.js";
import { mediumEvent, round, syntheticInstance } from "./assignment-instances.js";

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
console.log(
  JSON.stringify({
    runs: rows,
    slotsOverBound: rows[0]!.slotsUsed - rows[0]!.lowerBound,
    allPlacedWithoutLimits: rows[0]!.placed === rows[0]!.meetings,
    seconds: round(rows.reduce((s, r) => s + r.seconds, 0)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
  }),
);
