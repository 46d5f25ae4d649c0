import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DashboardRepository } from "../../server/dashboard/dashboard.repository.js";
import { DashboardService } from "../../server/dashboard/dashboard.service.js";
import { buildDashboardDataset, injectedSocieties, type DashboardDataset } from "../support/dashboard-dataset.js";
import { addParticipant, createEvent } from "../support/event-factories.js";
import { signUp, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let data: DashboardDataset;
const users = {} as Record<"organizer" | "admin" | "enterprise" | "expert", SignedInAgent>;

beforeAll(async () => {
  t = await createTestApp();
  data = await buildDashboardDataset(t.container.db);
  for (const role of ["organizer", "admin", "enterprise", "expert"] as const) {
    users[role] = await signUp(t.app, t.container, { role });
  }
});
afterAll(async () => {
  await t.close();
});

const organizerActor = () => ({ userId: users.organizer.userId, role: "organizer" as const, expertId: null });
const stages = (posted: number | null, ...rest: number[]) => {
  const [matched, invited, accepted, met, intention, contract] = rest;
  return { posted, matched, invited, accepted, met, intention, contract };
};

/** The cells of one panel's table on the page, as text, header row first. */
function pageTable(html: string, panel: string): string[][] {
  const start = html.indexOf(`id="panel-${panel}"`);
  expect(start).toBeGreaterThan(-1);
  const section = html.slice(start, html.indexOf("</section>", start));
  return [...section.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) =>
    [...row!.matchAll(/<t[hd][^>]*>(?:<a [^>]*>)?(.*?)(?:<\/a>)?<\/t[hd]>/gs)].map(([, cell]) =>
      cell!
        .replace(/&#x3D;/g, "=")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&"),
    ),
  );
}

/** supertest keeps a binary body as a Buffer with this parser. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => done(null, Buffer.concat(chunks)));
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
  return workbook;
}

describe("the dashboard service", () => {
  it("counts needs, experts, invitations, meetings, outcomes and salons exactly", async () => {
    const { counts } = await t.container.dashboard.association(organizerActor());
    expect(counts).toEqual({
      needsPosted: 6,
      needsOpen: 4,
      needsInProgress: 1,
      needsSolved: 1,
      // Four experts of the dataset and the signed-up expert's own profile.
      experts: 5,
      technologies: 2,
      invitationsSent: 4,
      invitationsAccepted: 1,
      eventsHeld: 1,
      // m1 held, m2 has an outcome (so it took place), m5 held; m3 no-show.
      held: 3,
      noShows: 1,
      noShowRate: 0.25,
      intentions: 2,
      contracts: 1,
      // The larger of the two sides' values, not their sum.
      contractValueYuan: 1_200_000,
      salonsHeld: 1,
      salonAttendance: 2,
      salonQuestions: 2,
    });
  });

  it("computes the funnel overall and by track, month, region and society", async () => {
    const { funnel } = await t.container.dashboard.association(organizerActor());
    expect(funnel.total).toEqual(stages(6, 5, 5, 4, 3, 2, 1));
    expect(funnel.byTrack.map((r) => [r.key, r.counts])).toEqual([
      ["618", stages(2, 2, 2, 1, 1, 1, 1)],
      ["straits", stages(2, 2, 2, 2, 2, 1, 0)],
      ["", stages(1, 0, 0, 0, 0, 0, 0)],
      ["assist", stages(1, 1, 1, 1, 0, 0, 0)],
    ]);
    expect(funnel.byMonth.map((r) => [r.key, r.counts])).toEqual([
      ["2026-05", stages(1, 1, 1, 1, 1, 1, 1)],
      ["2026-06", stages(5, 4, 4, 3, 2, 1, 0)],
    ]);
    expect(funnel.byRegion.map((r) => [r.key, r.counts])).toEqual([
      ["fujian", stages(null, 3, 3, 3, 2, 1, 1)],
      ["taiwan", stages(null, 3, 2, 1, 1, 1, 0)],
      ["overseas", stages(null, 2, 1, 0, 0, 0, 0)],
    ]);
    expect(funnel.bySociety.map((r) => [r.key, r.counts])).toEqual([
      ["福建省化工学会", stages(null, 3, 2, 1, 1, 1, 0)],
      ["福建省机械工程学会", stages(null, 3, 3, 3, 2, 1, 1)],
      [injectedSocieties[0], stages(null, 2, 1, 0, 0, 0, 0)],
      [injectedSocieties[1], stages(null, 2, 1, 0, 0, 0, 0)],
    ]);
  });

  it("draws the monthly trend for the twelve months up to now, in China time", async () => {
    const clock = { now: () => new Date("2026-07-15T00:00:00Z") };
    const service = new DashboardService(new DashboardRepository(t.container.db), clock);
    const { trend } = await service.association(organizerActor());
    expect(trend.map((m) => m.month)).toEqual([
      "2025-08",
      "2025-09",
      "2025-10",
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
    ]);
    const busy = trend.filter((m) => m.needsPosted + m.invitationsSent + m.meetingsHeld + m.salonsHeld > 0);
    expect(busy).toEqual([
      { month: "2026-05", needsPosted: 1, invitationsSent: 1, meetingsHeld: 0, contracts: 0, salonsHeld: 0 },
      { month: "2026-06", needsPosted: 5, invitationsSent: 1, meetingsHeld: 3, contracts: 1, salonsHeld: 1 },
      { month: "2026-07", needsPosted: 0, invitationsSent: 2, meetingsHeld: 0, contracts: 0, salonsHeld: 0 },
    ]);
  });

  it("summarises each event, newest first", async () => {
    const { events } = await t.container.dashboard.association(organizerActor());
    expect(events.map((e) => [e.id, e.status, e.needs, e.experts, e.meetings])).toEqual([
      [
        data.eventB,
        "registration",
        1,
        1,
        { held: 0, noShows: 0, noShowRate: null, intentions: 0, contracts: 0, contractValueYuan: 0 },
      ],
      [
        data.eventA,
        "closed",
        4,
        4,
        { held: 3, noShows: 1, noShowRate: 0.25, intentions: 2, contracts: 1, contractValueYuan: 1_200_000 },
      ],
    ]);
  });

  it("gives one event's participants, funnel, outcomes and meetings", async () => {
    const event = await t.container.dashboard.event(organizerActor(), data.eventA);
    expect(event.participants).toEqual({ needs: 4, experts: 4, checkedIn: 6, noShows: 1 });
    expect(event.meetingsScheduled).toBe(5);
    // The event's own needs and meetings only: N3's accepted invitation lies outside the event.
    expect(event.funnel.total).toEqual(stages(4, 4, 4, 3, 3, 2, 1));
    expect(event.funnel.byMonth).toEqual([]);
    expect(event.outcomes).toEqual({ none: 2, no_interest: 0, follow_up: 1, intention: 1, contract: 1 });
    expect(
      event.meetings.map((m) => [m.slot, m.tableNo, m.expertRegion, m.status, m.outcome, m.contractValueYuan]),
    ).toEqual([
      [0, 0, "fujian", "held", "contract", 1_200_000],
      [0, 1, "taiwan", "held", "intention", null],
      [1, 0, "overseas", "no_show", null, null],
      [1, 1, "fujian", "scheduled", null, null],
      [2, 0, "fujian", "held", "follow_up", null],
    ]);
    const upcoming = await t.container.dashboard.event(organizerActor(), data.eventB);
    // N7 was matched for event B through its "like"; the "no" of N4 counts for nothing.
    expect(upcoming.funnel.total).toEqual(stages(1, 1, 0, 0, 0, 0, 0));
  });
});

describe("who sees the dashboard", () => {
  const paths = () => [
    "/dashboard",
    "/dashboard/funnel.csv",
    `/dashboard/events/${data.eventA}`,
    `/dashboard/events/${data.eventA}/meetings.xlsx`,
  ];

  it("sends visitors to sign in and comes back afterwards", async () => {
    for (const path of paths()) {
      const response = await request(t.app).get(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it.each(["enterprise", "expert"] as const)("refuses %s accounts with 403", async (role) => {
    for (const path of paths()) {
      const response = await users[role].agent.get(path).set("Accept", "text/html");
      expect(response.status, path).toBe(403);
      expect(response.text).not.toContain("1200000");
      expect(response.text).not.toContain("1,200,000");
    }
  });

  it.each(["organizer", "admin"] as const)("shows it to %s accounts", async (role) => {
    for (const path of paths()) expect((await users[role].agent.get(path)).status, path).toBe(200);
  });

  it("serves Apache ECharts from the installed package, to anyone, with the usual security headers", async () => {
    const response = await request(t.app).get("/assets/vendor/echarts.min.js");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(response.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(response.text.length).toBeGreaterThan(500_000);
    expect(response.text).toContain("echarts");
  });

  it("answers 404 for an unknown event or export", async () => {
    const agent = users.organizer.agent;
    expect((await agent.get("/dashboard/events/999999")).status).toBe(404);
    expect((await agent.get("/dashboard/nothing.csv")).status).toBe(404);
    expect((await agent.get("/dashboard/funnel.pdf")).status).toBe(404);
    expect((await agent.get("/dashboard/all.csv")).status).toBe(404);
  });
});

describe("the dashboard page and its exports", () => {
  it("shows each chart's data as a table beside it, with .xlsx and .csv links", async () => {
    const page = await users.organizer.agent.get("/dashboard");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script src="/assets/vendor/echarts.min.js" defer></script>');
    expect(pageTable(page.text, "funnel")).toEqual([
      ["阶段", "需求数", "占已发布需求 (%)"],
      ["已发布需求", "6", "100"],
      ["已匹配", "5", "83.3"],
      ["已邀请", "5", "83.3"],
      ["已接受", "4", "66.7"],
      ["已会面", "3", "50"],
      ["达成意向", "2", "33.3"],
      ["签约", "1", "16.7"],
    ]);
    // The chart is drawn from the same rows, embedded as JSON in an attribute (escaped, never raw).
    const chart = /id="panel-funnel"[\s\S]*?data-chart="([^"]+)"/.exec(page.text)![1]!;
    const decoded = JSON.parse(
      chart
        .replace(/&quot;/g, '"')
        .replace(/&#x3D;/g, "=")
        .replace(/&amp;/g, "&"),
    ) as {
      kind: string;
      rows: unknown[][];
    };
    expect(decoded.kind).toBe("funnel");
    expect(decoded.rows.map((r) => r[1])).toEqual([6, 5, 5, 4, 3, 2, 1]);
    for (const panel of [
      "counts",
      "trend",
      "funnel",
      "funnel-by-track",
      "funnel-by-region",
      "funnel-by-society",
      "funnel-by-month",
      "events",
    ]) {
      expect(page.text).toContain(`href="/dashboard/${panel}.xlsx"`);
      expect(page.text).toContain(`href="/dashboard/${panel}.csv"`);
    }
    expect(pageTable(page.text, "funnel-by-region")[2]).toEqual(["台湾", "—", "3", "2", "1", "1", "1", "0"]);
    expect(page.text).toContain(`href="/dashboard/events/${data.eventA}"`);
  });

  it("exports CSV in UTF-8 with a BOM, the page's numbers, and formula cells neutralised", async () => {
    const page = await users.organizer.agent.get("/dashboard");
    const response = await users.organizer.agent.get("/dashboard/funnel-by-society.csv").buffer(true);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      "attachment; filename=scibridge-dashboard-funnel-by-society.csv",
    );
    const text = response.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe("学会,已发布需求,已匹配,已邀请,已接受,已会面,达成意向,签约");
    expect(lines.slice(1)).toEqual([
      "福建省化工学会,,3,2,1,1,1,0",
      "福建省机械工程学会,,3,3,3,2,1,1",
      `"'=HYPERLINK(""http://evil.example"",""x"")",,2,1,0,0,0,0`,
      "'@SUM(A1),,2,1,0,0,0,0",
    ]);
    // The numbers are the page's (its "—" is an empty cell).
    const table = pageTable(page.text, "funnel-by-society").slice(1);
    expect(
      table.map((row) =>
        row
          .slice(1)
          .map((c) => (c === "—" ? "" : c))
          .join(","),
      ),
    ).toEqual(lines.slice(1).map((line) => line.split(",").slice(-7).join(",")));
  });

  it("exports Excel workbooks that parse with the page's numbers, one sheet per table for all.xlsx", async () => {
    const response = await users.organizer.agent.get("/dashboard/counts.xlsx").buffer(true).parse(binary);
    expect(response.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = await workbookOf(response.body as Buffer);
    const sheet = workbook.worksheets[0]!;
    const values = new Map<string, unknown>();
    sheet.eachRow((row, n) => {
      if (n > 1) values.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(values.get("已发布需求")).toBe(6);
    expect(values.get("缺席率 (%)")).toBe(25);
    expect(values.get("签约金额（元）")).toBe(1_200_000);
    expect(values.get("沙龙参与人次")).toBe(2);

    const all = await users.organizer.agent.get("/dashboard/all.xlsx").buffer(true).parse(binary);
    const book = await workbookOf(all.body as Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "总体指标",
      "月度趋势",
      "对接漏斗",
      "漏斗：按专项",
      "漏斗：按专家地区",
      "漏斗：按学会",
      "漏斗：按需求发布月份",
      "对接活动",
    ]);
    const society = book.getWorksheet("漏斗：按学会")!;
    expect(society.getRow(4).getCell(1).value).toBe(`'${injectedSocieties[0]}`);
    expect(society.getRow(4).getCell(3).value).toBe(2);
  });

  it("draws no chart for a table of zeros, which keeps its table: an event before its day has no pie of outcomes", async () => {
    const eventId = await createEvent(t.container.db, { title: "尚未举行的对接日", status: "registration" });
    await addParticipant(t.container.db, eventId, { needId: data.needs.n4 });
    const page = await users.organizer.agent.get(`/dashboard/events/${eventId}`);
    expect(page.status).toBe(200);
    expect(pageTable(page.text, "outcomes").slice(1)).toEqual([
      ["签约", "0"],
      ["意向", "0"],
      ["继续跟进", "0"],
      ["无意向", "0"],
      ["未登记", "0"],
    ]);
    const chartOf = (panel: string) => {
      const start = page.text.indexOf(`id="panel-${panel}"`);
      return page.text.slice(start, page.text.indexOf("</section>", start)).includes("data-chart=");
    };
    expect(chartOf("outcomes")).toBe(false);
    // The funnel has its one registered need to draw.
    expect(chartOf("funnel")).toBe(true);
  });

  it("shows one event's page in English with its meetings list and exports", async () => {
    const page = await users.organizer.agent.get(`/dashboard/events/${data.eventA}?lang=en`);
    expect(page.status).toBe(200);
    expect(pageTable(page.text, "outcomes")).toEqual([
      ["Outcome", "Meetings"],
      ["Contract", "1"],
      ["Intention", "1"],
      ["Follow-up", "1"],
      ["No interest", "0"],
      ["Not recorded", "2"],
    ]);
    const meetings = pageTable(page.text, "meetings");
    expect(meetings[1]).toEqual([
      "1",
      "1",
      "大型锻件热处理变形控制",
      "福建某科技有限公司",
      "林志远",
      "Fujian",
      "Held",
      "Contract",
      // Grouped on the page; the CSV below keeps the plain number.
      "1,200,000",
    ]);
    const csv = await users.organizer.agent.get(`/dashboard/events/${data.eventA}/meetings.csv?lang=en`).buffer(true);
    const lines = csv.text.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(6);
    // A need title that starts with "-" is text, neutralised; the numbers stay numbers.
    expect(lines[2]).toBe("1,2,'-20℃低温锂电池放电性能提升,福建某科技有限公司,陳建宏,Taiwan,Held,Intention,");
    expect(lines[1]).toBe("1,1,大型锻件热处理变形控制,福建某科技有限公司,林志远,Fujian,Held,Contract,1200000");
  });
});
