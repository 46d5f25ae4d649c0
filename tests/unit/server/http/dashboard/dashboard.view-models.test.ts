import { describe, expect, it } from "vitest";
import type {
  AssociationDashboard,
  EventDashboard,
  EventSummary,
  FunnelCounts,
  MeetingCounts,
} from "../../../../../server/dashboard/dashboard.types.js";
import { countMeetings } from "../../../../../server/dashboard/funnel.js";
import {
  associationPanels,
  chinaDay,
  eventPanels,
  percent,
  presentPanel,
  type Panel,
} from "../../../../../server/http/dashboard/dashboard.view-models.js";

const zeroFunnel: FunnelCounts = { posted: 0, matched: 0, invited: 0, accepted: 0, met: 0, intention: 0, contract: 0 };
// No meetings at all, as the dashboard service counts them, with the given counts on top.
const meetings = (changes: Partial<MeetingCounts> = {}): MeetingCounts => ({ ...countMeetings([]), ...changes });

const summary = (changes: Partial<EventSummary> = {}): EventSummary => ({
  id: 7,
  title: "2026 福州新材料对接会",
  trackCode: null,
  trackName: "",
  trackNameEn: "",
  status: "live",
  // 16:30 UTC on 31 May is already 1 June in China.
  startsAt: new Date(Date.UTC(2026, 4, 31, 16, 30)),
  needs: 12,
  experts: 9,
  meetings: meetings({ held: 3, noShows: 1, noShowRate: 0.25, intentions: 2, contracts: 1, contractValueYuan: 500000 }),
  ...changes,
});

const association = (changes: Partial<AssociationDashboard> = {}): AssociationDashboard => ({
  counts: {
    ...meetings({ held: 7, noShows: 2, noShowRate: 2 / 9 }),
    needsPosted: 40,
    needsOpen: 20,
    needsInProgress: 15,
    needsSolved: 5,
    experts: 300,
    technologies: 50,
    invitationsSent: 60,
    invitationsAccepted: 30,
    eventsHeld: 2,
    salonsHeld: 1,
    salonAttendance: 25,
    salonQuestions: 11,
  },
  trend: [{ month: "2026-05", needsPosted: 4, invitationsSent: 6, meetingsHeld: 0, contracts: 0, salonsHeld: 1 }],
  funnel: {
    total: { posted: 40, matched: 30, invited: 25, accepted: 12, met: 7, intention: 3, contract: 1 },
    byTrack: [{ key: "", label: "", labelEn: "", counts: { ...zeroFunnel, posted: 2 } }],
    byRegion: [{ key: "taiwan", label: "", labelEn: "", counts: { ...zeroFunnel, posted: null, matched: 4 } }],
    bySociety: [{ key: "福建省化学会", label: "福建省化学会", labelEn: "", counts: { ...zeroFunnel, posted: null } }],
    byMonth: [{ key: "2026-05", label: "", labelEn: "", counts: { ...zeroFunnel, posted: 4 } }],
  },
  events: [summary()],
  ...changes,
});

const panel = (panels: Panel[], id: string) => {
  const found = panels.find((p) => p.id === id);
  if (!found) throw new Error(`no panel ${id}`);
  return found;
};

describe("percent and chinaDay", () => {
  it("rounds a rate to a percentage with one decimal and keeps 'no rate' as null", () => {
    expect(percent(2 / 9)).toBe(22.2);
    expect(percent(0.12345)).toBe(12.3);
    expect(percent(0)).toBe(0);
    expect(percent(1)).toBe(100);
    expect(percent(null)).toBeNull();
  });

  it("gives the calendar day in China, which is ahead of UTC by eight hours", () => {
    expect(chinaDay(new Date(Date.UTC(2026, 4, 31, 15, 59)))).toBe("2026-05-31");
    expect(chinaDay(new Date(Date.UTC(2026, 4, 31, 16, 0)))).toBe("2026-06-01");
  });
});

describe("associationPanels", () => {
  it("lists the panels in page order, with the month breakdown only for the whole association", () => {
    expect(associationPanels("en", association()).map((p) => p.id)).toEqual([
      "counts",
      "trend",
      "funnel",
      "funnel-by-track",
      "funnel-by-region",
      "funnel-by-society",
      "funnel-by-month",
      "events",
    ]);
  });

  it("shows each funnel stage's share of the needs posted, in the page's language", () => {
    const zh = panel(associationPanels("zh-CN", association()), "funnel").table;
    expect(zh.columns[0]).toBe("阶段");
    expect(zh.rows[0]).toEqual(["已发布需求", 40, 100]);
    expect(zh.rows[6]).toEqual(["签约", 1, 2.5]);
    const en = panel(associationPanels("en", association()), "funnel").table;
    expect(en.rows.map((r) => r[0])).toEqual([
      "Needs posted",
      "Matched",
      "Invited",
      "Accepted",
      "Met",
      "Intention",
      "Contract",
    ]);
  });

  it("leaves the shares empty rather than dividing by zero when nothing was posted", () => {
    const empty = association({ funnel: { ...association().funnel, total: zeroFunnel } });
    const rows = panel(associationPanels("en", empty), "funnel").table.rows;
    expect(rows.every((r) => r[2] === null)).toBe(true);
  });

  it("names an unnamed track 'none', translates regions and keeps a society's own name", () => {
    const panels = associationPanels("zh-CN", association());
    expect(panel(panels, "funnel-by-track").table.rows[0]![0]).toBe("未分类");
    expect(panel(panels, "funnel-by-region").table.rows[0]!.slice(0, 3)).toEqual(["台湾", null, 4]);
    expect(panel(panels, "funnel-by-society").table.rows[0]![0]).toBe("福建省化学会");
    expect(panel(associationPanels("en", association()), "funnel-by-track").table.rows[0]![0]).toBe("None");
  });

  it("names tracks and events' tracks in the page's language, in Chinese when a track has no English name", () => {
    const named = { key: "overseas", label: "海智计划", labelEn: "Overseas Expert Programme", counts: zeroFunnel };
    const unnamed = { key: "jinqiao", label: "金桥工程", labelEn: "", counts: zeroFunnel };
    const dashboard = association({
      funnel: { ...association().funnel, byTrack: [named, unnamed] },
      events: [summary({ trackCode: "overseas", trackName: "海智计划", trackNameEn: "Overseas Expert Programme" })],
    });
    const trackColumn = (lang: "en" | "zh-CN", id: string, column: number) =>
      panel(associationPanels(lang, dashboard), id).table.rows.map((row) => row[column]);
    expect(trackColumn("en", "funnel-by-track", 0)).toEqual(["Overseas Expert Programme", "金桥工程"]);
    expect(trackColumn("zh-CN", "funnel-by-track", 0)).toEqual(["海智计划", "金桥工程"]);
    expect(trackColumn("en", "events", 1)).toEqual(["Overseas Expert Programme"]);
    expect(trackColumn("zh-CN", "events", 1)).toEqual(["海智计划"]);
  });

  it("shows the no-show rate as a percentage and links each event to its own dashboard", () => {
    const panels = associationPanels("en", association());
    const counts = panel(panels, "counts").table;
    expect(counts.rows.find((r) => r[0] === "No-show rate (%)")?.[1]).toBe(22.2);
    const events = panel(panels, "events");
    expect(events.rowLinks).toEqual(["/dashboard/events/7"]);
    expect(events.table.rows[0]!.slice(0, 4)).toEqual(["2026 福州新材料对接会", "None", "Live", "2026-06-01"]);
    expect(panel(associationPanels("zh-CN", association()), "events").table.rows[0]![2]).toBe("进行中");
  });

  it("shows an empty events table when no event has been run", () => {
    const events = panel(associationPanels("en", association({ events: [] })), "events");
    expect(events.table.rows).toEqual([]);
    expect(events.rowLinks).toEqual([]);
  });
});

describe("eventPanels", () => {
  const event = (changes: Partial<EventDashboard> = {}): EventDashboard => ({
    event: { ...summary(), venue: "福州海峡会展中心", kind: "docking" },
    participants: { needs: 12, experts: 9, checkedIn: 8, noShows: 1 },
    meetingsScheduled: 4,
    funnel: { ...association().funnel, byMonth: [] },
    outcomes: { contract: 1, intention: 1, follow_up: 0, no_interest: 1, none: 1 },
    meetings: [
      {
        id: 1,
        slot: 0,
        tableNo: 2,
        needTitle: "掩膜版张网精度提升",
        enterprise: "福州某显示科技有限公司",
        expertName: "林教授",
        expertRegion: "hongkong-macau",
        status: "held",
        outcome: "contract",
        contractValueYuan: 500000,
      },
      {
        id: 2,
        slot: null,
        tableNo: null,
        needTitle: "锂电隔膜涂覆",
        enterprise: "宁德某新能源公司",
        expertName: "陈研究员",
        expertRegion: "fujian",
        status: "no_show",
        outcome: null,
        contractValueYuan: null,
      },
    ],
    ...changes,
  });

  it("has no month breakdown, and an outcomes pie that counts meetings without a recorded outcome", () => {
    const panels = eventPanels("en", event());
    expect(panels.map((p) => p.id)).not.toContain("funnel-by-month");
    expect(panel(panels, "outcomes").table.rows).toEqual([
      ["Contract", 1],
      ["Intention", 1],
      ["Follow-up", 0],
      ["No interest", 1],
      ["Not recorded", 1],
    ]);
  });

  it("numbers slots and tables from one, and leaves unscheduled ones and missing outcomes marked", () => {
    const zh = panel(eventPanels("zh-CN", event()), "meetings").table.rows;
    expect(zh[0]).toEqual([
      1,
      3,
      "掩膜版张网精度提升",
      "福州某显示科技有限公司",
      "林教授",
      "港澳",
      "已举行",
      "签约",
      500000,
    ]);
    expect(zh[1]).toEqual([
      null,
      null,
      "锂电隔膜涂覆",
      "宁德某新能源公司",
      "陈研究员",
      "福建省内",
      "取消（缺席）",
      "未登记",
      null,
    ]);
    const en = panel(eventPanels("en", event()), "meetings").table.rows;
    expect(en[1]!.slice(5, 8)).toEqual(["Fujian", "Cancelled (no-show)", "Not recorded"]);
  });

  it("shows no no-show rate when no meeting was held or missed", () => {
    const quiet = event({ event: { ...event().event, meetings: meetings() } });
    const counts = panel(eventPanels("en", quiet), "counts").table;
    expect(counts.rows.find((r) => r[0] === "No-show rate (%)")?.[1]).toBeNull();
  });
});

describe("presentPanel", () => {
  it("renders null cells as a dash, marks numbers, and links only the first cell of linked rows", () => {
    const events = panel(associationPanels("en", association()), "events");
    const view = presentPanel(events, "/dashboard");
    expect(view.chartJson).toBeNull();
    expect(view.wide).toBe(true);
    const cells = view.rows[0]!.cells;
    expect(cells[0]).toEqual({ text: "2026 福州新材料对接会", numeric: false, href: "/dashboard/events/7" });
    expect(cells[4]).toEqual({ text: "12", numeric: true, href: null });
    expect(view.csvHref).toBe("/dashboard/events.csv");
    expect(view.xlsxHref).toBe("/dashboard/events.xlsx");
  });

  it("embeds the chart's data from exactly the table's rows and exports under the event's base", () => {
    const funnel = panel(eventPanels("en", eventDashboardForPanel()), "funnel");
    const view = presentPanel(funnel, "/dashboard/events/7");
    expect(JSON.parse(view.chartJson!)).toEqual({
      kind: "funnel",
      columns: funnel.table.columns,
      rows: funnel.table.rows,
    });
    expect(view.wide).toBe(false);
    expect(view.rows[0]!.cells.map((c) => c.href)).toEqual([null, null, null]);
    expect(view.csvHref).toBe("/dashboard/events/7/funnel.csv");
  });

  it("groups the digits of large figures on the page and keeps the plain numbers for charts and exports", () => {
    const events = panel(associationPanels("zh-CN", association()), "events");
    expect(events.table.rows[0]!.at(-1)).toBe(500000);
    const cells = presentPanel(events, "/dashboard").rows[0]!.cells;
    expect(cells.at(-1)).toEqual({ text: "500,000", numeric: true, href: null });
    expect(cells.at(-4)).toEqual({ text: "25", numeric: true, href: null });
  });

  it("shows a dash for an empty share", () => {
    const empty = panel(
      associationPanels("en", association({ funnel: { ...association().funnel, total: zeroFunnel } })),
      "funnel",
    );
    expect(presentPanel(empty, "/dashboard").rows[0]!.cells[2]).toEqual({ text: "—", numeric: false, href: null });
  });
});

function eventDashboardForPanel(): EventDashboard {
  return {
    event: { ...summary(), venue: "", kind: "docking" },
    participants: { needs: 0, experts: 0, checkedIn: 0, noShows: 0 },
    meetingsScheduled: 0,
    funnel: association().funnel,
    outcomes: { contract: 0, intention: 0, follow_up: 0, no_interest: 0, none: 0 },
    meetings: [],
  };
}
