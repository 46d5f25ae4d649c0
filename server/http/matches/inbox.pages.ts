import type { Response, Router } from "express";
import { ConflictError, ForbiddenError } from "../../errors.js";
import type { InvitationsService } from "../../matches/invitations.service.js";
import type { MatchesService } from "../../matches/matches.service.js";
import type { QuestionForwardsRepository } from "../../salons/question-forwards.repository.js";
import { translate, type Lang } from "../i18n/translate.js";
import { formatDate } from "../layout/page-parts.view-models.js";
import { fieldErrorsOf, formText, pageId } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { declineForm } from "./matches.forms.js";
import { presentInbox } from "./matches.view-models.js";

const suggestionsShown = 10;

/** Why an answer could not be recorded, shown above the invitations: a reason the expert can act on. */
interface InboxNotice {
  text: string;
  /** Where to raise the capacity, when that is what stands in the way. */
  profileHref: string | null;
}

/**
 * An accept or decline refused by the invitation's state: the expert is at their capacity, or
 * the invitation was answered meanwhile (another tab, a double click). Other conflicts are not the inbox's.
 */
function answerRefusal(lang: Lang, expertId: number, error: ConflictError): InboxNotice {
  const details = (error.details ?? {}) as { capacity?: number };
  if (details.capacity !== undefined) {
    return {
      text: translate(lang, "inbox.notice.capacity", { capacity: details.capacity }),
      profileHref: `/experts/${expertId}/edit`,
    };
  }
  return { text: translate(lang, "inbox.notice.answered"), profileHref: null };
}

/** What the inbox pages use (nothing more of the container). */
export interface InboxPagesDeps {
  invitations: InvitationsService;
  /** Published docking events the user takes part in (server/events), listed with a link to the agenda. */
  eventSchedule: { eventsOf(userId: number): Promise<{ id: number; title: string; venue: string; startsAt: Date }[]> };
  matches: MatchesService;
  questionForwards: QuestionForwardsRepository;
}

/** An expert's inbox: invitations to answer, answered ones, and suggested open needs. */
export function registerInboxPages(router: Router, deps: InboxPagesDeps, keptInput: KeptInputForms): void {
  const renderInbox = async (
    res: Response,
    expertId: number,
    /** A decline to show again: its typed reason, and what was wrong with it (null: nothing). */
    decline: { invitationId: number; reason: string; problem: string | null } | null = null,
    status = 200,
    notice: InboxNotice | null = null,
  ) => {
    const actor = res.locals.auth.actor!;
    const [invitations, suggestions, forwarded, events] = await Promise.all([
      deps.invitations.forExpert(actor, expertId),
      deps.matches.suggestionsForExpert(actor, expertId, suggestionsShown),
      deps.questionForwards.forExpert(expertId),
      deps.eventSchedule.eventsOf(actor.userId),
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
      events: events.map((e) => ({
        title: e.title,
        venue: e.venue,
        date: formatDate(lang, e.startsAt),
        agendaHref: `/events/${e.id}/agenda`,
      })),
      notice,
      decline: decline && {
        invitationId: decline.invitationId,
        reason: decline.reason,
        message: decline.problem,
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

  /** Records an answer; when the invitation's state refuses it, shows the inbox again with the reason. */
  const answer = async (res: Response, expertId: number, record: () => Promise<unknown>): Promise<boolean> => {
    try {
      await record();
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      await renderInbox(res, expertId, null, 409, answerRefusal(res.locals.lang, expertId, error));
      return false;
    }
  };

  router.post("/invitations/:id/accept", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const id = pageId(req);
    if (!(await answer(res, expertOf(actor), () => deps.invitations.accept(actor, id)))) return;
    res.locals.setFlash("flash.accepted");
    res.redirect(303, "/inbox");
  });

  router.post("/invitations/:id/decline", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const id = pageId(req);
    const form = declineForm.safeParse(req.body);
    if (!form.success) {
      const lang = res.locals.lang;
      // A reason past the limit is not a missing one: say which (the field's own maxlength
      // stops a browser, not a script or an old page).
      const tooLong = form.error.issues.some((issue) => issue.code === "too_big");
      const problem = tooLong
        ? fieldErrorsOf(form.error, lang).reason!
        : translate(lang, "inbox.decline.reasonRequired");
      return renderInbox(
        res,
        expertOf(actor),
        { invitationId: id, reason: formText(req.body, "reason"), problem },
        400,
      );
    }
    const reason = form.data.reason;
    if (!(await answer(res, expertOf(actor), () => deps.invitations.decline(actor, id, reason)))) return;
    res.locals.setFlash("flash.declined");
    res.redirect(303, "/inbox");
  });
  keptInput.add("/invitations/:id/decline", async (req, res, status) => {
    const decline = { invitationId: pageId(req), reason: formText(req.body, "reason"), problem: null };
    await renderInbox(res, expertOf(res.locals.auth.actor!), decline, status);
  });
}
