import compression from "compression";
import express, { type Express } from "express";
import { createRequire } from "node:module";
import path from "node:path";
import type { Container } from "./container.js";
import { NotFoundError } from "./errors.js";
import { refuseSpentRegistrationAddresses } from "./http/accounts/accounts.registration.js";
import { registerAccountsRoutes, sessionStartingPaths } from "./http/accounts/accounts.routes.js";
import { registerEventRoutes, rosterPageUploadPath } from "./http/events/events.routes.js";
import { registerLiveDayRoutes } from "./http/events/live-day.routes.js";
import { registerOutcomeRoutes } from "./http/events/outcomes.routes.js";
import { expertBodyParsers } from "./http/experts/experts.body-size.js";
import { registerExpertRoutes } from "./http/experts/experts.routes.js";
import { importUploadPaths, registerImportRoutes } from "./http/import/imports.routes.js";
import { registerEngagementRoutes } from "./http/matches/engagements.routes.js";
import { registerInvitationRoutes } from "./http/matches/invitations.routes.js";
import { registerMatchesRoutes } from "./http/matches/matches.routes.js";
import { registerNeedRoutes } from "./http/needs/needs.routes.js";
import { pagesRouter } from "./http/pages.routes.js";
import { ApiRoutes } from "./http/platform/api-routes.js";
import {
  authenticate,
  noStoreWhenPersonal,
  refuseCrossSiteSignIns,
  requireCsrfToken,
} from "./http/platform/authentication.middleware.js";
import { errorHandler } from "./http/platform/error-handler.js";
import { flashMessages } from "./http/platform/flash.middleware.js";
import { healthRoutes } from "./http/platform/health.routes.js";
import { language } from "./http/platform/language.middleware.js";
import { buildOpenApiDocument } from "./http/platform/openapi.js";
import { requestId, securityHeaders } from "./http/platform/request-id.middleware.js";
import { createViewEngine } from "./http/platform/view-engine.js";
import { registerReferenceDataRoutes } from "./http/reference-data/reference-data.routes.js";
import { registerSalonRoutes } from "./http/salons/salons.routes.js";
import { registerSearchRoutes } from "./http/search/search.routes.js";
import { registerTechnologyRoutes } from "./http/technologies/technologies.routes.js";
import { projectRoot } from "./project-root.js";
import { compileTrust } from "./shared/client-address.js";

export type AppDeps = Omit<Container, "close">;

export const viewsDir = path.join(projectRoot, "views");
const packageVersion = "0.1.0";
/** Apache ECharts for the dashboard's charts, served from the installed package (no CDN). */
const echartsScript = createRequire(import.meta.url).resolve("echarts/dist/echarts.min");

/** Builds the Express application; it never listens (server/main.ts does). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  // Forwarded headers are believed only from the proxies TRUST_PROXY names (none by default).
  app.set("trust proxy", compileTrust(deps.config.trustProxy));
  app.engine("hbs", createViewEngine(viewsDir, { reload: deps.config.env === "development" }));
  app.set("view engine", "hbs");
  app.set("views", viewsDir);

  app.use(requestId, securityHeaders);
  // gzip or brotli (whichever the client prefers) for pages, JSON and assets over 1 KB.
  // Socket.IO answers its own requests before Express sees them, so the socket is untouched;
  // nothing here streams (import progress is polled JSON), so no response needs flushing.
  app.use(compression());
  app.use("/assets", express.static(path.join(viewsDir, "assets"), { maxAge: "1h", index: false }));
  app.get("/assets/vendor/echarts.min.js", (_req, res) => {
    res.sendFile(echartsScript, { maxAge: "1d" });
  });
  // Browsers ask for /favicon.ico on their own; pages also link the SVG.
  app.get("/favicon.ico", (_req, res) => {
    res.sendFile(path.join(viewsDir, "assets", "favicon.ico"), { maxAge: "7d" });
  });
  app.use(healthRoutes(deps));
  app.post("/api/auth/register", refuseSpentRegistrationAddresses(deps.registrations));
  app.use(language);
  app.use(flashMessages(deps.config.sessionSecret));
  // Who is asking is known before any body is read: only a signed-in user may send a profile's
  // large body (expertBodyParsers); everyone else gets the 1 MB parsers.
  app.use(authenticate(deps.accounts));
  app.use(expertBodyParsers());
  app.use(express.json({ limit: "1mb" }));
  app.use(express.urlencoded({ extended: false, limit: "1mb" }));
  app.use(noStoreWhenPersonal);
  app.use(requireCsrfToken(deps.accounts, [...importUploadPaths, rosterPageUploadPath]));
  app.use(sessionStartingPaths, refuseCrossSiteSignIns(deps.config.publicUrl));

  const httpDeps = { ...deps, secureCookies: deps.config.env === "production" };
  const api = new ApiRoutes();
  registerAccountsRoutes(api, httpDeps);
  registerExpertRoutes(api, deps);
  registerNeedRoutes(api, deps);
  registerTechnologyRoutes(api, deps);
  registerReferenceDataRoutes(api, deps);
  registerImportRoutes(api, deps);
  registerSearchRoutes(api, deps);
  registerMatchesRoutes(api, deps);
  registerInvitationRoutes(api, deps);
  registerEngagementRoutes(api, deps);
  registerSalonRoutes(api, deps);
  registerEventRoutes(api, deps);
  registerLiveDayRoutes(api, deps);
  registerOutcomeRoutes(api, deps);
  const openApiDocument = buildOpenApiDocument(api.definitions, packageVersion);
  app.get("/api/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(api.router);
  app.use("/api", () => {
    throw new NotFoundError("API route");
  });
  const pages = pagesRouter(httpDeps);
  app.use(pages.router);
  app.use(() => {
    throw new NotFoundError("Page");
  });
  app.use(pages.keptInput);
  app.use(errorHandler(deps.logger));
  return app;
}
