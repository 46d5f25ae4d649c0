import type { Request, RequestHandler } from "express";
import type { AccountsService, RegisterInput } from "../../accounts/accounts.service.js";
import type { User } from "../../accounts/accounts.types.js";
import { ClaimOfferedError, type ProfileClaimsService } from "../../accounts/profile-claims.service.js";
import { abuseLimits } from "../../shared/abuse.limits.js";
import type { RateLimiter } from "../../shared/rate-limiter.js";

const registrationKey = (req: Request) => `register:${req.ip ?? ""}`;

/**
 * Answers an API registration from an address that has spent its registrations with 429 at
 * once, before the body is read, the session looked up or the API's routes searched: a flood
 * of them then costs the server little (mounted ahead of those in app.ts). registerAccount
 * still takes the token for every registration that gets through.
 */
export function refuseSpentRegistrationAddresses(registrations: RateLimiter | null): RequestHandler {
  return (req, _res, next) => {
    registrations?.refuseWhenSpent(registrationKey(req), abuseLimits.registrations);
    next();
  };
}

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
  deps.registrations?.consume(registrationKey(req), abuseLimits.registrations);
  if (
    input.role === "expert" &&
    !(await deps.accounts.findUserByEmail(input.email)) &&
    (await deps.claims.offerOnRegistration(input.email, input.language))
  ) {
    throw new ClaimOfferedError();
  }
  return deps.accounts.register(input);
}
