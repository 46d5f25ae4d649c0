import { z } from "zod";
import type { Invitation } from "../../matches/invitations.repository.js";
import { invitationStatuses } from "../../matches/invitations.repository.js";
import type { InvitationsService } from "../../matches/invitations.service.js";
import { requiredText, text } from "../../shared/text.schemas.js";
import { presentNeed } from "../needs/needs.presenter.js";
import { needResponse } from "../needs/needs.schemas.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { presentExpertSummary } from "./matches.presenter.js";
import { expertSummaryResponse } from "./matches.schemas.js";

export const inviteBody = z.object({
  expertId: z.number().int().positive(),
  message: text(2000).default(""),
});
export const declineBody = z.object({ reason: requiredText(2000, "Say why you decline") });

export const invitationResponse = z.object({
  id: z.number().int(),
  needId: z.number().int(),
  expertId: z.number().int(),
  status: z.enum(invitationStatuses),
  message: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
});

function presentInvitation(invitation: Invitation): z.infer<typeof invitationResponse> {
  return {
    id: invitation.id,
    needId: invitation.needId,
    expertId: invitation.expertId,
    status: invitation.status,
    message: invitation.message,
    reason: invitation.reason,
    createdAt: invitation.createdAt.toISOString(),
    respondedAt: invitation.respondedAt?.toISOString() ?? null,
  };
}

export const needInvitationsResponse = z.array(
  invitationResponse.extend({ expert: expertSummaryResponse.extend({ id: z.number().int() }) }),
);
export const expertInvitationsQuery = z.strictObject({ status: z.enum(invitationStatuses).optional() });
export const expertInvitationsResponse = z.array(invitationResponse.extend({ need: needResponse }));

export function registerInvitationRoutes(api: ApiRoutes, deps: { invitations: InvitationsService }): void {
  api.signedIn(
    {
      method: "post",
      path: "/api/needs/:id/invitations",
      tag: "matching",
      summary:
        "Invite an expert to a need (its enterprise or organizers); refused for conflicts of interest and full capacity",
      params: idParam,
      body: inviteBody,
      response: invitationResponse,
      status: 201,
    },
    async ({ actor, params, body }) =>
      presentInvitation(await deps.invitations.invite(actor, params.id, body.expertId, body.message)),
  );
  api.public(
    {
      method: "get",
      path: "/api/needs/:id/invitations",
      tag: "matching",
      summary:
        "A need's invitations: all of them for its enterprise and organizers; the engaged (accepted) experts for anyone who may read the need",
      params: idParam,
      response: needInvitationsResponse,
    },
    async ({ actor, params }) =>
      (await deps.invitations.forNeed(actor, params.id)).map(({ invitation, expert }) => ({
        ...presentInvitation(invitation),
        expert: { id: expert.id, ...presentExpertSummary(expert) },
      })),
  );
  api.signedIn(
    {
      method: "get",
      path: "/api/experts/:id/invitations",
      tag: "matching",
      summary: "An expert's invitations, newest first (the expert themself and organizers)",
      params: idParam,
      query: expertInvitationsQuery,
      response: expertInvitationsResponse,
    },
    async ({ actor, params, query }) =>
      (await deps.invitations.forExpert(actor, params.id, query.status)).map(({ invitation, need }) => ({
        ...presentInvitation(invitation),
        need: presentNeed(need),
      })),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/invitations/:id/accept",
      tag: "matching",
      summary: "Accept an invitation (the invited expert); it becomes an engagement counted against capacity",
      params: idParam,
      response: invitationResponse,
    },
    async ({ actor, params }) => presentInvitation(await deps.invitations.accept(actor, params.id)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/invitations/:id/decline",
      tag: "matching",
      summary: "Decline an invitation with a reason (the invited expert); the pair sinks in later rankings",
      params: idParam,
      body: declineBody,
      response: invitationResponse,
    },
    async ({ actor, params, body }) => presentInvitation(await deps.invitations.decline(actor, params.id, body.reason)),
  );
}
