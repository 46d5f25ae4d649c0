import type { ProfileClaimsService } from "../accounts/profile-claims.service.js";
import type { TransactionalWrite } from "../db/prisma.js";
import type { Expert } from "../knowledge/knowledge.types.js";
import { writeEmails } from "../notifications/email-outbox.repository.js";
import type { EmailRecipients } from "../notifications/email-recipients.js";
import type { NotificationEmails } from "../notifications/notification-emails.js";
import type { NotificationHub } from "../notifications/notification-hub.js";

/**
 * The email of a salon question forwarded to an expert, prepared before and written inside the
 * forward's own transaction. An expert with a page open is told live and gets no email; one
 * who is offline gets it as their preference says (at once, in the daily digest, or not). An
 * imported expert without an account gets a claim link that tells of the question, since the
 * question waits in an inbox they cannot open yet.
 */
export class QuestionForwardEmails {
  constructor(
    private readonly claims: ProfileClaimsService,
    private readonly emails: NotificationEmails,
    private readonly recipients: EmailRecipients,
    private readonly notifications: NotificationHub,
  ) {}

  async forwarded(
    expert: Pick<Expert, "id" | "userId">,
    question: { salonTitle: string; questionText: string },
  ): Promise<TransactionalWrite | null> {
    if (expert.userId === null) return this.claims.prepare(expert.id, question);
    if (await this.notifications.isOnline(expert.userId)) return null;
    const email = this.emails.compose(
      "question_forwarded",
      await this.recipients.user(expert.userId),
      question,
      "/inbox",
    );
    return writeEmails([email]);
  }
}
