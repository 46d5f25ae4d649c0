import { createHash } from "node:crypto";

/**
 * A fixed piece of CPU work (SHA-256 over 64 MiB, on this thread), timed in milliseconds. The
 * machine the benchmarks run on is shared, so a figure alone says little: printed beside it, this
 * same-run yardstick lets two runs at different loads be compared (figure ÷ calibration).
 */
export function cpuCalibrationMs(): number {
  const block = Buffer.alloc(1 << 20, 7);
  const started = performance.now();
  const hash = createHash("sha256");
  for (let i = 0; i < 64; i++) hash.update(block);
  hash.digest();
  return Math.round(performance.now() - started);
}
