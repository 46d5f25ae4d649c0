import type { Request } from "express";
import type { AccountsService, RegisterInput } from "../../accounts/accounts.service.js";
import type { User } from "../../accounts/accounts.types.js";
import { abuseLimits } from "../../shared/abuse.limits.js";
import type { RateLimiter } from "../../shared/rate-limiter.js";

/** Registers an account, within the registrations one address may make (API and register page). */
export async function registerAccount(
  deps: { accounts: AccountsService; registrations: RateLimiter | null },
  req: Request,
  input: RegisterInput,
): Promise<User> {
  deps.registrations?.consume(`register:${req.ip ?? ""}`, abuseLimits.registrations);
  return deps.accounts.register(input);
}
