import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { chromiumFor, launchBrowser, sessionPage } from "../support/browser.js";
import { salonInput, tokenUser } from "../support/salon-clients.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

/**
 * An agenda speaker is in the speaker queue from the salon's opening. The room used to offer
 * them "举手发言" all the same, which the room then refused with "您已经举手了" (they never had).
 */
describe.skipIf(!chromiumFor("the agenda speaker's hand button"))(
  "the hand button of a speaker on a live salon's agenda",
  () => {
    let server: RunningTestServer;
    let browser: Browser;
    const problems: string[] = [];
    let speaker: Page;
    let moderator: Page;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchBrowser();
      const host = await tokenUser(server.container, "organizer", "主持人");
      const expert = await tokenUser(server.container, "expert", "林教授");
      const actor = salonActorOf(host.user)!;
      const { salon } = await server.container.salons.create(
        actor,
        salonInput({
          speakers: [{ expertId: expert.user.expertId!, talkTitle: "固态电解质界面", budgetSeconds: 600 }],
        }),
      );
      await server.container.salons.open(actor, salon.id);
      const pageOf = async (userId: number, label: string, lang: string) => {
        const { sessionId } = await server.container.accounts.startSession(userId);
        const page = await sessionPage(browser, server.baseUrl, sessionId, {
          viewport: { width: 390, height: 844 },
          problems,
          label,
          lang,
        });
        await page.goto(`${server.baseUrl}/salons/${salon.id}/live?lang=${lang}`);
        await page.locator('#room-connection[data-state="live"]').waitFor();
        return page;
      };
      speaker = await pageOf(expert.user.id, "speaker", "zh-CN");
      moderator = await pageOf(host.user.id, "moderator", "zh-CN");
    });

    afterAll(() =>
      tearDown([
        ["browser", () => browser?.close()],
        ["server", () => server?.close()],
      ]),
    );

    it("says the speaker is on the agenda, then speaking, instead of offering a hand the room refuses", async () => {
      const hand = speaker.locator("#hand-button");
      await expect.poll(() => hand.textContent()).toBe("您在议程中，按顺序发言");
      expect(await hand.isDisabled()).toBe(true);

      await moderator.locator("#advance-button").click();
      await expect.poll(() => hand.textContent()).toBe("您正在发言");
      expect(await hand.isDisabled()).toBe(true);

      // Once the turn is over the speaker may raise a hand like anyone.
      await moderator.locator("#advance-button").click();
      await expect.poll(() => hand.textContent()).toBe("举手发言");
      await hand.click();
      await expect.poll(() => hand.textContent()).toBe("放下手");
      expect(problems).toEqual([]);
    });
  },
);
