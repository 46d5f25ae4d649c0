import { Router, type ErrorRequestHandler, type RequestHandler } from "express";
import { registerAccountPages } from "./accounts/accounts.pages.js";
import { registerProfileClaimPages } from "./accounts/profile-claims.pages.js";
import { registerEmailPages, type EmailPagesDeps } from "./email/email.pages.js";
import { registerEngagementPages, type EngagementPagesDeps } from "./matches/engagements.pages.js";
import type { AccountsRouteDeps } from "./accounts/accounts.routes.js";
import { registerDashboardPages, type DashboardPagesDeps } from "./dashboard/dashboard.pages.js";
import { registerEventPages, type EventPagesDeps } from "./events/events.pages.js";
import { registerLiveDayPages, type LiveDayPagesDeps } from "./events/live-day.pages.js";
import { registerOutcomePages, type OutcomePagesDeps } from "./events/outcomes.pages.js";
import { registerExpertPages, type ExpertPagesDeps } from "./experts/experts.pages.js";
import { registerImportPages, type ImportPagesDeps } from "./import/import.pages.js";
import { registerHomePage, type HomePageDeps } from "./layout/home.pages.js";
import { presentSite } from "./layout/site.view-models.js";
import { registerInboxPages, type InboxPagesDeps } from "./matches/inbox.pages.js";
import { KeptInputForms } from "./platform/kept-input.js";
import { registerNeedPages, type NeedPagesDeps } from "./needs/needs.pages.js";
import { registerSalonGuestPages, type SalonGuestPagesDeps } from "./salons/salon-guests.pages.js";
import { registerSalonPages, type SalonPagesDeps } from "./salons/salons.pages.js";
import { registerReferenceDataPages, type ReferenceDataPagesDeps } from "./reference-data/reference-data.pages.js";
import { registerSearchPages, type SearchPagesDeps } from "./search/search.pages.js";
import { registerTechnologyPages, type TechnologyPagesDeps } from "./technologies/technologies.pages.js";

/** Everything the pages use: each feature's page module receives only its own part. */
export type PagesDeps = AccountsRouteDeps &
  HomePageDeps &
  NeedPagesDeps &
  ExpertPagesDeps &
  TechnologyPagesDeps &
  ImportPagesDeps &
  ReferenceDataPagesDeps &
  SearchPagesDeps &
  InboxPagesDeps &
  SalonPagesDeps &
  DashboardPagesDeps &
  SalonGuestPagesDeps &
  EngagementPagesDeps &
  EmailPagesDeps &
  EventPagesDeps &
  LiveDayPagesDeps &
  OutcomePagesDeps;

/**
 * Server-rendered pages (Simplified Chinese by default). They call the same domain
 * services as the JSON API, so permissions are checked in one place; after a successful
 * form post they redirect (Post/Redirect/Get), and a form with mistakes is shown again
 * with the user's input and a message beside each field (status 400).
 */
export function pagesRouter(deps: PagesDeps): { router: Router; keptInput: ErrorRequestHandler } {
  const router = Router();

  const site: RequestHandler = (req, res, next) => {
    res.locals.site = presentSite(res.locals.auth, res.locals.lang, req.path);
    next();
  };
  router.use(site);
  const keptInput = new KeptInputForms(site);
  // Before every page: a signed-out post to a form registered below gets the sign-in page that carries it.
  router.use(keptInput.signedOutPosts);

  registerHomePage(router, deps);
  registerAccountPages(router, deps, keptInput);
  registerProfileClaimPages(router, deps);
  registerEmailPages(router, deps);
  registerNeedPages(router, deps, keptInput);
  registerExpertPages(router, deps, keptInput);
  registerTechnologyPages(router, deps, keptInput);
  registerImportPages(router, deps);
  registerReferenceDataPages(router, deps, keptInput);
  registerSearchPages(router, deps);
  registerInboxPages(router, deps, keptInput);
  registerSalonGuestPages(router, deps);
  registerEngagementPages(router, deps, keptInput);
  registerSalonPages(router, deps, keptInput);
  registerDashboardPages(router, deps);
  registerEventPages(router, deps, keptInput);
  registerLiveDayPages(router, deps);
  registerOutcomePages(router, deps, keptInput);
  return { router, keptInput: keptInput.handler };
}
