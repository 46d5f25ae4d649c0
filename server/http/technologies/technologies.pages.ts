import type { Request, Response, Router } from "express";
import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../../errors.js";
import { canAddTechnology, canEditTechnology } from "../../knowledge/knowledge-policy.js";
import type { Technology } from "../../knowledge/knowledge.types.js";
import type { TechnologiesService } from "../../knowledge/technologies.service.js";
import type { SearchService } from "../../search/search.service.js";
import { translate, type Lang } from "../i18n/translate.js";
import { presentPagination } from "../layout/page-parts.view-models.js";
import { readExpertChoice } from "../platform/expert-choice.js";
import { type FieldErrors, filterMaxLength, formChoices, formText, pageId, parseForm } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { technologiesPageQuery, technologyForm } from "./technologies.forms.js";
import {
  emptyTechnologyForm,
  maturityOptions,
  presentTechnologyCard,
  presentTechnologyDetail,
  presentTechnologyForm,
  technologyFormValues,
  type TechnologyFormValues,
} from "./technologies.view-models.js";

const technologiesPageSize = 12;

function submittedTechnologyValues(lang: Lang, body: unknown): TechnologyFormValues {
  return {
    title: formText(body, "title"),
    abstract: formText(body, "abstract"),
    keywords: formText(body, "keywords", lang),
    discipline: formText(body, "discipline"),
    maturity: formText(body, "maturity"),
    transferModes: formChoices(body, "transferModes"),
    ownerId: formText(body, "ownerId"),
  };
}

/** What the technology pages use (nothing more of the container). */
export interface TechnologyPagesDeps {
  technologies: TechnologiesService;
  search: SearchService;
}

export function registerTechnologyPages(router: Router, deps: TechnologyPagesDeps, keptInput: KeptInputForms): void {
  const { technologies } = deps;

  const renderForm = (
    res: Response,
    actor: Actor,
    form: { technology?: Technology; values: TechnologyFormValues; errors?: FieldErrors },
    status = 200,
  ) => {
    res.status(status).render("pages/technologies/form", presentTechnologyForm(res.locals.lang, { ...form, actor }));
  };

  /**
   * The form's fields checked together: the owner box is a person picker (a chosen or typed
   * number, or a name to resolve), so a name that fits no one is reported beside any other
   * problem of the form rather than alone.
   */
  const readTechnologyForm = async (req: Request, lang: Lang) => {
    const body = { ...(req.body as Record<string, unknown>) };
    const typedOwner = formText(req.body, "ownerId").trim();
    const owner = typedOwner === "" ? null : await readExpertChoice(deps.search, lang, typedOwner);
    if (owner && "expertId" in owner) body.ownerId = String(owner.expertId);
    const form = parseForm(technologyForm, body, lang);
    const errors: FieldErrors = {
      ...(form.ok ? {} : form.errors),
      ...(owner && "error" in owner && { ownerId: owner.error }),
    };
    return form.ok && Object.keys(errors).length === 0
      ? { ok: true as const, data: form.data }
      : { ok: false as const, errors };
  };

  /** The technology, for someone who may change it. */
  const editableTechnology = async (req: Request, actor: Actor) => {
    const technology = await technologies.get(pageId(req));
    if (!canEditTechnology(actor, technology)) throw new ForbiddenError("You can only edit your own technologies");
    return technology;
  };

  router.get("/technologies", async (req, res) => {
    const lang = res.locals.lang;
    const query = technologiesPageQuery.parse(req.query);
    const discipline = deps.search.filterSpellings(query.discipline);
    const page = await technologies.list(
      {
        rankedIds: await deps.search.matchingIds("technologies", query.q, { discipline }),
        discipline,
        maturityMin: query.maturityMin,
      },
      "updatedAt",
      { page: query.page, pageSize: technologiesPageSize, order: "desc" },
    );
    const { page: _page, ...filters } = query;
    res.render("pages/technologies/list", {
      title: translate(lang, "technologies.title"),
      filters: { q: query.q ?? "", discipline: query.discipline ?? "" },
      maturityOptions: maturityOptions(lang, query.maturityMin),
      hasFilters: Boolean(query.q || query.discipline || query.maturityMin),
      filterMaxLength,
      canAdd: canAddTechnology(res.locals.auth.actor),
      technologies: page.items.map((technology) => presentTechnologyCard(lang, technology)),
      pagination: presentPagination(lang, "/technologies", filters, page),
    });
  });

  router.get("/technologies/new", (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    if (!canAddTechnology(actor)) throw new ForbiddenError("Only experts and organizers can add technologies");
    renderForm(res, actor, { values: emptyTechnologyForm });
  });

  router.post("/technologies", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const values = submittedTechnologyValues(lang, req.body);
    const form = await readTechnologyForm(req, lang);
    if (!form.ok) return renderForm(res, actor, { values, errors: form.errors }, 400);
    try {
      const technology = await technologies.create(actor, form.data);
      res.locals.setFlash("flash.technologyAdded");
      res.redirect(303, `/technologies/${technology.id}`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      renderForm(res, actor, { values, errors: { ownerId: translate(lang, "technologyForm.unknownOwner") } }, 400);
    }
  });

  keptInput.add("/technologies", async (req, res, status) => {
    const actor = res.locals.auth.actor!;
    if (!canAddTechnology(actor)) throw new ForbiddenError("Only experts and organizers can add technologies");
    renderForm(res, actor, { values: submittedTechnologyValues(res.locals.lang, req.body) }, status);
  });

  router.get("/technologies/:id", async (req, res) => {
    const technology = await technologies.get(pageId(req));
    const editable = canEditTechnology(res.locals.auth.actor, technology);
    res.render("pages/technologies/detail", presentTechnologyDetail(res.locals.lang, technology, { editable }));
  });

  router.get("/technologies/:id/edit", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const technology = await editableTechnology(req, actor);
    renderForm(res, actor, { technology, values: technologyFormValues(res.locals.lang, technology) });
  });

  router.post("/technologies/:id", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const technology = await editableTechnology(req, actor);
    const values = submittedTechnologyValues(lang, req.body);
    const form = await readTechnologyForm(req, lang);
    if (!form.ok) return renderForm(res, actor, { technology, values, errors: form.errors }, 400);
    // Only organizers see the owner box; an empty one unlinks the technology from its expert.
    const { ownerId, ...changes } = form.data;
    try {
      await technologies.update(
        actor,
        technology.id,
        isStaff(actor) ? { ...changes, ownerId: ownerId ?? null } : changes,
      );
      res.locals.setFlash("flash.technologySaved");
      res.redirect(303, `/technologies/${technology.id}`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const errors = { ownerId: translate(lang, "technologyForm.unknownOwner") };
      renderForm(res, actor, { technology, values, errors }, 400);
    }
  });

  keptInput.add("/technologies/:id", async (req, res, status) => {
    const technology = await editableTechnology(req, res.locals.auth.actor!);
    const values = submittedTechnologyValues(res.locals.lang, req.body);
    renderForm(res, res.locals.auth.actor!, { technology, values }, status);
  });
}
