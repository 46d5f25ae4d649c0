import type { Request, Response, Router } from "express";
import type { AccountsService } from "../../accounts/accounts.service.js";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import type { ExpertsService } from "../../knowledge/experts.service.js";
import type { SearchService } from "../../search/search.service.js";
import { canPostNeed } from "../../knowledge/knowledge-policy.js";
import type { NeedStatus } from "../../knowledge/knowledge.types.js";
import type { NeedsService, NeedView } from "../../knowledge/needs.service.js";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import type { InvitationStatus } from "../../matches/invitations.repository.js";
import type { InvitationsService } from "../../matches/invitations.service.js";
import type { MatchCurationService } from "../../matches/match-curation.service.js";
import type { MatchesService } from "../../matches/matches.service.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { presentPagination } from "../layout/page-parts.view-models.js";
import {
  modelUpdatingNotice,
  presentNeedEngagements,
  presentNeedMatches,
  type NeedMatchesModel,
} from "../matches/matches.view-models.js";
import { readExpertChoice } from "../platform/expert-choice.js";
import { type FieldErrors, filterMaxLength, formText, pageId, parseForm } from "../platform/forms.js";
import type { KeptInputForms, ShowFormAgain } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { curationForm, inviteForm, needEditForm, needForm, needsPageQuery, needStatusForm } from "./needs.forms.js";
import {
  emptyNeedForm,
  needFormValues,
  presentNeedCard,
  presentNeedDetail,
  presentNeedFilters,
  presentNeedForm,
  type NeedFormValues,
} from "./needs.view-models.js";

const needsPageSize = 10;
/** Needs whose page shows rankings; invitations go only to needs that can still take experts. */
const matchableStatuses = new Set(["draft", "open", "in_progress"]);
const invitableStatuses = new Set(["open", "in_progress"]);

/** Why an invitation was refused, in the page's language. */
function invitationRefusal(lang: Lang, error: ConflictError): string {
  const details = (error.details ?? {}) as {
    barrier?: string;
    capacity?: number;
    invitationStatus?: InvitationStatus;
    needStatus?: NeedStatus;
  };
  // A second click on Invite, or a page left open while someone else invited the expert.
  if (details.invitationStatus) {
    const status = translate(lang, `invitation.status.${details.invitationStatus}` satisfies MessageKey);
    return translate(lang, "match.notice.alreadyInvited", { status });
  }
  if (details.needStatus) {
    const status = translate(lang, `need.status.${details.needStatus}` satisfies MessageKey);
    return translate(lang, "match.notice.notInvitable", { status });
  }
  const key: MessageKey =
    details.barrier === "own_organization" || details.barrier === "declared_conflict"
      ? "match.notice.conflictOfInterest"
      : details.barrier === "excluded"
        ? "match.notice.excluded"
        : details.capacity !== undefined
          ? "match.notice.capacity"
          : "error.conflict.body";
  return translate(lang, key);
}

/** What the user typed into the need form, to show again with the errors. */
function submittedNeedValues(lang: Lang, body: unknown): NeedFormValues {
  const values = { ...emptyNeedForm };
  for (const field of [
    "title",
    "enterprise",
    "description",
    "difficulty",
    "target",
    "discipline",
    "industry",
    "keywords",
    "region",
    "track",
  ] as const) {
    values[field] = formText(body, field, lang);
  }
  values.confidential = formText(body, "confidential") !== "";
  return values;
}

/** How the need's rankings show: the first ten or fifty, a refused pin to show again. */
interface MatchOptions {
  more: boolean;
  pin?: { value: string; error: string };
}

/**
 * What the need's page shows besides the need: the access box as it was posted, and why an
 * action on the need (an invitation, a status change) was refused, said under its heading
 * where it is seen without scrolling, also on a phone.
 */
interface DetailExtras {
  accessForm?: { value: string; error: string | null };
  refusal?: string;
}

type Invitations = Awaited<ReturnType<InvitationsService["forNeed"]>>;

/** The organizers' "pin another expert" box under the ranking. */
interface PinForm {
  action: string;
  value: string;
  error: string | null;
}

/** What the need pages use (nothing more of the container). */
export interface NeedPagesDeps {
  accounts: AccountsService;
  needs: NeedsService;
  experts: ExpertsService;
  referenceData: ReferenceDataService;
  matches: MatchesService;
  curation: MatchCurationService;
  invitations: InvitationsService;
  search: SearchService;
}

/** The confirmation after a status change names the new status (需求已标记为已解决). */
const statusChangedFlash = {
  draft: "flash.needStatusChanged.draft",
  open: "flash.needStatusChanged.open",
  in_progress: "flash.needStatusChanged.in_progress",
  solved: "flash.needStatusChanged.solved",
  closed: "flash.needStatusChanged.closed",
} as const satisfies Record<NeedStatus, MessageKey>;

/** The need pages' request handlers, one named function each. */
export function createNeedPageHandlers(deps: NeedPagesDeps) {
  const { needs, referenceData, experts, accounts, search } = deps;

  const renderForm = async (
    res: Response,
    actor: Actor,
    options: { need?: NeedView; values: NeedFormValues; errors?: FieldErrors },
    status = 200,
  ) => {
    const tracks = await referenceData.listTracks();
    const model = presentNeedForm(res.locals.lang, { ...options, tracks, actor });
    res.status(status).render("pages/needs/form", model);
  };

  /** Who may see the need's invitations and rankings: those who read it in full, and for a confidential need only its editors. */
  const invitationsVisible = ({ need, editable, detailsVisible }: NeedView) =>
    detailsVisible && (editable || !need.confidential);

  /** The need's rankings, for those who may see them (open needs, and drafts to their owner). */
  const matchesModel = async (
    res: Response,
    view: NeedView,
    invitations: Invitations,
    options: MatchOptions,
  ): Promise<
    (NeedMatchesModel & { updating: string | null; draftHint: string | null; pin: PinForm | null }) | null
  > => {
    const { need, editable } = view;
    const actor = res.locals.auth.actor;
    if (!invitationsVisible(view) || !matchableStatuses.has(need.status)) return null;
    const limit = options.more ? 50 : 10;
    const [experts, technologies] = await Promise.all([
      deps.matches.expertsForNeed(actor, need.id, limit),
      deps.matches.technologiesForNeed(actor, need.id, 5),
    ]);
    const model = presentNeedMatches(res.locals.lang, {
      needId: need.id,
      experts,
      technologies,
      invitations,
      canInvite: editable && invitableStatuses.has(need.status),
      canCurate: isStaff(actor),
      moreHref: options.more || experts.items.length < limit ? null : `/needs/${need.id}?more=1#matches`,
    });
    const pin: PinForm | null = isStaff(actor)
      ? { action: `/needs/${need.id}/pins`, value: options.pin?.value ?? "", error: options.pin?.error ?? null }
      : null;
    const updating = modelUpdatingNotice(res.locals.lang, deps.matches.modelStatus());
    // A draft's owner sees its ranking without Invite buttons: say what brings them.
    const draftHint = editable && need.status === "draft" ? translate(res.locals.lang, "match.draftHint") : null;
    return { ...model, updating, draftHint, pin };
  };

  const renderDetail = async (
    res: Response,
    view: NeedView,
    { accessForm, refusal }: DetailExtras = {},
    status = 200,
    matchOptions: MatchOptions = { more: false },
  ) => {
    const tracks = await referenceData.listTracks();
    const showApproved = view.editable && view.need.confidential;
    const approvedExperts = showApproved
      ? await Promise.all(
          view.need.approvedExpertIds.map(async (id) => {
            const expert = await experts.get(id).catch(() => null);
            return { id, name: expert?.name ?? `#${id}` };
          }),
        )
      : [];
    const model = presentNeedDetail(res.locals.lang, view, { tracks, approvedExperts, accessForm });
    const invitations = invitationsVisible(view)
      ? await deps.invitations.forNeed(res.locals.auth.actor, view.need.id)
      : [];
    const matches = await matchesModel(res, view, invitations, matchOptions);
    // Engaged experts stay listed once the need is solved or closed, when rankings are gone.
    const engagements = presentNeedEngagements(res.locals.lang, invitations, {
      editable: view.editable,
      expertId: res.locals.auth.actor?.expertId ?? null,
    });
    res.status(status).render("pages/needs/detail", { ...model, matches, engagements, refusal: refusal ?? null });
  };

  /** Domain validation that belongs to one field (an unknown track) goes next to it. */
  const formErrorsOf = (error: unknown, lang: Response["locals"]["lang"]): FieldErrors | null => {
    if (error instanceof ValidationError && (error.details as { track?: unknown } | undefined)?.track !== undefined) {
      return { track: translate(lang, "form.error.choose") };
    }
    return null;
  };

  const listNeeds = async (req: Request, res: Response) => {
    const lang = res.locals.lang;
    const query = needsPageQuery.parse(req.query);
    const actor = res.locals.auth.actor;
    if (query.mine && !signedInActor(req, res)) return;
    const tracks = await referenceData.listTracks();
    const track = query.track ? tracks.find((t) => t.code === query.track) : undefined;
    const region = search.filterSpellings(query.region);
    const discipline = search.filterSpellings(query.discipline);
    const page = await needs.list(
      actor,
      {
        rankedIds: await search.matchingIds("needs", query.q, { region, discipline }),
        status: query.status ? [query.status] : undefined,
        // An unknown track matches nothing rather than everything.
        trackId: query.track ? (track?.id ?? -1) : undefined,
        discipline,
        region,
        ownerId: query.mine ? actor!.userId : undefined,
      },
      "updatedAt",
      { page: query.page, pageSize: needsPageSize, order: "desc" },
    );
    const { page: _page, ...filters } = query;
    res.render("pages/needs/list", {
      title: translate(lang, query.mine ? "needs.mineTitle" : "needs.title"),
      mine: query.mine,
      signedIn: actor !== null,
      canPost: canPostNeed(actor),
      // Organizers post on behalf of enterprises, so "my needs" means something only to enterprises.
      showMineTab: actor?.role === "enterprise",
      filters: presentNeedFilters(lang, query, tracks),
      hasFilters: Boolean(query.q || query.status || query.track || query.discipline || query.region),
      filterMaxLength,
      needs: page.items.map((view) => presentNeedCard(lang, view)),
      pagination: presentPagination(lang, "/needs", filters, page),
    });
  };

  const showNewNeedForm = async (req: Request, res: Response) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    if (!canPostNeed(actor)) throw new ForbiddenError("Only enterprises and organizers can post needs");
    await renderForm(res, actor, { values: emptyNeedForm });
  };

  const createNeed = async (req: Request, res: Response) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const form = parseForm(needForm, req.body, lang);
    if (!form.ok)
      return renderForm(res, actor, { values: submittedNeedValues(lang, req.body), errors: form.errors }, 400);
    const { status, enterprise, ...input } = form.data;
    try {
      const user = await accounts.findUser(actor.userId);
      const view = await needs.create(
        actor,
        { ...input, enterprise: enterprise ?? "" },
        status,
        user?.organization?.name ?? "",
      );
      res.locals.setFlash(status === "open" ? "flash.needPublished" : "flash.draftSaved");
      res.redirect(303, `/needs/${view.need.id}`);
    } catch (error) {
      const errors = formErrorsOf(error, lang);
      if (!errors) throw error;
      await renderForm(res, actor, { values: submittedNeedValues(lang, req.body), errors }, 400);
    }
  };

  /** The new-need form again with what was posted, when its CSRF check refused it (kept-input.ts). */
  const showNewNeedFormAgain: ShowFormAgain = async (req, res, status) => {
    await renderForm(res, res.locals.auth.actor!, { values: submittedNeedValues(res.locals.lang, req.body) }, status);
  };

  /** The need's edit form again with what was posted, likewise. */
  const showEditNeedFormAgain: ShowFormAgain = async (req, res, status) => {
    const actor = res.locals.auth.actor!;
    const view = await needs.get(actor, pageId(req));
    if (!view.editable)
      throw new ForbiddenError("Only the enterprise that posted this need or an organizer can change it");
    await renderForm(res, actor, { need: view, values: submittedNeedValues(res.locals.lang, req.body) }, status);
  };

  const showNeed = async (req: Request, res: Response) => {
    const view = await needs.get(res.locals.auth.actor, pageId(req));
    await renderDetail(res, view, {}, 200, { more: req.query.more === "1" });
  };

  const inviteExpert = async (req: Request, res: Response) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const form = inviteForm.safeParse(req.body);
    if (!form.success) throw new ValidationError("Choose an expert to invite");
    try {
      await deps.invitations.invite(actor, id, form.data.expertId, form.data.message);
      res.locals.setFlash("flash.invited");
      res.redirect(303, `/needs/${id}#matches`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const refusal = invitationRefusal(res.locals.lang, error);
      await renderDetail(res, await needs.get(actor, id), { refusal }, 409);
    }
  };

  const curateMatch = async (req: Request, res: Response) => {
    const id = pageId(req);
    const expertId = pageId(req, "expertId");
    const actor = signedInActor(req, res);
    if (!actor) return;
    const form = curationForm.safeParse(req.body);
    if (!form.success) throw new ValidationError("Choose pin, exclude or clear");
    if (form.data.kind === "clear") await deps.curation.clearOverride(actor, id, expertId);
    else await deps.curation.setOverride(actor, id, expertId, form.data.kind, form.data.note);
    res.redirect(303, `/needs/${id}#matches`);
  };

  /** An organizer pins any expert, chosen with the person picker (a ranked one pins from its row). */
  const pinExpert = async (req: Request, res: Response) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    if (!isStaff(actor)) throw new ForbiddenError("Only organizers pin experts");
    const value = formText(req.body, "expertId");
    const refuse = async (error: string, status: number) =>
      renderDetail(res, await needs.get(actor, id), {}, status, { more: false, pin: { value, error } });
    const choice = await readExpertChoice(search, res.locals.lang, value);
    if ("error" in choice) return refuse(choice.error, 400);
    try {
      await deps.curation.setOverride(actor, id, choice.expertId, "pin", "");
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return refuse(
        // a missing need fails again in refuse, as the not-found page
        translate(res.locals.lang, "expertPicker.unknown"),
        404,
      );
    }
    res.locals.setFlash("flash.expertPinned");
    res.redirect(303, `/needs/${id}#matches`);
  };

  const showEditNeedForm = async (req: Request, res: Response) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const view = await needs.get(actor, id);
    if (!view.editable)
      throw new ForbiddenError("Only the enterprise that posted this need or an organizer can change it");
    await renderForm(res, actor, { need: view, values: needFormValues(res.locals.lang, view) });
  };

  const updateNeed = async (req: Request, res: Response) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const form = parseForm(needEditForm, req.body, lang);
    if (!form.ok) {
      const view = await needs.get(actor, id);
      if (!view.editable)
        throw new ForbiddenError("Only the enterprise that posted this need or an organizer can change it");
      const values = submittedNeedValues(lang, req.body);
      return renderForm(res, actor, { need: view, values, errors: form.errors }, 400);
    }
    const { enterprise, ...changes } = form.data;
    try {
      await needs.update(actor, id, { ...changes, ...(enterprise !== undefined && { enterprise }) });
      res.locals.setFlash("flash.needSaved");
      res.redirect(303, `/needs/${id}`);
    } catch (error) {
      const errors = formErrorsOf(error, lang);
      if (!errors) throw error;
      const view = await needs.get(actor, id);
      await renderForm(res, actor, { need: view, values: submittedNeedValues(lang, req.body), errors }, 400);
    }
  };

  const changeNeedStatus = async (req: Request, res: Response) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const form = needStatusForm.safeParse(req.body);
    if (!form.success) throw new ValidationError("Choose a status");
    const { need: before } = await needs.get(actor, id);
    try {
      await needs.changeStatus(actor, id, form.data.status);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // A second click, or a page left open while the need moved on: its page as it is now, saying so.
      const view = await needs.get(actor, id);
      const lang = res.locals.lang;
      const current = translate(lang, `need.status.${view.need.status}` satisfies MessageKey);
      const refusal = translate(lang, "needDetail.manage.statusConflict", { status: current });
      return renderDetail(res, view, { refusal }, 409);
    }
    // Publishing is a draft opening; reopening a closed or in-progress need is a status change.
    const published = before.status === "draft" && form.data.status === "open";
    res.locals.setFlash(published ? "flash.needPublished" : statusChangedFlash[form.data.status]);
    res.redirect(303, `/needs/${id}`);
  };

  /** The need's page again, with what was typed into the access box and why it was refused. */
  const refuseAccessChoice = async (
    res: Response,
    actor: Actor,
    id: number,
    value: string,
    error: string,
    status = 400,
  ) => {
    const view = await needs.get(actor, id);
    if (!view.editable)
      throw new ForbiddenError("Only the enterprise that posted this need or an organizer can change it");
    await renderDetail(res, view, { accessForm: { value, error } }, status);
  };

  const grantNeedAccess = async (req: Request, res: Response) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const value = formText(req.body, "expertId");
    const choice = await readExpertChoice(search, res.locals.lang, value);
    if ("error" in choice) return refuseAccessChoice(res, actor, id, value, choice.error);
    try {
      await needs.grantAccess(actor, id, choice.expertId);
    } catch (error) {
      // The need exists (a missing one fails before the expert is looked up): the expert does not.
      if (!(error instanceof NotFoundError)) throw error;
      return refuseAccessChoice(res, actor, id, value, translate(res.locals.lang, "expertPicker.unknown"), 404);
    }
    res.locals.setFlash("flash.accessGranted");
    res.redirect(303, `/needs/${id}`);
  };

  /** The access box again with the name typed, when its post could not be saved (kept-input.ts). */
  const showAccessChoiceAgain: ShowFormAgain = (req, res, status) =>
    refuseAccessChoice(res, res.locals.auth.actor!, pageId(req), formText(req.body, "expertId"), "", status);

  /** The organizers' pin box again, likewise. */
  const showPinChoiceAgain: ShowFormAgain = async (req, res, status) => {
    const actor = res.locals.auth.actor!;
    if (!isStaff(actor)) throw new ForbiddenError("Only organizers pin experts");
    const pin = { value: formText(req.body, "expertId"), error: "" };
    await renderDetail(res, await needs.get(actor, pageId(req)), {}, status, { more: false, pin });
  };

  const revokeNeedAccess = async (req: Request, res: Response) => {
    const id = pageId(req);
    const expertId = pageId(req, "expertId");
    const actor = signedInActor(req, res);
    if (!actor) return;
    await needs.revokeAccess(actor, id, expertId);
    res.locals.setFlash("flash.accessRevoked");
    res.redirect(303, `/needs/${id}`);
  };
  return {
    listNeeds,
    showNewNeedForm,
    createNeed,
    showNewNeedFormAgain,
    showEditNeedFormAgain,
    showNeed,
    inviteExpert,
    curateMatch,
    pinExpert,
    showEditNeedForm,
    updateNeed,
    changeNeedStatus,
    grantNeedAccess,
    revokeNeedAccess,
    showAccessChoiceAgain,
    showPinChoiceAgain,
  };
}

export function registerNeedPages(router: Router, deps: NeedPagesDeps, keptInput: KeptInputForms): void {
  const handlers = createNeedPageHandlers(deps);
  router.get("/needs", handlers.listNeeds);
  router.get("/needs/new", handlers.showNewNeedForm);
  router.post("/needs", handlers.createNeed);
  keptInput.add("/needs", handlers.showNewNeedFormAgain);
  router.get("/needs/:id", handlers.showNeed);
  router.post("/needs/:id/invitations", handlers.inviteExpert);
  router.post("/needs/:id/matches/:expertId", handlers.curateMatch);
  router.post("/needs/:id/pins", handlers.pinExpert);
  keptInput.add("/needs/:id/pins", handlers.showPinChoiceAgain);
  router.get("/needs/:id/edit", handlers.showEditNeedForm);
  router.post("/needs/:id", handlers.updateNeed);
  keptInput.add("/needs/:id", handlers.showEditNeedFormAgain);
  router.post("/needs/:id/status", handlers.changeNeedStatus);
  router.post("/needs/:id/access", handlers.grantNeedAccess);
  keptInput.add("/needs/:id/access", handlers.showAccessChoiceAgain);
  router.post("/needs/:id/access/:expertId/revoke", handlers.revokeNeedAccess);
}
