import os from "node:os";

/** The window of the load average this compares with (the 1-minute one), in milliseconds. */
const loadWindowMs = 60_000;

/**
 * Whether the machine has a CPU to spare for worker threads, judged from the 1-minute load
 * average less this process's own share of it. The load average counts our own busy threads
 * too: during a bulk build it is at least 1 on an otherwise idle machine, so comparing it with
 * the CPU count alone would never find a CPU free. Our share is estimated the way the kernel
 * averages load: an exponentially decaying average, over the same minute, of the CPUs this
 * process used (every thread, from process.cpuUsage()).
 */
export class SpareCpuMeter {
  private sampledAt = performance.now();
  private cpuAtSample = process.cpuUsage();
  /** This process's average CPU use (in CPUs) over about the last minute. */
  private ownLoad: number;

  constructor(
    private readonly loadAverage: () => number = () => os.loadavg()[0]!,
    private readonly cpus: number = os.availableParallelism(),
  ) {
    // Until measured: the process's average since it started (a fresh process counts as idle).
    const usage = process.cpuUsage();
    this.ownLoad = Math.min(cpus, (usage.user + usage.system) / 1000 / Math.max(1000, process.uptime() * 1000));
  }

  /** This process's estimated share of the load average, in CPUs. */
  ownShare(): number {
    const now = performance.now();
    const elapsed = now - this.sampledAt;
    if (elapsed >= 100) {
      const usage = process.cpuUsage(this.cpuAtSample);
      this.ownLoad = decayedLoad(this.ownLoad, (usage.user + usage.system) / 1000 / elapsed, elapsed);
      this.sampledAt = now;
      this.cpuAtSample = process.cpuUsage();
    }
    return this.ownLoad;
  }

  /** Whether a CPU is free for a worker thread beside the one our calling thread keeps busy. */
  spare(): boolean {
    return spareCpu(this.loadAverage(), this.ownShare(), this.cpus);
  }
}

/**
 * Whether other processes' load (the load average less ours) leaves a CPU free beside the one our
 * calling thread uses: theirs is at most the CPU count less that one, less half a CPU of margin
 * (the load average lags, and a worker thread competing for a busy CPU costs more than it gives).
 */
export function spareCpu(loadAverage: number, ownShare: number, cpus: number): boolean {
  const others = Math.max(0, loadAverage - ownShare);
  return others <= cpus - 1.5;
}

/** A load average of `previous` after `elapsedMs` with `used` CPUs busy, decaying as the kernel's does. */
export function decayedLoad(previous: number, used: number, elapsedMs: number): number {
  const keep = Math.exp(-elapsedMs / loadWindowMs);
  return previous * keep + used * (1 - keep);
}
