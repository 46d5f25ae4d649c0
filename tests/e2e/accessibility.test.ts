import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import axe from "axe-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { chromiumFor, launchBrowser } from "../support/browser.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { repoRoot } from "../support/paths.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the accessibility audit");

/** What WCAG 2.1 asks at levels A and AA, as axe-core tags its rules. */
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** What fails the audit; moderate and minor findings are printed after it. */
const failingImpacts = new Set(["serious", "critical"]);
const languages = ["zh-CN", "en"] as const;
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

/** Who looks: a demo account of a role (or nobody signed in), on a laptop or a phone. */
interface Audit {
  name: string;
  role: "anonymous" | "enterprise" | "expert" | "organizer";
  viewport: { width: number; height: number };
  visits: (demo: Demo) => Visit[];
}

/** A page to audit, or a page with something done on it first (a form sent, a menu opened). */
type Visit = string | { path: string; then: string; act: (page: Page) => Promise<void> };

/** The demo's records the pages are about, found once the demo is seeded. */
interface Demo {
  ownNeedId: number;
  expertId: number;
  technologyId: number;
  salonId: number;
  heldEventId: number;
  openEventId: number;
  agendaParticipantId: number;
}

interface Finding {
  rule: string;
  impact: string;
  help: string;
  page: string;
  targets: string[];
}

/** Sends the form of `button` (a selector), after filling `fields`, and waits for the page that answers. */
function sending(button: string, fields: Record<string, string> = {}): (page: Page) => Promise<void> {
  return async (page) => {
    for (const [field, value] of Object.entries(fields)) await page.locator(field).fill(value);
    await Promise.all([page.waitForEvent("load"), page.locator(button).first().click()]);
  };
}

/** Each role's main pages, in the order a person of that role would go. */
const audits: Audit[] = [
  {
    name: "anonymous",
    role: "anonymous",
    viewport: desktop,
    visits: (d) => [
      "/",
      "/login",
      {
        path: "/login",
        then: "a refused password",
        act: sending('form[action="/login"] [type="submit"]', {
          "#login-email": "enterprise@demo.scibridge.cn",
          "#login-password": "not-the-password",
        }),
      },
      "/register",
      { path: "/register", then: "an empty form sent", act: sending('form[action="/register"] [type="submit"]') },
      "/needs",
      `/needs/${d.ownNeedId}`,
      `/experts/${d.expertId}`,
      "/technologies",
      `/technologies/${d.technologyId}`,
      "/search?q=%E7%94%B5%E6%B1%A0",
      "/salons",
      `/salons/${d.salonId}`,
      "/join",
    ],
  },
  {
    name: "enterprise",
    role: "enterprise",
    viewport: desktop,
    visits: (d) => [
      "/needs",
      `/needs/${d.ownNeedId}`,
      "/needs/new",
      { path: "/needs/new", then: "an empty form sent", act: sending('form[action="/needs"] [value="open"]') },
      "/account/email",
      `/events/${d.openEventId}/join`,
    ],
  },
  {
    name: "expert",
    role: "expert",
    viewport: desktop,
    visits: (d) => [
      `/experts/${d.expertId}`,
      `/experts/${d.expertId}/edit`,
      "/technologies/new",
      "/inbox",
      "/account/email",
      "/search?q=battery&type=needs",
      `/salons/${d.salonId}/live`,
    ],
  },
  {
    name: "organizer",
    role: "organizer",
    viewport: desktop,
    visits: (d) => [
      "/organizer/import",
      "/organizer/outbox",
      "/organizer/societies",
      "/organizer/societies/new",
      "/organizer/tracks",
      "/organizer/tracks/new",
      "/dashboard",
      "/experts",
      "/events",
      "/events/new",
      `/events/${d.heldEventId}`,
      `/events/${d.openEventId}`,
      `/events/${d.heldEventId}/agenda?participant=${d.agendaParticipantId}`,
      "/salons",
      "/salons/new",
      `/salons/${d.salonId}`,
      `/salons/${d.salonId}/live`,
    ],
  },
  {
    // A phone folds the menu behind a button and scrolls wide tables sideways in boxes of their own.
    name: "organizer on a phone",
    role: "organizer",
    viewport: phone,
    visits: (d) => [
      { path: "/", then: "the menu opened", act: (page) => page.locator(".menu-toggle").click() },
      "/dashboard",
      `/events/${d.heldEventId}`,
      `/needs/${d.ownNeedId}`,
    ],
  },
];

const run = promisify(execFile);

/** The demo of `npm run seed` (experts, needs, technologies, a live salon, two docking events) in `database`. */
async function seedDemo(database: TestDatabase): Promise<void> {
  await run(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "seed.ts")], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "silent" },
  });
}

/** axe's reason for one element on one line, without its headings ("Fix any of the following:"). */
function why(failureSummary: string | undefined): string {
  return (failureSummary ?? "")
    .split("\n")
    .filter((line) => line.startsWith("  "))
    .map((line) => line.trim())
    .join("; ");
}

function report(findings: Finding[]): string {
  return findings
    .map((f) => `  [${f.impact}] ${f.rule} on ${f.page}: ${f.help}\n${f.targets.map((t) => `      ${t}`).join("\n")}`)
    .join("\n");
}

describe.skipIf(!hasChromium)(
  "accessibility (axe-core, WCAG 2.1 A and AA) of every role's main pages in both languages",
  // The audits run side by side: the server waits on Chromium while axe works, and the other way round.
  // Each takes 30–70 s on a loaded 2-core machine; the timeout leaves room for a neighbouring test file.
  { timeout: 150_000, concurrent: true },
  () => {
    let database: TestDatabase;
    let server: RunningTestServer;
    let browser: Browser;
    let demo: Demo;
    const lesserFindings: Finding[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      [browser] = await Promise.all([launchBrowser(), seedDemo(database)]);
      // The matching model builds while the audits run; a need's page (it ranks experts) waits for it.
      server = await startTestServer({ MATCHING_FIRST_BUILD_WAIT_SECONDS: "90" }, { database });
      const { db } = server.container;
      const enterprise = await db.user.findUniqueOrThrow({ where: { email: "enterprise@demo.scibridge.cn" } });
      const expert = await db.expert.findFirstOrThrow({ where: { user: { email: "expert@demo.scibridge.cn" } } });
      const held = await db.dockingEvent.findFirstOrThrow({ where: { status: "closed" } });
      demo = {
        ownNeedId: (await db.need.findFirstOrThrow({ where: { ownerId: enterprise.id }, orderBy: { id: "asc" } })).id,
        expertId: expert.id,
        technologyId: (await db.technology.findFirstOrThrow({ orderBy: { id: "asc" } })).id,
        salonId: (await db.salon.findFirstOrThrow({ where: { status: "open" } })).id,
        heldEventId: held.id,
        openEventId: (await db.dockingEvent.findFirstOrThrow({ where: { status: "registration" } })).id,
        agendaParticipantId: (
          await db.eventParticipant.findFirstOrThrow({ where: { eventId: held.id, kind: "expert" } })
        ).id,
      };
    }, 120_000);

    afterAll(() => {
      if (lesserFindings.length > 0) {
        console.info(`[a11y] moderate and minor findings (not failed):\n${report(lesserFindings)}`);
      }
      return tearDown([
        ["browser", () => browser?.close()],
        ["server", () => server?.close()],
        ["database", () => database?.close()],
      ]);
    });

    /** A page in a context of its own, signed in as the demo account of the audit's role (a real session). */
    async function pageFor(audit: Audit): Promise<Page> {
      const context = await browser.newContext({
        viewport: audit.viewport,
        isMobile: audit.viewport.width < 500,
        locale: "zh-CN",
      });
      // axe-core as an init script: the pages' Content-Security-Policy lets no inline script tag run.
      await context.addInitScript({ content: axe.source });
      if (audit.role !== "anonymous") {
        const user = await server.container.db.user.findUniqueOrThrow({
          where: { email: `${audit.role}@demo.scibridge.cn` },
        });
        const { sessionId } = await server.container.accounts.startSession(user.id);
        await context.addCookies([{ name: sessionCookieName, value: sessionId, url: server.baseUrl }]);
      }
      return context.newPage();
    }

    /** Visits each page of the audit in each language and runs axe on it; returns what it found. */
    async function findingsOf(audit: Audit): Promise<Finding[]> {
      const page = await pageFor(audit);
      const findings: Finding[] = [];
      for (const lang of languages) {
        for (const visit of audit.visits(demo)) {
          const pagePath = typeof visit === "string" ? visit : visit.path;
          const url = `${pagePath}${pagePath.includes("?") ? "&" : "?"}lang=${lang}`;
          const response = await page.goto(`${server.baseUrl}${url}`);
          expect(response?.status(), url).toBe(200);
          // Not sent elsewhere (to the sign-in page) on the way.
          expect(new URL(page.url()).pathname, url).toBe(pagePath.split("?")[0]);
          // A salon room fills itself in once its socket is live.
          if (/^\/salons\/\d+\/live$/.test(pagePath))
            await page.locator('#room-connection[data-state="live"]').waitFor();
          if (typeof visit !== "string") await visit.act(page);
          const results = await page.evaluate(
            (tags) =>
              (globalThis as unknown as { axe: typeof axe }).axe.run({
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
              }),
            wcagTags,
          );
          const where = `${audit.name} ${url}${typeof visit === "string" ? "" : ` after ${visit.then}`}`;
          for (const violation of results.violations) {
            findings.push({
              rule: violation.id,
              impact: violation.impact ?? "unknown",
              help: violation.help,
              page: where,
              targets: violation.nodes.map((node) => `${node.target.join(" ")}  — ${why(node.failureSummary)}`),
            });
          }
        }
      }
      await page.context().close();
      return findings;
    }

    for (const audit of audits) {
      it(`finds no serious or critical violation on the ${audit.name} pages`, async () => {
        const findings = await findingsOf(audit);
        lesserFindings.push(...findings.filter((f) => !failingImpacts.has(f.impact)));
        const failing = findings.filter((f) => failingImpacts.has(f.impact));
        expect(failing.length, `axe found serious or critical violations:\n${report(failing)}`).toBe(0);
      });
    }
  },
);
