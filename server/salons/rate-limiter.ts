import { RateLimitedError } from "./salon.js";

export interface RateRule {
  /** How many actions fit in a burst. */
  burst: number;
  /** How long the bucket takes to refill completely. */
  perMs: number;
}

/** Per-user limits on each kind of room action (slow mode, a room rule, is separate and on top). */
export const defaultSalonRateRules = {
  chat: { burst: 5, perMs: 10_000 },
  ask: { burst: 3, perMs: 30_000 },
  vote: { burst: 20, perMs: 10_000 },
  hand: { burst: 4, perMs: 60_000 },
  reaction: { burst: 10, perMs: 5_000 },
  moderate: { burst: 60, perMs: 10_000 },
} satisfies Record<string, RateRule>;

export type SalonRateRules = Record<keyof typeof defaultSalonRateRules, RateRule>;

/**
 * Token buckets by key. In memory on purpose: they shield one process from floods, and
 * losing them on restart is harmless. Idle buckets are dropped once they have refilled.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  consume(key: string, rule: RateRule): void {
    const now = this.now();
    const refillPerMs = rule.burst / rule.perMs;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(rule.burst, bucket.tokens + (now - bucket.at) * refillPerMs) : rule.burst;
    if (tokens < 1) {
      const retryAfterSeconds = Math.ceil((1 - tokens) / refillPerMs / 1000);
      throw new RateLimitedError("Too many actions; slow down", retryAfterSeconds);
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > 50_000) this.evictFull(now, rule);
  }

  private evictFull(now: number, rule: RateRule): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at >= rule.perMs) this.buckets.delete(key);
    }
  }
}
