import type { Response, Router } from "express";
import type { Actor } from "../../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../../errors.js";
import { canAddTechnology } from "../../knowledge/knowledge-policy.js";
import type { TechnologiesService } from "../../knowledge/technologies.service.js";
import type { SearchService } from "../../search/search.service.js";
import { translate, type Lang } from "../i18n/translate.js";
import { presentPagination } from "../layout/page-parts.view-models.js";
import { readExpertChoice } from "../platform/expert-choice.js";
import { formChoices, formText, pageId, parseForm, type FieldErrors } from "../platform/forms.js";
import type { KeptInputForms } from "../platform/kept-input.js";
import { signedInActor } from "../platform/session.js";
import { technologiesPageQuery, technologyForm } from "./technologies.forms.js";
import {
  emptyTechnologyForm,
  maturityOptions,
  presentTechnologyCard,
  presentTechnologyDetail,
  presentTechnologyForm,
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
    values: TechnologyFormValues,
    errors?: FieldErrors,
    status = 200,
  ) => {
    res
      .status(status)
      .render("pages/technologies/form", presentTechnologyForm(res.locals.lang, { values, errors, actor }));
  };

  router.get("/technologies", async (req, res) => {
    const lang = res.locals.lang;
    const query = technologiesPageQuery.parse(req.query);
    const discipline = query.discipline ? [query.discipline] : undefined;
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
      canAdd: canAddTechnology(res.locals.auth.actor),
      technologies: page.items.map((technology) => presentTechnologyCard(lang, technology)),
      pagination: presentPagination(lang, "/technologies", filters, page),
    });
  });

  router.get("/technologies/new", (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    if (!canAddTechnology(actor)) throw new ForbiddenError("Only experts and organizers can add technologies");
    renderForm(res, actor, emptyTechnologyForm);
  });

  router.post("/technologies", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const lang = res.locals.lang;
    const submitted = () => submittedTechnologyValues(lang, req.body);
    // The owner box is a person picker: a chosen or typed number, or a name to resolve.
    const body = { ...(req.body as Record<string, unknown>) };
    if (formText(req.body, "ownerId").trim() !== "") {
      const owner = await readExpertChoice(deps.search, lang, formText(req.body, "ownerId"));
      if ("error" in owner) return renderForm(res, actor, submitted(), { ownerId: owner.error }, 400);
      body.ownerId = String(owner.expertId);
    }
    const form = parseForm(technologyForm, body, lang);
    if (!form.ok) return renderForm(res, actor, submitted(), form.errors, 400);
    try {
      const technology = await technologies.create(actor, form.data);
      res.redirect(303, `/technologies/${technology.id}`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      renderForm(res, actor, submitted(), { ownerId: translate(lang, "technologyForm.unknownOwner") }, 400);
    }
  });

  keptInput.add("/technologies", async (req, res, status) => {
    const actor = res.locals.auth.actor!;
    if (!canAddTechnology(actor)) throw new ForbiddenError("Only experts and organizers can add technologies");
    renderForm(res, actor, submittedTechnologyValues(res.locals.lang, req.body), {}, status);
  });

  router.get("/technologies/:id", async (req, res) => {
    const technology = await technologies.get(pageId(req));
    res.render("pages/technologies/detail", presentTechnologyDetail(res.locals.lang, technology));
  });
}
