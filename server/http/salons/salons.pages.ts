import type { Request, Response, Router } from "express";
import { z } from "zod";
import type { AccountsService } from "../../accounts/accounts.service.js";
import type { Clock } from "../../shared/clock.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import { salonStatuses, type MemberActor } from "../../salons/salon.types.js";
import type { SalonGuestsService } from "../../salons/salon-guests.service.js";
import type { SalonsService } from "../../salons/salons.service.js";
import type { SearchService } from "../../search/search.service.js";
import { guestCookieName } from "../../shared/session-cookie.js";
import { readCookie } from "../platform/cookies.js";
import { salonActorOf, type SalonDetail, type SalonInput } from "../../salons/salons.service.js";
import { joinList, translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { readExpertChoice } from "../platform/expert-choice.js";
import { formText, pageId, parseForm, splitEmails, type FieldErrors } from "../platform/forms.js";
import type { KeptInputForms, ShowFormAgain } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { needFromQuestion, presentMinutes, type RefusedForward } from "./salon-minutes.view-models.js";
import {
  agendaMinutes,
  keptBudgetSeconds,
  salonForm,
  speakerRowForm,
  speakerRowsOf,
  type SpeakerRowText,
} from "./salons.forms.js";
import {
  beijingInputValue,
  emptySalonForm,
  presentSalonCard,
  presentSalonDetail,
  presentSalonForm,
  presentSalonRoom,
  type JoinCode,
  type SalonFormValues,
} from "./salons.view-models.js";

/** Why a forward the service refused is shown at its box: an unknown expert's number, or one who has it already. */
function forwardRefusal(error: unknown): { key: MessageKey; status: number } | null {
  if (error instanceof NotFoundError) return { key: "expertPicker.unknown", status: 404 };
  const reason = error instanceof ConflictError ? (error.details as { reason?: string } | undefined)?.reason : null;
  return reason === "already_forwarded" ? { key: "minutes.alreadyForwarded", status: 409 } : null;
}

const salonsPageQuery = z.object({ status: z.enum(salonStatuses).optional().catch(undefined) });

function submittedValues(lang: Lang, body: unknown): SalonFormValues {
  const text = (field: string) => formText(body, field);
  const visibility = text("visibility");
  return {
    title: text("title"),
    topic: text("topic"),
    description: text("description"),
    disciplines: formText(body, "disciplines", lang),
    startsAt: text("startsAt"),
    endsAt: text("endsAt"),
    visibility: visibility === "members" || visibility === "invite_only" ? visibility : "public",
    premoderation: text("premoderation") !== "",
    slowModeSeconds: text("slowModeSeconds"),
    handBudgetSeconds: text("handBudgetSeconds"),
    moderatorEmails: text("moderatorEmails"),
    inviteeEmails: text("inviteeEmails"),
    speakers: speakerRowsOf(body),
  };
}

async function storedValues(
  lang: Lang,
  detail: SalonDetail,
  emailOf: (id: number) => Promise<string>,
): Promise<SalonFormValues> {
  const { salon } = detail;
  return {
    title: salon.title,
    topic: salon.topic,
    description: salon.description,
    disciplines: joinList(lang, salon.disciplines),
    startsAt: beijingInputValue(salon.startsAt),
    endsAt: beijingInputValue(salon.endsAt),
    visibility: salon.visibility,
    premoderation: detail.settings.premoderation,
    slowModeSeconds: String(detail.settings.slowModeSeconds),
    handBudgetSeconds: String(detail.settings.handBudgetSeconds),
    moderatorEmails: (await Promise.all(salon.moderators.map((m) => emailOf(m.userId)))).join("\n"),
    inviteeEmails: (await Promise.all((detail.inviteeIds ?? []).map(emailOf))).join("\n"),
    speakers: salon.speakers.map((s) => ({
      expertId: String(s.expertId),
      expertName: s.name,
      talkTitle: s.talkTitle,
      minutes: String(agendaMinutes(s.budgetSeconds)),
    })),
  };
}

/** A talk of the agenda as stored, before the form changes it. */
type StoredSpeaker = SalonDetail["salon"]["speakers"][number];

/** What the salon pages use (nothing more of the container). */
export interface SalonPagesDeps {
  clock: Clock;
  salons: SalonsService;
  search: SearchService;
  salonGuests: SalonGuestsService;
  accounts: AccountsService;
}

/** Salon pages: the list, the organizer's form, the salon's page and its live room. */
/** The salon pages' request handlers, one named function each. */
export function createSalonPageHandlers(deps: SalonPagesDeps) {
  const { salons, salonGuests, accounts, search, clock } = deps;
  const viewer = (res: Response): MemberActor | null => salonActorOf(res.locals.auth.user);
  /** The guest this browser's cookie names in the salon, when nobody is signed in. */
  const guestIn = (req: Request, res: Response, salonId: number) =>
    res.locals.auth.user
      ? Promise.resolve(null)
      : salonGuests.guestFor(salonId, readCookie(req, guestCookieName(salonId)));
  /** A public salon that has not ended can be joined without an account, by its code (typed at this host's /join). */
  const joinCodeOf = async (req: Request, detail: SalonDetail): Promise<JoinCode | null> =>
    detail.salon.visibility === "public" && detail.salon.status !== "closed"
      ? { code: await salonGuests.joinCodeFor(detail.salon.id), host: req.get("host") ?? "localhost" }
      : null;

  /** The accounts a list of emails names; a mistake in it goes beside the field. */
  const accountIds = async (
    body: unknown,
    field: "moderatorEmails" | "inviteeEmails",
    lang: Lang,
    errors: FieldErrors,
  ) => {
    const typed = formText(body, field);
    const parsed = salonForm.shape[field].safeParse(typed);
    if (!parsed.success) {
      const invalid = splitEmails(typed).filter((email) => !z.email().safeParse(email).success);
      if (invalid.length)
        errors[field] = translate(lang, "salonForm.invalidEmails", { emails: joinList(lang, invalid) });
      return [];
    }
    const users = await Promise.all(
      parsed.data.map(async (email) => ({ email, user: await accounts.findUserByEmail(email) })),
    );
    const unknown = users.filter((u) => !u.user).map((u) => u.email);
    if (unknown.length) errors[field] = translate(lang, "salonForm.unknownEmails", { emails: joinList(lang, unknown) });
    return users.flatMap((u) => (u.user ? [u.user.id] : []));
  };

  /**
   * The agenda as the service takes it. Each row's expert box is a person picker (a chosen
   * number, or a typed number or name); a row's mistakes go beside its inputs, keyed
   * `speakers.<row>.<part>` as presentSalonForm reads them.
   */
  const readSpeakers = async (
    body: unknown,
    lang: Lang,
    errors: FieldErrors,
    stored: readonly StoredSpeaker[],
  ): Promise<SalonInput["speakers"]> => {
    const rows = speakerRowsOf(body);
    const rowError = (index: number, part: keyof SpeakerRowText, message: string) => {
      errors[`speakers.${index}.${part}`] = message;
    };
    const chosen = await Promise.all(
      rows.map((row) =>
        row.expertId.trim() === ""
          ? { error: translate(lang, "salonForm.speakerMissing") }
          : readExpertChoice(search, lang, row.expertId),
      ),
    );
    const known = await salons.expertNames(chosen.flatMap((choice) => ("expertId" in choice ? [choice.expertId] : [])));
    const rowOf = new Map<number, number>();
    const speakers: SalonInput["speakers"] = [];
    for (const [index, row] of rows.entries()) {
      const parts = parseForm(speakerRowForm, row, lang);
      if (!parts.ok)
        for (const [part, message] of Object.entries(parts.errors))
          rowError(index, part as keyof SpeakerRowText, message);
      const choice = chosen[index]!;
      if ("error" in choice) {
        rowError(index, "expertId", choice.error);
      } else if (!known.has(choice.expertId)) {
        rowError(index, "expertId", translate(lang, "expertPicker.unknown"));
      } else if (rowOf.has(choice.expertId)) {
        rowError(index, "expertId", translate(lang, "salonForm.speakerTwice", { n: rowOf.get(choice.expertId)! }));
      } else {
        rowOf.set(choice.expertId, index + 1);
        if (parts.ok)
          speakers.push({
            expertId: choice.expertId,
            talkTitle: parts.data.talkTitle,
            budgetSeconds: keptBudgetSeconds(choice.expertId, parts.data.minutes, stored),
          });
      }
    }
    return speakers;
  };

  /**
   * The form turned into the service's input, or the errors to show beside each field: every
   * mistake at once, so the checks across fields and of what a field names (an account, an
   * expert) run whatever else failed.
   */
  const readForm = async (
    body: unknown,
    lang: Lang,
    stored: readonly StoredSpeaker[] = [],
  ): Promise<{ ok: true; input: SalonInput } | { ok: false; errors: FieldErrors }> => {
    const form = parseForm(salonForm, body, lang);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const times = salonForm.pick({ startsAt: true, endsAt: true }).safeParse(body ?? {});
    if (times.success && times.data.startsAt && times.data.endsAt && times.data.endsAt <= times.data.startsAt) {
      errors.endsAt ??= translate(lang, "salonForm.endBeforeStart");
    }
    const moderatorIds = await accountIds(body, "moderatorEmails", lang, errors);
    const inviteeIds = await accountIds(body, "inviteeEmails", lang, errors);
    const speakers = await readSpeakers(body, lang, errors, stored);
    if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
    const { moderatorEmails: _m, inviteeEmails: _i, ...fields } = form.data;
    return { ok: true, input: { ...fields, moderatorIds, inviteeIds, speakers } };
  };

  /** Domain refusals that belong to one field (an unknown expert) go next to it. */
  const fieldErrorsOf = (error: unknown, lang: Lang): FieldErrors | null => {
    if (!(error instanceof ValidationError)) return null;
    const unknown = (error.details as { speakers?: number[] } | undefined)?.speakers;
    if (unknown)
      return {
        speakers: translate(lang, "salonForm.unknownExperts", {
          ids: joinList(lang, unknown.map(String)),
        }),
      };
    return null;
  };

  /** The form, its agenda's expert boxes showing names for the numbers of known experts. */
  /**
   * The confirmation after a save. A start already past is kept, not refused: organizers also
   * record salons held before (and the API takes them, as imports and the demo do), but a
   * mistyped year is the likelier cause, so a new or changed start in the past is pointed out.
   */
  const savedFlash = (res: Response, saved: SalonInput, previousStart: string | null | undefined) => {
    const startsAt = saved.startsAt?.toISOString() ?? null;
    const past = startsAt !== null && startsAt !== previousStart && Date.parse(startsAt) < clock.now().getTime();
    res.locals.setFlash(
      past ? "flash.salonStartsInPast" : previousStart === undefined ? "flash.salonCreated" : "flash.salonSaved",
    );
  };

  const renderForm = async (res: Response, options: Parameters<typeof presentSalonForm>[1], status = 200) => {
    const numbered = options.values.speakers.filter((row) => !row.expertName && /^\d{1,10}$/.test(row.expertId.trim()));
    const names = await salons.expertNames(numbered.map((row) => Number(row.expertId.trim())));
    const speakers = options.values.speakers.map((row) => {
      const name = row.expertName ?? names.get(Number(row.expertId.trim()));
      return name === undefined ? row : { ...row, expertId: row.expertId.trim(), expertName: name };
    });
    res
      .status(status)
      .render(
        "pages/salons/form",
        presentSalonForm(res.locals.lang, { ...options, values: { ...options.values, speakers } }),
      );
  };

  const organizer = (req: Request, res: Response): MemberActor | null => {
    const actor = signedInActor(req, res);
    if (!actor) return null;
    if (actor.role !== "organizer" && actor.role !== "admin") {
      throw new ForbiddenError("Only organizers can create salons");
    }
    return viewer(res);
  };

  const listSalons = async (req: Request, res: Response) => {
    const lang = res.locals.lang;
    const { status } = salonsPageQuery.parse(req.query);
    const actor = viewer(res);
    const items = await salons.list(actor, status);
    res.render("pages/salons/list", {
      title: translate(lang, "salons.title"),
      canCreate: actor?.role === "organizer" || actor?.role === "admin",
      tabs: [undefined, ...salonStatuses].map((code) => ({
        href: code ? `/salons?status=${code}` : "/salons",
        label: translate(lang, code ? `salon.status.${code}` : "salons.tabs.all"),
        current: code === status,
      })),
      salons: items.map((item) => presentSalonCard(lang, item)),
    });
  };

  const showNewSalonForm = (req: Request, res: Response) => {
    if (!organizer(req, res)) return;
    return renderForm(res, { values: emptySalonForm });
  };

  const createSalon = async (req: Request, res: Response) => {
    const actor = organizer(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const form = await readForm(req.body, lang);
    if (!form.ok) return renderForm(res, { values: submittedValues(lang, req.body), errors: form.errors }, 400);
    try {
      const created = await salons.create(actor, form.input);
      savedFlash(res, form.input, undefined);
      res.redirect(303, `/salons/${created.salon.id}`);
    } catch (error) {
      const errors = fieldErrorsOf(error, lang);
      if (!errors) throw error;
      await renderForm(res, { values: submittedValues(lang, req.body), errors }, 400);
    }
  };

  /** The new-salon form again with what was posted, when its CSRF check refused it (kept-input.ts). */
  const showNewSalonFormAgain: ShowFormAgain = async (req, res, status) => {
    if (!organizer(req, res)) return;
    await renderForm(res, { values: submittedValues(res.locals.lang, req.body) }, status);
  };

  /** The salon's edit form again with what was posted, likewise. */
  const showEditSalonFormAgain: ShowFormAgain = async (req, res, status) => {
    const id = pageId(req);
    const detail = await salons.get(viewer(res), id);
    if (!detail.canManage) throw new ForbiddenError("Only the salon's organizer can change it");
    await renderForm(res, { salonId: id, values: submittedValues(res.locals.lang, req.body) }, status);
  };

  const showSalon = async (req: Request, res: Response) => {
    const detail = await salons.get(viewer(res), pageId(req));
    const signedIn = res.locals.auth.user !== null;
    res.render(
      "pages/salons/detail",
      presentSalonDetail(res.locals.lang, detail, signedIn, await joinCodeOf(req, detail)),
    );
  };

  const showEditSalonForm = async (req: Request, res: Response) => {
    const id = pageId(req);
    if (!signedInActor(req, res)) return;
    const detail = await salons.get(viewer(res), id);
    if (!detail.canManage) throw new ForbiddenError("Only the salon's organizer can change it");
    const emailOf = async (userId: number) => (await accounts.findUser(userId))?.email ?? "";
    await renderForm(res, { salonId: id, values: await storedValues(res.locals.lang, detail, emailOf) });
  };

  const updateSalon = async (req: Request, res: Response) => {
    const id = pageId(req);
    if (!signedInActor(req, res)) return;
    const actor = viewer(res)!;
    const lang = res.locals.lang;
    const detail = await salons.get(actor, id);
    if (!detail.canManage) throw new ForbiddenError("Only the salon's organizer can change it");
    const form = await readForm(req.body, lang, detail.salon.speakers);
    const submitted = () => submittedValues(lang, req.body);
    if (!form.ok) return renderForm(res, { salonId: id, values: submitted(), errors: form.errors }, 400);
    try {
      await salons.update(actor, id, form.input);
      savedFlash(res, form.input, detail.salon.startsAt);
      res.redirect(303, `/salons/${id}`);
    } catch (error) {
      const errors = fieldErrorsOf(error, lang);
      if (!errors) throw error;
      await renderForm(res, { salonId: id, values: submitted(), errors }, 400);
    }
  };

  /** Opens or closes the salon, then shows the live room or the salon's page. */
  const changeSalonState = (action: "open" | "close") => async (req: Request, res: Response) => {
    const id = pageId(req);
    if (!signedInActor(req, res)) return;
    await salons[action](viewer(res)!, id);
    res.redirect(303, action === "open" ? `/salons/${id}/live` : `/salons/${id}`);
  };

  /** The minutes; after a refused action, with the refusal beside the forward box or at the top (`alert`). */
  const showMinutes = async (
    req: Request,
    res: Response,
    {
      refused,
      alert = null,
      status = refused ? 400 : 200,
    }: { refused?: RefusedForward; alert?: string | null; status?: number } = {},
  ) => {
    const minutes = await salons.minutes(viewer(res), pageId(req));
    res.status(status).render("pages/salons/minutes", { ...presentMinutes(res.locals.lang, minutes, refused), alert });
  };

  const turnQuestionIntoNeed = async (req: Request, res: Response) => {
    const id = pageId(req);
    const questionId = pageId(req, "questionId");
    if (!signedInActor(req, res)) return;
    const lang = res.locals.lang;
    try {
      const { needId } = await salons.turnIntoNeed(viewer(res)!, id, questionId, needFromQuestion(lang));
      res.redirect(303, `/needs/${needId}/edit`);
    } catch (error) {
      // Another moderator (or another tab) got there first: the minutes now show why.
      const details = error instanceof ConflictError ? (error.details as { reason?: string; needId?: number }) : {};
      if (details?.reason === "need_already_made")
        return showMinutes(req, res, {
          alert: translate(lang, "minutes.alreadyNeed", { id: details.needId ?? "" }),
          status: 409,
        });
      if (details?.reason === "need_question_not_open")
        return showMinutes(req, res, { alert: translate(lang, "minutes.needQuestionClosed"), status: 409 });
      throw error;
    }
  };

  const forwardQuestion = async (req: Request, res: Response) => {
    const id = pageId(req);
    const questionId = pageId(req, "questionId");
    if (!signedInActor(req, res)) return;
    const value = formText(req.body, "expertId");
    const lang = res.locals.lang;
    const choice = await readExpertChoice(search, lang, value);
    if ("error" in choice) return showMinutes(req, res, { refused: { questionId, value, error: choice.error } });
    try {
      await salons.forwardQuestion(viewer(res)!, id, questionId, choice.expertId);
    } catch (error) {
      // The salon and the question are found before the expert: a missing one is the expert.
      const refusal = forwardRefusal(error);
      if (!refusal) throw error;
      const refused = { questionId, value, error: translate(lang, refusal.key) };
      return showMinutes(req, res, { refused, status: refusal.status });
    }
    res.locals.setFlash("flash.questionForwarded");
    res.redirect(303, `/salons/${id}/minutes?forwarded=${questionId}`);
  };

  /** The forward box again with the name typed, when its post could not be saved (kept-input.ts). */
  const showForwardAgain: ShowFormAgain = async (req, res, status) => {
    const refused = { questionId: pageId(req, "questionId"), value: formText(req.body, "expertId"), error: "" };
    await showMinutes(req, res, { refused, status });
  };

  const showLiveRoom = async (req: Request, res: Response) => {
    const id = pageId(req);
    const guest = await guestIn(req, res, id);
    const actor = viewer(res) ?? guest;
    const detail = await salons.get(actor, id);
    // Visitors see how to join as a guest; moderators see the code to show the room.
    const joinCode = actor === null || detail.isModerator ? await joinCodeOf(req, detail) : null;
    res.render(
      "pages/salons/room",
      presentSalonRoom(res.locals.lang, detail, { signedIn: actor !== null, guestName: guest?.name ?? null, joinCode }),
    );
  };
  return {
    listSalons,
    showNewSalonForm,
    createSalon,
    showNewSalonFormAgain,
    showEditSalonFormAgain,
    showSalon,
    showEditSalonForm,
    updateSalon,
    changeSalonState,
    showMinutes,
    turnQuestionIntoNeed,
    forwardQuestion,
    showForwardAgain,
    showLiveRoom,
  };
}

export function registerSalonPages(router: Router, deps: SalonPagesDeps, keptInput: KeptInputForms): void {
  const handlers = createSalonPageHandlers(deps);
  router.get("/salons", handlers.listSalons);
  router.get("/salons/new", handlers.showNewSalonForm);
  router.post("/salons", handlers.createSalon);
  keptInput.add("/salons", handlers.showNewSalonFormAgain);
  router.get("/salons/:id", handlers.showSalon);
  router.get("/salons/:id/edit", handlers.showEditSalonForm);
  router.post("/salons/:id", handlers.updateSalon);
  keptInput.add("/salons/:id", handlers.showEditSalonFormAgain);
  for (const action of ["open", "close"] as const)
    router.post(`/salons/:id/${action}`, handlers.changeSalonState(action));
  router.get("/salons/:id/minutes", (req, res) => handlers.showMinutes(req, res));
  router.post("/salons/:id/questions/:questionId/need", handlers.turnQuestionIntoNeed);
  router.post("/salons/:id/questions/:questionId/forward", handlers.forwardQuestion);
  keptInput.add("/salons/:id/questions/:questionId/forward", handlers.showForwardAgain);
  router.get("/salons/:id/live", handlers.showLiveRoom);
}
