import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SalonListItem } from "../../../../../server/salons/salons.repository.js";
import type { SalonDetail } from "../../../../../server/salons/salons.service.js";
import {
  beijingInputValue,
  emptySalonForm,
  formatSchedule,
  presentSalonCard,
  presentSalonDetail,
  presentSalonForm,
  presentSalonRoom,
} from "../../../../../server/http/salons/salons.view-models.js";
import { repoRoot } from "../../../../support/paths.js";
import { endsAt, salonSummary, startsAt } from "../../../../support/salon-summary.js";

const listItem = (changes: Partial<SalonListItem> = {}): SalonListItem => ({
  id: 4,
  title: "钙钛矿电池稳定性沙龙",
  topic: "界面钝化",
  description: "本期沙龙讨论钙钛矿太阳能电池的长期稳定性。".repeat(10),
  disciplines: ["材料科学"],
  startsAt,
  endsAt,
  visibility: "members",
  status: "scheduled",
  organizerName: null,
  speakerNames: ["林教授"],
  questionCount: 0,
  ...changes,
});

const detail = (salon: Partial<SalonDetail["salon"]> = {}, changes: Partial<SalonDetail> = {}): SalonDetail => ({
  salon: salonSummary(salon),
  canManage: false,
  isModerator: false,
  settings: { premoderation: false, slowModeSeconds: 0, handBudgetSeconds: 120 },
  inviteeIds: null,
  counts: { questions: 0, answered: 0, polls: 0 },
  ...changes,
});

describe("formatSchedule and beijingInputValue", () => {
  it("shows the start with its weekday and the end time in Beijing, or says the time is not set", () => {
    expect(formatSchedule("zh-CN", startsAt, endsAt)).toBe("2026年5月18日周一 14:30–16:30");
    expect(formatSchedule("en", startsAt, endsAt)).toBe("Mon, 18 May 2026, 14:30–16:30");
    expect(formatSchedule("en", startsAt, null)).toBe("Mon, 18 May 2026, 14:30");
    expect(formatSchedule("zh-CN", null, endsAt)).toBe("时间待定");
    expect(formatSchedule("en", null, null)).toBe("Time to be announced");
  });

  it("dates the end as well when the salon ends on a later day in Beijing", () => {
    // 14:30 UTC is 22:30 in Beijing; 17:00 UTC is 01:00 the next day.
    expect(formatSchedule("en", "2026-05-18T14:30:00.000Z", "2026-05-18T17:00:00.000Z")).toBe(
      "Mon, 18 May 2026, 22:30–Tue, 19 May 2026, 01:00",
    );
  });

  it("gives a datetime field the Beijing wall time, and nothing for no time", () => {
    expect(beijingInputValue("2026-05-18T16:30:00.000Z")).toBe("2026-05-19T00:30");
    expect(beijingInputValue(null)).toBe("");
  });
});

describe("presentSalonCard", () => {
  it("labels status and visibility in the page's language and cuts the description", () => {
    const zh = presentSalonCard("zh-CN", listItem());
    expect(zh).toMatchObject({
      href: "/salons/4",
      status: { code: "scheduled", label: "未开始" },
      visibility: "仅限注册用户",
      organizer: null,
      questionCount: 0,
    });
    expect(Array.from(zh.excerpt)).toHaveLength(111);
    expect(zh.excerpt.endsWith("…")).toBe(true);
    const en = presentSalonCard("en", listItem({ status: "open", visibility: "invite_only", startsAt: null }));
    expect(en).toMatchObject({
      status: { code: "open", label: "Live" },
      visibility: "Invitation only",
      schedule: "Time to be announced",
    });
  });
});

describe("presentSalonDetail", () => {
  it("lets a signed-in visitor enter, an anonymous one listen to a public salon, and asks others to sign in", () => {
    expect(presentSalonDetail("zh-CN", detail(), true).enter).toEqual({ label: "进入会场", href: "/salons/4/live" });
    expect(presentSalonDetail("en", detail(), false).enter).toEqual({ label: "Listen in", href: "/salons/4/live" });
    expect(presentSalonDetail("en", detail({ visibility: "members" }), false).enter).toEqual({
      label: "Sign in to take part",
      href: "/login?next=%2Fsalons%2F4%2Flive",
    });
  });

  it("offers to look back at the room of a salon that has ended, rather than to listen in or take part", () => {
    const ended = detail({ status: "closed", closedAt: endsAt });
    expect(presentSalonDetail("zh-CN", ended, false).enter).toEqual({ label: "回看会场", href: "/salons/4/live" });
    expect(presentSalonDetail("en", ended, true).enter.label).toBe("Look back at the room");
    expect(presentSalonDetail("en", detail({ status: "closed", visibility: "members" }), false).enter).toEqual({
      label: "Look back at the room",
      href: "/login?next=%2Fsalons%2F4%2Flive",
    });
    const room = presentSalonRoom("zh-CN", ended, { signedIn: false, guestName: null, joinCode: null });
    expect(room.ended).toBe(true);
  });

  it("shows each talk's length in whole minutes and links the speaker's profile", () => {
    const model = presentSalonDetail("zh-CN", detail(), true);
    expect(model.speakers).toEqual([
      { name: "林教授", href: "/experts/9", talkTitle: "界面钝化新进展", length: "20 分钟" },
    ]);
    expect(presentSalonDetail("en", detail(), true).speakers[0]!.length).toBe("20 min");
    expect(presentSalonDetail("en", detail({ organizer: null }), true).organizer).toBeNull();
  });

  it("offers managers only the moves the salon's state allows", () => {
    expect(presentSalonDetail("en", detail(), true).manage).toBeNull();
    const scheduled = presentSalonDetail("en", detail({}, { canManage: true }), true).manage;
    expect(scheduled).toEqual({
      editHref: "/salons/4/edit",
      openAction: "/salons/4/open",
      openLabel: "Open the room",
      closeAction: null,
    });
    const open = presentSalonDetail("en", detail({ status: "open", openedAt: startsAt }, { canManage: true }), true);
    expect(open.manage).toMatchObject({ openAction: null, closeAction: "/salons/4/close" });
    const closed = presentSalonDetail(
      "zh-CN",
      detail({ status: "closed", openedAt: startsAt, closedAt: endsAt }, { canManage: true }),
      true,
    );
    expect(closed.manage).toMatchObject({ openAction: "/salons/4/open", openLabel: "重新开放会场", closeAction: null });
  });

  it("shows the join code with its QR image only when there is one", () => {
    expect(presentSalonDetail("en", detail(), false).join).toBeNull();
    const join = { code: "KQ7D2M", host: "kexie.example.cn" };
    expect(presentSalonDetail("en", detail(), false, join).join).toEqual({
      code: "KQ7D2M",
      qrSrc: "/salons/4/join-code.svg",
      joinHref: "/join",
      joinAddress: "kexie.example.cn/join",
      guestHref: "/salons/4/guest",
    });
  });
});

describe("presentSalonForm", () => {
  it("titles a new salon's form and offers at least two empty speaker rows, five in all for a short agenda", () => {
    const fresh = presentSalonForm("zh-CN", { values: emptySalonForm });
    expect(fresh).toMatchObject({ title: "创建学术沙龙", isNew: true, action: "/salons", hasErrors: false });
    expect(fresh.speakerRows.map((r) => r.label)).toEqual(["第 1 位", "第 2 位", "第 3 位", "第 4 位", "第 5 位"]);
    const speakers = Array.from({ length: 6 }, (_, i) => ({ expertId: String(i + 1), talkTitle: "", minutes: "15" }));
    const long = presentSalonForm("en", {
      salonId: 4,
      values: { ...emptySalonForm, speakers },
      errors: { title: "x" },
    });
    expect(long).toMatchObject({ title: "Edit salon", isNew: false, action: "/salons/4", hasErrors: true });
    expect(long.speakerRows).toHaveLength(8);
    expect(long.speakerRows[5]).toMatchObject({ number: 6, label: "Speaker 6", expertText: "6", minutes: "15" });
    expect(long.speakerRows[6]).toMatchObject({ expertText: "", chosenId: null, talkTitle: "", minutes: "" });
  });

  it("shows a known speaker by name with their number behind it, and each row's mistakes beside its inputs", () => {
    const form = presentSalonForm("zh-CN", {
      values: {
        ...emptySalonForm,
        speakers: [
          { expertId: "315", expertName: "蔡佩珊", talkTitle: "界面工程", minutes: "20" },
          { expertId: "没有这个人", talkTitle: "", minutes: "500" },
        ],
      },
      errors: { "speakers.1.expertId": "没有找到", "speakers.1.minutes": "不能大于 120。" },
    });
    expect(form.speakerRows[0]).toMatchObject({ expertText: "蔡佩珊", chosenId: "315", errors: {} });
    expect(form.speakerRows[1]).toMatchObject({
      expertText: "没有这个人",
      chosenId: null,
      errors: { expertId: "没有找到", minutes: "不能大于 120。" },
    });
  });

  it("selects the chosen visibility and explains each one", () => {
    const form = presentSalonForm("en", { values: { ...emptySalonForm, visibility: "invite_only" } });
    expect(form.visibilities.map((v) => [v.value, v.selected])).toEqual([
      ["public", false],
      ["members", false],
      ["invite_only", true],
    ]);
    expect(form.visibilities[2]!.hint).toBe("Only invitees, speakers and moderators may enter.");
  });
});

describe("presentSalonRoom", () => {
  it("hands the room script its strings, plural forms whole, without the salonRoom prefix", () => {
    const room = presentSalonRoom("en", detail(), { signedIn: false, guestName: "访客小李", joinCode: null });
    const messages = JSON.parse(room.messagesJson) as Record<string, unknown>;
    expect(messages["questions.votes"]).toEqual({ one: "{count} vote", other: "{count} votes" });
    expect(messages["salon.status.open"]).toBe("Live");
    expect(Object.keys(messages).some((key) => key.startsWith("salonRoom."))).toBe(false);
    expect(room).toMatchObject({
      guestName: "访客小李",
      moderator: false,
      loginHref: "/login?next=%2Fsalons%2F4%2Flive",
    });
  });

  it("hands the script a text in the page's language for every reason the Salon refuses with", () => {
    const source = fs.readFileSync(path.join(repoRoot, "server", "salons", "salon.ts"), "utf8");
    const reasons = [...new Set([...source.matchAll(/reason: "([a-z_]+)"/g)].map((match) => match[1]!))];
    expect(reasons.length).toBeGreaterThan(25);
    // Every refusal of a room action (conflicts and mistakes) names its reason.
    const refusals = [...source.matchAll(/new (?:Conflict|Validation)Error\((?:[^()]|\([^()]*\))*\)/g)].map(
      (m) => m[0],
    );
    expect(refusals).toHaveLength(source.match(/new (?:Conflict|Validation)Error\(/g)!.length);
    expect(refusals.filter((call) => !call.includes("reason"))).toEqual([]);
    for (const lang of ["zh-CN", "en"] as const) {
      const messages = JSON.parse(
        presentSalonRoom(lang, detail(), { signedIn: true, guestName: null, joinCode: null }).messagesJson,
      ) as Record<string, unknown>;
      expect(reasons.filter((reason) => typeof messages[`refusal.${reason}`] !== "string")).toEqual([]);
    }
    const zh = JSON.parse(
      presentSalonRoom("zh-CN", detail(), { signedIn: true, guestName: null, joinCode: null }).messagesJson,
    ) as Record<string, string>;
    expect(zh["refusal.poll_options_count"]).toBe("投票需要 {min}–{max} 个选项，每行一个。");
    expect(zh["error.generic"]).not.toMatch(/\{message\}/); // no English message on a Chinese page
  });

  it("offers slow mode off or in seconds, and reaction icons from the sprite", () => {
    const room = presentSalonRoom("zh-CN", detail({}, { isModerator: true }), {
      signedIn: true,
      guestName: null,
      joinCode: { code: "KQ7D2M", host: "kexie.example.cn" },
    });
    expect(room.slowModeChoices.map((c) => c.label)).toEqual(["关闭", "10 秒", "30 秒", "60 秒", "120 秒"]);
    expect(room.reactions[0]).toMatchObject({ kind: "clap", icon: "/assets/reactions.svg#reaction-clap" });
    expect(room.moderator).toBe(true);
    expect(room.join?.code).toBe("KQ7D2M");
  });
});
