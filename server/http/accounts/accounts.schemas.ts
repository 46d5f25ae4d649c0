import { z } from "zod";
import {
  defaultTokenLifetimeDays,
  maxTokenLifetimeDays,
  selfRegisteredRoles,
  roles,
} from "../../accounts/accounts.types.js";
import { emailLanguages, emailPreferences } from "../../notifications/email.types.js";
import { requiredText, text, wellFormedString } from "../../shared/text.schemas.js";
import { contactEmail, contactPhone } from "../../shared/contact.fields.js";

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
  expiresInDays: z.number().int().min(1).max(maxTokenLifetimeDays).default(defaultTokenLifetimeDays),
});

export const changePasswordBody = z.object({ currentPassword: wellFormedString().max(200), newPassword: password });
export const passwordChangedResponse = z.object({
  endedSessions: z.number().int().describe("Other sessions signed out"),
  revokedTokens: z.number().int().describe("API tokens revoked"),
});

/** A session in the list: `id` is the SHA-256 of its cookie value, which cannot sign anyone in. */
export const sessionParams = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, "Not a session id") });
export const sessionListResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
      userAgent: z.string(),
      current: z.boolean().describe("The session this request was made with"),
    }),
  ),
});

export const organizationBody = z
  .object({
    name: requiredText(200),
    kind: z.enum(["enterprise", "university", "institute", "other"]),
    region: text(100),
    industry: text(100),
    description: text(5000),
    email: contactEmail,
    phone: contactPhone,
  })
  .partial();

export const organizationResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  region: z.string(),
  industry: z.string(),
  description: z.string(),
  email: z.string().nullable().describe("Private: only the organization's own users see it"),
  phone: z.string().nullable(),
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

export const tokenInfoResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe("Recorded to the minute"),
  expiresAt: z.string(),
});
export const tokenListResponse = z.object({ items: z.array(tokenInfoResponse) });
export const tokenResponse = tokenInfoResponse.extend({ token: z.string().describe("Shown once") });

/** Following a claim link: the token from the link and the password the expert chooses. */
export const claimBody = z.object({ token: wellFormedString().min(20).max(200), password });

export const emailSettingsBody = z
  .object({ preference: z.enum(emailPreferences), language: z.enum(emailLanguages) })
  .partial();
export const emailSettingsResponse = z.object({
  address: z.string(),
  preference: z.enum(emailPreferences).describe("instant: each email at once; daily: one digest a day; off: none"),
  language: z.enum(emailLanguages),
});
