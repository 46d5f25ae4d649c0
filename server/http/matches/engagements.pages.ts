import type { Router } from "express";
import type { EngagementsService } from "../../matches/engagements.service.js";
import { translate } from "../i18n/translate.js";
import { formText, pageId, parseForm } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { engagementMessageForm } from "./matches.forms.js";
import { presentEngagementPage } from "./matches.view-models.js";

/** What the engagement page uses (nothing more of the container). */
export interface EngagementPagesDeps {
  engagements: EngagementsService;
}

/** `/engagements/:id`: both sides' contacts and their thread (new messages arrive live). */
export function registerEngagementPages(router: Router, deps: EngagementPagesDeps, keptInput: KeptInputForms): void {
  const render = async (
    res: Parameters<Parameters<Router["get"]>[1]>[1],
    id: number,
    draft = "",
    error: string | null = null,
    status = error ? 400 : 200,
  ) => {
    const actor = res.locals.auth.actor!;
    const engagement = await deps.engagements.get(actor, id);
    res.status(status).render("pages/engagement", {
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
    if (!form.ok) return render(res, id, formText(req.body, "body"), form.errors.body ?? null);
    await deps.engagements.post(actor, id, form.data.body);
    res.redirect(303, `/engagements/${id}#thread`);
  });
  keptInput.add("/engagements/:id/messages", (req, res, status) =>
    render(res, pageId(req), formText(req.body, "body"), null, status),
  );
}
