import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../../server/shared/rate-limiter.js";

describe("RateLimiter", () => {
  it("allows a burst, refuses the next action with a retry time, and refills over time", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const rule = { burst: 3, perMs: 3_000 };
    for (let i = 0; i < 3; i++) limiter.consume("u1", rule);
    expect(() => limiter.consume("u1", rule)).toThrow(
      expect.objectContaining({ code: "rate_limited", details: { retryAfterSeconds: 1 } }),
    );
    // Another key has its own bucket.
    expect(() => limiter.consume("u2", rule)).not.toThrow();
    now = 1_000;
    expect(() => limiter.consume("u1", rule)).not.toThrow();
    expect(() => limiter.consume("u1", rule)).toThrow(/slow down/);
  });

  it("tells how long until a key has a token again, without taking one", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const rule = { burst: 2, perMs: 10_000 };
    expect(limiter.secondsUntilAvailable("u1", rule)).toBeNull();
    limiter.consume("u1", rule);
    limiter.consume("u1", rule);
    expect(limiter.secondsUntilAvailable("u1", rule)).toBe(5);
    expect(limiter.secondsUntilAvailable("u1", rule)).toBe(5); // asking takes nothing
    now = 5_000;
    expect(limiter.secondsUntilAvailable("u1", rule)).toBeNull();
    expect(() => limiter.consume("u1", rule)).not.toThrow();
  });
});
