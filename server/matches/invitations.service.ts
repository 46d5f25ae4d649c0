import { sameOrganization } from "../../matching/index.js";
import type { Clock } from "../accounts/accounts.service.js";
import type { Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { NeedsService } from "../knowledge/needs.service.js";
import type { Invitation, InvitationsRepository } from "./invitations.repository.js";

/** Needs that can still take on experts. */
const invitableStatuses = new Set(["open", "in_progress"]);

/**
 * Inviting experts to needs and their answers. Conflicts of interest and capacity are
 * hard rules: an expert is never invited to their own organization's need, and cannot
 * take more engagements than their capacity.
 */
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly needs: NeedsService,
    private readonly experts: ExpertsRepository,
    private readonly clock: Clock,
  ) {}

  async invite(actor: Actor, needId: number, expertId: number, message: string): Promise<Invitation> {
    const { need, editable } = await this.needs.get(actor, needId);
    if (!editable)
      throw new ForbiddenError("Only the enterprise that posted this need or an organizer can invite experts");
    if (!invitableStatuses.has(need.status)) {
      throw new ConflictError(`Experts can be invited to open or in-progress needs; this one is ${need.status}`);
    }
    const expert = await this.experts.findById(expertId);
    if (!expert) throw new NotFoundError("Expert", expertId);
    if (need.enterprise && expert.organization && sameOrganization(need.enterprise, expert.organization)) {
      throw new ConflictError("Conflict of interest: the expert works for the enterprise that posted the need");
    }
    if (await this.invitations.findForPair(needId, expertId)) {
      throw new ConflictError("This expert has already been invited to this need");
    }
    await this.assertCapacity(expertId, expert.capacity);
    return this.invitations.create({ needId, expertId, invitedById: actor.userId, message });
  }

  async accept(actor: Actor, invitationId: number): Promise<Invitation> {
    const invitation = await this.answerable(actor, invitationId);
    const expert = await this.experts.findById(invitation.expertId);
    await this.assertCapacity(invitation.expertId, expert?.capacity ?? 0);
    const accepted = await this.invitations.accept(invitationId, this.clock.now());
    if (!accepted) throw new ConflictError("The invitation was answered meanwhile");
    return accepted;
  }

  async decline(actor: Actor, invitationId: number, reason: string): Promise<Invitation> {
    await this.answerable(actor, invitationId);
    const declined = await this.invitations.decline(invitationId, reason, this.clock.now());
    if (!declined) throw new ConflictError("The invitation was answered meanwhile");
    return declined;
  }

  /** The invitation, if the actor is the invited expert and it still awaits an answer. */
  private async answerable(actor: Actor, invitationId: number): Promise<Invitation> {
    const invitation = await this.invitations.findById(invitationId);
    if (!invitation) throw new NotFoundError("Invitation", invitationId);
    if (actor.expertId !== invitation.expertId)
      throw new ForbiddenError("Only the invited expert can answer an invitation");
    if (invitation.status !== "pending") throw new ConflictError(`The invitation is already ${invitation.status}`);
    return invitation;
  }

  private async assertCapacity(expertId: number, capacity: number): Promise<void> {
    const active = await this.invitations.activeEngagements(expertId);
    if (active >= capacity) {
      throw new ConflictError("The expert has no remaining capacity for new engagements", { capacity, active });
    }
  }
}
