import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { chromiumFor, launchBrowser, screenshotPath, sessionPage } from "../support/browser.js";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { tokenUser } from "../support/salon-clients.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the event console's layout and its table cards");

const phone = { width: 390, height: 844 };

/** A property of the element's computed style, as the browser applies the stylesheet. */
function computedStyle(element: Locator, property: string): Promise<string> {
  type Window = { getComputedStyle(element: unknown): Record<string, string> };
  return element.evaluate((node, name) => (globalThis as unknown as Window).getComputedStyle(node)[name]!, property);
}

/** Pages in a PDF: one `/Type /Page` object each (the `/Pages` tree node is not one). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

describe.skipIf(!hasChromium)("the event console and its printouts, in Chromium", { timeout: 120_000 }, () => {
  let server: RunningTestServer;
  let browser: Browser;
  let eventId: number;
  let sessionId: string;
  const tableCount = 3;
  const problems: string[] = [];

  const organizerPage = (viewport: { width: number; height: number }): Promise<Page> =>
    sessionPage(browser, server.baseUrl, sessionId, { viewport, problems, label: `organizer ${viewport.width}px` });

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const { user } = await tokenUser(server.container, "organizer", "对接会组织者");
    ({ sessionId } = await server.container.accounts.startSession(user.id));
    const db = server.container.db;
    // Held (closed): the console lists the pairs with a button to record each one's outcome.
    eventId = await createEvent(db, {
      title: "评测对接日",
      status: "closed",
      startsAt: new Date(Date.now() - 7 * 24 * 3600_000),
      slotCount: 3,
      tableCount,
    });
    const needs = await Promise.all(
      // Chinese titles wrap anywhere; the English one has long words, as the demo's do.
      [
        "柔性AMOLED精细金属掩膜版张网精度提升",
        "Electroluminescence degradation in perovskite photovoltaics",
        "己内酰胺聚合尼龙6切片低聚物含量控制",
      ].map((title) => createNeedRow(db, { title, enterprise: "福建省某某新材料科技股份有限公司" })),
    );
    const experts = await Promise.all(
      ["罗鑫秋", "Wendy Yeh-Kuntz", "王洁媛"].map((name) =>
        createExpertRow(db, { name, organization: "Nanotechnology Institute" }),
      ),
    );
    for (const needId of needs) await addParticipant(db, eventId, { needId });
    for (const expertId of experts) await addParticipant(db, eventId, { expertId });
    // Each table hosts each need once, with a different expert in each slot.
    for (let table = 0; table < tableCount; table++) {
      for (let slot = 0; slot < 3; slot++) {
        await addMeeting(db, {
          eventId,
          needId: needs[table]!,
          expertId: experts[(table + slot) % experts.length]!,
          slot,
          tableNo: table,
        });
      }
    }
  });

  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  it("prints each table's card on a page of its own, styled, with nothing refused by the CSP", async () => {
    const page = await organizerPage({ width: 1280, height: 900 });
    await page.goto(`${server.baseUrl}/events/${eventId}/table-cards`);
    await page.emulateMedia({ media: "print" });
    const cards = page.locator(".table-card");
    expect(await cards.count()).toBe(tableCount);
    expect(await computedStyle(cards.first(), "breakAfter")).toBe("page");
    // The site's stylesheet styles the card's table (a browser's own table has separate borders).
    expect(await computedStyle(page.locator(".table-card .table").first(), "borderCollapse")).toBe("collapse");
    expect(pdfPageCount(await page.pdf({ format: "A4" }))).toBe(tableCount);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("keeps the review table inside a phone's screen: the table scrolls in its own box", async () => {
    const page = await organizerPage(phone);
    await page.goto(`${server.baseUrl}/events/${eventId}`);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(phone.width);
    const scroller = page.locator("[data-review] .table-scroll");
    expect(await scroller.count()).toBe(1);
    expect(await scroller.evaluate((box) => box.scrollWidth > box.clientWidth)).toBe(true);
    // The last column's button is reachable by scrolling the table, and then inside the screen.
    const record = page.locator("[data-review] tbody tr").first().locator("[data-outcome-link]");
    await record.scrollIntoViewIfNeeded();
    const place = (await record.boundingBox())!;
    expect(place.x).toBeGreaterThanOrEqual(0);
    expect(place.x + place.width).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: screenshotPath("event-console-390-review") });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("lays the desk out on a phone as one card per participant, its state on one line", async () => {
    const page = await organizerPage(phone);
    await page.goto(`${server.baseUrl}/events/${eventId}/live`);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(phone.width);
    const row = page.locator("[data-participant-id]").first();
    expect(await computedStyle(row, "display")).toBe("grid");
    const state = row.locator("[data-state-label]");
    const lineHeight = parseFloat(await computedStyle(state, "lineHeight"));
    expect((await state.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    // The name has the card's width less the state's, not a fifth of the screen.
    expect((await row.locator("td").first().boundingBox())!.width).toBeGreaterThan(phone.width / 2);
    await page.screenshot({ path: screenshotPath("event-desk-390") });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
