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

/**
 * Where a slot stands at `now`: not begun ("upcoming": before the day, or in a break, the current
 * slot is the coming one), running, ended (a past slot asked for by number), or "over" when no
 * slot is left.
 */
export function slotPhase(
  slot: { slot: number | null; slotStart: Date | null; slotEnd: Date | null },
  now: Date,
): "upcoming" | "running" | "ended" | "over" {
  if (slot.slot === null || slot.slotStart === null || slot.slotEnd === null) return "over";
  if (now < slot.slotStart) return "upcoming";
  return now < slot.slotEnd ? "running" : "ended";
}
