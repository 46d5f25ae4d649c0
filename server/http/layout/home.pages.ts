import type { Router } from "express";
import type { ExpertsService } from "../../knowledge/experts.service.js";
import type { NeedsService } from "../../knowledge/needs.service.js";
import type { ReferenceDataService } from "../../knowledge/reference-data.service.js";
import type { TechnologiesService } from "../../knowledge/technologies.service.js";
import { presentHome } from "./home.view-models.js";

/** What the home page uses (nothing more of the container). */
export interface HomePageDeps {
  needs: NeedsService;
  experts: ExpertsService;
  technologies: TechnologiesService;
  referenceData: ReferenceDataService;
}

export function registerHomePage(router: Router, deps: HomePageDeps): void {
  router.get("/", async (_req, res) => {
    const { actor } = res.locals.auth;
    const first = { page: 1, pageSize: 1, order: "desc" } as const;
    const [openNeeds, latest, experts, technologies, societies, tracks] = await Promise.all([
      deps.needs.list(actor, { status: ["open"] }, "updatedAt", first),
      deps.needs.list(actor, { status: ["open"] }, "createdAt", { page: 1, pageSize: 4, order: "desc" }),
      deps.experts.list({}, "updatedAt", first),
      deps.technologies.list({}, "updatedAt", first),
      deps.referenceData.listSocieties(undefined, first),
      deps.referenceData.listTracks(),
    ]);
    const counts = {
      openNeeds: openNeeds.total,
      experts: experts.total,
      technologies: technologies.total,
      societies: societies.total,
    };
    res.render(
      "pages/home",
      presentHome(res.locals.lang, { counts, latestNeeds: latest.items, tracks, auth: res.locals.auth }),
    );
  });
}
