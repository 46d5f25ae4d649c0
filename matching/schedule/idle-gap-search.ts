/**
 * Local search against idle gaps once the number of slots is fixed. A participant's idle gaps are
 * the empty slots between their first and last meeting; the search lowers their sum and never
 * breaks a rule: nobody in two meetings of one slot, at most `tables` meetings a slot, nobody
 * outside their availability, no meeting beyond the first `width` slots.
 *
 * Two neighbourhoods, first improvement, until a pass improves nothing or the deadline passes:
 * - swap the contents of two whole slots (only where every moved meeting may sit in its new slot);
 * - move one meeting to another slot together with its Kempe chain: the meetings of the two slots
 *   connected to it through shared participants swap slots as a block, which keeps every
 *   participant in at most one meeting a slot (the Kempe-chain neighbourhood of timetabling local
 *   search: J. M. Thompson & K. A. Dowsland, "A robust simulated annealing based examination
 *   timetabling system", Computers & Operations Research 25(7–8), 1998).
 */

export interface GapSearchInput {
  /** Participants of each meeting (indices 0 … participantCount − 1, no repeats). */
  parts: readonly Int32Array[];
  participantCount: number;
  /** Slot of each meeting, −1 for unplaced; changed in place. */
  slotOf: Int32Array;
  width: number;
  tables: number;
  /** Per participant the allowed slots (null: every slot). */
  allowed: readonly (Uint8Array | null)[];
  /** performance.now() value after which the search stops. */
  deadline: number;
  /** Chains with more meetings than this are not tried (they rarely help and cost time). */
  maxChain?: number;
  onPass?: (pass: number, gaps: number) => void;
}

export function countIdleGaps(parts: readonly Int32Array[], slotOf: Int32Array, participantCount: number): number {
  const lo = new Int32Array(participantCount).fill(2 ** 30);
  const hi = new Int32Array(participantCount).fill(-1);
  const count = new Int32Array(participantCount);
  slotOf.forEach((s, m) => {
    if (s < 0) return;
    for (const p of parts[m]!) {
      if (s < lo[p]!) lo[p] = s;
      if (s > hi[p]!) hi[p] = s;
      count[p]!++;
    }
  });
  let gaps = 0;
  for (let p = 0; p < participantCount; p++) if (count[p]! > 0) gaps += hi[p]! - lo[p]! + 1 - count[p]!;
  return gaps;
}

/** Lowers the idle gaps of a valid schedule in place; returns the gaps left. */
export function reduceIdleGaps(input: GapSearchInput): number {
  const { parts, slotOf, width, tables, allowed, participantCount: P } = input;
  const maxChain = input.maxChain ?? 64;
  const n = parts.length;
  const busy = new Int32Array(P * width).fill(-1);
  const used = new Int32Array(width);
  const meetingsOf: number[][] = Array.from({ length: P }, () => []);
  for (let m = 0; m < n; m++) {
    const s = slotOf[m]!;
    if (s < 0) continue;
    used[s]!++;
    for (const p of parts[m]!) {
      busy[p * width + s] = m;
      meetingsOf[p]!.push(m);
    }
  }
  // The meetings of each slot, with each meeting's position in its list (O(1) removal).
  const bySlot: number[][] = Array.from({ length: width }, () => []);
  const position = new Int32Array(n);
  for (let m = 0; m < n; m++) {
    const s = slotOf[m]!;
    if (s < 0) continue;
    position[m] = bySlot[s]!.length;
    bySlot[s]!.push(m);
  }
  const allowedIn = (m: number, s: number) => {
    for (const p of parts[m]!) {
      const a = allowed[p];
      if (a && !a[s]) return false;
    }
    return true;
  };
  const rebuildBusy = () => {
    busy.fill(-1);
    for (let s = 0; s < width; s++) {
      used[s] = bySlot[s]!.length;
      for (const m of bySlot[s]!) for (const p of parts[m]!) busy[p * width + s] = m;
    }
  };
  // Slots proposed for moved meetings while a move is weighed.
  const proposed = new Int32Array(n).fill(-1);
  const slotNow = (m: number) => (proposed[m]! >= 0 ? proposed[m]! : slotOf[m]!);
  const gapOf = (p: number) => {
    const list = meetingsOf[p]!;
    if (list.length < 2) return 0;
    let lo = width;
    let hi = -1;
    for (const m of list) {
      const s = slotNow(m);
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    return hi - lo + 1 - list.length;
  };
  const mark = new Int32Array(P); // participant stamp, so each is counted once per move
  let stamp = 0;
  /** Gap change if `moved` meetings go to the slots in `proposed` (already set). */
  const delta = (moved: readonly number[]) => {
    stamp++;
    const touched: number[] = [];
    for (const m of moved)
      for (const p of parts[m]!) {
        if (mark[p] === stamp) continue;
        mark[p] = stamp;
        touched.push(p);
      }
    let after = 0;
    for (const p of touched) after += gapOf(p);
    for (const m of moved) proposed[m] = -1;
    let before = 0;
    for (const p of touched) before += gapOf(p);
    return after - before;
  };
  const apply = (moved: readonly number[], target: readonly number[]) => {
    moved.forEach((m) => {
      const s = slotOf[m]!;
      used[s]!--;
      for (const p of parts[m]!) if (busy[p * width + s] === m) busy[p * width + s] = -1;
      const list = bySlot[s]!;
      const last = list.pop()!;
      if (last !== m) {
        list[position[m]!] = last;
        position[last] = position[m]!;
      }
    });
    moved.forEach((m, i) => {
      const s = target[i]!;
      slotOf[m] = s;
      used[s]!++;
      for (const p of parts[m]!) busy[p * width + s] = m;
      position[m] = bySlot[s]!.length;
      bySlot[s]!.push(m);
    });
  };
  /** Whether m could move alone from its slot to s (everybody free there and allowed). */
  const movableAlone = (m: number, s: number) => {
    for (const p of parts[m]!) if (busy[p * width + s]! >= 0) return false;
    return allowedIn(m, s);
  };
  /**
   * When a chain would overfill slot `to`, the best single meeting of `to` that can go the other
   * way instead (it shares nobody with the chain, which is closed under shared participants, so
   * the two gains add up). Returns the meeting and its gain, or null.
   */
  const bestCompensation = (to: number, from: number, needGain: number) => {
    let best = -1;
    let bestGain = needGain;
    for (const x of bySlot[to]!) {
      if (!movableAlone(x, from)) continue;
      proposed[x] = from;
      const gain = -delta([x]);
      if (gain > bestGain) {
        best = x;
        bestGain = gain;
      }
    }
    return best < 0 ? null : { meeting: best, gain: bestGain };
  };

  /** The meetings of slots a and b linked to m through shared participants. */
  const inChain = new Uint8Array(n);
  const chainOf = (m: number, a: number, b: number): number[] | null => {
    const chain = [m];
    inChain[m] = 1;
    for (let i = 0; i < chain.length; i++) {
      const x = chain[i]!;
      const otherSlot = slotOf[x] === a ? b : a;
      for (const p of parts[x]!) {
        const y = busy[p * width + otherSlot]!;
        if (y >= 0 && !inChain[y]) {
          inChain[y] = 1;
          chain.push(y);
        }
      }
      if (chain.length > maxChain) break;
    }
    for (const x of chain) inChain[x] = 0;
    return chain.length > maxChain ? null : chain;
  };

  const tryChainMoves = (): boolean => {
    let improved = false;
    for (let m = 0; m < n; m++) {
      if ((m & 255) === 255 && performance.now() > input.deadline) break;
      const a = slotOf[m]!;
      if (a < 0) continue;
      let worthIt = false;
      for (const p of parts[m]!) if (gapOf(p) > 0) worthIt = true;
      if (!worthIt) continue;
      let best: { chain: number[]; target: number[]; gain: number } | null = null;
      for (let b = 0; b < width; b++) {
        if (b === a) continue;
        const chain = chainOf(m, a, b);
        if (!chain) continue;
        let toB = 0;
        let ok = true;
        const target = chain.map((x) => {
          const s = slotOf[x] === a ? b : a;
          if (s === b) toB++;
          if (!allowedIn(x, s)) ok = false;
          return s;
        });
        const toA = chain.length - toB;
        if (!ok) continue;
        const overB = used[b]! + toB - toA - tables;
        const overA = used[a]! + toA - toB - tables;
        if (overA > 1 || overB > 1) continue;
        chain.forEach((x, i) => (proposed[x] = target[i]!));
        let gain = -delta(chain);
        if (overA <= 0 && overB <= 0) {
          if (gain > 0 && (!best || gain > best.gain)) best = { chain, target, gain };
          continue;
        }
        // One meeting too many for a full slot: swap one unrelated meeting back the other way.
        const [full, other] = overB > 0 ? [b, a] : [a, b];
        const compensation = bestCompensation(full, other, best ? Math.max(-gain, best.gain - gain) : -gain);
        if (!compensation) continue;
        gain += compensation.gain;
        if (gain > 0 && (!best || gain > best.gain))
          best = { chain: [...chain, compensation.meeting], target: [...target, other], gain };
      }
      if (best) {
        apply(best.chain, best.target);
        improved = true;
      }
    }
    return improved;
  };

  const trySlotSwaps = (): boolean => {
    let improved = false;
    for (let a = 0; a < width; a++) {
      for (let b = a + 1; b < width; b++) {
        const inA = bySlot[a]!;
        const inB = bySlot[b]!;
        if (!inA.every((m) => allowedIn(m, b)) || !inB.every((m) => allowedIn(m, a))) continue;
        for (const m of inA) proposed[m] = b;
        for (const m of inB) proposed[m] = a;
        const moved = [...inA, ...inB];
        if (delta(moved) < 0) {
          // Swap the lists first: positions inside them stay right.
          bySlot[a] = inB;
          bySlot[b] = inA;
          for (const m of inA) slotOf[m] = b;
          for (const m of inB) slotOf[m] = a;
          rebuildBusy();
          improved = true;
        }
      }
    }
    return improved;
  };

  let gaps = countIdleGaps(parts, slotOf, P);
  for (let pass = 1; gaps > 0 && performance.now() < input.deadline; pass++) {
    const swapped = trySlotSwaps();
    const moved = performance.now() < input.deadline && tryChainMoves();
    gaps = countIdleGaps(parts, slotOf, P);
    input.onPass?.(pass, gaps);
    if (!swapped && !moved) break;
  }
  return gaps;
}
