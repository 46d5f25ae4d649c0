import type { z } from "zod";
import type { Expert } from "../../knowledge/knowledge.types.js";
import type { EngagementMessage } from "../../matches/engagement-messages.repository.js";
import type { Engagement } from "../../matches/engagements.service.js";
import type { ExpertMatchItem } from "../../matches/matches.service.js";
import type {
  engagementMessageResponse,
  engagementResponse,
  expertMatchResponse,
  expertSummaryResponse,
  explanationResponse,
} from "./matches.schemas.js";

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

export function presentEngagementMessage(message: EngagementMessage): z.infer<typeof engagementMessageResponse> {
  const { id, authorId, authorName, body, createdAt } = message;
  return { id, authorId, authorName, body, createdAt: createdAt.toISOString() };
}

export function presentEngagement(engagement: Engagement): z.infer<typeof engagementResponse> {
  return {
    invitationId: engagement.invitation.id,
    need: engagement.need,
    expert: engagement.expert,
    enterprise: engagement.enterprise,
    messages: engagement.messages.map(presentEngagementMessage),
  };
}
