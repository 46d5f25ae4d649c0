import type { Role } from "../../server/accounts/accounts.types.js";
import { signUp, type SignedInAgent } from "./factories.js";
import type { TestApp } from "./test-app.js";

/** How a user signs up, besides the role: display name, enterprise name, email, password. */
export type SignUpDetails = Omit<NonNullable<Parameters<typeof signUp>[2]>, "role">;

/**
 * The users most tests need, by the names the tests call them: an organizer and an admin, an
 * enterprise and an expert who act, and another of each who must be refused what the first may do.
 */
export const castRoles = {
  organizer: "organizer",
  admin: "admin",
  enterprise: "enterprise",
  otherEnterprise: "enterprise",
  expert: "expert",
  otherExpert: "expert",
} as const satisfies Record<string, Role>;
export type CastMember = keyof typeof castRoles;

/** For each user a test wants: a cast member's details (its role is known), anyone else's role too. */
export type WantedUsers<K extends string> = {
  [Name in K]: Name extends CastMember ? SignUpDetails & { role?: Role } : SignUpDetails & { role: Role };
};

/**
 * Signs up the users a test wants, one after another in the order given (so that their ids
 * follow that order), and returns a signed-in agent for each under the same name:
 *
 *   ({ organizer, enterprise, expert } = await signUpUsers(t, {
 *     organizer: {}, enterprise: { organizationName: "宁德某电池材料有限公司" }, expert: { name: "江研究员" },
 *   }));
 */
export async function signUpUsers<K extends string>(
  t: Pick<TestApp, "app" | "container">,
  wanted: WantedUsers<K>,
): Promise<Record<K, SignedInAgent>> {
  const users = {} as Record<K, SignedInAgent>;
  for (const [name, details] of Object.entries(wanted) as [K, SignUpDetails & { role?: Role }][]) {
    const role = details.role ?? castRoles[name as CastMember];
    users[name] = await signUp(t.app, t.container, { ...details, role });
  }
  return users;
}

/** One user of every role that signs in: enterprise, expert, organizer, admin. */
export function signUpEveryRole(t: Pick<TestApp, "app" | "container">): Promise<Record<Role, SignedInAgent>> {
  return signUpUsers(t, { enterprise: {}, expert: {}, organizer: {}, admin: {} });
}
