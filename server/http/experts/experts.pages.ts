import type { Request, Response, Router } from "express";
import { ForbiddenError, ValidationError } from "../../errors.js";
import { isStaff } from "../../accounts/accounts.types.js";
import type { ProfileClaimsService } from "../../accounts/profile-claims.service.js";
import type { ExpertsService } from "../../knowledge/experts.service.js";
import { canEditExpert } from "../../knowledge/knowledge-policy.js";
import type { Expert, Society } from "../../knowledge/knowledge.types.js";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import type { TechnologiesService } from "../../knowledge/technologies.service.js";
import type { SearchService } from "../../search/search.service.js";
import { translate, type Lang } from "../i18n/translate.js";
import { presentPagination } from "../layout/page-parts.view-models.js";
import { type FieldErrors, filterMaxLength, formChoices, formText, pageId, parseForm } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { expertForm, expertsPageQuery, publicationRowsOf } from "./experts.forms.js";
import {
  expertFormValues,
  expertTextInputs,
  presentExpertCard,
  presentExpertForm,
  presentExpertProfile,
  societyOptions,
  type ExpertFormValues,
} from "./experts.view-models.js";

const expertsPageSize = 12;
/** What was typed, to show again with the errors (the stored publications if the form sent none). */
function submittedExpertValues(lang: Lang, body: unknown, stored: Expert): ExpertFormValues {
  const text = Object.fromEntries(expertTextInputs.map((field) => [field, formText(body, field, lang)]));
  return {
    ...(text as Record<(typeof expertTextInputs)[number], string>),
    societyIds: formChoices(body, "societyIds"),
    publications: publicationRowsOf(body) ?? expertFormValues(lang, stored, null).publications,
  };
}

/** What the expert pages use (nothing more of the container). */
export interface ExpertPagesDeps {
  experts: ExpertsService;
  technologies: TechnologiesService;
  referenceData: ReferenceDataService;
  claims: ProfileClaimsService;
  search: SearchService;
}

export function registerExpertPages(router: Router, deps: ExpertPagesDeps, keptInput: KeptInputForms): void {
  const { experts, referenceData, technologies, claims, search } = deps;

  /** Every society, for the filter select and the membership checkboxes (a province has dozens, not thousands). */
  const allSocieties = async (): Promise<Society[]> =>
    (await referenceData.listSocieties(undefined, { page: 1, pageSize: 500, order: "asc" })).items;

  const renderForm = async (
    res: Response,
    expert: Expert,
    values: ExpertFormValues,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const contact = await experts.contactFor(res.locals.auth.actor, expert.id);
    const model = presentExpertForm(res.locals.lang, {
      expert,
      values,
      societies: await allSocieties(),
      accountEmail: contact?.accountEmail ?? null,
      errors,
    });
    res.status(status).render("pages/experts/form", model);
  };

  router.get("/experts", async (req, res) => {
    const lang = res.locals.lang;
    const query = expertsPageQuery.parse(req.query);
    const region = search.filterSpellings(query.region);
    const discipline = search.filterSpellings(query.discipline);
    const page = await experts.list(
      {
        rankedIds: await search.matchingIds("experts", query.q, { region, discipline }),
        region,
        discipline,
        societyId: query.societyId,
      },
      "updatedAt",
      { page: query.page, pageSize: expertsPageSize, order: "desc" },
    );
    const { page: _page, ...filters } = query;
    res.render("pages/experts/list", {
      title: translate(lang, "experts.title"),
      filters: { q: query.q ?? "", region: query.region ?? "", discipline: query.discipline ?? "" },
      societies: societyOptions(lang, await allSocieties(), query.societyId),
      hasFilters: Boolean(query.q || query.region || query.discipline || query.societyId),
      filterMaxLength,
      experts: page.items.map((expert) => presentExpertCard(lang, expert)),
      pagination: presentPagination(lang, "/experts", filters, page),
    });
  });

  router.get("/experts/:id", async (req, res) => {
    const expert = await experts.get(pageId(req));
    const actor = res.locals.auth.actor;
    const owned = await technologies.list({ ownerId: expert.id }, "updatedAt", {
      page: 1,
      pageSize: 50,
      order: "desc",
    });
    const model = presentExpertProfile(res.locals.lang, expert, {
      technologies: owned.items,
      editable: canEditExpert(actor, expert.id),
      isSelf: actor?.expertId === expert.id,
      contact: await experts.contactFor(actor, expert.id),
      canSendClaimLink: isStaff(actor),
      claimLinkSent: req.query.claimLink === "sent",
    });
    res.render("pages/experts/profile", model);
  });

  router.get("/experts/:id/edit", async (req, res) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const expert = await experts.get(id);
    if (!canEditExpert(actor, expert.id)) throw new ForbiddenError("You can only edit your own expert profile");
    const contact = await experts.contactFor(actor, expert.id);
    await renderForm(res, expert, expertFormValues(res.locals.lang, expert, contact));
  });

  router.post("/experts/:id/claim-link", async (req, res) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    await claims.send(actor, id);
    res.redirect(303, `/experts/${id}?claimLink=sent`);
  });

  /** The profile form again with what was posted (publication rows included), for someone who may edit it. */
  const showFormAgain = async (req: Request, res: Response, errors: FieldErrors, status: number) => {
    const actor = res.locals.auth.actor!;
    const expert = await experts.get(pageId(req));
    if (!canEditExpert(actor, expert.id)) throw new ForbiddenError("You can only edit your own expert profile");
    await renderForm(res, expert, submittedExpertValues(res.locals.lang, req.body, expert), errors, status);
  };

  router.post("/experts/:id", async (req, res) => {
    const id = pageId(req);
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const form = parseForm(expertForm, req.body, lang);
    if (!form.ok) return showFormAgain(req, res, form.errors, 400);
    try {
      await experts.update(actor, id, form.data);
      res.locals.setFlash("flash.profileSaved");
      res.redirect(303, `/experts/${id}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await showFormAgain(req, res, { societyIds: translate(lang, "form.error.choose") }, 400);
    }
  });
  keptInput.add("/experts/:id", (req, res, status) => showFormAgain(req, res, {}, status));
}
