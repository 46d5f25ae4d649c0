import type { Response, Router } from "express";
import type { Actor } from "../../accounts/accounts.types.js";
import { NotFoundError } from "../../errors.js";
import type { OutcomesService } from "../../events/outcomes.service.js";
import type { Outcome, OutcomeMeeting } from "../../events/outcomes.types.js";
import { translate } from "../i18n/translate.js";
import { formText, pageId, parseForm, type FieldErrors } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { isRefusal, refusalStatus, refusalText } from "./event-refusals.js";
import { outcomeForm, valueErrorOf, yuanOf } from "./outcomes.forms.js";
import { outcomeHref } from "./events.view-models.js";
import { presentOutcomePage, recordedValues, sidesOf, type OutcomeFormValues } from "./outcomes.view-models.js";

/** What was typed into the outcome form, to show again. */
const submittedOutcome = (body: unknown): OutcomeFormValues => ({
  side: formText(body, "side"),
  result: formText(body, "result"),
  contractValueYuan: formText(body, "contractValueYuan"),
  note: formText(body, "note"),
});

export interface OutcomePagesDeps {
  outcomes: OutcomesService;
}

/**
 * A meeting's outcome page: what each side recorded, and the form for the viewer's side (an
 * organizer chooses the side). Only the meeting's two parties and organizers reach it; anyone
 * else gets the 404 the API gives (the meeting is not theirs to know about). The form is offered
 * once the meeting has begun (outcomeBlock); it posts back here and redirects with a confirmation.
 */
export function registerOutcomePages(router: Router, { outcomes }: OutcomePagesDeps, keptInput: KeptInputForms): void {
  /** The meeting at this event, for a party or an organizer. */
  const meetingAt = async (actor: Actor, eventId: number, meetingId: number) => {
    const found = await outcomes.forMeeting(actor, meetingId);
    if (found.meeting.eventId !== eventId) throw new NotFoundError("Meeting", meetingId);
    return found;
  };

  const render = (
    res: Response,
    actor: Actor,
    found: { meeting: OutcomeMeeting; outcomes: Outcome[] },
    values: OutcomeFormValues,
    status = 200,
    problems: { errors?: FieldErrors; formError?: string } = {},
  ) => {
    res.status(status).render(
      "pages/events/outcome",
      presentOutcomePage(res.locals.lang, {
        actor,
        ...found,
        block: outcomes.blockOf(found.meeting),
        values,
        ...problems,
      }),
    );
  };

  router.get("/events/:id/meetings/:meetingId/outcome", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const found = await meetingAt(actor, pageId(req), pageId(req, "meetingId"));
    render(res, actor, found, recordedValues(sidesOf(actor, found.meeting), found.outcomes));
  });

  router.post("/events/:id/meetings/:meetingId/outcome", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const found = await meetingAt(actor, pageId(req), pageId(req, "meetingId"));
    const submitted = submittedOutcome(req.body);
    const form = parseForm(outcomeForm, req.body, lang);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const yuan = yuanOf(req.body);
    if ("error" in yuan) errors.contractValueYuan = translate(lang, yuan.error);
    const sides = sidesOf(actor, found.meeting);
    if (form.ok && sides.length > 1 && !form.data.side) errors.side = translate(lang, "form.error.choose");
    if (form.ok && "value" in yuan) {
      const valueError = valueErrorOf(form.data.result, yuan.value);
      if (valueError) errors.contractValueYuan ??= translate(lang, valueError);
    }
    if (!form.ok || !("value" in yuan) || Object.keys(errors).length > 0) {
      return render(res, actor, found, submitted, 400, { errors });
    }
    try {
      await outcomes.record(actor, found.meeting.id, {
        side: sides.length > 1 ? form.data.side : sides[0],
        result: form.data.result,
        contractValueYuan: yuan.value,
        note: form.data.note,
      });
    } catch (error) {
      // Not open to outcomes (not begun, or marked a no-show meanwhile): the page shows why, in its language.
      if (!isRefusal(error)) throw error;
      const fresh = await meetingAt(actor, found.meeting.eventId, found.meeting.id);
      const explained = error.code === "conflict" && outcomes.blockOf(fresh.meeting) !== null;
      const problems = explained ? {} : { formError: refusalText(lang, error, fresh.meeting.eventKind) };
      return render(res, actor, fresh, submitted, refusalStatus(error), problems);
    }
    res.locals.setFlash("flash.outcomeRecorded");
    res.redirect(303, outcomeHref(found.meeting.eventId, found.meeting.id));
  });
  keptInput.add("/events/:id/meetings/:meetingId/outcome", async (req, res, status) => {
    const actor = res.locals.auth.actor!;
    const found = await meetingAt(actor, pageId(req), pageId(req, "meetingId"));
    render(res, actor, found, submittedOutcome(req.body), status);
  });
}
