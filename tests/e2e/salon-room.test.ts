import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { User } from "../../server/accounts/accounts.types.js";
import { sessionCookieName } from "../../server/shared/session-cookie.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { formatClock } from "../../server/http/layout/page-parts.view-models.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath } from "../support/browser.js";
import { salonInput, tokenUser } from "../support/salon-clients.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the salon room");

const questionText = "硫化物电解质在空气中会释放硫化氢，工程上怎么防护？";

describe.skipIf(!hasChromium)("live salon room in Chromium, three people", () => {
  let server: RunningTestServer;
  let browser: Browser;
  const problems: string[] = [];
  let asker: Page;
  let askerSession = "";
  let voter: Page;
  let moderator: Page;
  let roomPath = "";
  let salonId = 0;
  let host: ReturnType<typeof salonActorOf>;
  let voterId = 0;

  /** A browser context signed in as a new user (a real session cookie). */
  async function personPage(
    role: "expert" | "enterprise" | "organizer",
    name: string,
    timezoneId?: string,
  ): Promise<{ page: Page; user: User; sessionId: string }> {
    const { user } = await tokenUser(server.container, role, name);
    const { sessionId } = await server.container.accounts.startSession(user.id);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId });
    await context.addCookies([{ name: sessionCookieName, value: sessionId, url: server.baseUrl }]);
    const page = await context.newPage();
    recordProblems(page, problems, name);
    return { page, user, sessionId };
  }

  const question = (page: Page) => page.locator(".question", { hasText: questionText });

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    // The moderator's browser is in New York; the room still shows Beijing time.
    const organizer = await personPage("organizer", "主持人", "America/New_York");
    moderator = organizer.page;
    ({ page: asker, sessionId: askerSession } = await personPage("enterprise", "提问者"));
    const voterPerson = await personPage("expert", "投票者");
    voter = voterPerson.page;
    voterId = voterPerson.user.id;
    const actor = salonActorOf(organizer.user)!;
    host = actor;
    const { salon } = await server.container.salons.create(actor, salonInput({ premoderation: true }));
    salonId = salon.id;
    await server.container.salons.open(actor, salon.id);
    roomPath = `${server.baseUrl}/salons/${salon.id}/live`;
    for (const page of [moderator, asker, voter]) {
      await page.goto(roomPath);
      await page.locator('#room-connection[data-state="live"]').waitFor();
    }
  });

  // Closing the suite's own browser disposes of its contexts (closing them one by one hung in CI).
  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  it("holds an attendee's anonymous question for the moderator, who sees who asked", async () => {
    await asker.getByLabel("您的问题").fill(questionText);
    await asker.getByLabel("匿名提问（主持人仍可见提问者）").check();
    await asker.getByRole("button", { name: "提问", exact: true }).click();
    await expect.poll(() => asker.locator("#ask-feedback").textContent()).toBe("问题已提交，主持人审核后显示。");

    await question(moderator).waitFor();
    const seenByModerator = await question(moderator).innerText();
    expect(seenByModerator).toContain("提问者");
    expect(seenByModerator).toContain("待审核");
    await expect.poll(() => moderator.locator("#question-counts").textContent()).toContain("1 个问题待审核");
    expect(await question(asker).innerText()).toContain("待审核");
    expect(await question(voter).count()).toBe(0);
  });

  it("shows the approved question to everyone, without the author, and counts another's upvote", async () => {
    await question(moderator).getByRole("button", { name: "通过" }).click();
    await question(voter).waitFor();
    const seenByVoter = await question(voter).innerText();
    expect(seenByVoter).toContain("匿名");
    expect(seenByVoter).not.toContain("提问者");

    await question(voter).getByRole("button", { name: "赞同" }).click();
    for (const page of [asker, voter, moderator]) {
      await expect.poll(() => question(page).locator(".vote-count").textContent()).toBe("1");
    }
    expect(await question(voter).getByRole("button", { name: "已赞同" }).getAttribute("aria-pressed")).toBe("true");
    expect(await question(asker).locator(".vote-button").isDisabled()).toBe(true); // one's own question
  });

  it("marks the question answered on all three pages", async () => {
    await question(moderator).getByRole("button", { name: "标为已回答" }).click();
    for (const page of [asker, voter, moderator]) {
      await expect.poll(() => question(page).getAttribute("data-status")).toBe("answered");
      expect(await question(page).innerText()).toContain("已回答");
      expect(await question(page).locator(".vote-count").textContent()).toBe("1");
    }
    await expect.poll(() => moderator.locator("#moderation-log").innerText()).toContain("处理问题 #1：标为已回答");
    const logTime = moderator.locator("#moderation-log time").first();
    const loggedAt = new Date((await logTime.getAttribute("datetime"))!);
    await expect(logTime.textContent()).resolves.toBe(formatClock(loggedAt));
    await asker.screenshot({ path: screenshotPath("salon-room-attendee"), fullPage: true });
    await moderator.screenshot({ path: screenshotPath("salon-room-moderator"), fullPage: true });
  });

  it("keeps the state after a reload", async () => {
    await voter.reload();
    await question(voter).waitFor();
    expect(await question(voter).getAttribute("data-status")).toBe("answered");
    expect(await question(voter).getByRole("button", { name: "已赞同" }).isDisabled()).toBe(true);
  });

  it("merges a question into one picked from a dialog's list, and hides one with a reason typed in a dialog", async () => {
    const promptBoxes: string[] = [];
    moderator.on("dialog", (box) => {
      promptBoxes.push(box.message());
      void box.dismiss();
    });
    const duplicate = "硫化氢泄漏在工程上怎么防护？";
    const offTopic = "请问会场附近有停车位吗？";
    for (const text of [duplicate, offTopic]) {
      await voter.getByLabel("您的问题").fill(text);
      await voter.getByRole("button", { name: "提问", exact: true }).click();
      await moderator.locator(".question", { hasText: text }).waitFor();
    }
    const duplicateRow = moderator.locator(".question", { hasText: duplicate });
    const duplicateId = Number(await duplicateRow.getAttribute("data-question-id"));
    const merge = moderator.getByRole("dialog", { name: `把问题 #${duplicateId} 合并到…` });

    // Escape leaves everything as it was.
    await duplicateRow.getByRole("button", { name: "合并到…" }).click();
    await merge.waitFor();
    // Only shown or answered questions take merges: the answered one, not the pending one.
    const choices = merge.getByRole("radio");
    expect(await choices.count()).toBe(1);
    await moderator.keyboard.press("Escape");
    await merge.waitFor({ state: "hidden" });
    expect(await duplicateRow.getAttribute("data-status")).toBe("pending");

    await duplicateRow.getByRole("button", { name: "合并到…" }).click();
    await merge.getByRole("radio", { name: new RegExp(`^#1 · 1 票 · ${questionText}`) }).check();
    await merge.getByRole("button", { name: "合并", exact: true }).click();
    await expect.poll(() => duplicateRow.count()).toBe(0);
    await expect
      .poll(() => moderator.locator("#moderation-log").innerText())
      .toContain(`处理问题 #${duplicateId}：合并到…`);

    const offTopicRow = moderator.locator(".question", { hasText: offTopic });
    const offTopicId = Number(await offTopicRow.getAttribute("data-question-id"));
    await offTopicRow.getByRole("button", { name: "隐藏", exact: true }).click();
    const hide = moderator.getByRole("dialog", { name: `隐藏问题 #${offTopicId}` });
    await hide.getByLabel("隐藏原因（可不填）").fill("与主题无关");
    await hide.getByLabel("隐藏原因（可不填）").press("Enter"); // Enter confirms, as in any form
    await expect.poll(() => offTopicRow.getAttribute("data-status")).toBe("hidden");
    expect(await offTopicRow.innerText()).toContain("隐藏原因：与主题无关");

    const rows = await server.database.db.salonQuestion.findMany({
      where: { id: { in: [duplicateId, offTopicId] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => [row.id, row.status, row.mergedIntoId, row.hiddenReason])).toEqual([
      [duplicateId, "merged", 1, ""],
      [offTopicId, "hidden", null, "与主题无关"],
    ]);
    expect(promptBoxes).toEqual([]);
  });

  it("words what the room refuses in Chinese: a poll's options, a muted attendee's message", async () => {
    const feedback = (page: Page) => page.locator("#room-feedback");
    await moderator.getByText("发起投票").click();
    await moderator.getByLabel("投票问题").fill("下一期讨论什么？");
    await moderator.getByLabel(/选项/).fill("只有一个选项");
    await moderator.getByRole("button", { name: "发起", exact: true }).click();
    await expect.poll(() => feedback(moderator).innerText()).toBe("投票需要 2–10 个选项，每行一个。");
    await moderator.getByLabel(/选项/).fill("界面\n界面");
    await moderator.getByRole("button", { name: "发起", exact: true }).click();
    await expect.poll(() => feedback(moderator).innerText()).toBe("选项有重复。");
    expect(await server.database.db.salonPoll.count({ where: { salonId } })).toBe(0);

    await server.container.salons.perform(host!, salonId, "mute-voter", { kind: "mute", userId: voterId, muted: true });
    await voter.getByLabel("消息", { exact: true }).fill("我还能说话吗？");
    await voter.getByRole("button", { name: "发送" }).click();
    await expect.poll(() => feedback(voter).innerText()).toBe("您已被主持人禁言。");
    await server.container.salons.perform(host!, salonId, "unmute-voter", {
      kind: "mute",
      userId: voterId,
      muted: false,
    });
  });

  it("shows the answered question in the printable minutes", async () => {
    await moderator.getByRole("link", { name: "查看纪要" }).click();
    await moderator.waitForURL(/\/minutes$/);
    const answered = moderator.locator(".minutes-questions li", { hasText: questionText });
    expect(await answered.innerText()).toContain("匿名 · 1 票 · 已回答");
    await moderator.screenshot({ path: screenshotPath("salon-minutes"), fullPage: true });
    await moderator.emulateMedia({ media: "print" });
    expect(await moderator.locator(".site-header").isVisible()).toBe(false);
  });

  it("tells an attendee whose session signs out elsewhere, and closes the room's controls", async () => {
    await server.container.accounts.endSession(askerSession);
    await expect.poll(() => asker.locator("#room-notice").innerText()).toContain("您已退出登录");
    expect(await asker.locator("#room-connection").getAttribute("data-state")).toBe("removed");
    expect(
      await asker
        .locator("#ask-form textarea, #ask-form button")
        .evaluateAll((els) => els.every((el) => (el as unknown as { disabled: boolean }).disabled)),
    ).toBe(true);
  });

  it("raised no console errors, CSP violations or failed requests", () => {
    expect(problems).toEqual([]);
  });
});
