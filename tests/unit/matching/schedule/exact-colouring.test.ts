import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectValidSchedule } from "../../../support/schedule-validity.js";
import { scheduleMeetings } from "../../../../matching/index.js";
import { colourBipartiteEdges } from "../../../../matching/schedule/bipartite-edge-colouring.js";
import { countIdleGaps, reduceIdleGaps } from "../../../../matching/schedule/idle-gap-search.js";

/** Two-sided meetings, repeated pairs allowed (a multigraph), priorities 0 … 0.9. */
const twoSided = fc
  .record({
    edges: fc.array(fc.tuple(fc.nat(6), fc.nat(8), fc.nat(9)), { minLength: 1, maxLength: 40 }),
    tables: fc.integer({ min: 1, max: 8 }),
  })
  .map(({ edges, tables }) => {
    const meetings = edges.map(([n, e, p], k) => ({ id: `m${k}`, participants: [`N${n}`, `E${e}`], priority: p / 10 }));
    const load = new Map<string, number>();
    for (const m of meetings) for (const p of m.participants) load.set(p, (load.get(p) ?? 0) + 1);
    const bound = Math.max(...load.values(), Math.ceil(meetings.length / tables));
    return { meetings, tables, bound };
  });

/** Seeded generator for a needs × experts event like the benchmark's. */
function randomEvent(needs: number, experts: number, meetingsCount: number, seed: number) {
  let x = seed;
  const next = (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  return Array.from({ length: meetingsCount }, (_v, k) => ({
    id: `m${k}`,
    participants: [`N${next(needs)}`, `E${next(Math.ceil(experts / (1 + next(3))))}`],
    priority: next(100) / 100,
  }));
}

describe("exact schedules for two-sided meetings without availability limits", () => {
  it("places every meeting in exactly the lower bound of slots (König, de Werra)", () => {
    fc.assert(
      fc.property(twoSided, fc.integer({ min: 0, max: 2 }), ({ meetings, tables, bound }, extra) => {
        const problem = { meetings, slots: bound + extra, tables };
        const result = scheduleMeetings(problem);
        expectValidSchedule(problem, result);
        expect(result.method).toBe("edge-colouring");
        expect(result.unscheduled).toEqual([]);
        expect(result.slotsUsed).toBe(bound);
        expect(Math.max(...result.placements.map((p) => p.slot))).toBeLessThan(bound);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("uses exactly the lower bound on a 1,500-meeting event with 150 tables", () => {
    const meetings = randomEvent(500, 3000, 1500, 5);
    const problem = { meetings, slots: 40, tables: 150 };
    const result = scheduleMeetings(problem);
    expectValidSchedule(problem, result);
    expect(result.unscheduled).toEqual([]);
    expect(result.lowerBound).toBeGreaterThanOrEqual(10);
    expect(result.slotsUsed).toBe(result.lowerBound);
  });

  it("when fewer slots than the bound: as many meetings as fit, then the highest priority (brute force)", () => {
    fc.assert(
      fc.property(
        twoSided.filter(({ meetings }) => meetings.length <= 11),
        fc.integer({ min: 1, max: 3 }),
        ({ meetings, tables }, slots) => {
          const problem = { meetings, slots, tables };
          const result = scheduleMeetings(problem);
          expectValidSchedule(problem, result);
          // A set of two-sided meetings fits in K slots × T tables iff nobody has more than K of
          // them and there are at most K × T (König + de Werra): enumerate every subset.
          let bestCount = 0;
          let bestPriority = 0;
          for (let mask = 0; mask < 1 << meetings.length; mask++) {
            const load = new Map<string, number>();
            let count = 0;
            let priority = 0;
            let ok = true;
            meetings.forEach((m, k) => {
              if (!(mask & (1 << k))) return;
              count++;
              priority += m.priority;
              for (const p of m.participants) {
                load.set(p, (load.get(p) ?? 0) + 1);
                if (load.get(p)! > slots) ok = false;
              }
            });
            if (!ok || count > slots * tables) continue;
            if (count > bestCount || (count === bestCount && priority > bestPriority + 1e-9)) {
              bestCount = count;
              bestPriority = priority;
            }
          }
          expect(result.placements.length).toBe(bestCount);
          const placedPriority = result.placements.reduce((s, p) => s + meetings[p.meeting]!.priority, 0);
          expect(placedPriority).toBeCloseTo(bestPriority, 9);
        },
      ),
      { numRuns: 200, seed: 12 },
    );
  });

  it("falls back to greedy placement for panels, odd cycles and availability limits, still valid", () => {
    const triangle = {
      meetings: [
        { id: "ab", participants: ["A", "B"], priority: 0 },
        { id: "bc", participants: ["B", "C"], priority: 0 },
        { id: "ca", participants: ["C", "A"], priority: 0 },
      ],
      slots: 3,
      tables: 3,
    };
    const odd = scheduleMeetings(triangle);
    expectValidSchedule(triangle, odd);
    expect(odd.method).toBe("greedy");
    expect(odd.lowerBound).toBe(2);
    expect(odd.slotsUsed).toBe(3);
    const panel = { meetings: [{ id: "p", participants: ["A", "B", "C"], priority: 1 }], slots: 1, tables: 1 };
    expect(scheduleMeetings(panel).method).toBe("greedy");
    const away = {
      meetings: [{ id: "x", participants: ["A", "B"], priority: 1 }],
      slots: 2,
      tables: 1,
      availability: new Map([["A", new Set([1])]]),
    };
    const limited = scheduleMeetings(away);
    expect(limited.method).toBe("greedy");
    expect(limited.placements).toEqual([{ meeting: 0, slot: 1, table: 0 }]);
  });
});

describe("bipartite edge colouring", () => {
  it("colours properly with Δ colours and at most `capacity` edges a colour", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (edges, capacity) => {
          const left = Int32Array.from(edges, ([a]) => a);
          const right = Int32Array.from(edges, ([, b]) => 6 + b);
          const degree = new Map<number, number>();
          for (const v of [...left, ...right]) degree.set(v, (degree.get(v) ?? 0) + 1);
          const k = Math.max(...degree.values(), Math.ceil(edges.length / capacity));
          const colour = colourBipartiteEdges({ vertexCount: 12, left, right }, k, capacity);
          const seen = new Set<string>();
          const size = new Array<number>(k).fill(0);
          colour.forEach((c, e) => {
            expect(c).toBeGreaterThanOrEqual(0);
            expect(c).toBeLessThan(k);
            size[c]!++;
            for (const v of [left[e]!, right[e]!]) {
              expect(seen.has(`${v}:${c}`)).toBe(false);
              seen.add(`${v}:${c}`);
            }
          });
          expect(Math.max(...size)).toBeLessThanOrEqual(capacity);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });

  it("refuses when a vertex has more edges than colours", () => {
    const star = { vertexCount: 4, left: Int32Array.from([0, 0, 0]), right: Int32Array.from([1, 2, 3]) };
    expect(() => colourBipartiteEdges(star, 2, 5)).toThrow(/maximum degree 3/);
  });
});

describe("idle-gap search", () => {
  it("never adds gaps or slots and keeps schedules valid, with and without availability", () => {
    fc.assert(
      fc.property(
        twoSided,
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.nat(8), fc.nat(9)), { maxLength: 4 }),
        ({ meetings, tables, bound }, extra, away) => {
          const slots = bound + extra;
          const availability = new Map<string, Set<number>>();
          for (const [e, s] of away)
            availability.set(`E${e}`, new Set([...Array(slots).keys()].filter((x) => x !== s % slots)));
          for (const problem of [
            { meetings, slots, tables },
            { meetings, slots, tables, availability },
          ]) {
            const result = scheduleMeetings(problem);
            expectValidSchedule(problem, result);
            expect(result.idleGaps).toBeLessThanOrEqual(result.idleGapsBefore);
          }
        },
      ),
      { numRuns: 200, seed: 14 },
    );
  });

  it("closes a gap only a Kempe-chain move can close", () => {
    // Slot 0: A–B; slot 1: B–G and C–E; slot 2: A–C; two tables. A idles in slot 1, but A–B
    // cannot move there (B is busy), nor A–C (C is busy), and no swap of whole slots helps.
    // Moving A–C to slot 1 with its chain (C–E to slot 2), or A–B with B–G, closes the gap.
    const [A, B, C, E, G] = [0, 1, 2, 3, 4];
    const parts = [
      [A, B],
      [B, G],
      [C, E],
      [A, C],
    ].map((p) => Int32Array.from(p));
    const input = (maxChain: number) => ({
      parts,
      participantCount: 5,
      slotOf: Int32Array.from([0, 1, 1, 2]),
      width: 3,
      tables: 2,
      allowed: [null, null, null, null, null],
      deadline: performance.now() + 1000,
      maxChain,
    });
    const singleMoves = input(1);
    expect(countIdleGaps(parts, singleMoves.slotOf, 5)).toBe(1);
    expect(reduceIdleGaps(singleMoves)).toBe(1);
    const chains = input(64);
    expect(reduceIdleGaps(chains)).toBe(0);
    const slots = Array.from(chains.slotOf);
    expect([
      [0, 1, 2, 1],
      [1, 0, 1, 2],
    ]).toContainEqual(slots);
  });

  it("closes gaps when every slot is full by sending another meeting back the other way", () => {
    // Six needs meet three experts each (each expert once); 18 meetings fill 6 slots × 3 tables,
    // so no meeting can move alone: every improving move must swap two meetings' slots.
    const layout = [
      [0, 2, 4],
      [1, 3, 5],
      [0, 1, 2],
      [3, 4, 5],
      [0, 3, 5],
      [1, 2, 4],
    ];
    const parts: Int32Array[] = [];
    const slots: number[] = [];
    let expert = 6;
    layout.forEach((row, need) =>
      row.forEach((slot) => {
        parts.push(Int32Array.from([need, expert++]));
        slots.push(slot);
      }),
    );
    const slotOf = Int32Array.from(slots);
    expect(countIdleGaps(parts, slotOf, expert)).toBe(8);
    const left = reduceIdleGaps({
      parts,
      participantCount: expert,
      slotOf,
      width: 6,
      tables: 3,
      allowed: new Array<null>(expert).fill(null),
      deadline: performance.now() + 1000,
    });
    expect(left).toBe(0);
    const perSlot = new Array<number>(6).fill(0);
    for (const s of slotOf) perSlot[s]!++;
    expect(perSlot).toEqual([3, 3, 3, 3, 3, 3]);
  });
});
