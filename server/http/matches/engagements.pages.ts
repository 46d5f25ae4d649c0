import type { Router } from "express";
import type { EngagementsService } from "../../matches/engagements.service.js";
import { translate } from "../i18n/translate.js";
import { pageId, parseForm } from "../platform/forms.js";
import { signedInActor } from "../platform/session.js";
import { engagementMessageForm } from "./matches.forms.js";
import { presentEngagementPage } from "./matches.view-models.js";

/** What the engagement page uses (nothing more of the container). */
export interface EngagementPagesDeps {
  engagements: EngagementsService;
}

/** `/engagements/:id`: both sides' contacts and their thread (new messages arrive live). */
export function registerEngagementPages(router: Router, deps: EngagementPagesDeps): void {
  const render = async (
    res: Parameters<Parameters<Router["get"]>[1]>[1],
    id: number,
    draft = "",
    error: string | null = null,
  ) => {
    const actor = res.locals.auth.actor!;
    const engagement = await deps.engagements.get(actor, id);
    res.status(error ? 400 : 200).render("pages/engagement", {
      title: translate(res.locals.lang, "engagement.title", { title: engagement.need.title }),
      ...presentEngagementPage(res.locals.lang, engagement, actor.userId),
      draft,
      error,
    });
  };

  router.get("/engagements/:id", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    await render(res, pageId(req));
  });

  router.post("/engagements/:id/messages", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const id = pageId(req);
    const form = parseForm(engagementMessageForm, req.body, res.locals.lang);
    if (!form.ok) return render(res, id, "", form.errors.body ?? null);
    await deps.engagements.post(actor, id, form.data.body);
    res.redirect(303, `/engagements/${id}#thread`);
  });
}
