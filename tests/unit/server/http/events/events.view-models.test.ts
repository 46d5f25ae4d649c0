import { describe, expect, it } from "vitest";
import type {
  AssignmentRun,
  DockingEvent,
  EventMeeting,
  EventParticipant,
} from "../../../../../server/events/events.types.js";
import {
  presentEventCard,
  presentEventForm,
  presentEventSummary,
  presentMeetingRows,
  presentRunPanel,
  presentTableCards,
  sideWords,
  slotLabel,
  storedEventForm,
} from "../../../../../server/http/events/events.view-models.js";

const event = (changes: Partial<DockingEvent> = {}): DockingEvent => ({
  id: 7,
  title: "2026 福州新材料对接会",
  kind: "matchmaking",
  trackId: 3,
  track: { id: 3, code: "assist", name: "创新驱动助力工程", nameEn: "Innovation Assistance" },
  venue: "福州海峡会展中心",
  description: "",
  // 06:00 UTC is 14:00 in Beijing; 31 May 2026 is a Sunday.
  startsAt: new Date(Date.UTC(2026, 4, 31, 6, 0)),
  slotMinutes: 20,
  slotCount: 3,
  breaks: [{ afterSlot: 0, minutes: 10 }],
  tableCount: 10,
  registrationOpensAt: null,
  registrationClosesAt: new Date(Date.UTC(2026, 4, 20, 16, 30)),
  demandPerNeed: 3,
  meetingsPerExpert: 6,
  quotaRules: [],
  objective: "total",
  status: "matching",
  publishedAt: null,
  createdById: 1,
  createdAt: new Date(Date.UTC(2026, 3, 1)),
  updatedAt: new Date(Date.UTC(2026, 3, 1)),
  ...changes,
});

const meeting = (changes: Partial<EventMeeting> = {}): EventMeeting => ({
  id: 40,
  eventId: 7,
  need: {
    id: 5,
    title: "掩膜版张网精度提升",
    enterprise: "福州某显示科技有限公司",
    discipline: "电子科学与技术",
    region: "福州",
    confidential: false,
    ownerId: 4,
    externalId: null,
    status: "open",
  },
  expert: {
    id: 9,
    name: "林教授",
    organization: "福州大学",
    title: "教授",
    region: "福建",
    userId: null,
    externalId: null,
  },
  score: 0.81234,
  locked: false,
  source: "engine",
  slot: 1,
  tableNo: 0,
  status: "scheduled",
  ...changes,
});

describe("sideWords", () => {
  it("calls the sides need/expert for matchmaking and nomination/reviewer for a review panel", () => {
    expect(sideWords("zh-CN", "matchmaking")).toEqual({ need: "需求", expert: "专家", enterprise: "企业" });
    expect(sideWords("zh-CN", "review")).toEqual({ need: "提名", expert: "评审专家", enterprise: "提名单位" });
    expect(sideWords("en", "review")).toEqual({
      need: "Nomination",
      expert: "Reviewer",
      enterprise: "Nominating body",
    });
  });
});

describe("presentEventCard", () => {
  it("labels kind and status and dates the event in Beijing, weekday included", () => {
    expect(presentEventCard("zh-CN", event())).toMatchObject({
      href: "/events/7",
      kindLabel: "供需对接",
      statusLabel: "匹配中",
      track: "创新驱动助力工程",
      date: "2026年5月31日周日",
    });
    // 17:00 UTC on 31 May is already Monday 1 June in Beijing.
    const late = presentEventCard("en", event({ startsAt: new Date(Date.UTC(2026, 4, 31, 17, 0)), track: null }));
    expect(late).toMatchObject({
      kindLabel: "Matchmaking",
      statusLabel: "Matching",
      track: "",
      date: "Mon, 1 Jun 2026",
    });
  });

  it("names the track in English on English pages, in Chinese when it has no English name", () => {
    expect(presentEventCard("en", event()).track).toBe("Innovation Assistance");
    const unnamed = event({ track: { id: 3, code: "assist", name: "创新驱动助力工程", nameEn: "" } });
    expect(presentEventCard("en", unnamed).track).toBe("创新驱动助力工程");
  });
});

describe("slotLabel", () => {
  it("shows a slot's start and end in Beijing time, 24-hour", () => {
    expect(
      slotLabel({
        slot: 0,
        startsAt: new Date(Date.UTC(2026, 4, 31, 6, 0)),
        endsAt: new Date(Date.UTC(2026, 4, 31, 6, 20)),
      }),
    ).toBe("14:00–14:20");
  });
});

describe("storedEventForm", () => {
  it("puts Beijing times in the datetime fields, numbers breaks from one and leaves absent dates empty", () => {
    const form = storedEventForm(event());
    expect(form).toMatchObject({
      trackId: "3",
      startsAt: "2026-05-31T14:00",
      registrationOpensAt: "",
      // 16:30 UTC on 20 May is 00:30 on 21 May in Beijing.
      registrationClosesAt: "2026-05-21T00:30",
      breaks: "1:10",
      slotMinutes: "20",
      quotaRegion: "",
      quotaRegionCount: "",
      sameOrganizationMax: "",
    });
    expect(storedEventForm(event({ trackId: null })).trackId).toBe("");
  });

  it("fills the quota fields from the rules the form manages and ignores the others", () => {
    const form = storedEventForm(
      event({
        quotaRules: [
          { kind: "atLeast", attr: "discipline", value: "化学", count: 1, needs: "all" },
          { kind: "atLeast", attr: "region", value: "taiwan", count: 2, needs: "all" },
          { kind: "atMostSame", attr: "organization", count: 1 },
        ],
      }),
    );
    expect(form).toMatchObject({ quotaRegion: "taiwan", quotaRegionCount: "2", sameOrganizationMax: "1" });
  });
});

describe("presentEventForm", () => {
  const values = { ...storedEventForm(event()), quotaRegion: "overseas", kind: "review" as const };

  it("titles and targets a new event differently from an edit", () => {
    const fresh = presentEventForm("zh-CN", { values, tracks: [] });
    expect(fresh).toMatchObject({ title: "新建对接活动", action: "/events", cancelHref: "/events", hasErrors: false });
    const edit = presentEventForm("en", { eventId: 7, values, tracks: [], errors: { title: "Required" } });
    expect(edit).toMatchObject({ title: "Edit event", action: "/events/7", hasErrors: true });
  });

  it("selects the stored kind, track and region, offering 'none' first", () => {
    const form = presentEventForm("en", { values, tracks: [{ id: 3, name: "创新驱动助力工程" }] });
    expect(form.kinds.filter((k) => k.selected).map((k) => k.value)).toEqual(["review"]);
    expect(form.tracks).toEqual([
      { value: "", label: "(no track)", selected: false },
      { value: "3", label: "创新驱动助力工程", selected: true },
    ]);
    expect(form.regions[0]).toEqual({ value: "", label: "(none)", selected: false });
    expect(form.regions.filter((r) => r.selected).map((r) => r.label)).toEqual(["overseas"]);
  });
});

describe("presentEventSummary", () => {
  it("sums up the slots with the break included, in each language, singular and plural", () => {
    // Slot 1 14:00–14:20, a 10-minute break, slot 2 14:30–14:50, slot 3 14:50–15:10.
    expect(presentEventSummary("zh-CN", event()).slotSummary).toBe(
      "3 个时段，每段 20 分钟（14:00–14:20 至 14:50–15:10），10 张桌",
    );
    expect(presentEventSummary("en", event()).slotSummary).toBe(
      "3 slots of 20 minutes (14:00–14:20 to 14:50–15:10), 10 tables",
    );
    expect(presentEventSummary("en", event({ slotCount: 1, breaks: [] })).slotSummary).toBe(
      "1 slot of 20 minutes (14:00–14:20 to 14:00–14:20), 10 tables",
    );
    expect(presentEventSummary("en", event()).slots.map((s) => [s.number, s.label])).toEqual([
      [1, "14:00–14:20"],
      [2, "14:30–14:50"],
      [3, "14:50–15:10"],
    ]);
  });

  it("states the quota rules in words, naming the region and the kind's sides", () => {
    const rules = presentEventSummary(
      "zh-CN",
      event({
        kind: "review",
        quotaRules: [
          { kind: "atLeast", attr: "region", value: "taiwan", count: 1, needs: "all" },
          { kind: "atMostSame", attr: "organization", count: 2 },
        ],
      }),
    ).rules;
    expect(rules).toEqual(["每个提名至少与 1 位台湾评审专家会谈", "每个提名最多与同一单位的 2 位评审专家会谈"]);
  });

  it("writes the sides in lower case inside English sentences, though their labels are capitalised", () => {
    const summary = presentEventSummary(
      "en",
      event({ kind: "review", quotaRules: [{ kind: "atMostSame", attr: "organization", count: 2 }] }),
    );
    expect(summary.rules).toEqual(["each nomination meets at most 2 reviewers of one organization"]);
    expect(summary.loads).toMatch(/^each nomination meets \d+ reviewers; each reviewer takes at most \d+ meetings$/);
    expect(sideWords("en", "review")).toEqual({
      need: "Nomination",
      expert: "Reviewer",
      enterprise: "Nominating body",
    });
  });
});

describe("the event's loads and rules in English", () => {
  it("say 1 expert and 3 experts, not expert(s), each clause by its own count", () => {
    const one = presentEventSummary(
      "en",
      event({
        demandPerNeed: 1,
        meetingsPerExpert: 1,
        quotaRules: [
          { kind: "atLeast", attr: "region", value: "taiwan", count: 1, needs: "all" },
          { kind: "atMostSame", attr: "organization", count: 1 },
        ],
      }),
    );
    expect(one.loads).toBe("each need meets 1 expert; each expert takes at most 1 meeting");
    expect(one.rules).toEqual([
      "each need meets at least 1 expert from Taiwan",
      "each need meets at most 1 expert of one organization",
    ]);
    const many = presentEventSummary(
      "en",
      event({
        demandPerNeed: 3,
        meetingsPerExpert: 5,
        quotaRules: [{ kind: "atLeast", attr: "region", value: "taiwan", count: 2, needs: "all" }],
      }),
    );
    expect(many.loads).toBe("each need meets 3 experts; each expert takes at most 5 meetings");
    expect(many.rules).toEqual(["each need meets at least 2 experts from Taiwan"]);
    expect(presentEventSummary("zh-CN", event({ demandPerNeed: 3, meetingsPerExpert: 5 })).loads).toBe(
      "每个需求会谈 3 位专家；每位专家最多 5 场",
    );
  });
});

describe("presentMeetingRows", () => {
  it("numbers slot and table from one with the slot's time, and leaves unplaced meetings blank", () => {
    const [placed, unplaced] = presentMeetingRows("zh-CN", event(), [
      meeting(),
      meeting({ id: 41, slot: null, tableNo: null, locked: true, source: "manual" }),
    ]);
    expect(placed).toMatchObject({
      score: "0.812",
      slot: "2（14:30–14:50）",
      table: "1",
      lockLabel: "锁定",
      manual: false,
    });
    expect(unplaced).toMatchObject({ slot: "", table: "", lockLabel: "解锁", lockValue: "false", manual: true });
  });

  it("links each meeting's outcome page only from the live day on", () => {
    expect(presentMeetingRows("en", event(), [meeting()])[0]!.outcomeHref).toBe("");
    expect(presentMeetingRows("en", event({ status: "live" }), [meeting()])[0]!.outcomeHref).toBe(
      "/events/7/meetings/40/outcome",
    );
  });
});

describe("presentTableCards", () => {
  it("groups placed meetings by table in slot order and leaves out unplaced ones", () => {
    const cards = presentTableCards(event(), [
      meeting({ id: 1, slot: 2, tableNo: 1 }),
      meeting({ id: 2, slot: 0, tableNo: 1 }),
      meeting({ id: 3, slot: 1, tableNo: 0 }),
      meeting({ id: 4, slot: null, tableNo: 2 }),
    ]);
    expect(cards.map((c) => [c.table, c.meetings.map((m) => `${m.slot} ${m.time}`)])).toEqual([
      [1, ["2 14:30–14:50"]],
      [2, ["1 14:00–14:20", "3 14:50–15:10"]],
    ]);
    expect(presentTableCards(event(), [])).toEqual([]);
  });
});

describe("presentRunPanel", () => {
  const expert = (maxMeetings: number | null): EventParticipant => ({
    id: 100,
    eventId: 7,
    kind: "expert",
    expert: meeting().expert,
    maxMeetings,
    minMeetings: 0,
    availability: [],
    checkedInAt: null,
    noShowAt: null,
    createdAt: new Date(0),
  });
  const run = (changes: Partial<AssignmentRun> = {}): AssignmentRun => ({
    id: 3,
    eventId: 7,
    status: "infeasible",
    phase: "diagnose",
    progress: 0.456,
    etaSeconds: null,
    objective: null,
    upperBound: null,
    minNeedScore: null,
    diagnosis: {
      summary: "capacity",
      reasons: [
        {
          kind: "capacityCut",
          message: "m",
          relaxation: "r",
          shortfall: 4,
          needIds: [5],
          expertIds: [9, 77],
          rule: null,
        },
      ],
    },
    failure: null,
    changedPairs: null,
    startedById: 1,
    startedAt: new Date(0),
    finishedAt: null,
    ...changes,
  });

  it("shows nothing before the first run, and the progress as a whole percentage", () => {
    expect(presentRunPanel("en", null, { event: event(), participants: [] })).toBeNull();
    const panel = presentRunPanel("zh-CN", run({ status: "running", diagnosis: null }), {
      event: event(),
      participants: [],
    });
    expect(panel).toMatchObject({ running: true, statusLabel: "运行中", percent: 46, diagnosis: null });
  });

  it("explains a capacity cut with the experts' names, or their ids when they are not registered", () => {
    const panel = presentRunPanel("en", run(), { event: event(), participants: [expert(null)] })!;
    expect(panel.statusLabel).toBe("Infeasible");
    expect(panel.diagnosis!.reasons[0]!.text).toBe("#5 share fully booked experts (林教授, #77); meetings short: 4.");
  });

  it("offers to raise an expert's most meetings, and the label says the value the button sets", () => {
    const raise = (max: number) =>
      presentRunPanel("en", run(), { event: event(), participants: [expert(max)] })!.diagnosis!.reasons[0]!
        .relaxations[0]!;
    expect(raise(6)).toEqual({
      label: "Raise 林教授's most meetings from 6 to 10",
      fields: [
        { name: "action", value: "setMaxMeetings" },
        { name: "participantId", value: "100" },
        { name: "value", value: "10" },
      ],
    });
    // The form accepts at most 48 meetings per expert: the button cannot promise more.
    const capped = raise(46);
    expect(capped.fields[2]).toEqual({ name: "value", value: "48" });
    expect(capped.label).toBe("Raise 林教授's most meetings from 46 to 48");
  });
});
