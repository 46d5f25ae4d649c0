import type { z } from "zod";
import { counterpartOf, participantName } from "../../events/event-counterpart.js";
import type { Agenda } from "../../events/event-schedule.service.js";
import {
  slotTimes,
  type AssignmentRun,
  type DockingEvent,
  type EventMeeting,
  type EventNeedRef,
  type EventExpertRef,
  type EventParticipant,
} from "../../events/events.types.js";
import type {
  agendaResponse,
  eventResponse,
  meetingResponse,
  participantResponse,
  runResponse,
} from "./events.schemas.js";

const isoOrNull = (date: Date | null) => date?.toISOString() ?? null;

export function presentEvent(event: DockingEvent, registrationOpen: boolean): z.infer<typeof eventResponse> {
  return {
    id: event.id,
    title: event.title,
    kind: event.kind,
    track: event.track,
    venue: event.venue,
    description: event.description,
    startsAt: event.startsAt.toISOString(),
    slotMinutes: event.slotMinutes,
    slotCount: event.slotCount,
    breaks: event.breaks,
    tableCount: event.tableCount,
    registrationOpensAt: isoOrNull(event.registrationOpensAt),
    registrationClosesAt: isoOrNull(event.registrationClosesAt),
    demandPerNeed: event.demandPerNeed,
    meetingsPerExpert: event.meetingsPerExpert,
    quotaRules: event.quotaRules as unknown as Record<string, unknown>[],
    objective: event.objective,
    status: event.status,
    publishedAt: isoOrNull(event.publishedAt),
    registrationOpen,
    slots: slotTimes(event).map((s) => ({
      slot: s.slot,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    })),
  };
}

const presentNeed = (n: EventNeedRef) => ({
  id: n.id,
  title: n.title,
  enterprise: n.enterprise,
  discipline: n.discipline,
  region: n.region,
  confidential: n.confidential,
});
const presentExpert = (e: EventExpertRef) => ({
  id: e.id,
  name: e.name,
  organization: e.organization,
  title: e.title,
  region: e.region,
});

export function presentParticipant(p: EventParticipant): z.infer<typeof participantResponse> {
  return {
    id: p.id,
    kind: p.kind,
    need: p.kind === "need" ? presentNeed(p.need) : null,
    expert: p.kind === "expert" ? presentExpert(p.expert) : null,
    demand: p.kind === "need" ? p.demand : null,
    maxMeetings: p.kind === "expert" ? p.maxMeetings : null,
    minMeetings: p.kind === "expert" ? p.minMeetings : 0,
    availability: p.availability,
    checkedInAt: isoOrNull(p.checkedInAt),
  };
}

export function presentRun(run: AssignmentRun): z.infer<typeof runResponse> {
  return {
    id: run.id,
    eventId: run.eventId,
    status: run.status,
    phase: run.phase,
    progress: run.progress,
    etaSeconds: run.etaSeconds,
    objective: run.objective,
    upperBound: run.upperBound,
    minNeedScore: run.minNeedScore,
    diagnosis: run.diagnosis,
    failure: run.failure,
    changedPairs: run.changedPairs,
    startedAt: run.startedAt.toISOString(),
    finishedAt: isoOrNull(run.finishedAt),
  };
}

export function presentMeeting(m: EventMeeting): z.infer<typeof meetingResponse> {
  return {
    id: m.id,
    need: presentNeed(m.need),
    expert: presentExpert(m.expert),
    score: m.score,
    locked: m.locked,
    source: m.source,
    slot: m.slot,
    tableNo: m.tableNo,
    status: m.status,
  };
}

export function presentAgendas(agendas: readonly Agenda[]): z.infer<typeof agendaResponse> {
  return {
    items: agendas.map((agenda) => ({
      participantId: agenda.participant.id,
      kind: agenda.participant.kind,
      name: participantName(agenda.participant),
      meetings: agenda.meetings.flatMap((m) => {
        const slot = agenda.slots[m.slot!];
        if (!slot) return [];
        return [
          {
            meetingId: m.id,
            slot: slot.slot,
            startsAt: slot.startsAt.toISOString(),
            endsAt: slot.endsAt.toISOString(),
            tableNo: m.tableNo ?? 0,
            counterpart: counterpartOf(m, agenda.participant),
          },
        ];
      }),
    })),
  };
}
