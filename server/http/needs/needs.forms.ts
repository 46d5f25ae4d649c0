import { z } from "zod";
import { needStatuses } from "../../knowledge/knowledge.types.js";
import { text } from "../../shared/text.schemas.js";
import { recordId } from "../platform/common.schemas.js";
import { blankToUndefined, checkbox, filterText, pageNumber, termsText } from "../platform/forms.js";
import { needBody } from "./needs.schemas.js";

export const needEditForm = needBody.omit({ status: true }).extend({
  /** Shown to organizers posting for an enterprise; left out, the need keeps its enterprise. */
  enterprise: z.preprocess(blankToUndefined, needBody.shape.enterprise.unwrap().optional()),
  keywords: termsText(needBody.shape.keywords),
  confidential: checkbox,
  track: z.preprocess((value) => blankToUndefined(value) ?? null, needBody.shape.track),
});
export type NeedEditForm = z.infer<typeof needEditForm>;

/** The new-need form has two submit buttons: "保存草稿" (status=draft) and "发布" (status=open). */
export const needForm = needEditForm.extend({ status: z.enum(["draft", "open"]).default("draft") });
export type NeedForm = z.infer<typeof needForm>;

export const needStatusForm = z.object({ status: z.enum(needStatuses) });
export const needsPageQuery = z.object({
  q: filterText,
  status: z.preprocess(blankToUndefined, z.enum(needStatuses).optional()).catch(undefined),
  track: filterText,
  discipline: filterText,
  region: filterText,
  mine: z.preprocess((value) => value === "1" || value === "true", z.boolean()).catch(false),
  page: pageNumber,
});
export type NeedsPageQuery = z.infer<typeof needsPageQuery>;

/** Inviting an expert from a need's ranking. */
export const inviteForm = z.object({
  expertId: recordId,
  message: text(2000).default(""),
});

/** An organizer's pin, exclusion or undo on a need's ranking. */
export const curationForm = z.object({
  kind: z.enum(["pin", "exclude", "clear"]),
  note: text(1000).default(""),
});
