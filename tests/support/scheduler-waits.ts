import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Timing tests on a shared machine: Linux's scheduler statistics (/proc/<pid>/task/<tid>/schedstat,
 * whose second field is the time a thread spent waiting for a CPU) tell the delays the code
 * caused from those the machine caused, when other processes keep the cores busy. Where /proc is
 * not there, every delay counts as the code's.
 */

const taskDir = `/proc/${process.pid}/task`;

/** Nanoseconds the thread has waited for a CPU so far (null without /proc). */
function queuedNs(tid: number | string): number | null {
  try {
    return Number(fs.readFileSync(`${taskDir}/${tid}/schedstat`, "utf8").split(" ")[1]);
  } catch {
    return null;
  }
}

export interface StallReport {
  /** The longest event-loop delay perf_hooks saw (ms): what a request waiting behind it waited. */
  loopDelayMaxMs: number;
  /** The longest delay this thread caused itself (ms): each delay less the time it waited for a CPU. */
  ownStallMaxMs: number;
  /** The longest the thread waited for a CPU within one 10 ms sample (ms). */
  queuedMaxMs: number;
}

const sampleMs = 10;

/**
 * Watches this thread's event loop with perf_hooks.monitorEventLoopDelay and, beside it, a 10 ms
 * timer that reads the thread's scheduler statistics. Call on the thread that serves requests.
 */
export function watchEventLoopStalls(): { stop(): StallReport } {
  const histogram = monitorEventLoopDelay({ resolution: sampleMs });
  histogram.enable();
  let ownStallMaxMs = 0;
  let queuedMaxMs = 0;
  let last = performance.now();
  let lastQueued = queuedNs(process.pid);
  const timer = setInterval(() => {
    const now = performance.now();
    const queued = queuedNs(process.pid);
    const waitedMs = queued !== null && lastQueued !== null ? (queued - lastQueued) / 1e6 : 0;
    ownStallMaxMs = Math.max(ownStallMaxMs, now - last - sampleMs - waitedMs);
    queuedMaxMs = Math.max(queuedMaxMs, waitedMs);
    last = now;
    lastQueued = queued;
  }, sampleMs);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      return { loopDelayMaxMs: histogram.max / 1e6, ownStallMaxMs, queuedMaxMs };
    },
  };
}

export interface Timed<T> {
  result: T;
  elapsedMs: number;
  /** How long the given threads (those a request passes through) waited for a CPU meanwhile (ms). */
  queuedMs: number;
}

/**
 * Times `run` (a request to the server in this process), and how long the threads it passes
 * through (this one and `threadIds`, e.g. the worker that answers it) waited for a CPU meanwhile.
 */
export async function timed<T>(threadIds: readonly (number | null)[], run: () => Promise<T>): Promise<Timed<T>> {
  const threads = [process.pid, ...threadIds.filter((tid): tid is number => tid !== null)];
  const queued = () => threads.reduce((sum, tid) => sum + (queuedNs(tid) ?? 0), 0);
  const before = queued();
  const started = performance.now();
  const result = await run();
  const elapsedMs = performance.now() - started;
  return { result, elapsedMs, queuedMs: (queued() - before) / 1e6 };
}
