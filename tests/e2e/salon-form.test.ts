import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../server/accounts/accounts.types.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { chromiumFor, launchBrowser, screenshotPath, sessionPage } from "../support/browser.js";
import { signUp, write } from "../support/factories.js";
import { salonInput, tokenUser } from "../support/salon-clients.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the salon form");

describe.skipIf(!hasChromium)("the organizer's salon form in Chromium", { timeout: 120_000 }, () => {
  let server: RunningTestServer;
  let browser: Browser;
  let organizer: User;
  let sessionId = "";
  const expertIds: number[] = [];
  const problems: string[] = [];

  const organizerPage = (viewport = { width: 1280, height: 900 }): Promise<Page> =>
    sessionPage(browser, server.baseUrl, sessionId, { viewport, problems, label: `organizer ${viewport.width}px` });

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ user: organizer } = await tokenUser(server.container, "organizer", "学会部"));
    ({ sessionId } = await server.container.accounts.startSession(organizer.id));
    const staff = await signUp(server.app, server.container, { role: "organizer" });
    // Namesakes: a name alone does not say which 陈建华 speaks.
    for (const [name, organization] of [
      ["陈建宏", "福州大学"],
      ["陈建华", "福州大学"],
      ["陈建华", "厦门大学"],
    ]) {
      const created = await write(staff, "post", "/api/experts").send({ name, organization });
      expertIds.push((created.body as { id: number }).id);
    }
    await server.container.indexWorker.drain();
  });

  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  it("names the agenda's speakers on the edit form and keeps them, namesakes too, when it is saved unchanged", async () => {
    const actor = salonActorOf(organizer)!;
    const { salon } = await server.container.salons.create(
      actor,
      salonInput({
        speakers: [
          { expertId: expertIds[2]!, talkTitle: "热界面材料", budgetSeconds: 1200 },
          { expertId: expertIds[0]!, talkTitle: "封装散热", budgetSeconds: 900 },
        ],
      }),
    );
    const page = await organizerPage();
    await page.goto(`${server.baseUrl}/salons/${salon.id}/edit`);
    expect(await page.locator("#speaker-1-expert").inputValue()).toBe("陈建华");
    expect(await page.locator("#speaker-2-expert").inputValue()).toBe("陈建宏");
    await Promise.all([
      page.waitForURL(`${server.baseUrl}/salons/${salon.id}`),
      page.getByRole("button", { name: "保存修改" }).click(),
    ]);
    const saved = await server.container.salons.get(actor, salon.id);
    expect(saved.salon.speakers.map((s) => [s.expertId, s.talkTitle, s.budgetSeconds])).toEqual([
      [expertIds[2], "热界面材料", 1200],
      [expertIds[0], "封装散热", 900],
    ]);
    await page.context().close();
    expect(problems).toEqual([]);
  });

  it("fits a phone: the visibilities one under another, each agenda row's expert across the screen", async () => {
    const page = await organizerPage({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/salons/new`);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    const cards = await page.locator(".choice-card").evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = node.getBoundingClientRect();
        return { left: Math.round(box.left), top: Math.round(box.top), width: Math.round(box.width) };
      }),
    );
    expect(cards).toHaveLength(3);
    expect(new Set(cards.map((card) => card.left)).size).toBe(1);
    expect(cards[1]!.top).toBeGreaterThan(cards[0]!.top);
    expect(cards[2]!.top).toBeGreaterThan(cards[1]!.top);
    const row = await page.locator(".speaker-row").first().boundingBox();
    const expert = await page.locator("#speaker-1-expert").boundingBox();
    expect(expert!.width).toBeGreaterThan(row!.width * 0.9);
    await page.screenshot({ path: screenshotPath("salon-form-phone"), fullPage: true });
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
