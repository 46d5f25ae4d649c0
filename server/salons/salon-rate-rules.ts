import type { RateRule } from "../shared/rate-limiter.js";

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
