import { percentile } from "../../lib/percentile.js";

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length),
  };
}

export const ms = (value: number) => value.toFixed(2);
/** Process CPU time in milliseconds (all threads; better-sqlite3 runs on the main one). */
export const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
