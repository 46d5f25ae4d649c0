/**
 * Meetings into slots × tables: nobody in two meetings of one slot, at most `tables` meetings a
 * slot, availability respected; as many meetings as possible (priority first), then as few
 * slots, then few idle gaps per participant.
 *
 * Lower bound on slots: max(largest participant load, ⌈meetings / tables⌉). For two-party
 * meetings between two sides (needs × experts) without availability limits that bound is exact
 * (König's edge-colouring theorem, balanced by de Werra): such instances are coloured into exactly
 * the lower bound (bipartite-edge-colouring.ts), or, when K slots are fewer, the largest set of
 * meetings that fits is chosen by a min-cost flow (highest priority among those) and coloured.
 * Other instances (availability limits, panels of three or more, odd cycles) are placed greedily
 * from the lower bound up one slot at a time: most constrained meeting first (priority first only
 * when not everything fits), and a meeting with no free slot gets a chain of table moves through
 * full slots or an ejection chain (it takes a slot from a single blocking meeting, which looks for
 * a place the same way) before it is declared unplaceable. Then a local search lowers idle gaps without adding slots (idle-gap-search.ts).
 */

import { MinCostFlowNetwork } from "../assignment/min-cost-flow.js";
import { colourBipartiteEdges } from "./bipartite-edge-colouring.js";
import { countIdleGaps, reduceIdleGaps } from "./idle-gap-search.js";

export interface Meeting {
  id: string;
  participants: readonly string[];
  priority: number;
}

export interface ScheduleProblem {
  meetings: readonly Meeting[];
  slots: number;
  tables: number;
  /** Slots each listed participant can attend; a participant not listed is always available. */
  availability?: ReadonlyMap<string, ReadonlySet<number>>;
}

export interface Placement {
  meeting: number;
  slot: number;
  table: number;
}

export interface ScheduleResult {
  placements: Placement[];
  unscheduled: { meeting: number; reason: string }[];
  slotsUsed: number;
  /** Proven lower bound on the slots needed for all meetings (ignoring availability). */
  lowerBound: number;
  /** Idle slots between a participant's first and last meeting, summed over participants. */
  idleGaps: number;
  /** Idle gaps before the local search (as placed by colouring or the greedy). */
  idleGapsBefore: number;
  /** "edge-colouring" (two-sided meetings, no availability limits: exact) or "greedy". */
  method: "edge-colouring" | "greedy";
  seconds: number;
}

export interface ScheduleProgress {
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
}

interface Compiled {
  parts: Int32Array[];
  /** Per participant, a bitmap of allowed slots (null: every slot). */
  allowed: (Uint8Array | null)[];
  names: string[];
}

function compile(problem: ScheduleProblem): Compiled {
  const index = new Map<string, number>();
  const names: string[] = [];
  const parts = problem.meetings.map((m) => {
    const ids = [...new Set(m.participants)].map((p) => {
      let i = index.get(p);
      if (i === undefined) {
        i = names.length;
        index.set(p, i);
        names.push(p);
      }
      return i;
    });
    return Int32Array.from(ids);
  });
  const allowed = names.map((name) => {
    const slots = problem.availability?.get(name);
    if (!slots) return null;
    const bits = new Uint8Array(problem.slots);
    for (const s of slots) if (s >= 0 && s < problem.slots) bits[s] = 1;
    return bits;
  });
  return { parts, allowed, names };
}

export function scheduleLowerBound(problem: ScheduleProblem): number {
  if (problem.meetings.length === 0) return 0;
  const load = new Map<string, number>();
  for (const m of problem.meetings) for (const p of new Set(m.participants)) load.set(p, (load.get(p) ?? 0) + 1);
  return Math.max(Math.max(...load.values()), Math.ceil(problem.meetings.length / Math.max(1, problem.tables)));
}

/** How deep an ejection chain may go, and how many ejections one unplaced meeting may try. */
const EJECTION_DEPTH = 6;
const EJECTION_BUDGET = 200;
const EJECTION_TOTAL_PER_MEETING = 5;

/** Greedy placement into the first `width` slots; returns the meetings it could not place. */
function placeAll(problem: ScheduleProblem, c: Compiled, order: number[], width: number) {
  const P = c.names.length;
  const busy = new Int32Array(P * width).fill(-1); // meeting index occupying (participant, slot)
  const used = new Int32Array(width); // meetings per slot
  const slotOf = new Int32Array(problem.meetings.length).fill(-1);
  const failed: number[] = [];
  const fits = (m: number, s: number, ignore = -1) => {
    for (const p of c.parts[m]!) {
      const a = c.allowed[p];
      if (a && !a[s]) return false;
      const b = busy[p * width + s]!;
      if (b >= 0 && b !== ignore) return false;
    }
    return true;
  };
  const put = (m: number, s: number) => {
    for (const p of c.parts[m]!) busy[p * width + s] = m;
    used[s]!++;
    slotOf[m] = s;
    inSlot[s]!.add(m);
  };
  const take = (m: number) => {
    const s = slotOf[m]!;
    for (const p of c.parts[m]!) busy[p * width + s] = -1;
    used[s]!--;
    slotOf[m] = -1;
    inSlot[s]!.delete(m);
  };
  // Prefer slots next to the participants' other meetings (fewer gaps), then earlier slots.
  const adjacency = (m: number, s: number) => {
    let score = 0;
    for (const p of c.parts[m]!) {
      if (s > 0 && busy[p * width + s - 1]! >= 0) score++;
      if (s + 1 < width && busy[p * width + s + 1]! >= 0) score++;
    }
    return score;
  };
  const inSlot: Set<number>[] = Array.from({ length: width }, () => new Set());
  // All chains of one pass together: when the width is too small for many meetings, each would
  // otherwise spend its whole budget, and the widths after it are the better place to look.
  let ejectionsLeft = EJECTION_TOTAL_PER_MEETING * problem.meetings.length + 1000;
  /** The one meeting that keeps m out of slot s (sharing a participant), or −1 (none, several, or unavailable). */
  const soleBlocker = (m: number, s: number) => {
    let blocker = -1;
    for (const p of c.parts[m]!) {
      const a = c.allowed[p];
      if (a && !a[s]) return -1;
      const b = busy[p * width + s]!;
      if (b < 0) continue;
      if (blocker >= 0 && blocker !== b) return -1;
      blocker = b;
    }
    return blocker;
  };
  /**
   * Places m in a slot other than `avoid`, moving meetings along a chain of full slots when every
   * slot m fits in is full: breadth-first over slots, where slot s leads to slot t when some
   * meeting of s fits in t, until a slot with a free table (an augmenting path for table
   * capacity, as in a transportation problem). Each move was checked against the state it runs
   * in, and slots on the path are distinct, so the chain keeps every rule.
   */
  const relocate = (m: number, avoid: number): boolean => {
    const via = new Int32Array(width).fill(-2); // meeting moved into this slot on the path (−1: m)
    const from = new Int32Array(width).fill(-1);
    const queue: number[] = [];
    for (let s = 0; s < width; s++) {
      if (s === avoid || !fits(m, s)) continue;
      via[s] = -1;
      queue.push(s);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      if (used[s]! < problem.tables) {
        // Walk back: the meeting that entered each slot leaves its own previous slot.
        const moves: { meeting: number; to: number }[] = [];
        for (let t = s; ; t = from[t]!) {
          moves.push({ meeting: via[t]! < 0 ? m : via[t]!, to: t });
          if (via[t]! < 0) break;
        }
        for (const move of moves) {
          if (move.meeting !== m) take(move.meeting);
          put(move.meeting, move.to);
        }
        return true;
      }
      for (const x of inSlot[s]!) {
        for (let t = 0; t < width; t++) {
          if (via[t] !== -2 || t === avoid || !fits(x, t)) continue;
          via[t] = x;
          from[t] = s;
          queue.push(t);
        }
      }
    }
    return false;
  };
  /**
   * An ejection chain (Glover 1996; Kempe chains generalised to availability): m takes a slot
   * where a single meeting blocks it, and the blocker looks for a place the same way, depth-first,
   * each meeting at most once per chain, until one is placed by relocate(). Moves are applied as
   * they are tried and undone on the way back, so every state along the way keeps every rule.
   */
  const ejectionChain = (m: number, avoid: number, depth: number, budget: { left: number; chain: Set<number> }) => {
    if (relocate(m, avoid)) return true;
    if (depth === 0) return false;
    for (let s = 0; s < width; s++) {
      if (s === avoid || budget.left <= 0 || ejectionsLeft <= 0) continue;
      const blocker = soleBlocker(m, s);
      if (blocker < 0 || budget.chain.has(blocker)) continue;
      budget.left--;
      ejectionsLeft--;
      budget.chain.add(blocker);
      take(blocker);
      put(m, s);
      if (ejectionChain(blocker, s, depth - 1, budget)) return true;
      take(m);
      put(blocker, s);
      budget.chain.delete(blocker);
    }
    return false;
  };
  for (const m of order) {
    let best = -1;
    let bestScore = -1;
    for (let s = 0; s < width; s++) {
      if (used[s]! >= problem.tables || !fits(m, s)) continue;
      const score = adjacency(m, s);
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    if (best >= 0) {
      put(m, best);
      continue;
    }
    const placed = ejectionChain(m, -1, EJECTION_DEPTH, { left: EJECTION_BUDGET, chain: new Set([m]) });
    if (!placed) failed.push(m);
  }
  // The few meetings still out get longer chains once everything else is in place.
  const stillOut = failed.filter(
    (m) => !ejectionChain(m, -1, 2 * EJECTION_DEPTH, { left: 20 * EJECTION_BUDGET, chain: new Set([m]) }),
  );
  return { slotOf, failed: stillOut };
}

function reasonFor(problem: ScheduleProblem, c: Compiled, m: number, placedCount: Int32Array): string {
  for (const p of c.parts[m]!) {
    const a = c.allowed[p];
    if (a && !a.some((x) => x === 1)) return `participant ${c.names[p]} is available in no slot`;
  }
  const free: number[] = [];
  for (let s = 0; s < problem.slots; s++) {
    if (c.parts[m]!.every((p) => !c.allowed[p] || c.allowed[p]![s])) free.push(s);
  }
  if (free.length === 0) return "its participants have no slot in common";
  const busyNames = Array.from(c.parts[m]!)
    .filter((p) => placedCount[p]! >= free.length)
    .map((p) => c.names[p]);
  if (busyNames.length > 0) return `${busyNames.join(", ")} already meet in every slot they share with the others`;
  return "every slot in which all its participants are free has all its tables taken";
}

function idleGaps(c: Compiled, placements: readonly Placement[]): number {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const count = new Map<number, number>();
  for (const pl of placements) {
    for (const p of c.parts[pl.meeting]!) {
      first.set(p, Math.min(first.get(p) ?? Infinity, pl.slot));
      last.set(p, Math.max(last.get(p) ?? -Infinity, pl.slot));
      count.set(p, (count.get(p) ?? 0) + 1);
    }
  }
  let gaps = 0;
  for (const [p, n] of count) gaps += last.get(p)! - first.get(p)! + 1 - n;
  return gaps;
}

/**
 * Sides of a two-sided meeting graph: 0 or 1 per participant, or null when a meeting has more
 * than two participants or the meetings contain an odd cycle (then König's theorem does not apply).
 */
function bipartiteSides(c: Compiled): Int8Array | null {
  const P = c.names.length;
  const neighbours: number[][] = Array.from({ length: P }, () => []);
  for (const parts of c.parts) {
    if (parts.length > 2 || parts.length === 0) return null;
    if (parts.length === 2) {
      neighbours[parts[0]!]!.push(parts[1]!);
      neighbours[parts[1]!]!.push(parts[0]!);
    }
  }
  const side = new Int8Array(P).fill(-1);
  for (let root = 0; root < P; root++) {
    if (side[root]! >= 0) continue;
    side[root] = 0;
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      for (const w of neighbours[v]!) {
        if (side[w]! < 0) {
          side[w] = 1 - side[v]!;
          queue.push(w);
        } else if (side[w] === side[v]) return null;
      }
    }
  }
  return side;
}

/**
 * Two-sided meetings without availability limits, exactly: choose the meetings (all of them when
 * the lower bound fits in K slots; otherwise as many as possible, highest total priority among
 * those, as a min-cost flow with degree ≤ K and at most K × tables meetings), then colour them
 * with König's theorem and de Werra's balancing (bipartite-edge-colouring.ts).
 */
function colourTwoSided(problem: ScheduleProblem, c: Compiled, side: Int8Array, lowerBound: number) {
  const n = problem.meetings.length;
  const P = c.names.length;
  const K = problem.slots;
  // An edge per meeting; a one-participant meeting gets a private partner vertex.
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  let vertexCount = P;
  for (let m = 0; m < n; m++) {
    const parts = c.parts[m]!;
    const a = parts[0]!;
    const b = parts.length > 1 ? parts[1]! : vertexCount++;
    [left[m], right[m]] = side[a] === 0 ? [a, b] : [b, a];
  }
  let chosen = [...Array(n).keys()];
  const width = Math.min(K, lowerBound);
  if (width < lowerBound) {
    // One source, so that successive shortest paths end with a maximum flow of least cost.
    const source = vertexCount;
    const sink = vertexCount + 1;
    const net = new MinCostFlowNetwork(vertexCount + 2);
    const leftSide = new Uint8Array(vertexCount);
    for (let m = 0; m < n; m++) leftSide[left[m]!] = 1;
    for (let v = 0; v < vertexCount; v++) net.addArc(leftSide[v] ? source : v, leftSide[v] ? v : sink, width, 0);
    const fits = Math.min(n, width * problem.tables);
    net.setSupply(source, fits);
    net.setSupply(sink, -fits);
    const arcs = chosen.map((m) => net.addArc(left[m]!, right[m]!, 1, -problem.meetings[m]!.priority));
    const { flow } = net.solve();
    chosen = chosen.filter((m) => flow[arcs[m]!] === 1);
  }
  const colour = colourBipartiteEdges(
    { vertexCount, left: Int32Array.from(chosen, (m) => left[m]!), right: Int32Array.from(chosen, (m) => right[m]!) },
    width,
    problem.tables,
  );
  const slotOf = new Int32Array(n).fill(-1);
  chosen.forEach((m, i) => (slotOf[m] = colour[i]!));
  const failed = [...Array(n).keys()].filter((m) => slotOf[m]! < 0);
  return { slotOf, failed, width };
}

export interface ScheduleOptions {
  onProgress?: (p: ScheduleProgress) => void;
  /** Seconds the idle-gap search may take (default 2). */
  gapSearchSeconds?: number;
}

export function scheduleMeetings(
  problem: ScheduleProblem,
  options: ScheduleOptions | ((p: ScheduleProgress) => void) = {},
): ScheduleResult {
  const { onProgress, gapSearchSeconds = 2 } = typeof options === "function" ? { onProgress: options } : options;
  const started = performance.now();
  const c = compile(problem);
  const n = problem.meetings.length;
  const lowerBound = scheduleLowerBound(problem);
  const K = problem.slots;
  const unlimited = c.allowed.every((a) => a === null || a.every((x) => x === 1));
  const side = unlimited && K >= 1 && problem.tables >= 1 && n > 0 ? bipartiteSides(c) : null;
  let attempt: { slotOf: Int32Array; failed: number[]; width: number };
  if (side) {
    onProgress?.({ phase: "colouring meetings into slots", done: 0, total: 1, etaSeconds: null });
    attempt = colourTwoSided(problem, c, side, lowerBound);
  } else {
    attempt = placeGreedily(problem, c, lowerBound, onProgress);
  }
  const { slotOf, width } = attempt;
  const idleGapsBefore = countIdleGaps(c.parts, slotOf, c.names.length);
  onProgress?.({ phase: "reducing idle gaps", done: 0, total: 1, etaSeconds: gapSearchSeconds });
  reduceIdleGaps({
    parts: c.parts,
    participantCount: c.names.length,
    slotOf,
    width,
    tables: problem.tables,
    allowed: c.allowed,
    deadline: performance.now() + gapSearchSeconds * 1000,
  });
  const perSlot = new Int32Array(K);
  const placements: Placement[] = [];
  for (let m = 0; m < n; m++) {
    const slot = slotOf[m]!;
    if (slot < 0) continue;
    placements.push({ meeting: m, slot, table: perSlot[slot]!++ });
  }
  placements.sort((a, b) => a.slot - b.slot || a.table - b.table);
  const slotsUsed = new Set(placements.map((p) => p.slot)).size;
  const placedCount = new Int32Array(c.names.length);
  for (const pl of placements) for (const p of c.parts[pl.meeting]!) placedCount[p]!++;
  return {
    placements,
    unscheduled: attempt.failed
      .sort((a, b) => a - b)
      .map((m) => ({ meeting: m, reason: reasonFor(problem, c, m, placedCount) })),
    slotsUsed,
    lowerBound,
    idleGaps: idleGaps(c, placements),
    idleGapsBefore,
    method: side ? "edge-colouring" : "greedy",
    seconds: (performance.now() - started) / 1000,
  };
}

/** Greedy placement from the lower bound up, one slot wider at a time, until everything fits. */
function placeGreedily(
  problem: ScheduleProblem,
  c: Compiled,
  lowerBound: number,
  onProgress?: (p: ScheduleProgress) => void,
) {
  const n = problem.meetings.length;
  const load = new Int32Array(c.names.length);
  for (const parts of c.parts) for (const p of parts) load[p]!++;
  const hardness = c.parts.map((parts) => parts.reduce((h, p) => Math.max(h, load[p]!), 0));
  const order = [...Array(n).keys()].sort(
    (a, b) =>
      problem.meetings[b]!.priority - problem.meetings[a]!.priority ||
      hardness[b]! - hardness[a]! ||
      c.parts[b]!.length - c.parts[a]!.length ||
      (problem.meetings[a]!.id < problem.meetings[b]!.id ? -1 : 1),
  );
  const K = problem.slots;
  // When every meeting can fit, priority is moot and the most constrained meetings go first
  // (fewest slots their participants share, as DSATUR colours the most saturated vertex first);
  // only when some must be left out does priority order decide which.
  const mostConstrainedFirst = (width: number) => {
    const room = c.parts.map((parts) => {
      let count = 0;
      for (let s = 0; s < width; s++) if (parts.every((p) => !c.allowed[p] || c.allowed[p]![s])) count++;
      return count;
    });
    return [...order].sort((a, b) => room[a]! - room[b]! || hardness[b]! - hardness[a]!);
  };
  const tryWidth = (width: number) => {
    const constrained = placeAll(problem, c, mostConstrainedFirst(width), width);
    return constrained.failed.length === 0 ? constrained : placeAll(problem, c, order, width);
  };
  let width = Math.min(K, Math.max(1, lowerBound));
  let attempt = tryWidth(width);
  const widths = K - width;
  while (attempt.failed.length > 0 && width < K) {
    width++;
    onProgress?.({
      phase: "widening to more slots",
      done: width - Math.min(K, lowerBound),
      total: widths,
      etaSeconds: null,
    });
    attempt = tryWidth(width);
  }
  return { slotOf: attempt.slotOf, failed: attempt.failed, width };
}
