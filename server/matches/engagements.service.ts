import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { Need } from "../knowledge/knowledge.types.js";
import type { NeedsRepository } from "../knowledge/needs.repository.js";
import { writeEmails } from "../notifications/email-outbox.repository.js";
import type { EmailRecipients } from "../notifications/email-recipients.js";
import type { NotificationEmails } from "../notifications/notification-emails.js";
import type { NotificationHub } from "../notifications/notification-hub.js";
import type { EngagementMessage, EngagementMessagesRepository } from "./engagement-messages.repository.js";
import type { Invitation, InvitationsRepository } from "./invitations.repository.js";

/** How to reach one side of an engagement. */
export interface PartyContact {
  name: string;
  organization: string;
  email: string | null;
  phone: string | null;
}

export interface Engagement {
  invitation: Invitation;
  need: Pick<Need, "id" | "title">;
  expert: PartyContact & { id: number };
  enterprise: PartyContact;
  messages: EngagementMessage[];
}

/**
 * An accepted invitation seen by its two sides (the need's enterprise and the expert) and
 * organizers: each side's contact details, and a message thread delivered live to whoever
 * is online and by email to whoever is not.
 */
export class EngagementsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly needs: NeedsRepository,
    private readonly experts: ExpertsRepository,
    private readonly messages: EngagementMessagesRepository,
    private readonly notifications: NotificationHub,
    private readonly emails: NotificationEmails,
    private readonly recipients: EmailRecipients,
  ) {}

  async get(actor: Actor, invitationId: number): Promise<Engagement> {
    const { invitation, need } = await this.readable(actor, invitationId);
    const expert = (await this.experts.findById(invitation.expertId))!;
    const stored = await this.messages.contacts(expert.id, need.ownerId);
    const organization = stored.enterprise.organization;
    return {
      invitation,
      need: { id: need.id, title: need.title },
      expert: {
        id: expert.id,
        name: expert.name,
        organization: expert.organization,
        email: stored.expert.email ?? stored.expert.accountEmail,
        phone: stored.expert.phone,
      },
      enterprise: {
        name: stored.enterprise.name ?? need.enterprise,
        organization: organization?.name ?? need.enterprise,
        email: organization?.email ?? stored.enterprise.accountEmail,
        phone: organization?.phone ?? null,
      },
      messages: await this.messages.list(invitationId),
    };
  }

  /** Posts to the thread: live to the other side's open pages, by email when they are offline. */
  async post(actor: Actor, invitationId: number, body: string): Promise<EngagementMessage> {
    const { invitation, need } = await this.readable(actor, invitationId);
    const expert = await this.experts.findById(invitation.expertId);
    const others = [expert?.userId ?? null, need.ownerId].filter(
      (id): id is number => id !== null && id !== actor.userId,
    );
    const author = await this.recipients.user(actor.userId);
    const offline = [];
    for (const userId of others) if (!(await this.notifications.isOnline(userId))) offline.push(userId);
    const emails = [];
    for (const userId of offline) {
      emails.push(
        this.emails.compose(
          "engagement_message",
          await this.recipients.user(userId),
          { authorName: author?.name ?? "", needTitle: need.title, body },
          `/engagements/${invitationId}`,
        ),
      );
    }
    const message = await this.messages.add({ invitationId, authorId: actor.userId, body }, writeEmails(emails));
    this.notifications.publish(others, {
      type: "engagement.message",
      invitationId,
      messageId: message.id,
      needTitle: need.title,
      authorName: message.authorName,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    });
    return message;
  }

  /** The engagement, if the actor is one of its sides or an organizer. */
  private async readable(actor: Actor, invitationId: number): Promise<{ invitation: Invitation; need: Need }> {
    const invitation = await this.invitations.findById(invitationId);
    if (!invitation) throw new NotFoundError("Engagement", invitationId);
    const need = (await this.needs.findByIds([invitation.needId]))[0];
    if (!need) throw new NotFoundError("Engagement", invitationId);
    const party = actor.expertId === invitation.expertId || (need.ownerId !== null && need.ownerId === actor.userId);
    if (!party && !isStaff(actor)) {
      throw new ForbiddenError("Only the two sides of an engagement and organizers can open it");
    }
    if (invitation.status !== "accepted") {
      throw new ConflictError(`The invitation is ${invitation.status}: contacts are exchanged once it is accepted`);
    }
    return { invitation, need };
  }
}
