import { z } from "zod";
import { selfRegisteredRoles, roles } from "../accounts/accounts.types.js";

// Trim first, then validate: " a@b.cn " is a valid address typed with stray spaces.
const email = z.string().trim().max(254).pipe(z.email("Enter a valid email address"));
const password = z.string().min(8, "Use at least 8 characters").max(200);

export const registerBody = z.object({
  email,
  password,
  name: z.string().trim().min(1).max(100),
  role: z.enum(selfRegisteredRoles),
  organizationName: z.string().trim().max(200).optional(),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.object({ email: z.string().trim().max(254), password: z.string().max(200) });

export const createTokenBody = z.object({
  name: z.string().trim().max(100).default(""),
  email: z.string().trim().max(254).optional(),
  password: z.string().max(200).optional(),
});

export const organizationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(["enterprise", "university", "institute", "other"]),
    region: z.string().trim().max(100),
    industry: z.string().trim().max(100),
    description: z.string().trim().max(5000),
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
