import { Router } from "express";
import type { AppDeps } from "../app.js";
import { registerAccountPages } from "./accounts/accounts.pages.js";
import type { AccountsRouteDeps } from "./accounts/accounts.routes.js";
import { registerExpertPages } from "./experts/experts.pages.js";
import { registerImportPages } from "./import/import.pages.js";
import { presentHome } from "./layout/home.view-models.js";
import { presentSite } from "./layout/site.view-models.js";
import { registerInboxPages } from "./matches/inbox.pages.js";
import { registerNeedPages } from "./needs/needs.pages.js";
import { registerSalonPages } from "./salons/salons.pages.js";
import { registerSearchPages } from "./search/search.pages.js";
import { registerTechnologyPages } from "./technologies/technologies.pages.js";

export type PagesDeps = AppDeps & AccountsRouteDeps;

/**
 * Server-rendered pages (Simplified Chinese by default). They call the same domain
 * services as the JSON API, so permissions are checked in one place; after a successful
 * form post they redirect (Post/Redirect/Get), and a form with mistakes is shown again
 * with the user's input and a message beside each field (status 400).
 */
export function pagesRouter(deps: PagesDeps): Router {
  const router = Router();

  router.use((req, res, next) => {
    res.locals.site = presentSite(res.locals.auth, res.locals.lang, req.path);
    next();
  });

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

  registerAccountPages(router, deps);
  registerNeedPages(router, deps);
  registerExpertPages(router, deps);
  registerTechnologyPages(router, deps);
  registerImportPages(router, deps);
  registerSearchPages(router, deps);
  registerInboxPages(router, deps);
  registerSalonPages(router, deps);
  return router;
}
