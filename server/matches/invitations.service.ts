import type { Clock } from "../shared/clock.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { Expert } from "../knowledge/knowledge.types.js";
import type { NeedsRepository } from "../knowledge/needs.repository.js";
import type { NeedView, NeedsService } from "../knowledge/needs.service.js";
import type { Invitation, InvitationStatus, InvitationsRepository } from "./invitations.repository.js";
import type { Barrier, MatchCurationService } from "./match-curation.service.js";
import type { NotificationHub } from "../notifications/notification-hub.js";
import type { InvitationEmails } from "./invitation-emails.js";

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
    private readonly needsRepository: NeedsRepository,
    private readonly experts: ExpertsRepository,
    private readonly curation: MatchCurationService,
    private readonly notifications: NotificationHub,
    private readonly clock: Clock,
    private readonly emails: InvitationEmails,
  ) {}

  async invite(actor: Actor, needId: number, expertId: number, message: string): Promise<Invitation> {
    const { need, editable } = await this.needs.get(actor, needId);
    if (!editable)
      throw new ForbiddenError("Only the enterprise that posted this need or an organizer can invite experts");
    if (!invitableStatuses.has(need.status)) {
      throw new ConflictError(`Experts can be invited to open or in-progress needs; this one is ${need.status}`, {
        needStatus: need.status,
      });
    }
    const expert = await this.experts.findById(expertId);
    if (!expert) throw new NotFoundError("Expert", expertId);
    const barrier = await this.curation.barrier(need, expert);
    if (barrier) throw new ConflictError(barrierMessage(barrier), { barrier: barrier.kind });
    const earlier = await this.invitations.findForPair(needId, expertId);
    if (earlier) {
      throw new ConflictError("This expert has already been invited to this need", {
        invitationId: earlier.id,
        invitationStatus: earlier.status,
      });
    }
    await this.assertCapacity(expertId, expert.capacity);
    const email = await this.emails.invited(need, expert, actor.userId, message);
    const invitation = await this.invitations.create(
      { needId, expertId, invitedById: actor.userId, message },
      email ?? undefined,
    );
    if (expert.userId !== null) {
      this.notifications.publish([expert.userId], {
        type: "invitation.received",
        invitationId: invitation.id,
        needId,
        needTitle: need.title,
      });
    }
    return invitation;
  }

  /**
   * A need's invitations: all of them for its enterprise and organizers; the engaged
   * (accepted) experts for anyone who may read the need in full.
   */
  async forNeed(actor: Actor | null, needId: number): Promise<{ invitation: Invitation; expert: Expert }[]> {
    const { editable, detailsVisible } = await this.needs.get(actor, needId);
    if (!editable && !detailsVisible) return [];
    const invitations = await this.invitations.listForNeed(needId, editable ? undefined : "accepted");
    const experts = new Map(
      (await this.experts.findByIds(invitations.map((i) => i.expertId))).map((expert) => [expert.id, expert]),
    );
    return invitations.flatMap((invitation) => {
      const expert = experts.get(invitation.expertId);
      return expert ? [{ invitation, expert }] : [];
    });
  }

  /** An expert's inbox of invitations (the expert themself and organizers). */
  async forExpert(
    actor: Actor,
    expertId: number,
    status?: InvitationStatus,
  ): Promise<{ invitation: Invitation; need: NeedView }[]> {
    if (actor.expertId !== expertId && !isStaff(actor)) {
      throw new ForbiddenError("Only the expert and organizers see an expert's invitations");
    }
    if (!(await this.experts.findById(expertId))) throw new NotFoundError("Expert", expertId);
    const invitations = await this.invitations.listForExpert(expertId, status);
    const needs = new Map(
      (await this.needsRepository.findByIds(invitations.map((i) => i.needId))).map((need) => [need.id, need]),
    );
    return invitations.flatMap((invitation) => {
      const need = needs.get(invitation.needId);
      return need ? [{ invitation, need: this.needs.viewOf(actor, need) }] : [];
    });
  }

  async accept(actor: Actor, invitationId: number): Promise<Invitation> {
    const invitation = await this.answerable(actor, invitationId);
    const expert = await this.experts.findById(invitation.expertId);
    await this.assertCapacity(invitation.expertId, expert?.capacity ?? 0);
    const email = await this.answerEmail({ ...invitation, status: "accepted" }, expert?.name ?? "");
    const accepted = await this.invitations.accept(invitationId, this.clock.now(), email);
    if (!accepted) throw new ConflictError("The invitation was answered meanwhile");
    await this.tellInviters(accepted, expert?.name ?? "");
    return accepted;
  }

  async decline(actor: Actor, invitationId: number, reason: string): Promise<Invitation> {
    const invitation = await this.answerable(actor, invitationId);
    const expertName = (await this.experts.findById(invitation.expertId))?.name ?? "";
    const email = await this.answerEmail({ ...invitation, status: "declined", reason }, expertName);
    const declined = await this.invitations.decline(invitationId, reason, this.clock.now(), email);
    if (!declined) throw new ConflictError("The invitation was answered meanwhile");
    await this.tellInviters(declined, expertName);
    return declined;
  }

  /** The inviters' email about an answer, written with the answer itself. */
  private async answerEmail(answered: Invitation, expertName: string) {
    const need = (await this.needsRepository.findByIds([answered.needId]))[0];
    return need ? this.emails.answered(answered, need, expertName) : undefined;
  }

  /** Whoever invited, and the need's enterprise, hear the answer live. */
  private async tellInviters(invitation: Invitation, expertName: string): Promise<void> {
    const need = (await this.needsRepository.findByIds([invitation.needId]))[0];
    if (!need || invitation.status === "pending") return;
    const recipients = [invitation.invitedById, need.ownerId].filter((id): id is number => id !== null);
    this.notifications.publish(recipients, {
      type: "invitation.answered",
      invitationId: invitation.id,
      needId: need.id,
      needTitle: need.title,
      expertName,
      status: invitation.status,
    });
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

function barrierMessage(barrier: Barrier): string {
  switch (barrier.kind) {
    case "own_organization":
      return "Conflict of interest: the expert works for the enterprise that posted the need";
    case "declared_conflict":
      return `Conflict of interest declared by an organizer (${barrier.conflict.kind}: ${barrier.conflict.organization})`;
    case "excluded":
      return "An organizer excluded this expert from this need";
  }
}
