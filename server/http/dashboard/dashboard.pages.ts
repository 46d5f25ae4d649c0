import type { Request, Response, Router } from "express";
import type { DashboardService } from "../../dashboard/dashboard.service.js";
import { NotFoundError } from "../../errors.js";
import { tablesToXlsx, tableToCsv } from "../../shared/tabular-export.js";
import { eventStatusLabel } from "../events/events.view-models.js";
import { inPageLanguage } from "../i18n/stored-names.js";
import { translate } from "../i18n/translate.js";
import { pageId } from "../platform/forms.js";
import { signedInActor } from "../platform/session.js";
import { associationPanels, chinaDay, eventPanels, presentPanel, type Panel } from "./dashboard.view-models.js";

/** What the dashboard pages use (nothing more of the container). */
export interface DashboardPagesDeps {
  dashboard: DashboardService;
}

/** `funnel.csv`, `events.xlsx`, and `all.xlsx` (every table of the page, one sheet each). */
const exportFile = /^([a-z-]+)\.(csv|xlsx)$/;

/**
 * Sends one panel's table (or, for `all.xlsx`, every table) in the asked format. The file name
 * says where it came from; a name the page does not link to is a 404.
 */
async function sendExport(res: Response, file: string, panels: Panel[], fileStem: string): Promise<void> {
  const match = exportFile.exec(file);
  if (!match) throw new NotFoundError("Page");
  const [, id, format] = match as unknown as [string, string, "csv" | "xlsx"];
  const tables =
    id === "all" && format === "xlsx"
      ? panels.map((p) => p.table)
      : panels.filter((p) => p.id === id).map((p) => p.table);
  if (tables.length === 0) throw new NotFoundError("Export", file);
  res.attachment(`${fileStem}-${id}.${format}`);
  if (format === "csv") {
    res.type("text/csv; charset=utf-8").send(tableToCsv(tables[0]!));
  } else {
    res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await tablesToXlsx(tables));
  }
}

/**
 * The organizers' dashboard: one page for the association and one per docking event, each a set of
 * panels (a chart drawn from a table, the table itself, and its .csv / .xlsx links). Only organizers
 * and admins see it (the service checks); visitors are sent to sign in.
 */
export function registerDashboardPages(router: Router, deps: DashboardPagesDeps): void {
  const render = (res: Response, view: string, title: string, panels: Panel[], base: string, extra: object = {}) => {
    const views = panels.map((panel) => presentPanel(panel, base));
    res.render(view, {
      title,
      counts: views.find((v) => v.id === "counts"),
      panels: views.filter((v) => v.id !== "counts"),
      allXlsxHref: `${base}/all.xlsx`,
      ...extra,
    });
  };

  const associationOf = async (req: Request, res: Response) => {
    const actor = signedInActor(req, res);
    if (!actor) return null;
    return associationPanels(res.locals.lang, await deps.dashboard.association(actor));
  };

  const eventOf = async (req: Request, res: Response) => {
    const actor = signedInActor(req, res);
    if (!actor) return null;
    const dashboard = await deps.dashboard.event(actor, pageId(req));
    return { dashboard, panels: eventPanels(res.locals.lang, dashboard) };
  };

  router.get("/dashboard", async (req, res) => {
    const panels = await associationOf(req, res);
    if (!panels) return;
    render(res, "pages/dashboard/index", translate(res.locals.lang, "dashboard.title"), panels, "/dashboard");
  });

  router.get("/dashboard/events/:id", async (req, res) => {
    const found = await eventOf(req, res);
    if (!found) return;
    const { event } = found.dashboard;
    render(res, "pages/dashboard/event", event.title, found.panels, `/dashboard/events/${event.id}`, {
      event: {
        trackName: inPageLanguage(res.locals.lang, event.trackName, event.trackNameEn),
        venue: event.venue,
        date: chinaDay(event.startsAt),
        status: eventStatusLabel(res.locals.lang, event.status),
      },
    });
  });

  router.get("/dashboard/events/:id/:file", async (req, res) => {
    const found = await eventOf(req, res);
    if (!found) return;
    await sendExport(res, String(req.params.file), found.panels, `scibridge-event-${found.dashboard.event.id}`);
  });

  router.get("/dashboard/:file", async (req, res) => {
    const panels = await associationOf(req, res);
    if (!panels) return;
    await sendExport(res, String(req.params.file), panels, "scibridge-dashboard");
  });
}
