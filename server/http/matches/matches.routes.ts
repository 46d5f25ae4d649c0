import type { z } from "zod";
import type { ExpertConflict, MatchOverride } from "../../matches/match-curation.repository.js";
import type { MatchCurationService } from "../../matches/match-curation.service.js";
import type { MatchesService } from "../../matches/matches.service.js";
import { presentNeed } from "../needs/needs.presenter.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { presentTechnology } from "../technologies/technologies.presenter.js";
import { presentExpertMatch, presentExpertSummary, rounded, type Explanation } from "./matches.presenter.js";
import {
  conflictBody,
  conflictParams,
  conflictResponse,
  matchesQuery,
  matchesResponse,
  overrideBody,
  overrideParams,
  overrideResponse,
  suggestionsQuery,
  suggestionsResponse,
} from "./matches.schemas.js";

function presentConflict(conflict: ExpertConflict): z.infer<typeof conflictResponse> {
  return { ...conflict, createdAt: conflict.createdAt.toISOString() };
}

function presentOverride(override: MatchOverride): z.infer<typeof overrideResponse> {
  return { ...override, createdAt: override.createdAt.toISOString() };
}

/** Rankings of experts and technologies for a need. */
function registerNeedMatchRoutes(api: ApiRoutes, { matches }: { matches: MatchesService }): void {
  api.public(
    {
      method: "get",
      path: "/api/needs/:id/matches",
      tag: "matching",
      summary:
        "Experts or technologies ranked for a need, each with the evidence, terms, discipline and policy effects that produced its score; pinned experts first, excluded and conflicted experts never (a confidential need's matches: its owner and organizers only). Scores and explanations are for the need's owner and organizers: everyone else gets the ranked order with `score` and `explanation` null",
      params: idParam,
      query: matchesQuery,
      response: matchesResponse,
    },
    async ({ actor, params, query }): Promise<z.infer<typeof matchesResponse>> => {
      if (query.type === "technologies") {
        const result = await matches.technologiesForNeed(actor, params.id, query.limit);
        return {
          needId: result.needId,
          type: "technologies",
          reason: result.reason,
          scoresVisible: result.scoresVisible,
          excluded: null,
          items: result.items.map((item) => ({
            kind: "technology" as const,
            id: item.technology.id,
            externalId: item.technology.externalId,
            rank: item.rank,
            score: item.score === null ? null : rounded(item.score),
            technology: presentTechnology(item.technology),
            explanation: item.explanation as Explanation | null,
          })),
        };
      }
      const result = await matches.expertsForNeed(actor, params.id, query.limit);
      return {
        needId: result.needId,
        type: "experts",
        reason: result.reason,
        scoresVisible: result.scoresVisible,
        items: result.items.map(presentExpertMatch),
        excluded:
          result.excluded?.map(({ expert, note }) => ({ id: expert.id, expert: presentExpertSummary(expert), note })) ??
          null,
      };
    },
  );
}

/** Needs suggested to an expert. */
function registerSuggestionRoutes(api: ApiRoutes, { matches }: { matches: MatchesService }): void {
  api.signedIn(
    {
      method: "get",
      path: "/api/experts/:id/suggestions",
      tag: "matching",
      summary:
        "Open needs suggested to an expert (the expert themself and organizers), ranked, with explanations; needs the expert is already invited to are in their invitations instead. Answered at once from rankings made in the background after each model build: `status` says whether they are complete",
      params: idParam,
      query: suggestionsQuery,
      response: suggestionsResponse,
    },
    async ({ actor, params, query }) => {
      const suggestions = await matches.suggestionsForExpert(actor, params.id, query.limit);
      return {
        expertId: params.id,
        status: suggestions.status,
        rankedAt: suggestions.rankedAt?.toISOString() ?? null,
        pendingNeeds: suggestions.pendingNeeds,
        items: suggestions.items.map((s) => ({
          kind: "need" as const,
          id: s.need.id,
          rank: s.rank,
          score: rounded(s.score),
          publicFieldsOnly: s.publicFieldsOnly,
          need: presentNeed({ need: s.need, detailsVisible: s.detailsVisible, editable: false }),
          explanation: s.explanation as Explanation | null,
        })),
      };
    },
  );
}

/** Conflicts of interest an expert declares. */
function registerConflictRoutes(api: ApiRoutes, { curation }: { curation: MatchCurationService }): void {
  api.signedIn(
    {
      method: "get",
      path: "/api/experts/:id/conflicts",
      tag: "matching",
      summary: "Conflicts of interest declared for an expert (organizers)",
      params: idParam,
      response: conflictResponse.array(),
    },
    async ({ actor, params }) => (await curation.conflictsOf(actor, params.id)).map(presentConflict),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/experts/:id/conflicts",
      tag: "matching",
      summary:
        "Declare an expert's conflict of interest with an organization (organizers): the expert is never proposed for or invited to its needs",
      params: idParam,
      body: conflictBody,
      response: conflictResponse,
      status: 201,
    },
    async ({ actor, params, body }) => presentConflict(await curation.declareConflict(actor, params.id, body)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/experts/:id/conflicts/:conflictId",
      tag: "matching",
      summary: "Withdraw a declared conflict of interest (organizers)",
      params: conflictParams,
      status: 204,
    },
    async ({ actor, params }) => {
      await curation.removeConflict(actor, params.id, params.conflictId);
    },
  );
}

/** Organizers' pins and exclusions on a need's ranking. */
function registerOverrideRoutes(api: ApiRoutes, { curation }: { curation: MatchCurationService }): void {
  api.signedIn(
    {
      method: "put",
      path: "/api/needs/:id/matches/:expertId",
      tag: "matching",
      summary: "Pin an expert to the top of a need's ranking, or exclude them from it (organizers)",
      params: overrideParams,
      body: overrideBody,
      response: overrideResponse,
    },
    async ({ actor, params, body }) =>
      presentOverride(await curation.setOverride(actor, params.id, params.expertId, body.kind, body.note)),
  );
  api.signedIn(
    {
      method: "delete",
      path: "/api/needs/:id/matches/:expertId",
      tag: "matching",
      summary: "Remove a pin or exclusion (organizers)",
      params: overrideParams,
      status: 204,
    },
    async ({ actor, params }) => {
      await curation.clearOverride(actor, params.id, params.expertId);
    },
  );
}

export function registerMatchesRoutes(
  api: ApiRoutes,
  deps: { matches: MatchesService; curation: MatchCurationService },
): void {
  registerNeedMatchRoutes(api, deps);
  registerSuggestionRoutes(api, deps);
  registerConflictRoutes(api, deps);
  registerOverrideRoutes(api, deps);
}
