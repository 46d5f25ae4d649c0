import type { ApiTokenInfo, SessionInfo, User } from "../../accounts/accounts.types.js";
import type { Expert, Technology } from "../../knowledge/knowledge.types.js";
import type { NeedView } from "../../knowledge/needs.service.js";
import type { sessionListResponse, tokenInfoResponse, UserResponse } from "./accounts.schemas.js";
import type { z } from "zod";
import type { ExpertMatchItem } from "../../matches/matches.service.js";
import type { ExpertResponse, NeedResponse, TechnologyResponse } from "../experts/experts.schemas.js";
import type { explanationResponse, expertMatchResponse, expertSummaryResponse } from "../matches/matches.schemas.js";

/** JSON presenters: domain objects → API response bodies (shapes documented in *.schemas.ts). */

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

export function presentExpert(expert: Expert): ExpertResponse {
  return { ...expert, createdAt: expert.createdAt.toISOString(), updatedAt: expert.updatedAt.toISOString() };
}

export function presentNeed({ need, detailsVisible, editable }: NeedView): NeedResponse {
  if (!detailsVisible) {
    const { id, externalId, title, discipline, region, status } = need;
    return { id, externalId, title, discipline, region, status, confidential: true, redacted: true };
  }
  const { approvedExpertIds, ...fields } = need;
  return {
    ...fields,
    redacted: false,
    editable,
    // Who was approved is the owner's business, not the approved experts'.
    ...(editable && { approvedExpertIds }),
    createdAt: need.createdAt.toISOString(),
    updatedAt: need.updatedAt.toISOString(),
  };
}

export function presentTechnology(technology: Technology): TechnologyResponse {
  return {
    ...technology,
    createdAt: technology.createdAt.toISOString(),
    updatedAt: technology.updatedAt.toISOString(),
  };
}

export type Explanation = z.infer<typeof explanationResponse>;

/** Scores to four decimals: enough to order, no float noise in JSON. */
export const rounded = (score: number) => Math.round(score * 10_000) / 10_000;

export function presentExpertSummary(expert: Expert): z.infer<typeof expertSummaryResponse> {
  const { name, organization, title, region, disciplines } = expert;
  return { name, organization, title, region, disciplines };
}

export function presentExpertMatch(item: ExpertMatchItem): z.infer<typeof expertMatchResponse> {
  return {
    kind: "expert",
    id: item.expert.id,
    externalId: item.expert.externalId,
    rank: item.rank,
    score: item.score === null ? null : rounded(item.score),
    pinned: item.pinned,
    expert: presentExpertSummary(item.expert),
    explanation: item.explanation as Explanation | null,
  };
}
