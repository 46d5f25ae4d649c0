import type { z } from "zod";
import type { Outcome, OutcomeMeeting } from "../../events/outcomes.types.js";
import type { meetingOutcomesResponse, outcomeResponse } from "./outcomes.schemas.js";

export function presentOutcome(o: Outcome): z.infer<typeof outcomeResponse> {
  return {
    id: o.id,
    meetingId: o.meetingId,
    side: o.side,
    result: o.result,
    contractValueYuan: o.contractValueYuan,
    note: o.note,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function presentMeetingOutcomes(
  m: OutcomeMeeting,
  outcomes: Outcome[],
): z.infer<typeof meetingOutcomesResponse> {
  return {
    meetingId: m.id,
    eventId: m.eventId,
    needId: m.needId,
    needTitle: m.needTitle,
    expertId: m.expertId,
    expertName: m.expertName,
    slot: m.slot,
    tableNo: m.tableNo,
    status: m.status,
    outcomes: outcomes.map(presentOutcome),
  };
}
