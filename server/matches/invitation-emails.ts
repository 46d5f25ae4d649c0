import type { ProfileClaimsService } from "../accounts/profile-claims.service.js";
import type { TransactionalWrite } from "../db/prisma.js";
import type { Expert, Need } from "../knowledge/knowledge.types.js";
import { writeEmails } from "../notifications/email-outbox.repository.js";
import type { EmailRecipients } from "../notifications/email-recipients.js";
import type { OutgoingEmail } from "../notifications/email.types.js";
import type { NotificationEmails } from "../notifications/notification-emails.js";
import type { Invitation } from "./invitations.repository.js";

/**
 * The emails of an invitation's life, prepared before and written inside the invitation's
 * own transaction: the invited expert hears of it (an imported expert without an account
 * gets a claim link), and the inviters hear the answer.
 */
export class InvitationEmails {
  constructor(
    private readonly claims: ProfileClaimsService,
    private readonly emails: NotificationEmails,
    private readonly recipients: EmailRecipients,
  ) {}

  async invited(
    need: Need,
    expert: Expert,
    inviterUserId: number,
    message: string,
  ): Promise<TransactionalWrite | null> {
    const inviter = need.enterprise || (await this.recipients.user(inviterUserId))?.name || "";
    if (expert.userId === null) return this.claims.prepare(expert.id, { needTitle: need.title, inviter, message });
    const email = this.emails.compose(
      "invitation_received",
      await this.recipients.user(expert.userId),
      { needTitle: need.title, inviter, message },
      "/inbox",
    );
    return writeEmails([email]);
  }

  async answered(invitation: Invitation, need: Need, expertName: string): Promise<TransactionalWrite> {
    const userIds = new Set([invitation.invitedById, need.ownerId].filter((id): id is number => id !== null));
    const emails: (OutgoingEmail | null)[] = [];
    for (const userId of userIds) {
      emails.push(
        this.emails.compose(
          "invitation_answered",
          await this.recipients.user(userId),
          {
            expertName,
            needTitle: need.title,
            accepted: invitation.status === "accepted",
            reason: invitation.reason,
          },
          invitation.status === "accepted" ? `/engagements/${invitation.id}` : `/needs/${need.id}`,
        ),
      );
    }
    return writeEmails(emails);
  }
}
