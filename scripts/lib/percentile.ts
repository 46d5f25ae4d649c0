/**
 * The nearest-rank percentile of ascending `sorted` values, `p` in percent (p99 of 200 samples is
 * the 198th); NaN when there are none.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
