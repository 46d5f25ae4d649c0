import { describe, expect, it } from "vitest";
import type { Actor } from "../../../../../server/accounts/accounts.types.js";
import type { Outcome, OutcomeMeeting } from "../../../../../server/events/outcomes.types.js";
import {
  presentOutcomePage,
  recordedValues,
  sidesOf,
  type OutcomeFormValues,
} from "../../../../../server/http/events/outcomes.view-models.js";

const meeting = (changes: Partial<OutcomeMeeting> = {}): OutcomeMeeting => ({
  id: 40,
  eventId: 7,
  eventTitle: "2026 福州新材料对接会",
  eventKind: "matchmaking",
  eventStatus: "live",
  status: "scheduled",
  slot: 1,
  // 06:30 UTC is 14:30 in Beijing.
  slotStart: new Date(Date.UTC(2026, 4, 31, 6, 30)),
  slotEnd: new Date(Date.UTC(2026, 4, 31, 6, 50)),
  tableNo: 0,
  needId: 5,
  needTitle: "掩膜版张网精度提升",
  needOwnerId: 4,
  needStatus: "open",
  expertId: 9,
  expertName: "林教授",
  expertUserId: 11,
  ...changes,
});

const outcome = (changes: Partial<Outcome> = {}): Outcome => ({
  id: 1,
  meetingId: 40,
  side: "need",
  result: "contract",
  contractValueYuan: 500000,
  note: "首期合作",
  recordedById: 4,
  updatedAt: new Date(0),
  ...changes,
});

const owner: Actor = { userId: 4, role: "enterprise", expertId: null };
const expert: Actor = { userId: 11, role: "expert", expertId: 9 };
const organizer: Actor = { userId: 1, role: "organizer", expertId: null };
const stranger: Actor = { userId: 99, role: "expert", expertId: 50 };
const noValues: OutcomeFormValues = { side: "", result: "", contractValueYuan: "", note: "" };

describe("sidesOf and recordedValues", () => {
  it("lets each party record its own side, organizers either, and others none", () => {
    expect(sidesOf(owner, meeting())).toEqual(["need"]);
    expect(sidesOf(expert, meeting())).toEqual(["expert"]);
    expect(sidesOf(organizer, meeting())).toEqual(["need", "expert"]);
    expect(sidesOf(stranger, meeting())).toEqual([]);
    // An imported expert without an account matches no user.
    expect(sidesOf(stranger, meeting({ expertUserId: null, needOwnerId: null }))).toEqual([]);
  });

  it("starts the form from the actor's own record, and empty when they record for both sides", () => {
    expect(recordedValues(["need"], [outcome(), outcome({ side: "expert", result: "follow_up" })])).toEqual({
      side: "need",
      result: "contract",
      contractValueYuan: "500000",
      note: "首期合作",
    });
    expect(recordedValues(["expert"], [outcome()])).toEqual({ ...noValues, side: "expert" });
    expect(recordedValues(["need"], [outcome({ result: "intention", contractValueYuan: null })])).toMatchObject({
      contractValueYuan: "",
    });
    expect(recordedValues(["need", "expert"], [outcome()])).toEqual(noValues);
  });
});

describe("presentOutcomePage", () => {
  const page = (changes: Partial<Parameters<typeof presentOutcomePage>[1]> = {}, lang: "zh-CN" | "en" = "zh-CN") =>
    presentOutcomePage(lang, {
      actor: owner,
      meeting: meeting(),
      outcomes: [],
      block: null,
      values: noValues,
      ...changes,
    });

  it("shows the meeting's slot, Beijing time and table, numbered from one as everywhere else", () => {
    expect(page().meeting).toEqual({
      id: 40,
      needTitle: "掩膜版张网精度提升",
      expertName: "林教授",
      slot: "第 2 场",
      time: "14:30–14:50",
      table: "第 1 桌",
    });
    const unplaced = page({ meeting: meeting({ slot: null, slotStart: null, slotEnd: null, tableNo: null }) }, "en");
    expect(unplaced.meeting).toMatchObject({ slot: "", time: "", table: "" });
  });

  it("lists both sides' records, with the contract value grouped and 'not recorded' for a missing side", () => {
    const recorded = page({ outcomes: [outcome()] }, "en").recorded;
    expect(recorded).toEqual([
      {
        side: "need",
        sideLabel: "Need (enterprise)",
        result: "Contract",
        value: "500,000",
        note: "首期合作",
        recorded: true,
      },
      { side: "expert", sideLabel: "Expert", result: "Not recorded yet", value: "", note: "", recorded: false },
    ]);
  });

  it("shows why the form is withheld instead of the form", () => {
    const blocked = page({ block: "not_begun" });
    expect(blocked.form).toBeNull();
    expect(blocked.blocked).toBe("这场会谈还没有开始，开始后即可记录结果。");
  });

  it("names a party's own side, asks an organizer to choose one, and sends each back where they came from", () => {
    const own = page({ values: { ...noValues, side: "need", result: "intention" } });
    expect(own.form).toMatchObject({ chooseSide: false, ownSide: "需求方（企业）", hasErrors: false });
    expect(own.form!.results.filter((r) => r.checked).map((r) => r.label)).toEqual(["达成意向"]);
    expect(own.backHref).toBe("/events/7/agenda");
    const staff = page({ actor: organizer, formError: "请检查下面标出的内容。" }, "en");
    expect(staff.form).toMatchObject({
      chooseSide: true,
      ownSide: "",
      hasErrors: true,
      action: "/events/7/meetings/40/outcome",
    });
    expect(staff.form!.sides.map((s) => s.label)).toEqual(["Need (enterprise)", "Expert"]);
    expect(staff.backHref).toBe("/events/7");
  });

  it("names the sides of a review panel's meeting as the panel does: nomination and reviewer", () => {
    const panel = { actor: organizer, meeting: meeting({ eventKind: "review" }) };
    expect(page(panel).form!.sides.map((s) => s.label)).toEqual(["提名方（提名单位）", "评审专家方"]);
    expect(page(panel, "en").recorded.map((r) => r.sideLabel)).toEqual(["Nomination (nominating body)", "Reviewer"]);
    const own = page({ meeting: meeting({ eventKind: "review" }), values: { ...noValues, side: "need" } });
    expect(own.form!.ownSide).toBe("提名方（提名单位）");
  });
});
