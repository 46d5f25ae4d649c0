import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath } from "../support/browser.js";
import { buildEventWorld, rosterWorkbook, type EventWorld } from "../support/event-fixtures.js";
import type { SignedInAgent } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumFor("the docking-event flow");

describe.skipIf(!hasChromium)(
  "docking event in Chromium: create, register from .xlsx, assign, relax, publish, agenda",
  () => {
    let server: RunningTestServer;
    let browser: Browser;
    let world: EventWorld;
    const contexts: BrowserContext[] = [];
    const problems: string[] = [];

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchBrowser();
      world = await buildEventWorld(server.app, server.container, { needs: 3, experts: 6, taiwan: 1 });
    }, 120_000);

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    });

    async function signedInPage(user: SignedInAgent): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: "zh-CN",
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      recordProblems(page, problems);
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel("邮箱").fill(user.email);
      await page.getByLabel("密码").fill(user.password);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith("/login")),
        page.locator("main").getByRole("button", { name: "登录" }).click(),
      ]);
      return page;
    }

    it("runs an event from creation to the expert's calendar file", async () => {
      const organizer = await signedInPage(world.organizer);
      await organizer.goto(`${server.baseUrl}/events/new`);
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
      await expect.poll(() => organizer.locator("[data-event-status]").getAttribute("data-event-status")).toBe("draft");
      await organizer.getByRole("button", { name: "开放报名" }).click();
      await expect
        .poll(() => organizer.locator("[data-event-status]").getAttribute("data-event-status"))
        .toBe("registration");

      // Register from an .xlsx file: the needs and every expert but the Taiwan one.
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "event-roster-")), "报名表.xlsx");
      const experts = world.expertIds.filter((e) => !world.taiwanExpertIds.includes(e));
      fs.writeFileSync(
        file,
        await rosterWorkbook([
          ...world.needIds.map((n) => ["need", String(n)]),
          ...experts.map((e) => ["expert", String(e), "", 3, 0, e === world.expert.expertId ? "1-3" : ""]),
        ]),
      );
      await organizer.getByLabel("报名文件（.csv 或 .xlsx）").setInputFiles(file);
      await organizer.getByRole("button", { name: "上传并报名" }).click();
      await expect
        .poll(() => organizer.locator("[data-roster-done]").textContent())
        .toContain(`已报名 ${world.needIds.length + experts.length} 条`);

      // Run: progress shows while it runs; the Taiwan quota cannot hold, the diagnosis says so.
      await organizer.getByRole("button", { name: "运行匹配" }).click();
      await organizer.locator("[data-run-status]").waitFor();
      const sawProgress = (await organizer.locator("[data-run-progress]").count()) > 0;
      await organizer.locator("[data-diagnosis]").waitFor({ timeout: 30_000 });
      expect(await organizer.locator("[data-diagnosis]").textContent()).toContain("台湾");
      await organizer.screenshot({ path: screenshotPath("event-diagnosis.png"), fullPage: true });
      await organizer.locator("[data-relaxation]", { hasText: "放宽规则" }).first().click();
      await expect
        .poll(async () => organizer.locator("[data-run-status]").getAttribute("data-run-status"), { timeout: 30_000 })
        .toBe("optimal");
      const runs = await server.container.db.eventAssignmentRun.findMany({ where: { eventId } });
      expect(runs.map((r) => r.status)).toEqual(["infeasible", "optimal"]);
      // The page followed a running run (its bar), or the run had already ended when it loaded.
      expect(sawProgress || runs.every((r) => r.progress === 1)).toBe(true);

      await organizer.getByRole("button", { name: "排入时段与桌位" }).click();
      await organizer.locator("[data-schedule-summary]").waitFor();
      await organizer.getByRole("button", { name: "发布日程并通知参会者" }).click();
      await organizer.locator("[data-published]").waitFor();

      // The expert's agenda and calendar file.
      const expert = await signedInPage(world.expert);
      await expert.goto(`${server.baseUrl}/events/${eventId}/agenda`);
      const rows = await expert.locator("[data-agenda-meeting]").count();
      expect(rows).toBeGreaterThan(0);
      const [download] = await Promise.all([
        expert.waitForEvent("download"),
        expert.locator("[data-ics-link]").click(),
      ]);
      const ics = fs.readFileSync((await download.path())!, "utf8");
      const events = ics.split("BEGIN:VEVENT").slice(1);
      expect(events).toHaveLength(rows);
      for (const vevent of events) {
        expect(vevent).toMatch(/SUMMARY:与 .+ 会谈/);
        expect(vevent).toMatch(/LOCATION:福州海峡国际会展中心 第 \d+ 桌/);
        const start = /DTSTART[^:]*:(\d{8}T\d{6}Z)/.exec(vevent)![1]!;
        // Slots 1–3 only (the expert's availability): 09:00–10:00 Beijing = 01:00–02:00 UTC.
        expect(Number(start.slice(9, 11))).toBeLessThanOrEqual(1);
      }
      await expert.screenshot({ path: screenshotPath("event-agenda.png"), fullPage: true });
      expect(problems).toEqual([]);
    }, 180_000);
  },
);
