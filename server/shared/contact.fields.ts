import { z } from "zod";
import { contactLimits } from "./contact.limits.js";
import { text } from "./text.schemas.js";

/** Optional private contact details (experts, organizations): blank clears them. */
export const contactEmail = text(contactLimits.email)
  .pipe(z.union([z.literal(""), z.email("Enter a valid email address")]))
  .transform((value) => value || null)
  .nullable();
export const contactPhone = text(contactLimits.phone)
  .pipe(z.string().regex(/^[0-9+()\-\s]*$/, "Digits, spaces and + ( ) - only"))
  .transform((value) => value || null)
  .nullable();
