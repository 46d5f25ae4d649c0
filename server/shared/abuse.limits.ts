import type { RateRule } from "./rate-limiter.js";

/**
 * Limits per client address: what one machine may do however many accounts it holds.
 * Generous enough for a venue whose attendees share one address, far below a flood.
 * (ABUSE_LIMITS=off lifts the per-address ones, for load tests from a single machine.)
 */
export const abuseLimits = {
  /** Accounts one address may register: a burst, refilled over an hour. */
  registrations: { burst: 5, perMs: 3600_000 },
  /**
   * Salon guests one address may create (display names without an account). A venue's
   * attendees share one address, so it is generous; it still bounds a banned guest's retries.
   */
  salonGuests: { burst: 120, perMs: 3600_000 },
  /** Failed sign-ins for one email from one address, within the window. */
  signInFailuresPerEmail: { maxFailures: 10, windowMs: 15 * 60_000 },
  /** Failed sign-ins from one address across every email (password spraying), within the window. */
  signInFailuresPerAddress: { maxFailures: 30, windowMs: 15 * 60_000 },
  socket: {
    /** Any event on one connection (always on: one connection is one client). */
    perConnection: { burst: 40, perMs: 10_000 },
    /** Refusals a connection may collect before it is disconnected: it is not listening. */
    refusalsPerConnection: { burst: 50, perMs: 10_000 },
    /** Joins on one connection: each may replay up to a thousand events. */
    joinsPerConnection: { burst: 5, perMs: 10_000 },
    /** Any event from one address, across its connections. */
    perAddress: { burst: 300, perMs: 10_000 },
    /** Joins from one address, across its connections. */
    joinsPerAddress: { burst: 60, perMs: 10_000 },
    /** Anything anonymous connections from one address do. */
    anonymousPerAddress: { burst: 30, perMs: 10_000 },
    /** Chat and questions from one address, whichever accounts send them. */
    textPerAddress: { burst: 20, perMs: 10_000 },
  },
} as const satisfies {
  registrations: RateRule;
  salonGuests: RateRule;
  socket: Record<string, RateRule>;
  [limit: string]: unknown;
};
