import type { Router } from "express";
import { ForbiddenError } from "../../errors.js";
import { signedInActor } from "../accounts/accounts.pages.js";
import { translate } from "../i18n/translate.js";
import { formatDate } from "../layout/page-parts.view-models.js";
import type { PagesDeps } from "../pages.routes.js";
import { formText, pageId } from "../platform/forms.js";
import { declineForm } from "./matches.forms.js";
import { presentInbox } from "./matches.view-models.js";

const suggestionsShown = 10;

/** An expert's inbox: invitations to answer, answered ones, and suggested open needs. */
export function registerInboxPages(router: Router, deps: PagesDeps): void {
  const renderInbox = async (
    res: Parameters<Parameters<Router["get"]>[1]>[1],
    expertId: number,
    declineError: { invitationId: number; reason: string } | null = null,
    status = 200,
  ) => {
    const actor = res.locals.auth.actor!;
    const [invitations, suggestions, forwarded] = await Promise.all([
      deps.invitations.forExpert(actor, expertId),
      deps.matches.suggestionsForExpert(actor, expertId, suggestionsShown),
      deps.questionForwards.forExpert(expertId),
    ]);
    const lang = res.locals.lang;
    res.status(status).render("pages/inbox", {
      title: translate(lang, "inbox.title"),
      ...presentInbox(lang, { invitations, suggestions }),
      forwarded: forwarded.map((q) => ({
        salonTitle: q.salonTitle,
        text: q.text,
        href: `/salons/${q.salonId}`,
        date: formatDate(lang, q.forwardedAt),
        answered: q.status === "answered",
      })),
      declineError: declineError && {
        ...declineError,
        message: translate(lang, "inbox.decline.reasonRequired"),
      },
    });
  };

  const expertOf = (actor: { expertId: number | null }) => {
    if (actor.expertId === null) throw new ForbiddenError("The inbox belongs to experts' accounts");
    return actor.expertId;
  };

  router.get("/inbox", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    await renderInbox(res, expertOf(actor));
  });

  router.post("/invitations/:id/accept", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    await deps.invitations.accept(actor, pageId(req));
    res.redirect(303, "/inbox");
  });

  router.post("/invitations/:id/decline", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const id = pageId(req);
    const form = declineForm.safeParse(req.body);
    if (!form.success) {
      return renderInbox(res, expertOf(actor), { invitationId: id, reason: formText(req.body, "reason") }, 400);
    }
    await deps.invitations.decline(actor, id, form.data.reason);
    res.redirect(303, "/inbox");
  });
}
