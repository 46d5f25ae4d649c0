import { z } from "zod";
import { conflictKinds, overrideKinds } from "../../matches/match-curation.repository.js";
import { requiredText, text } from "../../shared/text.schemas.js";
import { needResponse } from "../needs/needs.schemas.js";
import { integerText, recordId } from "../platform/common.schemas.js";
import { technologyResponse } from "../technologies/technologies.schemas.js";

export const matchesQuery = z.strictObject({
  type: z.enum(["experts", "technologies"]).default("experts"),
  limit: integerText(z.number().int().min(1).max(100)).default(20),
});

export const suggestionsQuery = z.strictObject({
  limit: integerText(z.number().int().min(1).max(100)).default(20),
});

const score = z.number().describe("In [0, 1), comparable within one ranking");

/** The features that produced a score (see docs/matching.md). */
export const explanationResponse = z.object({
  evidenceScore: z.number(),
  profileScore: z.number(),
  semanticSimilarity: z.number().describe("Cosine of need and expert in the space learned from this collection"),
  textScore: z.number().describe("The fused text score: the sum of each channel's weight × value"),
  channels: z
    .array(z.object({ name: z.string(), value: z.number(), weight: z.number() }))
    .describe("Each matching channel's value for this expert (relative to the need's best) and its fitted weight"),
  closestRecord: z
    .object({ title: z.string(), similarity: z.number() })
    .nullable()
    .describe("The expert's record closest to the need in the learned space, when that channel counts"),
  evidence: z.array(
    z.object({
      title: z.string(),
      type: z.string(),
      year: z.number().int().nullable(),
      score: z.number(),
      recency: z.number(),
      matchedTerms: z.array(z.string()),
    }),
  ),
  matchedTerms: z.array(z.string()),
  discipline: z.object({
    need: z.string(),
    expert: z.string().nullable(),
    agreement: z.number(),
    factor: z.number(),
  }),
  policy: z.object({ track: z.string(), factor: z.number(), reason: z.string() }).nullable(),
  capacity: z.object({ capacity: z.number().int(), active: z.number().int(), factor: z.number() }).nullable(),
  feedback: z
    .object({
      factor: z.number(),
      basis: z.enum(["declined", "this_need", "similar_need"]),
      reasons: z.array(z.string()),
    })
    .nullable(),
});

export const expertSummaryResponse = z.object({
  name: z.string(),
  organization: z.string(),
  title: z.string(),
  region: z.string(),
  disciplines: z.array(z.string()),
});

export const expertMatchResponse = z.object({
  kind: z.literal("expert"),
  id: z.number().int(),
  externalId: z.string().nullable(),
  rank: z.number().int(),
  score: score
    .nullable()
    .describe("Null for a pinned expert the engine did not rank, and for viewers who may not see scores"),
  pinned: z.boolean(),
  expert: expertSummaryResponse,
  explanation: explanationResponse.nullable().describe("Null for viewers who may not see scores"),
});

export const technologyMatchResponse = z.object({
  kind: z.literal("technology"),
  id: z.number().int(),
  externalId: z.string().nullable(),
  rank: z.number().int(),
  score: score.nullable().describe("Null for viewers who may not see scores"),
  technology: technologyResponse,
  explanation: explanationResponse.nullable().describe("Null for viewers who may not see scores"),
});

export const emptyReason = z
  .enum(["no_analysable_text", "no_candidates"])
  .nullable()
  .describe("Why the ranking is empty, when it is");

export const matchesResponse = z.object({
  needId: z.number().int(),
  type: z.enum(["experts", "technologies"]),
  reason: emptyReason,
  scoresVisible: z
    .boolean()
    .describe("Whether items carry scores and explanations: for the need's owner and organizers only"),
  items: z.array(z.union([expertMatchResponse, technologyMatchResponse])),
  excluded: z
    .array(z.object({ id: z.number().int(), expert: expertSummaryResponse, note: z.string() }))
    .nullable()
    .describe("Organizers only: experts excluded from this need"),
});

export const suggestionsResponse = z.object({
  expertId: z.number().int(),
  status: z
    .enum(["ready", "partial", "preparing"])
    .describe(
      "ready: every open need was ranked; partial: some (opened or edited moments ago) are still being ranked and will appear shortly; preparing: the matching model is being built for the first time, no suggestions yet",
    ),
  rankedAt: z.string().nullable().describe("When every open need was last ranked for suggestions"),
  pendingNeeds: z.number().int().describe("Open needs not ranked yet"),
  items: z.array(
    z.object({
      kind: z.literal("need"),
      id: z.number().int(),
      rank: z.number().int(),
      score,
      publicFieldsOnly: z.boolean().describe("A confidential need matched on the fields anyone may read"),
      need: needResponse,
      explanation: explanationResponse
        .nullable()
        .describe("Null when it could not be made within the response time; the need's matches explain it"),
    }),
  ),
});

export const conflictBody = z.object({
  organization: requiredText(200).min(2),
  kind: z.enum(conflictKinds),
  reason: text(1000).default(""),
});

export const conflictResponse = z.object({
  id: z.number().int(),
  expertId: z.number().int(),
  organization: z.string(),
  kind: z.enum(conflictKinds),
  reason: z.string(),
  createdAt: z.string(),
});

export const conflictParams = z.object({
  id: recordId,
  conflictId: recordId,
});

export const overrideParams = z.object({
  id: recordId,
  expertId: recordId,
});

export const overrideBody = z.object({
  kind: z.enum(overrideKinds),
  note: text(1000).default(""),
});

export const overrideResponse = z.object({
  needId: z.number().int(),
  expertId: z.number().int(),
  kind: z.enum(overrideKinds),
  note: z.string(),
  createdAt: z.string(),
});

// ---- engagements (accepted invitations): contacts and the message thread
const partyContact = z.object({
  name: z.string(),
  organization: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export const engagementMessageResponse = z.object({
  id: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export const engagementResponse = z.object({
  invitationId: z.number().int(),
  need: z.object({ id: z.number().int(), title: z.string() }),
  expert: partyContact.extend({ id: z.number().int() }),
  enterprise: partyContact,
  messages: z.array(engagementMessageResponse),
});
export const engagementMessageBody = z.object({ body: requiredText(4000) });
