import { z } from "zod";
import { salonLimits } from "../../salons/salon.js";
import { salonStatuses, salonVisibilities } from "../../salons/salon.types.js";
import { idParam, longText, patchBody, recordId, shortText, tagList, titleText } from "../platform/common.schemas.js";

const id = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const dateTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .nullable();
const seconds = z.number().int().min(salonLimits.budgetSeconds.min).max(salonLimits.budgetSeconds.max);

/** The fields without defaults, so that a PATCH leaves out what it does not change. */
const salonFields = {
  title: titleText,
  topic: shortText,
  description: longText,
  disciplines: tagList,
  startsAt: dateTime,
  endsAt: dateTime,
  visibility: z.enum(salonVisibilities),
  premoderation: z.boolean(),
  slowModeSeconds: z.number().int().min(0).max(salonLimits.slowModeSeconds),
  handBudgetSeconds: seconds,
  speakers: z
    .array(z.object({ expertId: id, talkTitle: shortText.default(""), budgetSeconds: seconds.default(600) }))
    .max(30),
  moderatorIds: z.array(id).max(50),
  inviteeIds: z.array(id).max(2000),
};

export const createSalonBody = z.object({
  ...salonFields,
  topic: salonFields.topic.default(""),
  description: salonFields.description.default(""),
  disciplines: salonFields.disciplines.default([]),
  startsAt: salonFields.startsAt.default(null),
  endsAt: salonFields.endsAt.default(null),
  visibility: salonFields.visibility.default("public"),
  premoderation: salonFields.premoderation.default(false),
  slowModeSeconds: salonFields.slowModeSeconds.default(0),
  handBudgetSeconds: salonFields.handBudgetSeconds.default(120),
  speakers: salonFields.speakers.default([]),
  moderatorIds: salonFields.moderatorIds.default([]),
  inviteeIds: salonFields.inviteeIds.default([]),
});

export const updateSalonBody = patchBody(salonFields);

export const minutesQuery = z.object({ format: z.enum(["md", "html", "json"]).default("md") });

export const questionParams = z.object({
  id: idParam.shape.id,
  questionId: idParam.shape.id,
});

export const forwardQuestionBody = z.object({ expertId: recordId });

export const needFromQuestionResponse = z.object({
  needId: z.number().int(),
  editHref: z.string().describe("Where the organizer completes the draft"),
});

export const salonListQuery = z.object({ status: z.enum(salonStatuses).optional() });

const userRef = z.object({ userId: z.number().int(), name: z.string() });

const salonSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  topic: z.string(),
  description: z.string(),
  disciplines: z.array(z.string()),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  visibility: z.enum(salonVisibilities),
  status: z.enum(salonStatuses),
  organizer: userRef.nullable(),
  speakers: z.array(
    z.object({ expertId: z.number().int(), name: z.string(), talkTitle: z.string(), budgetSeconds: z.number().int() }),
  ),
  moderators: z.array(userRef),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  lastSeq: z.number().int().describe("The last event's seq: join with it to receive only later events"),
});

const minutesQuestion = z.object({
  id: z.number().int(),
  text: z.string(),
  author: z.string().nullable().describe("Null when asked anonymously"),
  votes: z.number().int(),
  answered: z.boolean(),
  answeredAt: z.string().nullable(),
  merged: z.number().int(),
  needId: z.number().int().nullable(),
});

/** The minutes as JSON (`format=json`); markdown and HTML word the same record. */
export const minutesResponse = z.object({
  salon: salonSummary,
  generatedAt: z.string(),
  forModerator: z.boolean(),
  agenda: z.array(
    z.object({
      name: z.string(),
      talkTitle: z.string(),
      budgetSeconds: z.number().int(),
      spokeSeconds: z.number().int().nullable(),
    }),
  ),
  counts: z.record(z.string(), z.number().int()),
  questions: z.array(minutesQuestion),
  unanswered: z.array(
    minutesQuestion.extend({
      suggestions: z.array(
        z.object({
          expertId: z.number().int(),
          name: z.string(),
          organization: z.string(),
          title: z.string(),
          score: z.number().nullable(),
        }),
      ),
    }),
  ),
  polls: z.array(
    z.object({
      id: z.number().int(),
      question: z.string(),
      multiple: z.boolean(),
      closed: z.boolean(),
      options: z.array(z.string()),
      results: z.object({ counts: z.array(z.number().int()), voters: z.number().int() }),
    }),
  ),
  timeline: z.array(z.looseObject({ at: z.string(), kind: z.string() })),
});

export const salonDetailResponse = z.object({
  salon: salonSummary,
  canManage: z.boolean(),
  isModerator: z.boolean(),
  settings: z.object({
    premoderation: z.boolean(),
    slowModeSeconds: z.number().int(),
    handBudgetSeconds: z.number().int(),
  }),
  inviteeIds: z.array(z.number().int()).nullable().describe("Organizers only"),
  counts: z.object({ questions: z.number().int(), answered: z.number().int(), polls: z.number().int() }),
});

export const salonListResponse = z.object({
  items: z.array(
    salonSummary
      .pick({
        id: true,
        title: true,
        topic: true,
        description: true,
        disciplines: true,
        startsAt: true,
        endsAt: true,
        visibility: true,
        status: true,
      })
      .extend({
        organizerName: z.string().nullable(),
        speakerNames: z.array(z.string()),
        questionCount: z.number().int(),
      }),
  ),
});
