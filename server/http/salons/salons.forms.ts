import { text } from "../../shared/text.schemas.js";
import { z } from "zod";
import { salonVisibilities } from "../../salons/salon.types.js";
import { asList, blankToUndefined, checkbox, numberText, splitEmails, termsText } from "../platform/forms.js";
import { createSalonBody } from "./salons.schemas.js";

/** A `datetime-local` field, read as Beijing time (how the pages show times). */
const beijingDateTime = z.preprocess(
  (value) => blankToUndefined(value) ?? null,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .transform((value) => new Date(`${value}:00+08:00`))
    .nullable(),
);

/** Emails typed into a text area, separated by commas, semicolons, spaces or new lines. */
const emailList = z.preprocess(
  (value) => (typeof value === "string" ? splitEmails(value).map((email) => email.toLowerCase()) : []),
  z.array(z.email()).max(500),
);

export const salonForm = z.object({
  title: createSalonBody.shape.title,
  topic: createSalonBody.shape.topic,
  description: createSalonBody.shape.description,
  disciplines: termsText(createSalonBody.shape.disciplines),
  startsAt: beijingDateTime,
  endsAt: beijingDateTime,
  visibility: z.enum(salonVisibilities),
  premoderation: checkbox,
  slowModeSeconds: numberText(z.number().int().min(0).max(600).default(0)),
  handBudgetSeconds: numberText(z.number().int().min(10).max(7200).default(120)),
  moderatorEmails: emailList,
  inviteeEmails: emailList,
});
export type SalonForm = z.infer<typeof salonForm>;

/** One agenda row as typed: the expert box (a chosen expert's number, or typed text), the talk, the minutes. */
export interface SpeakerRowText {
  expertId: string;
  talkTitle: string;
  minutes: string;
}

/**
 * The agenda rows as typed. Each input is repeated once per row; a row with nothing typed in is
 * no speaker (the form always offers blank rows), but one with a talk or minutes and no expert
 * is, and is refused for the missing expert rather than dropped with what was typed.
 */
export function speakerRowsOf(body: unknown): SpeakerRowText[] {
  const list = (field: string) =>
    asList((body as Record<string, unknown> | undefined)?.[field]).map((v) => (typeof v === "string" ? v : ""));
  const talks = list("speakerTalk");
  const minutes = list("speakerMinutes");
  return list("speakerExpertId")
    .map((expertId, i) => ({ expertId, talkTitle: talks[i] ?? "", minutes: minutes[i] ?? "" }))
    .filter((row) => row.expertId.trim() !== "" || row.talkTitle.trim() !== "" || row.minutes.trim() !== "");
}

/**
 * A talk's time as the agenda form shows it, in whole minutes (at least one, as the form
 * requires). A time set in seconds through the API (905 s) shows rounded (15); the form keeps
 * the stored seconds while the row still shows that figure (keptBudgetSeconds).
 */
export function agendaMinutes(budgetSeconds: number): number {
  return Math.max(1, Math.round(budgetSeconds / 60));
}

/**
 * The seconds a submitted agenda row stands for: the stored talk's own when the row names the
 * same expert and its minutes are still what the form showed for it, so saving a form never
 * rounds a time nobody touched.
 */
export function keptBudgetSeconds(
  expertId: number,
  minutes: number,
  stored: readonly { expertId: number; budgetSeconds: number }[],
): number {
  const before = stored.find((speaker) => speaker.expertId === expertId);
  return before && agendaMinutes(before.budgetSeconds) === minutes ? before.budgetSeconds : minutes * 60;
}

/** A row's talk and minutes (its expert is read as a person picker's choice). */
export const speakerRowForm = z.object({
  talkTitle: text(200),
  minutes: numberText(z.number().int().min(1).max(120).default(10)),
});
