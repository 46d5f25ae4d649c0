import { wellFormedString } from "../../shared/text.schemas.js";
import { z } from "zod";
import { eventStatuses, meetingStatuses } from "../../events/live-day.types.js";
import { integerText, queryText, recordId } from "../platform/common.schemas.js";

const slotNumber = z.number().int().min(0).max(1000);
/** A table as the schedule stores it: from 0 (pages show it from 1). */
const tableNumber = z.number().int().min(0).max(100_000);

export const eventParticipantParams = z.object({ id: recordId, participantId: recordId });
export const participantSearchQuery = z.strictObject({ search: queryText.optional() });
export const noShowBody = z.strictObject({
  /** The first slot they miss; the current slot when absent. */
  fromSlot: slotNumber.optional(),
});
export const refillBody = z.strictObject({
  slot: slotNumber,
  needId: recordId,
  expertId: recordId,
  tableNo: tableNumber,
});
export const selfCheckInBody = z.strictObject({ token: wellFormedString().min(16).max(64) });
export const wallQuery = z.strictObject({
  slot: integerText(slotNumber.optional()),
  token: wellFormedString().min(1).max(64).optional(),
});

export const liveEventResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.enum(eventStatuses),
  startsAt: z.string(),
  slotMinutes: z.number().int(),
  slotCount: z.number().int(),
  tableCount: z.number().int(),
  currentSlot: z.number().int().nullable(),
});

export const liveParticipantResponse = z.object({
  id: z.number().int(),
  kind: z.enum(["need", "expert"]),
  needId: z.number().int().nullable(),
  expertId: z.number().int().nullable(),
  name: z.string(),
  organization: z.string(),
  checkedInAt: z.string().nullable(),
  noShowAt: z.string().nullable(),
});

export const liveMeetingResponse = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  needId: z.number().int(),
  expertId: z.number().int(),
  score: z.number(),
  source: z.string(),
  slot: z.number().int().nullable(),
  tableNo: z.number().int().nullable(),
  status: z.enum(meetingStatuses),
});

const refillSide = z.object({ id: z.number().int(), name: z.string(), organization: z.string() });
export const refillProposalResponse = z.object({
  slot: z.number().int(),
  tableNo: z.number().int(),
  score: z.number(),
  cancelledMeetingId: z.number().int(),
  need: refillSide,
  expert: refillSide,
});

export const noShowResponse = z.object({
  cancelled: z.array(liveMeetingResponse),
  proposals: z.array(refillProposalResponse),
});

export const checkInLinkResponse = z.object({
  url: z.string(),
  /** The same link as a QR code (PNG data URL), to print or show on a phone. */
  qrCode: z.string(),
});

const wallSide = z.object({ name: z.string(), organization: z.string() });
export const wallPlanResponse = z.object({
  eventId: z.number().int(),
  title: z.string(),
  slot: z.number().int().nullable(),
  slotStart: z.string().nullable(),
  slotEnd: z.string().nullable(),
  phase: z
    .enum(["upcoming", "running", "ended", "over"])
    .describe(
      "upcoming: the slot has not begun (before the day, or in a break); ended: a past slot asked for by number; over: no slot is left",
    ),
  dayStartsAt: z.string().describe("When the day's first slot begins"),
  tables: z.array(
    z.object({
      tableNo: z.number().int(),
      meeting: z.object({ id: z.number().int(), need: wallSide, expert: wallSide, source: z.string() }).nullable(),
    }),
  ),
});

export const wallLinkResponse = z.object({ url: z.string() });
