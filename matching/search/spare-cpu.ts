import os from "node:os";

/** The window of the load average this compares with (the 1-minute one), in milliseconds. */
const loadWindowMs = 60_000;

/** Where the meter reads this process's CPU time and the time. */
export interface ProcessClock {
  /** CPU time this process has used since it started (every thread), in milliseconds. */
  cpuMs(): number;
  /** Milliseconds since the process started. */
  uptimeMs(): number;
}

const processClock: ProcessClock = {
  cpuMs: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
  uptimeMs: () => process.uptime() * 1000,
};

/**
 * Whether the machine has a CPU to spare for worker threads, judged from the 1-minute load
 * average less this process's own share of it. The load average counts our own busy threads
 * too: during a bulk build it is at least 1 on an otherwise idle machine, so comparing it with
 * the CPU count alone would never find a CPU free. Our share is estimated the way the kernel
 * averages load: an exponentially decaying average, over the same minute, of the CPUs this
 * process used.
 */
export class SpareCpuMeter {
  private sampledAt: number;
  private cpuAtSample: number;
  /** This process's average CPU use (in CPUs) over about the last minute. */
  private ownLoad: number;

  constructor(
    private readonly loadAverage: () => number = () => os.loadavg()[0]!,
    private readonly cpus: number = os.availableParallelism(),
    private readonly clock: ProcessClock = processClock,
  ) {
    // Until measured: the process's average since it started, weighed as the kernel's average
    // would by now (it starts at 0 and takes a minute to build up).
    this.sampledAt = clock.uptimeMs();
    this.cpuAtSample = clock.cpuMs();
    this.ownLoad = decayedLoad(0, this.cpuAtSample / Math.max(1, this.sampledAt), this.sampledAt);
  }

  /** This process's estimated share of the load average, in CPUs. */
  ownShare(): number {
    const now = this.clock.uptimeMs();
    const elapsed = now - this.sampledAt;
    if (elapsed >= 100) {
      const cpu = this.clock.cpuMs();
      this.ownLoad = decayedLoad(this.ownLoad, (cpu - this.cpuAtSample) / elapsed, elapsed);
      this.sampledAt = now;
      this.cpuAtSample = cpu;
    }
    return this.ownLoad;
  }

  /** Whether a worker thread can have at least half a CPU beside the one our calling thread uses. */
  spare(): boolean {
    return spareCpu(this.loadAverage(), this.ownShare(), this.cpus);
  }
}

/**
 * Whether other processes' load (the load average less ours) leaves at least half a CPU free
 * beside the one our calling thread uses: theirs is at most the CPU count less one and a half.
 * A worker thread competing for a busier CPU costs more than it gives (measured: two analysing
 * threads on two shared cores reach 1.4× one thread, and under load less than one).
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
