import type { Clock } from "../../server/shared/clock.js";

/**
 * A server clock that runs with real time and can be moved (to the morning of an event, then past
 * its last slot), so one test walks through days without waiting. Only the server reads it;
 * sessions last two weeks, so moving a day or two keeps everyone signed in.
 */
export interface AdjustableClock extends Clock {
  setTo(at: Date): void;
}

export function adjustableClock(): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    setTo(at) {
      offsetMs = at.getTime() - Date.now();
    },
  };
}
