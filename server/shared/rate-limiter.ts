import { RateLimitedError } from "../errors.js";

export interface RateRule {
  /** How many actions fit in a burst. */
  burst: number;
  /** How long the bucket takes to refill completely. */
  perMs: number;
}

/**
 * Token buckets by key. In memory on purpose: they shield one process from floods, and
 * losing them on restart is harmless. Idle buckets are dropped once they have refilled.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  /** Takes one token from the key's bucket, or throws RateLimitedError with when to retry. */
  consume(key: string, rule: RateRule): void {
    const retryAfterSeconds = this.take(key, rule);
    if (retryAfterSeconds !== null) throw new RateLimitedError("Too many actions; slow down", retryAfterSeconds);
  }

  /** Null while the key's bucket holds a token, else the seconds until it will; takes nothing. */
  secondsUntilAvailable(key: string, rule: RateRule): number | null {
    const bucket = this.buckets.get(key);
    if (!bucket) return null;
    const refillPerMs = rule.burst / rule.perMs;
    const tokens = Math.min(rule.burst, bucket.tokens + (this.now() - bucket.at) * refillPerMs);
    return tokens < 1 ? Math.ceil((1 - tokens) / refillPerMs / 1000) : null;
  }

  /** Takes one token if there is one: null then, else the seconds until there is. */
  take(key: string, rule: RateRule): number | null {
    const now = this.now();
    const refillPerMs = rule.burst / rule.perMs;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(rule.burst, bucket.tokens + (now - bucket.at) * refillPerMs) : rule.burst;
    if (tokens < 1) return Math.ceil((1 - tokens) / refillPerMs / 1000);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > 50_000) this.evictFull(now, rule);
    return null;
  }

  private evictFull(now: number, rule: RateRule): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at >= rule.perMs) this.buckets.delete(key);
    }
  }
}
