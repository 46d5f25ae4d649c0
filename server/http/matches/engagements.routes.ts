import type { EngagementsService } from "../../matches/engagements.service.js";
import type { ApiRoutes } from "../platform/api-routes.js";
import { idParam } from "../platform/common.schemas.js";
import { presentEngagement, presentEngagementMessage } from "./matches.presenter.js";
import { engagementMessageBody, engagementMessageResponse, engagementResponse } from "./matches.schemas.js";

/** An accepted invitation: both sides' contact details and their message thread. */
export function registerEngagementRoutes(api: ApiRoutes, { engagements }: { engagements: EngagementsService }): void {
  api.signedIn(
    {
      method: "get",
      path: "/api/engagements/:id",
      tag: "invitations",
      summary: "An accepted invitation's contacts and messages (its two sides and organizers)",
      params: idParam,
      response: engagementResponse,
    },
    async ({ actor, params }) => presentEngagement(await engagements.get(actor, params.id)),
  );
  api.signedIn(
    {
      method: "post",
      path: "/api/engagements/:id/messages",
      tag: "invitations",
      summary: "Write to the other side (delivered live, or by email when they are offline)",
      params: idParam,
      body: engagementMessageBody,
      response: engagementMessageResponse,
      status: 201,
    },
    async ({ actor, params, body }) => presentEngagementMessage(await engagements.post(actor, params.id, body.body)),
  );
}
