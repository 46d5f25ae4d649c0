import { z } from "zod";
import {
  eventKinds,
  eventLimits,
  eventObjectives,
  eventStatuses,
  meetingSources,
  preferenceChoices,
  runStatuses,
} from "../../events/events.types.js";
import {
  idParam,
  lineErrorResponse,
  longText,
  patchBody,
  recordId,
  shortText,
  titleText,
} from "../platform/common.schemas.js";

const id = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const within = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);
const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const slot = z
  .number()
  .int()
  .min(0)
  .max(eventLimits.slotCount.max - 1);
const availability = z.array(slot).max(eventLimits.slotCount.max).describe("Slots (from 0) attended; [] = every slot");

export const quotaRuleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("atLeast"),
    attr: z.enum(["region", "organization"]).describe("region: fujian | taiwan | mainland | hongkong-macau | overseas"),
    value: z.string().trim().min(1).max(100),
    count: z.number().int().min(1).max(eventLimits.demandPerNeed.max),
    needs: z.union([z.literal("all"), z.array(z.string().regex(/^\d{1,10}$/)).max(5000)]).default("all"),
  }),
  z.object({
    kind: z.literal("atMostSame"),
    attr: z.enum(["region", "organization"]),
    count: z.number().int().min(1).max(eventLimits.demandPerNeed.max),
  }),
]);

/** The fields without defaults, so that a PATCH leaves out what it does not change. */
const eventFields = {
  title: titleText,
  kind: z.enum(eventKinds),
  trackId: id.nullable(),
  venue: shortText,
  description: longText,
  startsAt: dateTime,
  slotMinutes: within(eventLimits.slotMinutes),
  slotCount: within(eventLimits.slotCount),
  breaks: z
    .array(z.object({ afterSlot: slot, minutes: within(eventLimits.breakMinutes) }))
    .max(eventLimits.breaks)
    .describe("Pauses: after slot afterSlot (from 0), for minutes"),
  tableCount: within(eventLimits.tableCount),
  registrationOpensAt: dateTime.nullable(),
  registrationClosesAt: dateTime.nullable(),
  demandPerNeed: within(eventLimits.demandPerNeed),
  meetingsPerExpert: within(eventLimits.meetingsPerExpert),
  quotaRules: z.array(quotaRuleSchema).max(eventLimits.quotaRules),
  objective: z.enum(eventObjectives),
};

export const createEventBody = z.object({
  ...eventFields,
  kind: eventFields.kind.default("matchmaking"),
  trackId: eventFields.trackId.default(null),
  venue: eventFields.venue.default(""),
  description: eventFields.description.default(""),
  slotMinutes: eventFields.slotMinutes.default(20),
  breaks: eventFields.breaks.default([]),
  registrationOpensAt: eventFields.registrationOpensAt.default(null),
  registrationClosesAt: eventFields.registrationClosesAt.default(null),
  demandPerNeed: eventFields.demandPerNeed.default(3),
  meetingsPerExpert: eventFields.meetingsPerExpert.default(6),
  quotaRules: eventFields.quotaRules.default([]),
  objective: eventFields.objective.default("total"),
});
export const updateEventBody = patchBody(eventFields);

export const transitionBody = z.object({ to: z.enum(eventStatuses) });

export const registerBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("need"),
    needId: id,
    demand: within(eventLimits.demandPerNeed).nullable().default(null),
    availability: availability.default([]),
  }),
  z.object({
    kind: z.literal("expert"),
    expertId: id,
    maxMeetings: within(eventLimits.meetingsPerExpert).nullable().default(null),
    minMeetings: within(eventLimits.meetingsPerExpert).default(0),
    availability: availability.default([]),
  }),
]);

export const changeParticipantBody = patchBody({
  demand: within(eventLimits.demandPerNeed).nullable(),
  maxMeetings: within(eventLimits.meetingsPerExpert).nullable(),
  minMeetings: within(eventLimits.meetingsPerExpert),
  availability,
});

export const participantParams = z.object({ id: idParam.shape.id, participantId: recordId });
export const meetingParams = z.object({ id: idParam.shape.id, meetingId: recordId });
export const runParams = z.object({ id: idParam.shape.id, runId: recordId });

export const rosterUploadBody = z.object({});

export const preferenceBody = z.object({
  needId: id,
  expertId: id,
  choice: z.enum(preferenceChoices).nullable().describe("null clears the preference"),
});

export const startRunBody = z.object({
  mode: z
    .enum(["fresh", "keepLocks"])
    .default("fresh")
    .describe("keepLocks: re-solve keeping locked and hand-made pairs, changing as few others as possible"),
});

export const relaxationBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("setDemand"), participantId: id, value: within(eventLimits.demandPerNeed) }),
  z.object({ action: z.literal("setMaxMeetings"), participantId: id, value: within(eventLimits.meetingsPerExpert) }),
  z.object({ action: z.literal("setMinMeetings"), participantId: id, value: within(eventLimits.meetingsPerExpert) }),
  z.object({
    action: z.literal("removeQuota"),
    rule: z
      .number()
      .int()
      .min(0)
      .max(eventLimits.quotaRules - 1),
  }),
]);

export const lockBody = z.object({ locked: z.boolean() });
export const swapBody = z.object({ first: id, second: id });
export const addPairBody = z.object({
  needId: id,
  expertId: id,
  acceptWarnings: z.boolean().default(false).describe("Add the pair despite conflicts or a 'no thanks'"),
});

export const agendaQuery = z.object({
  format: z.enum(["json", "ics"]).default("json"),
  participantId: recordId.optional().describe("Organizers: whose agenda; others get their own"),
});
export const scheduleQuery = z.object({ format: z.enum(["json", "xlsx"]).default("json") });

// ---- responses
const iso = z.string().describe("ISO 8601 date-time");
const needRef = z.object({
  id: z.number().int(),
  title: z.string(),
  enterprise: z.string().describe("Empty for a confidential need seen by a participant"),
  discipline: z.string(),
  region: z.string(),
  confidential: z.boolean(),
});
const expertRef = z.object({
  id: z.number().int(),
  name: z.string(),
  organization: z.string(),
  title: z.string(),
  region: z.string(),
});

export const eventResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(eventKinds),
  track: z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
  venue: z.string(),
  description: z.string(),
  startsAt: iso,
  slotMinutes: z.number().int(),
  slotCount: z.number().int(),
  breaks: z.array(z.object({ afterSlot: z.number().int(), minutes: z.number().int() })),
  tableCount: z.number().int(),
  registrationOpensAt: iso.nullable(),
  registrationClosesAt: iso.nullable(),
  demandPerNeed: z.number().int(),
  meetingsPerExpert: z.number().int(),
  quotaRules: z.array(z.record(z.string(), z.unknown())),
  objective: z.enum(eventObjectives),
  status: z.enum(eventStatuses),
  publishedAt: iso.nullable(),
  registrationOpen: z.boolean(),
  slots: z.array(z.object({ slot: z.number().int(), startsAt: iso, endsAt: iso })),
});
export const eventListResponse = z.object({ items: z.array(eventResponse) });

export const participantResponse = z.object({
  id: z.number().int(),
  kind: z.enum(["need", "expert"]),
  need: needRef.nullable(),
  expert: expertRef.nullable(),
  demand: z.number().int().nullable(),
  maxMeetings: z.number().int().nullable(),
  minMeetings: z.number().int(),
  availability: z.array(z.number().int()),
  checkedInAt: iso.nullable(),
});
export const participantListResponse = z.object({ items: z.array(participantResponse) });

export const rosterReportResponse = z.object({
  rows: z.number().int(),
  registered: z.number().int(),
  errors: z.array(lineErrorResponse),
});

const explanation = z.record(z.string(), z.unknown()).nullable();
export const suggestionsResponse = z.object({
  items: z.array(
    z.object({
      participantId: z.number().int(),
      side: z.enum(["need", "expert"]),
      suggestions: z.array(
        z.object({
          needId: z.number().int(),
          expertId: z.number().int(),
          name: z.string(),
          detail: z.string(),
          score: z.number(),
          explanation,
          choice: z.enum(preferenceChoices).nullable(),
        }),
      ),
    }),
  ),
});
export const preferenceResponse = z.object({ side: z.enum(["need", "expert"]) });

const reason = z.object({
  kind: z.string(),
  message: z.string(),
  relaxation: z.string(),
  shortfall: z.number().int(),
  needIds: z.array(z.number().int()),
  expertIds: z.array(z.number().int()),
  rule: z.number().int().nullable(),
});
export const runResponse = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  status: z.enum(runStatuses),
  phase: z.string(),
  progress: z.number().describe("0–1"),
  etaSeconds: z.number().nullable(),
  objective: z.number().nullable(),
  upperBound: z.number().nullable(),
  minNeedScore: z.number().nullable(),
  diagnosis: z.object({ summary: z.string(), reasons: z.array(reason) }).nullable(),
  failure: z.string().nullable(),
  changedPairs: z.number().int().nullable(),
  startedAt: iso,
  finishedAt: iso.nullable(),
});
export const latestRunResponse = z.object({ run: runResponse.nullable() });

export const meetingResponse = z.object({
  id: z.number().int(),
  need: needRef,
  expert: expertRef,
  score: z.number(),
  locked: z.boolean(),
  source: z.enum(meetingSources),
  slot: z.number().int().nullable(),
  tableNo: z.number().int().nullable(),
  status: z.string(),
});
export const meetingListResponse = z.object({ items: z.array(meetingResponse) });
const warning = z.object({ code: z.string(), message: z.string() });
export const addPairResponse = z.object({ meeting: meetingResponse, warnings: z.array(warning) });

export const scheduleSummaryResponse = z.object({
  scheduled: z.number().int(),
  unscheduled: z.number().int(),
  slotsUsed: z.number().int(),
  lowerBound: z.number().int(),
  idleGaps: z.number().int(),
  unplaced: z.array(z.object({ meetingId: z.number().int(), reason: z.string() })),
});
export const scheduleResponse = z.object({
  event: eventResponse,
  meetings: z.array(meetingResponse),
});

export const agendaResponse = z.object({
  items: z.array(
    z.object({
      participantId: z.number().int(),
      kind: z.enum(["need", "expert"]),
      name: z.string(),
      meetings: z.array(
        z.object({
          meetingId: z.number().int(),
          slot: z.number().int(),
          startsAt: iso,
          endsAt: iso,
          tableNo: z.number().int(),
          counterpart: z.object({
            kind: z.enum(["need", "expert"]),
            name: z.string(),
            detail: z.string(),
            discipline: z.string(),
            region: z.string(),
            confidential: z.boolean(),
          }),
        }),
      ),
    }),
  ),
});
