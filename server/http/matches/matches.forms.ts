import { z } from "zod";
import { requiredText } from "../../shared/text.schemas.js";

/** An expert declining an invitation from their inbox. */
export const declineForm = z.object({ reason: requiredText(2000) });

/** A message in an engagement's thread. */
export const engagementMessageForm = z.object({ body: requiredText(4000) });
