import { describe, expect, it } from "vitest";
import type { AgendaEntry, WallPlan } from "../../../../../server/events/live-day.service.js";
import type { LiveEvent, LiveMeeting, LiveParticipant } from "../../../../../server/events/live-day.types.js";
import {
  clockTime,
  presentAgenda,
  presentDesk,
  presentDeskParticipant,
  presentProposal,
  presentWall,
} from "../../../../../server/http/events/live-day.view-models.js";

// Slot times are shown in Beijing time (UTC+8, no summer time) whatever the server's zone.
const at = (hours: number, minutes: number) => new Date(Date.UTC(2026, 4, 31, hours - 8, minutes));

const event = (changes: Partial<LiveEvent> = {}): LiveEvent => ({
  id: 7,
  title: "2026 福州新材料对接会",
  kind: "matchmaking",
  status: "live",
  venue: "福州海峡会展中心",
  startsAt: at(14, 0),
  slotMinutes: 20,
  slotCount: 3,
  breaks: [],
  tableCount: 10,
  meetingsPerExpert: 6,
  ...changes,
});

const participant = (changes: Partial<LiveParticipant> = {}): LiveParticipant => ({
  id: 3,
  eventId: 7,
  kind: "expert",
  needId: null,
  expertId: 9,
  name: "林教授",
  organization: "福州大学",
  availability: [],
  maxMeetings: null,
  checkedInAt: null,
  noShowAt: null,
  userIds: [],
  ...changes,
});

const meeting = (changes: Partial<LiveMeeting> = {}): LiveMeeting => ({
  id: 40,
  eventId: 7,
  needId: 5,
  expertId: 9,
  score: 0.8,
  source: "engine",
  slot: 0,
  tableNo: 2,
  status: "scheduled",
  ...changes,
});

describe("clockTime", () => {
  it("shows hours and minutes with leading zeros, and nothing for no time", () => {
    expect(clockTime(at(9, 5))).toBe("09:05");
    expect(clockTime(at(0, 0))).toBe("00:00");
    expect(clockTime(null)).toBe("");
  });

  it("shows Beijing time on a server in another time zone", () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = "America/New_York";
      expect(clockTime(at(9, 5))).toBe("09:05");
      expect(clockTime(at(23, 59))).toBe("23:59");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe("presentDeskParticipant", () => {
  it("says whether someone is expected, checked in or absent, absence winning over a check-in", () => {
    expect(presentDeskParticipant("zh-CN", event(), participant())).toMatchObject({
      kind: "专家",
      state: "expected",
      stateLabel: "未签到",
      checkedIn: false,
      absent: false,
    });
    expect(presentDeskParticipant("en", event(), participant({ checkedInAt: at(13, 50) }))).toMatchObject({
      state: "present",
      stateLabel: "Checked in",
    });
    const absent = presentDeskParticipant(
      "en",
      event(),
      participant({ checkedInAt: at(13, 50), noShowAt: at(14, 20) }),
    );
    expect(absent).toMatchObject({ state: "absent", stateLabel: "Absent", checkedIn: true, absent: true });
    expect(presentDeskParticipant("en", event(), participant({ kind: "need" })).kind).toBe("Need");
  });

  it("names each side as a review panel does: nomination and reviewer, not need and expert", () => {
    const panel = event({ kind: "review" });
    expect(presentDeskParticipant("zh-CN", panel, participant()).kind).toBe("评审专家");
    expect(presentDeskParticipant("zh-CN", panel, participant({ kind: "need" })).kind).toBe("提名");
    expect(presentDeskParticipant("en", panel, participant()).kind).toBe("Reviewer");
    expect(presentDeskParticipant("en", panel, participant({ kind: "need" })).kind).toBe("Nomination");
  });

  it("points the desk's buttons and its API at this participant", () => {
    expect(presentDeskParticipant("en", event(), participant())).toMatchObject({
      checkInAction: "/events/7/live/participants/3/check-in",
      undoAction: "/events/7/live/participants/3/undo-check-in",
      noShowAction: "/events/7/live/participants/3/no-show",
      api: "/api/events/7/live/participants/3",
    });
  });
});

describe("presentProposal and presentDesk", () => {
  it("numbers a refill's slot and table from one and rounds its score", () => {
    const proposal = presentProposal("zh-CN", 7, {
      slot: 1,
      tableNo: 0,
      score: 0.6789,
      cancelledMeetingId: 40,
      need: { id: 5, name: "掩膜版张网精度提升", organization: "福州某显示科技有限公司" },
      expert: { id: 9, name: "林教授", organization: "福州大学" },
    });
    expect(proposal).toMatchObject({
      slotLabel: "第 2 场",
      tableLabel: 1,
      score: "0.68",
      action: "/events/7/live/refills",
    });
  });

  it("names the current slot, or says all slots are over", () => {
    expect(presentDesk("en", event(), { currentSlot: 0, now: at(14, 5) })).toMatchObject({
      statusLabel: "Live",
      live: true,
      progress: "Current slot: Slot 1",
    });
    expect(presentDesk("zh-CN", event({ status: "closed" }), { currentSlot: null, now: at(15, 30) })).toMatchObject({
      statusLabel: "已结束",
      live: false,
      progress: "已全部结束",
    });
  });

  it("says when the day starts, rather than naming a current slot, before its first slot begins", () => {
    // The service already points at slot 1 then (the desk prepares it); the heading must not claim it.
    const early = { currentSlot: 0, now: new Date(at(14, 0).getTime() - 13 * 24 * 3600_000) };
    expect(presentDesk("zh-CN", event({ status: "scheduled" }), early)).toMatchObject({
      statusLabel: "已发布日程",
      scheduled: true,
      progress: "2026年5月31日 14:00 开始",
    });
    expect(presentDesk("en", event({ status: "scheduled" }), early).progress).toBe("Starts 31 May 2026, 14:00");
  });
});

describe("presentAgenda", () => {
  const entry = (changes: Partial<LiveMeeting> = {}, start = at(14, 0)): AgendaEntry => ({
    meeting: meeting(changes),
    start,
    end: new Date(start.getTime() + 20 * 60_000),
    mine: "林教授",
    counterpart: { name: "掩膜版张网精度提升", organization: "福州某显示科技有限公司" },
  });

  it("shows slot, time and table from one, and marks cancelled and refilled meetings", () => {
    const [first, refill, noShow] = presentAgenda(
      "en",
      [
        entry(),
        entry({ id: 41, slot: 1, tableNo: null, source: "refill" }, at(14, 20)),
        entry({ id: 42, slot: 2, status: "no_show" }, at(14, 40)),
      ],
      { event: event(), now: at(14, 30) },
    );
    expect(first).toMatchObject({ slot: "Slot 1", time: "14:00–14:20", table: 3, cancelled: false, refill: false });
    expect(refill).toMatchObject({ table: "", refill: true, statusLabel: "Scheduled" });
    expect(noShow).toMatchObject({ cancelled: true, statusLabel: "Cancelled (no-show)" });
  });

  it("links the outcome form only for meetings that have begun and took place", () => {
    const rows = presentAgenda(
      "zh-CN",
      [entry(), entry({ id: 41, slot: 1 }, at(14, 40)), entry({ id: 42, status: "cancelled" })],
      { event: event(), now: at(14, 30) },
    );
    expect(rows.map((r) => r.outcomeHref)).toEqual(["/events/7/meetings/40/outcome", "", ""]);
    expect(rows[2]!.statusLabel).toBe("已取消");
  });
});

describe("presentWall", () => {
  it("numbers tables from one and leaves empty tables blank", () => {
    const plan: WallPlan = {
      event: event(),
      slot: 1,
      slotStart: at(14, 20),
      slotEnd: at(14, 40),
      tables: [
        {
          tableNo: 0,
          meeting: {
            id: 40,
            need: { name: "掩膜版张网精度提升", organization: "福州某显示科技有限公司" },
            expert: { name: "林教授", organization: "福州大学" },
            source: "refill",
          },
        },
        { tableNo: 1, meeting: null },
      ],
    };
    const wall = presentWall("en", plan, at(14, 25));
    expect(wall).toMatchObject({
      phase: "running",
      notice: "",
      slot: "Slot 2",
      time: "14:20–14:40",
      nextChangeAt: at(14, 40).toISOString(),
      nextChangeInMs: 15 * 60_000,
    });
    expect(wall.tables).toEqual([
      {
        tableNo: 1,
        need: "掩膜版张网精度提升",
        enterprise: "福州某显示科技有限公司",
        expert: "林教授",
        organization: "福州大学",
        empty: false,
        refill: true,
      },
      { tableNo: 2, need: "", enterprise: "", expert: "", organization: "", empty: true, refill: false },
    ]);
  });

  it("heads the table's columns with the sides as the event's kind names them", () => {
    const plan = (kind: LiveEvent["kind"]): WallPlan => ({
      event: event({ kind }),
      slot: 0,
      slotStart: at(14, 0),
      slotEnd: at(14, 20),
      tables: [],
    });
    expect(presentWall("zh-CN", plan("matchmaking"), at(14, 5))).toMatchObject({
      needHeading: "需求 / 企业",
      expertHeading: "专家",
    });
    expect(presentWall("zh-CN", plan("review"), at(14, 5))).toMatchObject({
      needHeading: "提名 / 提名单位",
      expertHeading: "评审专家",
    });
    expect(presentWall("en", plan("review"), at(14, 5))).toMatchObject({
      needHeading: "Nomination / nominating body",
      expertHeading: "Reviewer",
    });
  });

  it("says the day is over once no slot is left", () => {
    const wall = presentWall(
      "zh-CN",
      { event: event(), slot: null, slotStart: null, slotEnd: null, tables: [] },
      at(15, 30),
    );
    expect(wall).toMatchObject({
      phase: "over",
      notice: "",
      slot: "已全部结束",
      time: "",
      nextChangeAt: "",
      nextChangeInMs: null,
      tables: [],
    });
  });

  const firstSlot = (): WallPlan => ({
    event: event({ status: "scheduled" }),
    slot: 0,
    slotStart: at(14, 0),
    slotEnd: at(14, 20),
    tables: [{ tableNo: 0, meeting: null }],
  });

  it("before the day, says it has not started and when, and shows slot 1 as next rather than running", () => {
    // The service's plan before the start is slot 1's (the desk prepares it); the wall must not claim it runs.
    const early = new Date(at(14, 0).getTime() - 13 * 24 * 3600_000);
    expect(presentWall("zh-CN", firstSlot(), early)).toMatchObject({
      phase: "upcoming",
      notice: "当天活动尚未开始 · 2026年5月31日 14:00 开始",
      slot: "下一场：第 1 场",
      time: "14:00–14:20",
    });
    const wall = presentWall("en", firstSlot(), at(13, 55));
    expect(wall).toMatchObject({
      phase: "upcoming",
      notice: "The day has not started yet · Starts 31 May 2026, 14:00",
      slot: "Next: Slot 1",
      // It changes when slot 1 begins, not when it ends.
      nextChangeAt: at(14, 0).toISOString(),
      nextChangeInMs: 5 * 60_000,
    });
  });

  it("shows slot 1 as running, with no notice, once it has begun", () => {
    expect(presentWall("zh-CN", firstSlot(), at(14, 0))).toMatchObject({
      phase: "running",
      notice: "",
      slot: "第 1 场",
      nextChangeAt: at(14, 20).toISOString(),
    });
  });

  it("shows the slot after a break as next, without the day's notice", () => {
    const afterBreak: WallPlan = { ...firstSlot(), slot: 2, slotStart: at(15, 0), slotEnd: at(15, 20) };
    expect(presentWall("en", afterBreak, at(14, 50))).toMatchObject({
      phase: "upcoming",
      notice: "",
      slot: "Next: Slot 3",
      nextChangeAt: at(15, 0).toISOString(),
    });
  });
});
