import { z } from "zod";

/** A pause after slot `afterSlot` (DockingEvent.breaks). */
const breakSchema = z.object({ afterSlot: z.number().int().min(0), minutes: z.number().int().min(0) });

export interface SlotPlan {
  startsAt: Date;
  slotMinutes: number;
  slotCount: number;
  /** The DockingEvent.breaks column (JSON). */
  breaks: string;
}

export interface SlotTime {
  slot: number;
  start: Date;
  end: Date;
}

const minuteMs = 60_000;

/** When each slot starts and ends: slots follow one another from startsAt, with the breaks inserted. */
export function slotTimes(plan: SlotPlan): SlotTime[] {
  const parsed = z.array(breakSchema).safeParse(JSON.parse(plan.breaks || "[]"));
  const pauses = new Map<number, number>();
  for (const pause of parsed.success ? parsed.data : []) {
    pauses.set(pause.afterSlot, (pauses.get(pause.afterSlot) ?? 0) + pause.minutes);
  }
  const times: SlotTime[] = [];
  let at = plan.startsAt.getTime();
  for (let slot = 0; slot < plan.slotCount; slot++) {
    const end = at + plan.slotMinutes * minuteMs;
    times.push({ slot, start: new Date(at), end: new Date(end) });
    at = end + (pauses.get(slot) ?? 0) * minuteMs;
  }
  return times;
}

/**
 * The slot the clock is in, or the next one during a break and before the start (the desk
 * works on what comes next); null once the last slot has ended.
 */
export function currentSlot(plan: SlotPlan, now: Date): number | null {
  const times = slotTimes(plan);
  const ms = now.getTime();
  for (const time of times) if (ms < time.end.getTime()) return time.slot;
  return null;
}
