import { isStaff, type Actor } from "../accounts/accounts.types.js";
import type { Need, Technology } from "./knowledge.types.js";

/** Who may do what with knowledge-base records: the ownership rules in one place. */

export function canPostNeed(actor: Actor | null): boolean {
  return actor?.role === "enterprise" || isStaff(actor);
}

/** Experts add technologies to their own profile; organizers to anyone's. */
export function canAddTechnology(actor: Actor | null): boolean {
  return (actor?.role === "expert" && actor.expertId !== null) || isStaff(actor);
}

export function canEditExpert(actor: Actor | null, expertId: number): boolean {
  return isStaff(actor) || (actor?.role === "expert" && actor.expertId === expertId);
}

export function canEditNeed(actor: Actor | null, need: Pick<Need, "ownerId">): boolean {
  return isStaff(actor) || (actor !== null && need.ownerId !== null && need.ownerId === actor.userId);
}

/** Drafts are private to their owner and the organizers. */
export function canSeeNeed(actor: Actor | null, need: Pick<Need, "ownerId" | "status">): boolean {
  return need.status !== "draft" || canEditNeed(actor, need);
}

/** A confidential need is shown in full only to its owner, organizers and approved experts. */
export function canSeeNeedDetails(
  actor: Actor | null,
  need: Pick<Need, "ownerId" | "confidential" | "approvedExpertIds">,
): boolean {
  if (!need.confidential || canEditNeed(actor, need)) return true;
  return actor?.expertId != null && need.approvedExpertIds.includes(actor.expertId);
}

export function canEditTechnology(actor: Actor | null, technology: Pick<Technology, "owner">): boolean {
  return (
    isStaff(actor) || (actor?.role === "expert" && actor.expertId !== null && technology.owner?.id === actor.expertId)
  );
}
