import { z } from "zod";
import { emailLanguages, emailPreferences } from "../../notifications/email.types.js";

export const emailSettingsForm = z.object({
  preference: z.enum(emailPreferences),
  language: z.enum(emailLanguages),
});

/** The outbox page's filter: one status, or everything. */
export const outboxQuery = z.object({
  status: z.enum(["pending", "digest", "sent", "failed", "bundled"]).optional().catch(undefined),
});
