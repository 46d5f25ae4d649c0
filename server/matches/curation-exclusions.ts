import { sameOrganization } from "../../matching/index.js";

/**
 * Experts never proposed for a need (engine keys): the organizer's exclusions of that need, and
 * the experts who declared a conflict with its enterprise.
 */
export function excludedExpertKeys(
  need: { enterprise: string },
  excludedExpertIds: readonly number[],
  conflicts: readonly { expertId: number; organization: string }[],
): Set<string> {
  const keys = new Set(excludedExpertIds.map(String));
  if (need.enterprise) {
    for (const conflict of conflicts) {
      if (sameOrganization(conflict.organization, need.enterprise)) keys.add(String(conflict.expertId));
    }
  }
  return keys;
}
