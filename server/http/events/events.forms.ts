import { z } from "zod";
import {
  eventKinds,
  eventLimits,
  eventObjectives,
  preferenceChoices,
  type EventQuotaRule,
} from "../../events/events.types.js";
import { blankToUndefined, numberText } from "../platform/forms.js";
import { createEventBody, quotaRuleSchema } from "./events.schemas.js";

/** A `datetime-local` field, read as Beijing time (how the pages show times). */
const beijingDateTime = z.preprocess(
  (value) => blankToUndefined(value) ?? null,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .transform((value) => new Date(`${value}:00+08:00`))
    .nullable(),
);
const count = (limits: { min: number; max: number }) => numberText(z.number().int().min(limits.min).max(limits.max));
const optionalCount = numberText(z.number().int().min(1).max(eventLimits.demandPerNeed.max).optional());

/** "3:15, 6:30" → a 15-minute pause after slot 3 and a 30-minute one after slot 6 (slots from 1). */
const breaksText = z.preprocess(
  (value) => (typeof value === "string" ? value : ""),
  z
    .string()
    .regex(/^\s*(\d+\s*[:：]\s*\d+\s*([,，、;；\s]+\d+\s*[:：]\s*\d+\s*)*)?$/, {
      error: "write breaks as slot:minutes, e.g. 3:15",
    })
    .transform((text) =>
      [...text.matchAll(/(\d+)\s*[:：]\s*(\d+)/g)].map((m) => ({ afterSlot: Number(m[1]) - 1, minutes: Number(m[2]) })),
    )
    .pipe(createEventBody.shape.breaks.unwrap()),
);

/** The event form: the API's fields as typed text; quota rules as the two common ones. */
export const eventForm = z.object({
  title: createEventBody.shape.title,
  kind: z.enum(eventKinds),
  trackId: z.preprocess(
    (v) => (blankToUndefined(v) === undefined ? null : Number(v)),
    z.number().int().positive().nullable(),
  ),
  venue: createEventBody.shape.venue,
  description: createEventBody.shape.description,
  startsAt: beijingDateTime.pipe(z.date({ error: "required" })),
  slotMinutes: count(eventLimits.slotMinutes),
  slotCount: count(eventLimits.slotCount),
  breaks: breaksText,
  tableCount: count(eventLimits.tableCount),
  registrationOpensAt: beijingDateTime,
  registrationClosesAt: beijingDateTime,
  demandPerNeed: count(eventLimits.demandPerNeed),
  meetingsPerExpert: count(eventLimits.meetingsPerExpert),
  quotaRegion: z.preprocess(
    blankToUndefined,
    z.enum(["taiwan", "overseas", "hongkong-macau", "fujian", "mainland"]).optional(),
  ),
  quotaRegionCount: optionalCount,
  sameOrganizationMax: optionalCount,
  objective: z.enum(eventObjectives),
});
export type EventForm = z.infer<typeof eventForm>;

/** The rules the form shows; other rules (e.g. for listed needs only, set through the API) are kept as they are. */
export function quotaRulesOf(form: EventForm, existing: readonly EventQuotaRule[] = []): EventQuotaRule[] {
  const rules: EventQuotaRule[] = existing.filter((r) => !formManaged(r));
  if (form.quotaRegion && form.quotaRegionCount) {
    rules.push(
      quotaRuleSchema.parse({ kind: "atLeast", attr: "region", value: form.quotaRegion, count: form.quotaRegionCount }),
    );
  }
  if (form.sameOrganizationMax) {
    rules.push({ kind: "atMostSame", attr: "organization", count: form.sameOrganizationMax });
  }
  return rules;
}

export function formManaged(rule: EventQuotaRule): boolean {
  return rule.kind === "atMostSame" ? rule.attr === "organization" : rule.attr === "region" && rule.needs === "all";
}

/** The participant's own registration form (the join page). */
export const joinForm = z.object({
  needId: numberText(z.number().int().positive().optional()),
  demand: numberText(z.number().int().min(0).max(eventLimits.demandPerNeed.max).optional()),
  maxMeetings: numberText(z.number().int().min(0).max(eventLimits.meetingsPerExpert.max).optional()),
  slots: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(
      z.coerce
        .number()
        .int()
        .min(0)
        .max(eventLimits.slotCount.max - 1),
    ),
  ),
});

export const preferenceForm = z.object({
  needId: numberText(z.number().int().positive()),
  expertId: numberText(z.number().int().positive()),
  choice: z.preprocess(blankToUndefined, z.enum(preferenceChoices).optional()),
});
