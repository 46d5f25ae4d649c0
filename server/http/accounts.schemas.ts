import { z } from "zod";
import { selfRegisteredRoles, roles } from "../accounts/accounts.types.js";
import { requiredText, text, wellFormedString } from "../shared/text.schemas.js";

// Trim first, then validate: " a@b.cn " is a valid address typed with stray spaces.
const email = text(254).pipe(z.email("Enter a valid email address"));
/** Kept exactly as typed: a password is never cleaned, only checked to be well-formed. */
const password = wellFormedString().min(8, "Use at least 8 characters").max(200);

export const registerBody = z.object({
  email,
  password,
  name: requiredText(100),
  role: z.enum(selfRegisteredRoles),
  organizationName: text(200).optional(),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.object({ email: text(254), password: wellFormedString().max(200) });

export const createTokenBody = z.object({
  name: text(100).default(""),
  email: text(254).optional(),
  password: wellFormedString().max(200).optional(),
});

export const organizationBody = z
  .object({
    name: requiredText(200),
    kind: z.enum(["enterprise", "university", "institute", "other"]),
    region: text(100),
    industry: text(100),
    description: text(5000),
  })
  .partial();

export const organizationResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  region: z.string(),
  industry: z.string(),
  description: z.string(),
});

export const userResponse = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  organization: organizationResponse.nullable(),
  expertId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type UserResponse = z.infer<typeof userResponse>;

export const sessionResponse = z.object({ user: userResponse, csrfToken: z.string().nullable() });

export const tokenResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  token: z.string(),
  createdAt: z.string(),
});
