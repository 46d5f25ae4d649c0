import type { Request } from "express";
import type { AccountsService, RegisterInput } from "../../accounts/accounts.service.js";
import type { User } from "../../accounts/accounts.types.js";
import { ClaimOfferedError, type ProfileClaimsService } from "../../accounts/profile-claims.service.js";
import { abuseLimits } from "../../shared/abuse.limits.js";
import type { RateLimiter } from "../../shared/rate-limiter.js";

/**
 * Registers an account, within the registrations one address may make (API and register
 * page). An expert whose address an imported profile holds is sent a claim link instead
 * (ClaimOfferedError), so the profile is not duplicated.
 */
export async function registerAccount(
  deps: { accounts: AccountsService; claims: ProfileClaimsService; registrations: RateLimiter | null },
  req: Request,
  input: RegisterInput,
): Promise<User> {
  deps.registrations?.consume(`register:${req.ip ?? ""}`, abuseLimits.registrations);
  if (
    input.role === "expert" &&
    !(await deps.accounts.findUserByEmail(input.email)) &&
    (await deps.claims.offerOnRegistration(input.email))
  ) {
    throw new ClaimOfferedError();
  }
  return deps.accounts.register(input);
}
