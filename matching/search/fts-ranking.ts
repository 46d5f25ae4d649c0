/**
 * Helpers for SqliteFtsIndex's search plan over rowid lists (ascending, as FTS5 returns them).
 */

/** Parses group_concat(rowid) output ("1,4,5") into rowids. */
export function parseRowids(list: string | null | undefined): Float64Array {
  if (!list) return new Float64Array(0);
  // At most one rowid per two characters ("1,").
  const out = new Float64Array((list.length + 1) >> 1);
  let count = 0;
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out[count++] = n;
      n = 0;
    } else n = n * 10 + (c - 48);
  }
  out[count++] = n;
  return out.subarray(0, count);
}

/** The rowids of `a` that are not in `b`; both ascending. */
export function without(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return out;
}

/**
 * The `count` rowids of `rowids` with the smallest `size`, smaller sizes first and, among equal
 * sizes, higher rowids first; in linear time (sizes are small integers, bucketed).
 */
export function smallest(rowids: ArrayLike<number>, count: number, size: (rowid: number) => number): number[] {
  if (count >= rowids.length) return Array.from(rowids);
  const cap = 4096;
  const histogram = new Int32Array(cap + 1);
  for (let i = 0; i < rowids.length; i++) histogram[Math.min(cap, size(rowids[i]!))]! += 1;
  let threshold = 0;
  for (let seen = 0; threshold <= cap; threshold++) {
    seen += histogram[threshold]!;
    if (seen >= count) break;
  }
  const below: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < rowids.length; i++) {
    const rowid = rowids[i]!;
    const s = Math.min(cap, size(rowid));
    if (s < threshold) below.push(rowid);
    else if (s === threshold) at.push(rowid);
  }
  // Equal sizes: the most recent documents first.
  return below.concat(at.slice(Math.max(0, at.length - (count - below.length))).reverse());
}

/** The first `count` items of `items` ordered by `compare` (a partial sort: a bounded heap). */
export function firstOrdered<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (count * 4 >= items.length) return [...items].sort(compare).slice(0, count);
  // A max-heap (by `compare`) of the best `count` items seen so far.
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && compare(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && compare(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest]!, heap[i]!];
      i = largest;
    }
  };
  for (const item of items) {
    if (heap.length < count) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
