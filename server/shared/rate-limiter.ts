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
    refuseWhenWaiting(this.take(key, rule));
  }

  /** Throws as consume would when the key's bucket is empty, but takes nothing. */
  refuseWhenSpent(key: string, rule: RateRule): void {
    refuseWhenWaiting(this.secondsUntilAvailable(key, rule));
  }

  /** Null while the key's bucket holds a token, else the seconds until it will; takes nothing. */
  secondsUntilAvailable(key: string, rule: RateRule): number | null {
    return secondsToWait(this.tokens(key, rule, this.now()), rule);
  }

  /** Takes one token if there is one: null then, else the seconds until there is. */
  take(key: string, rule: RateRule): number | null {
    const now = this.now();
    const tokens = this.tokens(key, rule, now);
    const wait = secondsToWait(tokens, rule);
    if (wait !== null) return wait;
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > 50_000) this.evictFull(now, rule);
    return null;
  }

  /** The tokens in the key's bucket at `now`: what it held, refilled since (a new key's is full). */
  private tokens(key: string, rule: RateRule, now: number): number {
    const bucket = this.buckets.get(key);
    return bucket ? Math.min(rule.burst, bucket.tokens + (now - bucket.at) * (rule.burst / rule.perMs)) : rule.burst;
  }

  private evictFull(now: number, rule: RateRule): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at >= rule.perMs) this.buckets.delete(key);
    }
  }
}

/** Null with a token to take, else the seconds until the bucket refills to one. */
function secondsToWait(tokens: number, rule: RateRule): number | null {
  return tokens < 1 ? Math.ceil((1 - tokens) / (rule.burst / rule.perMs) / 1000) : null;
}

function refuseWhenWaiting(retryAfterSeconds: number | null): void {
  if (retryAfterSeconds !== null) throw new RateLimitedError("Too many actions; slow down", retryAfterSeconds);
}
