/**
 * The k items with the highest scores, best first (ties: lower item first). Finds the k-th
 * largest score by quickselect on a typed copy (linear time), then sorts only the items at or
 * above it: per query over tens of thousands of experts, this is what keeps a ranking fast.
 */
export function topK(items: ArrayLike<number>, score: (item: number) => number, k: number): number[] {
  const n = items.length;
  if (k <= 0 || n === 0) return [];
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = score(items[i]!);
  const result: number[] = [];
  if (n <= k) {
    for (let i = 0; i < n; i++) result.push(i);
  } else {
    const threshold = kthLargest(scores.slice(), k);
    for (let i = 0; i < n; i++) if (scores[i]! > threshold) result.push(i);
    // Ties at the threshold go to the lower items, as in the final order.
    const tied: number[] = [];
    for (let i = 0; i < n; i++) if (scores[i] === threshold) tied.push(i);
    tied.sort((a, b) => items[a]! - items[b]!);
    result.push(...tied.slice(0, k - result.length));
  }
  result.sort((a, b) => scores[b]! - scores[a]! || items[a]! - items[b]!);
  return result.map((i) => items[i]!);
}

/** The k-th largest value (1-based) of `values`, which it reorders (Hoare's selection). */
function kthLargest(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  const target = k - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) right = j;
    else if (target >= i) left = i;
    else return values[target]!;
  }
  return values[target]!;
}
