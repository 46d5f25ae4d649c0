/**
 * Meetings into slots × tables: nobody in two meetings of one slot, at most `tables` meetings a
 * slot, availability respected; as many meetings as possible (priority first), then as few
 * slots, then few idle gaps per participant.
 *
 * Lower bound on slots: max(largest participant load, ⌈meetings / tables⌉). For two-party
 * meetings between two sides (needs × experts) without availability limits that bound is exact
 * (König's edge-colouring theorem, balanced by de Werra), so the search starts at the bound and
 * widens one slot at a time. Placement is greedy, hardest meeting first, with one level of
 * ejection (move a single blocking meeting elsewhere) before a meeting is declared unplaceable;
 * gaps are then reduced by reordering whole slots, which keeps every constraint when nobody has
 * availability limits.
 */

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
  };
  const take = (m: number) => {
    const s = slotOf[m]!;
    for (const p of c.parts[m]!) busy[p * width + s] = -1;
    used[s]!--;
    slotOf[m] = -1;
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
    // One ejection: a slot where exactly one meeting blocks m and that meeting fits elsewhere.
    let placed = false;
    for (let s = 0; s < width && !placed; s++) {
      let blocker = -1;
      let ok = true;
      for (const p of c.parts[m]!) {
        const a = c.allowed[p];
        if (a && !a[s]) {
          ok = false;
          break;
        }
        const b = busy[p * width + s]!;
        if (b >= 0) {
          if (blocker >= 0 && blocker !== b) {
            ok = false;
            break;
          }
          blocker = b;
        }
      }
      if (!ok || blocker < 0) continue; // blocked by the table count alone: nothing to eject
      for (let t = 0; t < width; t++) {
        if (t === s || used[t]! >= problem.tables || !fits(blocker, t)) continue;
        take(blocker);
        put(blocker, t);
        put(m, s);
        placed = true;
        break;
      }
    }
    if (!placed) failed.push(m);
  }
  return { slotOf, failed };
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

export function scheduleMeetings(problem: ScheduleProblem, onProgress?: (p: ScheduleProgress) => void): ScheduleResult {
  const started = performance.now();
  const c = compile(problem);
  const n = problem.meetings.length;
  const lowerBound = scheduleLowerBound(problem);
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
  let width = Math.min(K, Math.max(1, lowerBound));
  let attempt = placeAll(problem, c, order, width);
  const widths = K - width;
  while (attempt.failed.length > 0 && width < K) {
    width++;
    onProgress?.({
      phase: "widening to more slots",
      done: width - Math.min(K, lowerBound),
      total: widths,
      etaSeconds: null,
    });
    attempt = placeAll(problem, c, order, width);
  }
  const { slotOf } = attempt;
  // Whole-slot reordering against gaps: valid only when nobody has availability limits.
  let relabel = [...Array(width).keys()];
  if (!problem.availability || problem.availability.size === 0) relabel = reduceGaps(c, slotOf, width, onProgress);
  const perSlot = new Int32Array(K);
  const placements: Placement[] = [];
  for (let m = 0; m < n; m++) {
    if (slotOf[m]! < 0) continue;
    const slot = relabel[slotOf[m]!]!;
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
    seconds: (performance.now() - started) / 1000,
  };
}

/** Hill-climbing over swaps of whole slots, fewest total gaps first. */
function reduceGaps(
  c: Compiled,
  slotOf: Int32Array,
  width: number,
  onProgress?: (p: ScheduleProgress) => void,
): number[] {
  const label = [...Array(width).keys()];
  const participantSlots = new Map<number, number[]>();
  slotOf.forEach((s, m) => {
    if (s < 0) return;
    for (const p of c.parts[m]!) {
      const list = participantSlots.get(p) ?? [];
      list.push(s);
      participantSlots.set(p, list);
    }
  });
  const lists = [...participantSlots.values()].filter((l) => l.length > 1);
  const cost = () => {
    let gaps = 0;
    for (const list of lists) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const s of list) {
        const x = label[s]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      gaps += hi - lo + 1 - list.length;
    }
    return gaps;
  };
  let current = cost();
  const deadline = performance.now() + 2000;
  for (let round = 0; round < 20 && current > 0 && performance.now() < deadline; round++) {
    let improved = false;
    for (let a = 0; a < width; a++) {
      for (let b = a + 1; b < width; b++) {
        [label[a], label[b]] = [label[b]!, label[a]!];
        const next = cost();
        if (next < current) {
          current = next;
          improved = true;
        } else {
          [label[a], label[b]] = [label[b]!, label[a]!];
        }
      }
      onProgress?.({ phase: "reducing idle gaps", done: a + 1, total: width, etaSeconds: null });
    }
    if (!improved) break;
  }
  return label;
}
