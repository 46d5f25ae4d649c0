import { text } from "../../shared/text.schemas.js";
import { z } from "zod";
import { requiredText } from "../../shared/text.schemas.js";
import { recordId } from "../platform/common.schemas.js";

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

/** An expert declining an invitation from their inbox. */
export const declineForm = z.object({ reason: requiredText(2000) });
