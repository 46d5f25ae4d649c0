import { z } from "zod";
import { slotTimes, type EventBreak, type EventFields } from "./events.types.js";

/** A pause after slot `afterSlot` (DockingEvent.breaks). */
const breaksSchema = z.array(z.object({ afterSlot: z.number().int().min(0), minutes: z.number().int().min(0) }));

/** The DockingEvent.breaks column (JSON) as the event's breaks; a malformed column reads as none. */
export function parseBreaks(column: string): EventBreak[] {
  try {
    const parsed = breaksSchema.safeParse(JSON.parse(column || "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/**
 * The slot the clock is in, or the next one during a break and before the start (the desk
 * works on what comes next); null once the last slot has ended.
 */
export function currentSlot(
  event: Pick<EventFields, "startsAt" | "slotMinutes" | "slotCount" | "breaks">,
  now: Date,
): number | null {
  const ms = now.getTime();
  for (const time of slotTimes(event)) if (ms < time.endsAt.getTime()) return time.slot;
  return null;
}
