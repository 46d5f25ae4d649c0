import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Role, User } from "../../server/accounts/accounts.types.js";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath } from "../support/browser.js";
import { salonInput, tokenUser } from "../support/salon-clients.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the header layout and the closed salon");

const desktop = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };

// Each test opens several browser contexts (four roles, or four people in a room): slow on a busy machine.
describe.skipIf(!hasChromium)(
  "the header on laptops and phones, and a salon closing live, in Chromium",
  { timeout: 120_000 },
  () => {
    let server: RunningTestServer;
    let browser: Browser;
    const problems: string[] = [];
    const people = new Map<Role, { user: User; sessionId: string }>();

    /** A page signed in as one of the people (a real session cookie), at a viewport size. */
    async function pageAs(role: Role, viewport: { width: number; height: number }, lang = "zh-CN"): Promise<Page> {
      const person = people.get(role)!;
      const context = await browser.newContext({ viewport, locale: lang, isMobile: viewport.width < 500 });
      await context.addCookies([{ name: sessionCookieName, value: person.sessionId, url: server.baseUrl }]);
      const page = await context.newPage();
      recordProblems(page, problems, `${role} ${viewport.width}px`);
      return page;
    }

    /**
     * Someone without an account on a phone: reads the code on the salon's page, types it at
     * /join, chooses a display name, and lands in the room as a guest.
     */
    async function guestJoining(salonId: number, name: string): Promise<Page> {
      const context = await browser.newContext({ viewport: phone, locale: "zh-CN", isMobile: true });
      const page = await context.newPage();
      recordProblems(page, problems, "guest");
      await page.goto(`${server.baseUrl}/salons/${salonId}`);
      const code = (await page.locator("[data-join-code]").innerText()).trim();
      expect(code).toMatch(/^[A-Z0-9]{6}$/);
      expect(
        await page.locator(".join-qr").evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      ).toBeGreaterThan(0);
      await page.goto(`${server.baseUrl}/join`);
      await page.getByLabel("加入码").fill(code.toLowerCase());
      await page.getByRole("button", { name: "下一步" }).click();
      await page.getByLabel("显示名称").fill(name);
      await page.getByRole("button", { name: "进入沙龙" }).click();
      await page.waitForURL(new RegExp(`/salons/${salonId}/live$`));
      expect(await page.locator(".room-guest").innerText()).toContain(name);
      return page;
    }

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchBrowser();
      // Long-ish names: the header must hold them beside the links and the search box.
      const names: Record<string, string> = {
        organizer: "福建省科协学会部活动组织者",
        expert: "欧阳志明研究员",
        enterprise: "宁德时新能源材料有限公司",
        admin: "科桥平台系统管理员",
      };
      for (const role of ["organizer", "expert", "enterprise", "admin"] as const) {
        const { user } = await tokenUser(server.container, role, names[role]!);
        const { sessionId } = await server.container.accounts.startSession(user.id);
        people.set(role, { user, sessionId });
      }
    });

    // Closing the suite's own browser disposes of its contexts (closing them one by one hung in CI).
    afterAll(() =>
      tearDown([
        ["browser", () => browser?.close()],
        ["server", () => server?.close()],
      ]),
    );

    for (const lang of ["zh-CN", "en"]) {
      for (const width of [1280, 1366]) {
        it(`gives the header search box at least 200 px at ${width} px in ${lang}, for every role, and its button searches`, async () => {
          for (const role of ["organizer", "expert", "enterprise", "admin"] as const) {
            const page = await pageAs(role, { width, height: 900 }, lang);
            await page.goto(`${server.baseUrl}/salons?lang=${lang}`);
            const box = await page.locator("#site-search-q").boundingBox();
            expect(box, `${role} in ${lang}`).not.toBeNull();
            expect(box!.width, `${role} in ${lang} at ${width}px`).toBeGreaterThanOrEqual(200);
            // Every link of the main navigation is visible on screen (none hidden behind the box).
            for (const link of await page.locator(".main-nav a").all()) {
              const place = await link.boundingBox();
              expect(
                place && place.x >= 0 && place.x + place.width <= width,
                `${role}: ${await link.innerText()}`,
              ).toBe(true);
            }
            if (width === 1366 && role === "expert") {
              await page.screenshot({
                path: screenshotPath(`header-1366-${lang}`),
                clip: { x: 0, y: 0, ...desktop, height: 140 },
              });
            }
            await page.locator("#site-search-q").fill("电池");
            await page.locator(".site-search-button").click();
            await page.waitForURL(/\/search\?q=/);
            expect(new URL(page.url()).searchParams.get("q")).toBe("电池");
            await page.context().close();
          }
        });
      }
    }

    it("shows 我的对接 on a phone through the menu button, inside the screen", async () => {
      const page = await pageAs("expert", phone);
      await page.goto(`${server.baseUrl}/`);
      const menu = page.getByRole("button", { name: "菜单" });
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      await page.screenshot({ path: screenshotPath("header-390") });
      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      const inbox = page.getByRole("link", { name: "我的对接" });
      await inbox.waitFor({ state: "visible" });
      const place = (await inbox.boundingBox())!;
      expect(place.x).toBeGreaterThanOrEqual(0);
      expect(place.x + place.width).toBeLessThanOrEqual(phone.width);
      expect(place.y + place.height).toBeLessThanOrEqual(phone.height);
      await page.screenshot({ path: screenshotPath("header-390-menu-open") });
      await inbox.click();
      await page.waitForURL(/\/inbox$/);
      await page.screenshot({ path: screenshotPath("inbox-390"), fullPage: true });
      const wide = await pageAs("expert", desktop);
      await wide.goto(`${server.baseUrl}/inbox`);
      // On a laptop there is no menu button: the links are simply there.
      expect(await wide.getByRole("button", { name: "菜单" }).isVisible()).toBe(false);
      expect(await wide.getByRole("link", { name: "我的对接" }).isVisible()).toBe(true);
      await wide.screenshot({ path: screenshotPath("inbox-1366"), fullPage: true });
    });

    it("sets curly quotes half-width on English pages and full-width on Chinese ones", async () => {
      /** A quote's width in the page's text face, as a share of the font size. */
      const quoteWidth = (page: Page) =>
        page.locator("main").evaluate((main) => {
          const probe = main.ownerDocument.createElement("span");
          probe.textContent = "\u201c";
          main.append(probe);
          const fontSize = parseFloat(main.ownerDocument.defaultView!.getComputedStyle(probe).fontSize);
          return probe.getBoundingClientRect().width / fontSize;
        });
      const english = await pageAs("expert", phone, "en");
      await english.goto(`${server.baseUrl}/account/email?lang=en`);
      expect(await quoteWidth(english)).toBeLessThan(0.6);
      await english.goto(`${server.baseUrl}/account/email?lang=zh-CN`);
      expect(await quoteWidth(english)).toBeGreaterThan(0.9);
      await english.context().close();
    });

    it("puts each way of receiving emails on its own line, radio button first, on a phone", async () => {
      const page = await pageAs("expert", phone, "en");
      await page.goto(`${server.baseUrl}/account/email?lang=en`);
      const rows = [];
      for (const choice of await page.locator('label:has(input[name="preference"])').all()) {
        const label = (await choice.boundingBox())!;
        const radio = (await choice.locator("input").boundingBox())!;
        rows.push({ top: Math.round(label.y), left: Math.round(label.x), radioLeft: Math.round(radio.x) });
      }
      await page.screenshot({ path: screenshotPath("email-settings-390"), fullPage: true });
      expect(rows).toHaveLength(3);
      // One under the other, each starting at the same left edge with its radio button.
      expect(rows[1]!.top).toBeGreaterThan(rows[0]!.top);
      expect(rows[2]!.top).toBeGreaterThan(rows[1]!.top);
      expect(new Set(rows.map((row) => row.left)).size).toBe(1);
      expect(rows.every((row) => row.radioLeft - row.left < 4)).toBe(true);
      await page.getByLabel("Daily digest: one email a day").check();
      await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Save" }).click()]);
      await page.goto(`${server.baseUrl}/account/email?lang=en`);
      expect(await page.getByLabel("Daily digest: one email a day").isChecked()).toBe(true);
      await page.context().close();
    });

    it("lets a guest join by code and ask, shows icons, and switches every attendee's room to 已结束 live on close", async () => {
      const organizer = people.get("organizer")!.user;
      const actor = salonActorOf(organizer)!;
      const { salon } = await server.container.salons.create(actor, salonInput({ title: "结束测试沙龙" }));
      await server.container.salons.open(actor, salon.id);
      const room = `${server.baseUrl}/salons/${salon.id}/live`;
      const guest = await guestJoining(salon.id, "扫码的访客");
      const attendees = [await pageAs("expert", desktop), await pageAs("enterprise", phone), guest];
      for (const page of attendees) {
        if (page !== guest) await page.goto(room);
        await page.locator('#room-connection[data-state="live"]').waitFor();
        expect(await page.locator("#room-status").innerText()).toBe("进行中");
        expect(await page.locator("#ask-text").isDisabled()).toBe(false);
      }
      // The guest asks; the others see the question under the guest's name.
      await guest.getByLabel("您的问题").fill("访客的问题：固态电池何时量产？");
      await guest.getByRole("button", { name: "提问", exact: true }).click();
      await attendees[0]!.locator(".question", { hasText: "访客的问题" }).waitFor();
      expect(await attendees[0]!.locator(".question", { hasText: "访客的问题" }).innerText()).toContain("扫码的访客");
      // Reaction icons come from the app's SVG sprite (no emoji font needed) and are drawn.
      for (const page of attendees) {
        const labels = await page.locator(".reaction-button").allInnerTexts();
        expect(labels.join("")).not.toMatch(/\p{Extended_Pictographic}/u);
        await expect
          .poll(() =>
            page
              .locator(".reaction-button .reaction-icon use")
              .first()
              .evaluate((use) => (use as unknown as { getBBox(): { width: number } }).getBBox().width),
          )
          .toBeGreaterThan(12);
      }
      const moderator = await pageAs("organizer", desktop);
      await moderator.goto(`${server.baseUrl}/salons/${salon.id}`);
      await moderator.getByRole("button", { name: "结束沙龙" }).click();
      // The page asks in its confirm dialog, whose button repeats the action's name.
      await Promise.all([
        moderator.waitForResponse((response) => response.url().endsWith(`/salons/${salon.id}/close`)),
        moderator.getByRole("dialog").getByRole("button", { name: "结束沙龙" }).click(),
      ]);
      await moderator.waitForURL(new RegExp(`/salons/${salon.id}$`));

      for (const page of attendees) {
        await expect.poll(() => page.locator("#room-status").innerText()).toBe("已结束");
        expect(await page.locator("#room-notice").innerText()).toBe("沙龙已结束，感谢参与。");
        for (const control of ["#ask-text", "#chat-text", "#hand-button", ".reaction-button"]) {
          for (const node of await page.locator(control).all()) expect(await node.isDisabled(), control).toBe(true);
        }
        expect(page.url()).toBe(room); // no reload happened
      }
      await attendees[0]!.screenshot({ path: screenshotPath("salon-room-closed-1366"), fullPage: true });
      await attendees[1]!.screenshot({ path: screenshotPath("salon-room-closed-390"), fullPage: true });
      await guest.screenshot({ path: screenshotPath("salon-room-closed-guest-390"), fullPage: true });
    });

    it("logged no console errors, failed requests or page errors", () => {
      expect(problems).toEqual([]);
    });
  },
);
