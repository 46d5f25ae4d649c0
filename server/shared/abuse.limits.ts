import type { RateRule } from "./rate-limiter.js";

/**
 * Limits per client address: what one machine may do however many accounts it holds.
 * Generous enough for a venue whose attendees share one address, far below a flood.
 * (ABUSE_LIMITS=off lifts the per-address ones, for load tests from a single machine.)
 */
export const abuseLimits = {
  /** Accounts one address may register: a burst, refilled over an hour. */
  registrations: { burst: 5, perMs: 3600_000 },
  /** Failed sign-ins for one email from one address, within the window. */
  signInFailuresPerEmail: { maxFailures: 10, windowMs: 15 * 60_000 },
  /** Failed sign-ins from one address across every email (password spraying), within the window. */
  signInFailuresPerAddress: { maxFailures: 30, windowMs: 15 * 60_000 },
} as const satisfies {
  registrations: RateRule;
  [limit: string]: unknown;
};
