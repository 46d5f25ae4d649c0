import { AppError } from "../errors.js";

/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one client and email
 * within `windowMs`, further attempts are refused until the window passes.
 * In memory on purpose: it protects one process, and losing it on restart is harmless.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly options: { maxFailures: number; windowMs: number; now: () => number }) {}

  assertAllowed(key: string): void {
    const entry = this.failures.get(key);
    if (!entry) return;
    if (this.options.now() - entry.since > this.options.windowMs) {
      this.failures.delete(key);
      return;
    }
    if (entry.count >= this.options.maxFailures) {
      const retryAfterSeconds = Math.ceil((entry.since + this.options.windowMs - this.options.now()) / 1000);
      throw new AppError("rate_limited", "Too many failed sign-in attempts; try again later", { retryAfterSeconds });
    }
  }

  failed(key: string): void {
    const entry = this.failures.get(key);
    if (entry) entry.count += 1;
    else this.failures.set(key, { count: 1, since: this.options.now() });
    if (this.failures.size > 10_000) this.evictExpired();
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private evictExpired(): void {
    const now = this.options.now();
    for (const [key, entry] of this.failures) {
      if (now - entry.since > this.options.windowMs) this.failures.delete(key);
    }
  }
}
