import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { adjustableClock } from "../support/adjustable-clock.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath, signInThroughPage } from "../support/browser.js";
import { buildEventWorld, rosterWorkbook, type EventWorld } from "../support/event-fixtures.js";
import type { SignedInAgent } from "../support/factories.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the docking event, end to end");

/**
 * The "Done when" as one story, in one browser against one server: the organizer creates
 * the event, registers participants from an .xlsx file, runs the assignment (progress, then the
 * diagnosis of an infeasible Taiwan quota and its relaxation), schedules and publishes; the
 * expert opens their agenda and downloads the calendar file; on the day (the server's clock is
 * moved to the morning) the organizer checks people in, marks a no-show and confirms the refill,
 * and the expert's open agenda changes; after the meetings both record outcomes on their pages;
 * the dashboard's funnel shows them and its Excel export says the same.
 */
describe.skipIf(!hasChromium)("a docking event in Chromium, from creation to the dashboard", () => {
  const clock = adjustableClock();
  let server: RunningTestServer;
  let browser: Browser;
  let world: EventWorld;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { clock });
    browser = await launchBrowser();
    world = await buildEventWorld(server.app, server.container, { needs: 3, experts: 6, taiwan: 1 });
  }, 120_000);

  // Closing the suite's own browser disposes of its contexts (closing them one by one hung in CI).
  afterAll(() =>
    tearDown([
      ["browser", () => browser?.close()],
      ["server", () => server?.close()],
    ]),
  );

  async function signedInPage(user: SignedInAgent, label: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "zh-CN",
      acceptDownloads: true,
    });
    const page = await context.newPage();
    recordProblems(page, problems, label);
    await signInThroughPage(page, server.baseUrl, user);
    return page;
  }

  it("creates, registers, assigns, publishes, runs the day, records outcomes and reports them", async () => {
    const db = server.container.db;
    // ---- the organizer creates the event: tomorrow, 6 slots of 20 minutes, 4 tables, a Taiwan quota
    const organizer = await signedInPage(world.organizer, "organizer");
    await organizer.goto(`${server.baseUrl}/events/new`);
    // The loads are labelled with the chosen kind's sides as soon as it is chosen.
    await organizer.getByLabel("活动类型").selectOption("review");
    await expect
      .poll(() => organizer.locator('label[for="event-demandPerNeed"]').textContent())
      .toBe("每个提名会谈评审专家数");
    await organizer.getByLabel("活动类型").selectOption("matchmaking");
    await organizer.getByLabel("活动名称").fill("海峡两岸新能源对接日");
    await organizer.getByLabel("地点").fill("福州海峡国际会展中心");
    const day = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
    await organizer.getByLabel("首个时段开始（北京时间）").fill(`${day}T09:00`);
    await organizer.getByLabel("时段数").fill("6");
    await organizer.getByLabel("桌数").fill("4");
    await organizer.getByLabel("每个需求会谈专家数").fill("2");
    await organizer.getByLabel("每位专家最多会谈").fill("3");
    await organizer.getByLabel("配额：每个需求至少会谈的地区专家").selectOption("taiwan");
    await organizer.getByLabel("至少人数").fill("1");
    await Promise.all([
      organizer.waitForURL(/\/events\/\d+$/),
      organizer.getByRole("button", { name: "保存" }).click(),
    ]);
    const eventId = Number(/\/events\/(\d+)$/.exec(organizer.url())![1]);
    const status = () => organizer.locator("[data-event-status]").getAttribute("data-event-status");
    await expect.poll(status).toBe("draft");
    await organizer.getByRole("button", { name: "开放报名" }).click();
    await expect.poll(status).toBe("registration");

    // ---- registration from an .xlsx file: the needs and every expert but the Taiwan one; the
    // signed-up expert (林教授) comes for slots 1–3 and takes at most two meetings.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "event-roster-")), "报名表.xlsx");
    const experts = world.expertIds.filter((e) => !world.taiwanExpertIds.includes(e));
    const lin = world.expert.expertId!;
    fs.writeFileSync(
      file,
      await rosterWorkbook([
        ...world.needIds.map((n) => ["need", String(n)]),
        ...experts.map((e) =>
          e === lin ? ["expert", String(e), "", 2, 0, "1-3"] : ["expert", String(e), "", 3, 0, ""],
        ),
      ]),
    );
    await organizer.getByLabel("报名文件（.csv 或 .xlsx）").setInputFiles(file);
    await organizer.getByRole("button", { name: "上传并报名" }).click();
    await expect
      .poll(() => organizer.locator("[data-roster-done]").textContent())
      .toContain(`已报名 ${world.needIds.length + experts.length} 条`);

    // ---- the assignment: progress while it runs; the Taiwan quota cannot hold, the diagnosis
    // says so and its button relaxes the rule and runs again.
    await organizer.getByRole("button", { name: "运行匹配" }).click();
    await organizer.locator("[data-run-status]").waitFor();
    const sawProgress = (await organizer.locator("[data-run-progress]").count()) > 0;
    await organizer.locator("[data-diagnosis]").waitFor({ timeout: 30_000 });
    expect(await organizer.locator("[data-diagnosis]").textContent()).toContain("台湾");
    await organizer.screenshot({ path: screenshotPath("event-diagnosis"), fullPage: true });
    await organizer.locator("[data-relaxation]", { hasText: "放宽规则" }).first().click();
    await expect
      .poll(() => organizer.locator("[data-run-status]").getAttribute("data-run-status"), { timeout: 30_000 })
      .toBe("optimal");
    const runs = await db.eventAssignmentRun.findMany({ where: { eventId } });
    expect(runs.map((r) => r.status)).toEqual(["infeasible", "optimal"]);
    // The page followed a running run (its bar), or the run had already ended when it loaded.
    expect(sawProgress || runs.every((r) => r.progress === 1)).toBe(true);

    // ---- review: 林教授 (at most 2 meetings) got two pairs; the organizer removes one by hand,
    // which leaves him room for a refill on the day.
    const linsPairs = await db.eventMeeting.findMany({ where: { eventId, expertId: lin }, orderBy: { id: "asc" } });
    expect(linsPairs).toHaveLength(2);
    await Promise.all([
      organizer.waitForURL(new RegExp(`/events/${eventId}$`)),
      organizer.locator(`tr[data-meeting="${linsPairs[1]!.id}"]`).getByRole("button", { name: "移除" }).click(),
    ]);
    expect(await db.eventMeeting.count({ where: { eventId, expertId: lin } })).toBe(1);

    await organizer.getByRole("button", { name: "排入时段与桌位" }).click();
    await organizer.locator("[data-schedule-summary]").waitFor();
    await organizer.getByRole("button", { name: "发布日程并通知参会者" }).click();
    await organizer.locator("[data-published]").waitFor();

    // ---- the expert's agenda and calendar file (the page stays open for the day)
    const expert = await signedInPage(world.expert, "expert");
    await expert.goto(`${server.baseUrl}/events/${eventId}/agenda`);
    const agendaRows = expert.locator("[data-event-agenda] tr[data-meeting-id]");
    expect(await agendaRows.count()).toBe(1);
    const [download] = await Promise.all([expert.waitForEvent("download"), expert.locator("[data-ics-link]").click()]);
    const vevents = fs
      .readFileSync((await download.path())!, "utf8")
      .split("BEGIN:VEVENT")
      .slice(1);
    expect(vevents).toHaveLength(1);
    expect(vevents[0]).toMatch(/SUMMARY:与 .+ 会谈/);
    expect(vevents[0]).toMatch(/LOCATION:福州海峡国际会展中心 第 \d+ 桌/);
    // Slots 1–3 only (the expert's availability): 09:00–10:00 Beijing = 01:00–02:00 UTC.
    const start = /DTSTART[^:]*:(\d{8})T(\d{6})Z/.exec(vevents[0]!)!;
    expect(start[1]).toBe(day.replaceAll("-", ""));
    expect(Number(start[2]!.slice(0, 2))).toBeLessThanOrEqual(1);

    // ---- the day: the server's clock moves to 08:55 Beijing time; the desk works on slot 1.
    const firstSlot = new Date(`${day}T09:00:00+08:00`);
    clock.setTo(new Date(firstSlot.getTime() - 5 * 60_000));
    const meetings = await db.eventMeeting.findMany({ where: { eventId }, include: { expert: true } });
    const linsMeeting = meetings.find((m) => m.expertId === lin)!;
    // The absent expert: one whose meeting (another need, another slot that 林教授 attends)
    // leaves a need alone that 林教授 can take.
    const stranded = meetings.find(
      (m) => m.expertId !== lin && m.needId !== linsMeeting.needId && m.slot !== linsMeeting.slot && m.slot! <= 2,
    );
    expect(stranded, "a meeting 林教授 can take over after a no-show").toBeDefined();
    const desk = organizer;
    await desk.goto(`${server.baseUrl}/events/${eventId}/live`);
    await Promise.all([desk.waitForURL(/\/live$/), desk.getByRole("button", { name: "开始当天活动" }).click()]);
    // Search, then check the expert in with one click (the row changes in place).
    await desk.getByPlaceholder("按姓名或单位搜索").fill("林教授");
    await Promise.all([desk.waitForURL(/q=/), desk.locator("main").getByRole("button", { name: "搜索" }).click()]);
    const participants = await db.eventParticipant.findMany({ where: { eventId } });
    const linRow = desk.locator(`tr[data-participant-id="${participants.find((p) => p.expertId === lin)!.id}"]`);
    await linRow.getByRole("button", { name: "签到", exact: true }).click();
    await expect.poll(() => linRow.getAttribute("data-state")).toBe("present");
    // Then the enterprises' needs, from the whole list.
    await desk.goto(`${server.baseUrl}/events/${eventId}/live`);
    for (const p of participants.filter((p) => p.kind === "need")) {
      const row = desk.locator(`tr[data-participant-id="${p.id}"]`);
      await row.getByRole("button", { name: "签到", exact: true }).click();
      await expect.poll(() => row.getAttribute("data-state")).toBe("present");
    }
    expect(await db.eventParticipant.count({ where: { eventId, checkedInAt: { not: null } } })).toBe(4);

    // The absent expert is marked; the engine's proposal for the need left alone arrives live.
    const absentRow = desk.locator(
      `tr[data-participant-id="${participants.find((p) => p.expertId === stranded!.expertId)!.id}"]`,
    );
    await absentRow.getByRole("button", { name: "标记缺席" }).click();
    await desk.locator("#confirm-dialog").getByRole("button", { name: "标记缺席" }).click();
    const proposal = desk.locator(
      `[data-proposal][data-need-id="${stranded!.needId}"][data-expert-id="${lin}"][data-slot="${stranded!.slot}"]`,
    );
    await expect.poll(() => proposal.count(), { timeout: 15_000 }).toBe(1);
    await desk.screenshot({ path: screenshotPath("event-live-desk") });
    await proposal.getByRole("button", { name: "确认补位" }).click();
    await expect.poll(() => proposal.count(), { timeout: 10_000 }).toBe(0);
    const refill = await db.eventMeeting.findFirst({ where: { eventId, source: "refill" } });
    expect(refill).toMatchObject({ needId: stranded!.needId, expertId: lin, slot: stranded!.slot });
    // The expert's agenda, open since the morning before, now lists the refill meeting.
    await expect.poll(() => agendaRows.count(), { timeout: 10_000 }).toBe(2);
    const refillRow = expert.locator(`[data-event-agenda] tr[data-meeting-id="${refill!.id}"]`);
    expect(await refillRow.getAttribute("class")).toContain("agenda-changed");
    await expert.screenshot({ path: screenshotPath("event-live-agenda") });

    // ---- after the last slot: each side records its outcome on its page.
    clock.setTo(new Date(firstSlot.getTime() + 3 * 3600_000));
    await expert.reload();
    await Promise.all([expert.waitForURL(/\/outcome$/), refillRow.getByRole("link", { name: "记录结果" }).click()]);
    await expert.getByLabel("签约").check();
    await expert.getByLabel("合同金额（元）").fill("500,000");
    await Promise.all([expert.waitForURL(/\/outcome$/), expert.getByRole("button", { name: "保存结果" }).click()]);
    expect(await expert.locator(".flash").textContent()).toBe("会谈结果已保存。");
    expect(await expert.locator('[data-recorded-side="expert"] [data-recorded-result]').textContent()).toBe("签约");
    await expert.screenshot({ path: screenshotPath("event-outcome"), fullPage: true });

    // The organizer records the enterprise's intention for a meeting of another need, from the event page.
    const other = meetings.find(
      (m) => m.needId !== stranded!.needId && m.expertId !== stranded!.expertId && m.status === "scheduled",
    )!;
    await organizer.goto(`${server.baseUrl}/events/${eventId}`);
    await Promise.all([
      organizer.waitForURL(/\/outcome$/),
      organizer.locator(`tr[data-meeting="${other.id}"]`).getByRole("link", { name: "记录结果" }).click(),
    ]);
    await organizer.getByLabel("代哪一方记录").selectOption("need");
    await organizer.getByLabel("达成意向").check();
    await Promise.all([
      organizer.waitForURL(/\/outcome$/),
      organizer.getByRole("button", { name: "保存结果" }).click(),
    ]);
    expect(await organizer.locator('[data-recorded-side="need"] [data-recorded-result]').textContent()).toBe(
      "达成意向",
    );

    // ---- the dashboard: 3 needs posted, matched and invited; 2 met with an intention; 1 contract.
    const expected = [3, 3, 3, 2, 2, 2, 1];
    await organizer.goto(`${server.baseUrl}/dashboard`);
    await expect.poll(() => organizer.locator(".dashboard-chart svg").count()).toBe(6);
    const funnel = organizer.locator("#panel-funnel");
    await expect.poll(() => funnel.locator(".dashboard-chart svg text").allTextContents()).toContain("已发布需求: 3");
    const shown = await funnel
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((row) => Number(row.querySelector("td")?.textContent)));
    expect(shown).toEqual(expected);
    const [exported] = await Promise.all([
      organizer.waitForEvent("download"),
      funnel.getByRole("link", { name: "导出 Excel" }).click(),
    ]);
    expect(exported.suggestedFilename()).toBe("scibridge-dashboard-funnel.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await exported.path())!);
    const counts: unknown[] = [];
    workbook.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) counts.push(row.getCell(2).value);
    });
    expect(counts).toEqual(expected);
    await organizer.screenshot({ path: screenshotPath("dashboard"), fullPage: true });

    // On a phone: the counts two to a row, and no funnel label written over a band (the last
    // stages' bands are too narrow to hold one).
    await organizer.setViewportSize({ width: 390, height: 844 });
    await organizer.reload();
    await expect.poll(() => funnel.locator(".dashboard-chart svg text").allTextContents()).toContain("签约: 1");
    const tileTops = await organizer
      .locator("#panel-counts .dashboard-tile")
      .evaluateAll((tiles) => tiles.slice(0, 2).map((tile) => tile.getBoundingClientRect().top));
    expect(tileTops[0]).toBe(tileTops[1]);
    const labelsOverBands = await funnel.locator(".dashboard-chart svg").evaluate((svg) => {
      const boxes = (selector: string) =>
        [...svg.querySelectorAll(selector)].map((node) => node.getBoundingClientRect());
      const bands = boxes("path").filter((box) => box.width > 0 && box.height > 8);
      type Box = { left: number; right: number; top: number; bottom: number };
      const overlaps = (a: Box, b: Box) =>
        a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
      return [...svg.querySelectorAll("text")]
        .filter((text) => /: \d+$/.test(text.textContent ?? ""))
        .filter((text) => bands.some((band) => overlaps(text.getBoundingClientRect(), band)))
        .map((text) => text.textContent);
    });
    expect(labelsOverBands).toEqual([]);
    // Tables scroll sideways rather than stack their headings a character per line.
    const headingHeights = await organizer
      .locator("#panel-events thead th")
      .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().height));
    expect(Math.max(...headingHeights)).toBeLessThan(40);
    await organizer.setViewportSize({ width: 1280, height: 900 });

    // The event's own page draws its outcomes and lists its meetings.
    await organizer.locator("#panel-events").getByRole("link", { name: "海峡两岸新能源对接日" }).click();
    await organizer.waitForURL((url) => url.pathname === `/dashboard/events/${eventId}`);
    await expect.poll(() => organizer.locator("#panel-outcomes .dashboard-chart svg").count()).toBe(1);
    expect(await organizer.locator("#panel-meetings tbody tr").count()).toBe(
      await db.eventMeeting.count({ where: { eventId } }),
    );
    await organizer.screenshot({ path: screenshotPath("dashboard-event"), fullPage: true });
    expect(problems).toEqual([]);
  }, 240_000);
});
