import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectValidSchedule } from "../../../support/schedule-validity.js";
import { proposeRefill, scheduleMeetings } from "../../../../matching/index.js";
import { Rng } from "../../../../scripts/demo-data/prng.js";

const bipartite = fc
  .record({
    edges: fc.array(fc.tuple(fc.nat(5), fc.nat(7), fc.nat(9)), { minLength: 1, maxLength: 30 }),
    tables: fc.integer({ min: 1, max: 6 }),
    extraSlots: fc.integer({ min: 0, max: 3 }),
    away: fc.array(fc.tuple(fc.nat(7), fc.nat(9)), { maxLength: 5 }),
  })
  .map(({ edges, tables, extraSlots, away }) => {
    const unique = [...new Map(edges.map(([n, e, p]) => [`${n}-${e}`, { n, e, p }])).values()];
    const meetings = unique.map((m, k) => ({ id: `m${k}`, participants: [`N${m.n}`, `E${m.e}`], priority: m.p / 10 }));
    const load = new Map<string, number>();
    for (const m of meetings) for (const p of m.participants) load.set(p, (load.get(p) ?? 0) + 1);
    const bound = Math.max(...load.values(), Math.ceil(meetings.length / tables));
    const slots = bound + extraSlots;
    const availability = new Map<string, Set<number>>();
    for (const [e, s] of away)
      availability.set(`E${e}`, new Set([...Array(slots).keys()].filter((x) => x !== s % slots)));
    return { meetings, tables, slots, bound, availability };
  });

describe("meeting scheduler", () => {
  it("never double-books, keeps tables and availability, and reports the lower bound", () => {
    fc.assert(
      fc.property(bipartite, ({ meetings, tables, slots, bound, availability }) => {
        const problem = { meetings, slots, tables, availability };
        const result = scheduleMeetings(problem);
        expectValidSchedule(problem, result);
        expect(result.lowerBound).toBe(bound);
        for (const u of result.unscheduled) expect(u.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("places every two-sided meeting within the lower bound + 1 slots when nobody is away", () => {
    fc.assert(
      fc.property(bipartite, ({ meetings, tables, bound }) => {
        const problem = { meetings, slots: bound + 1, tables };
        const result = scheduleMeetings(problem);
        expectValidSchedule(problem, result);
        expect(result.unscheduled).toEqual([]);
        expect(result.slotsUsed).toBeLessThanOrEqual(bound + 1);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("with availability limits, places every meeting in the lower bound when a schedule there exists (planted)", () => {
    // A planted schedule: every slot full, each need in one meeting a slot, each expert once
    // (the benchmark's shape); everybody is also available in a few random other slots.
    const planted = fc
      .record({
        slots: fc.integer({ min: 3, max: 8 }),
        tables: fc.integer({ min: 2, max: 8 }),
        needs: fc.integer({ min: 8, max: 12 }),
        seed: fc.integer(),
      })
      .map(({ slots, tables, needs, seed }) => {
        const draw = new Rng(seed);
        const meetings: { id: string; participants: string[]; priority: number }[] = [];
        const availability = new Map<string, Set<number>>();
        const allow = (who: string, slot: number) => {
          const set = availability.get(who) ?? new Set<number>();
          set.add(slot);
          for (let s = 0; s < slots; s++) if (draw.chance(0.3)) set.add(s);
          availability.set(who, set);
        };
        for (let slot = 0; slot < slots; slot++) {
          const present = [...Array(needs).keys()].sort(() => draw.next() - 0.5).slice(0, tables);
          for (const n of present) {
            const id = `m${meetings.length}`;
            meetings.push({ id, participants: [`N${n}`, `E${meetings.length}`], priority: draw.next() });
            allow(`E${meetings.length - 1}`, slot);
          }
        }
        return { meetings, slots, tables, availability };
      });
    let exact = 0;
    let allPlaced = 0;
    let runs = 0;
    fc.assert(
      fc.property(planted, (problem) => {
        const result = scheduleMeetings({ ...problem, slots: problem.slots + 2 });
        expectValidSchedule({ ...problem, slots: problem.slots + 2 }, result);
        expect(result.lowerBound).toBe(problem.slots);
        runs++;
        if (result.unscheduled.length === 0) allPlaced++;
        if (result.unscheduled.length === 0 && result.slotsUsed === problem.slots) exact++;
      }),
      { numRuns: 200, seed: 11 },
    );
    // Ejection chains and table-move chains reach the planted width on nearly every instance
    // (199 of 200 here; the greedy with one ejection alone: 37 of 200). It is a heuristic: list
    // edge colouring with availability is NP-hard, so "every instance" would need a search.
    expect(allPlaced / runs).toBeGreaterThan(0.97);
    expect(exact / runs).toBeGreaterThan(0.95);
  });

  it("places the higher-priority meeting when two cannot both fit, and says why the other could not", () => {
    const problem = {
      meetings: [
        { id: "low", participants: ["A", "B"], priority: 0.1 },
        { id: "high", participants: ["A", "C"], priority: 0.9 },
      ],
      slots: 1,
      tables: 5,
    };
    const result = scheduleMeetings(problem);
    expect(result.placements.map((p) => p.meeting)).toEqual([1]);
    expect(result.unscheduled).toEqual([{ meeting: 0, reason: expect.stringContaining("A") }]);
  });

  it("closes idle gaps by reordering slots", () => {
    // A meets B, C, D; the greedy may leave A waiting between meetings; reordering removes it.
    const meetings = ["B", "C", "D", "E"].map((x, k) => ({ id: `m${k}`, participants: ["A", x], priority: 0 }));
    meetings.push({ id: "m9", participants: ["F", "G"], priority: 0 });
    const result = scheduleMeetings({ meetings, slots: 6, tables: 1 });
    expect(result.slotsUsed).toBe(5);
    expect(result.idleGaps).toBe(0);
  });
});

describe("live refill", () => {
  it("pairs the stranded counterpart with the best present, free, non-conflicted participant", () => {
    const proposals = proposeRefill({
      slotMeetings: [
        { id: "m1", participants: ["N1", "R1"], table: 3 },
        { id: "m2", participants: ["N2", "R2"], table: 4 },
      ],
      absent: "R1",
      slot: 2,
      isAvailable: (p) => p !== "R5",
      candidatesOf: () => [
        { partner: "R2", score: 0.99 }, // busy in slot 2
        { partner: "R5", score: 0.95 }, // away in slot 2
        { partner: "R6", score: 0.9 }, // conflicted
        { partner: "R7", score: 0.6 },
        { partner: "R8", score: 0.7 },
      ],
      isConflict: (a, b) => a === "N1" && b === "R6",
    });
    expect(proposals).toEqual([{ cancelledMeetingId: "m1", stranded: "N1", partner: "R8", score: 0.7, table: 3 }]);
  });

  it("answers within 50 ms at 5,000 participants", () => {
    const experts = Array.from({ length: 4000 }, (_x, j) => `R${j}`);
    const slotMeetings = Array.from({ length: 500 }, (_x, k) => ({
      id: `m${k}`,
      participants: [`N${k % 1000}`, `R${k}`],
      table: k,
    }));
    // R0's meeting is a panel: 51 counterparts are stranded at once.
    slotMeetings[0] = { id: "m0", participants: ["N0", "R0", ...experts.slice(3000, 3050)], table: 0 };
    // Kept best first, as a live service keeps its candidate lists.
    const candidates = experts
      .map((partner, j) => ({ partner, score: ((j * 7919) % 1000) / 1000 }))
      .sort((a, b) => b.score - a.score);
    const refill = () =>
      proposeRefill({
        slotMeetings,
        absent: "R0",
        slot: 0,
        isAvailable: () => true,
        candidatesOf: () => candidates,
        isConflict: () => false,
      });
    refill(); // a live service is warm: time the second call, not the JIT's first
    const started = performance.now();
    const proposals = refill();
    const ms = performance.now() - started;
    expect(proposals.length).toBe(51);
    expect(new Set(proposals.map((p) => p.partner)).size).toBe(51);
    expect(ms).toBeLessThan(50);
  });
});
