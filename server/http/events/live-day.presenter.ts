import type { z } from "zod";
import { slotPhase } from "../../events/event-slots.js";
import type { WallPlan } from "../../events/live-day.service.js";
import type { LiveEvent, LiveMeeting, LiveParticipant } from "../../events/live-day.types.js";
import type {
  liveEventResponse,
  liveMeetingResponse,
  liveParticipantResponse,
  wallPlanResponse,
} from "./live-day.schemas.js";

export function presentLiveEvent(event: LiveEvent, currentSlot: number | null): z.infer<typeof liveEventResponse> {
  return {
    id: event.id,
    title: event.title,
    status: event.status,
    startsAt: event.startsAt.toISOString(),
    slotMinutes: event.slotMinutes,
    slotCount: event.slotCount,
    tableCount: event.tableCount,
    currentSlot,
  };
}

export function presentLiveParticipant(p: LiveParticipant): z.infer<typeof liveParticipantResponse> {
  return {
    id: p.id,
    kind: p.kind,
    needId: p.needId,
    expertId: p.expertId,
    name: p.name,
    organization: p.organization,
    checkedInAt: p.checkedInAt?.toISOString() ?? null,
    noShowAt: p.noShowAt?.toISOString() ?? null,
  };
}

export function presentLiveMeeting(m: LiveMeeting): z.infer<typeof liveMeetingResponse> {
  return { ...m };
}

export function presentWallPlan(plan: WallPlan, now: Date): z.infer<typeof wallPlanResponse> {
  return {
    eventId: plan.event.id,
    title: plan.event.title,
    slot: plan.slot,
    slotStart: plan.slotStart?.toISOString() ?? null,
    slotEnd: plan.slotEnd?.toISOString() ?? null,
    phase: slotPhase(plan, now),
    dayStartsAt: plan.event.startsAt.toISOString(),
    tables: plan.tables,
  };
}

/** Where a participant checks in with their token; absolute, for the QR code. */
export function checkInPath(eventId: number, token: string): string {
  return `/events/${eventId}/check-in/${encodeURIComponent(token)}`;
}

export function wallPath(eventId: number, token: string): string {
  return `/events/${eventId}/wall?token=${encodeURIComponent(token)}`;
}
