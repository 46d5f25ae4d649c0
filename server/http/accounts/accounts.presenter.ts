/** JSON presenters: domain objects → API response bodies (shapes documented in *.schemas.ts). */

import type { z } from "zod";
import type { ApiTokenInfo, SessionInfo, User } from "../../accounts/accounts.types.js";
import { NotFoundError } from "../../errors.js";
import type { EmailRecipient } from "../../notifications/email.types.js";
import type {
  emailSettingsResponse,
  sessionListResponse,
  tokenInfoResponse,
  UserResponse,
} from "./accounts.schemas.js";

export function presentUser(user: User): UserResponse {
  return { ...user, createdAt: user.createdAt.toISOString() };
}

export function presentTokenInfo(token: ApiTokenInfo): z.infer<typeof tokenInfoResponse> {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt.toISOString(),
  };
}

export function presentSession(
  session: SessionInfo,
  currentKey: string | null,
): z.infer<typeof sessionListResponse>["items"][number] {
  return {
    id: session.key,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    userAgent: session.userAgent,
    current: session.key === currentKey,
  };
}

export function presentEmailSettings(recipient: EmailRecipient | null): z.infer<typeof emailSettingsResponse> {
  if (!recipient) throw new NotFoundError("User");
  return { address: recipient.address, preference: recipient.preference, language: recipient.language };
}
