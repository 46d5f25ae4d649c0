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

/** The agenda rows (expert id, talk title, minutes), one per speaker; blank rows are skipped. */
export const speakerRowsForm = z
  .object({
    speakerExpertId: z.preprocess(asList, z.array(z.string().trim())),
    speakerTalk: z.preprocess(asList, z.array(text(200))),
    speakerMinutes: z.preprocess(asList, z.array(z.string().trim())),
  })
  .transform((rows) =>
    rows.speakerExpertId.flatMap((expertId, index) =>
      expertId === ""
        ? []
        : [
            {
              expertId: Number(expertId),
              talkTitle: rows.speakerTalk[index] ?? "",
              minutes: Number(rows.speakerMinutes[index] || "10"),
            },
          ],
    ),
  )
  .pipe(
    z
      .array(
        z.object({
          expertId: z
            .number()
            .int()
            .positive()
            .max(2 ** 31 - 1),
          talkTitle: z.string(),
          minutes: z.number().int().min(1).max(120),
        }),
      )
      .max(30),
  );
