import { createHash, randomBytes } from "node:crypto";
import type { TransactionalWrite } from "../db/prisma.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { enqueueEmails } from "../notifications/email-outbox.repository.js";
import type { EmailRecipients } from "../notifications/email-recipients.js";
import type { EmailLanguage } from "../notifications/email.types.js";
import type { NotificationEmails } from "../notifications/notification-emails.js";
import type { Clock } from "../shared/clock.js";
import type { AccountsService } from "./accounts.service.js";
import { normaliseEmail } from "./accounts.service.js";
import { isStaff, type Actor, type User } from "./accounts.types.js";
import type { ProfileClaimsRepository } from "./profile-claims.repository.js";

/** How long a claim link works. */
export const claimLinkLifetimeMs = 7 * 24 * 3600_000;

/** Registering as an expert with an address an imported profile holds: a claim link went there instead. */
export class ClaimOfferedError extends ConflictError {
  constructor() {
    super("An imported expert profile holds this email: a link to claim it has been sent there", {
      claimLinkSent: true,
    });
  }
}

/** What the claim email says besides the link: the invitation that triggered it, if any. */
/** What brought the claim link, told in its email: an invitation, or a forwarded salon question. */
export interface ClaimContext {
  needTitle?: string;
  inviter?: string;
  message?: string;
  salonTitle?: string;
  questionText?: string;
}

export type ClaimTokenState = "valid" | "expired" | "used" | "unknown";

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * Imported experts claim their profiles: a one-time link (random, expiring, kept only as its
 * sha256) goes to the profile's address through the email outbox; following it, the expert
 * sets a password and a new account is bound to the existing profile, never a duplicate.
 */
export class ProfileClaimsService {
  constructor(
    private readonly claims: ProfileClaimsRepository,
    private readonly accounts: AccountsService,
    private readonly emails: NotificationEmails,
    private readonly recipients: EmailRecipients,
    private readonly clock: Clock,
  ) {}

  /**
   * The token row and its email for an unclaimed profile with an address, to be written in
   * the caller's transaction; null when the profile has an account or no address.
   */
  async prepare(
    expertId: number,
    context: ClaimContext = {},
    /** Asked for by registering with the profile's address, in this page language. */
    requested: { language?: EmailLanguage } | null = null,
  ): Promise<TransactionalWrite | null> {
    const expert = await this.claims.unclaimedExpert(expertId);
    if (!expert?.email) return null;
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.clock.now().getTime() + claimLinkLifetimeMs);
    const address = await this.recipients.address(normaliseEmail(expert.email), expert.name, expert.languages);
    const recipient = requested?.language ? { ...address, language: requested.language } : address;
    const email = this.emails.compose(
      "claim_link",
      recipient,
      {
        organization: expert.organization,
        ...context,
        expiresAt: expiresAt.toISOString().slice(0, 16).replace("T", " ") + " UTC",
      },
      `/claim?token=${token}`,
      { requested: requested !== null },
    );
    if (!email) return null;
    return async (tx) => {
      await this.claims.createToken(tx, {
        tokenHash: sha256(token),
        expertId,
        email: recipient.address,
        expiresAt,
      });
      await enqueueEmails(tx, [email]);
    };
  }

  /** An organizer sends (or sends again) a claim link to an imported profile. */
  async send(actor: Actor, expertId: number): Promise<void> {
    if (!isStaff(actor)) throw new ForbiddenError("Only organizers send claim links");
    const expert = await this.claims.unclaimedExpert(expertId);
    if (!expert) {
      throw new ConflictError("This profile already has an account, or does not exist", { expertId });
    }
    if (!expert.email) throw new ConflictError("This profile has no email address to send a claim link to");
    const write = await this.prepare(expertId);
    if (!write) throw new ConflictError("The address of this profile unsubscribed from emails");
    await this.claims.commit(write);
  }

  /**
   * Registration with an address an imported profile holds: a claim link goes there instead
   * of a second profile being created. Returns whether one was sent.
   */
  async offerOnRegistration(email: string, language?: EmailLanguage): Promise<boolean> {
    const expertId = await this.claims.unclaimedExpertByEmail(normaliseEmail(email));
    if (expertId === null) return false;
    const write = await this.prepare(expertId, {}, { language });
    if (write) await this.claims.commit(write);
    return write !== null;
  }

  async inspect(token: string): Promise<{ state: ClaimTokenState; expertName: string; email: string }> {
    const found = await this.claims.findToken(sha256(token));
    if (!found) return { state: "unknown", expertName: "", email: "" };
    const state: ClaimTokenState =
      found.usedAt !== null || found.claimed ? "used" : found.expiresAt <= this.clock.now() ? "expired" : "valid";
    return { state, expertName: found.expertName, email: found.email };
  }

  /**
   * Follows a claim link: the new account, bound to the profile, signed in by the caller. Its
   * emails are written in `language`, the one the expert claimed in.
   */
  async claim(token: string, password: string, language: EmailLanguage): Promise<User> {
    const found = await this.claims.findToken(sha256(token));
    if (!found) throw new NotFoundError("Claim link");
    const now = this.clock.now();
    if (found.usedAt !== null || found.claimed) throw new ConflictError("This claim link has already been used");
    if (found.expiresAt <= now) throw new ValidationError("This claim link has expired; ask for a new one");
    if (await this.accounts.findUserByEmail(found.email)) {
      throw new ConflictError("An account with this email already exists; sign in instead");
    }
    const userId = await this.claims.claim(found.id, now, {
      email: found.email,
      passwordHash: await this.accounts.hashPassword(password),
      name: found.expertName,
      expertId: found.expertId,
      language,
    });
    if (userId === null) throw new ConflictError("This claim link has already been used");
    return (await this.accounts.findUser(userId))!;
  }
}
