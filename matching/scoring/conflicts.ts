import { normalizeText } from "../text/index.js";
import type { DeclaredConflict } from "../engine/types.js";

/** An organisation name reduced for comparison: normalised script and case, no spaces or punctuation. */
export function organizationKey(name: string | undefined): string {
  return normalizeText(name ?? "").replace(/[\s\p{P}\p{S}]+/gu, "");
}

/**
 * True when the expert works for the enterprise that posted the need: the same name after
 * normalisation, or one containing the other (厦门大学 / 厦门大学化学化工学院) when the shorter
 * has at least four characters.
 */
export function sameOrganization(enterprise: string | undefined, organization: string | undefined): boolean {
  return sameOrganizationKey(organizationKey(enterprise), organizationKey(organization));
}

/** sameOrganization() on keys from organizationKey(). */
export function sameOrganizationKey(a: string, b: string): boolean {
  if (a.length < 2 || b.length < 2) return false;
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 4 && longer.includes(shorter);
}

/** Organizer-declared conflicts as a fast lookup. */
export class ConflictRegistry {
  private readonly pairs = new Set<string>();
  constructor(conflicts: readonly DeclaredConflict[] = []) {
    for (const c of conflicts) this.pairs.add(`${c.needKey}\u0000${c.expertKey}`);
  }
  declared(needKey: string, expertKey: string): boolean {
    return this.pairs.has(`${needKey}\u0000${expertKey}`);
  }
}
