import { z } from "zod";
import type { MatchesService } from "../matches/matches.service.js";
import type { ApiRoutes } from "./api-routes.js";
import { idParam } from "./common.schemas.js";

export const matchesQuery = z.strictObject({
  type: z.enum(["experts"]).default("experts"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const matchesResponse = z.object({
  needId: z.number().int(),
  reason: z.enum(["no_analysable_text", "no_candidates"]).nullable(),
  items: z.array(
    z.object({
      kind: z.literal("expert"),
      id: z.number().int(),
      externalId: z.string().nullable(),
      rank: z.number().int(),
      score: z.number(),
      expert: z.object({
        name: z.string(),
        organization: z.string(),
        title: z.string(),
        region: z.string(),
        disciplines: z.array(z.string()),
      }),
      explanation: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

export function registerMatchesRoutes(api: ApiRoutes, deps: { matches: MatchesService }): void {
  api.public(
    {
      method: "get",
      path: "/api/needs/:id/matches",
      tag: "matching",
      summary:
        "Experts ranked for a need, each with the evidence, terms, discipline and policy effects that produced its score (a confidential need's matches: its owner and organizers only)",
      params: idParam,
      query: matchesQuery,
      response: matchesResponse,
    },
    async ({ actor, params, query }) => {
      const result = await deps.matches.expertsForNeed(actor, params.id, query.limit);
      return {
        needId: result.needId,
        reason: result.reason,
        items: result.items.map(({ rank, score, expert, explanation }) => ({
          kind: "expert" as const,
          id: expert.id,
          externalId: expert.externalId,
          rank,
          score: Math.round(score * 10_000) / 10_000,
          expert: {
            name: expert.name,
            organization: expert.organization,
            title: expert.title,
            region: expert.region,
            disciplines: expert.disciplines,
          },
          explanation: explanation as unknown as Record<string, unknown> | null,
        })),
      };
    },
  );
}
