/**
 * Wall-clock time of a task's consecutive phases (reading, scoring, solving, writing…), for the
 * log line a long task writes when it ends: operators and bench:event read where the time went.
 */
export class PhaseTimer {
  private readonly spent = new Map<string, number>();
  private mark = performance.now();

  /** Ends the phase running since the last call (or since the timer began) under this name; repeated names add up. */
  lap(name: string): void {
    const now = performance.now();
    this.spent.set(name, (this.spent.get(name) ?? 0) + (now - this.mark));
    this.mark = now;
  }

  /** Each phase's milliseconds, keyed `<name>Ms`, in the order the phases first ended. */
  millis(): Record<string, number> {
    return Object.fromEntries([...this.spent].map(([name, ms]) => [`${name}Ms`, Math.round(ms)]));
  }
}
