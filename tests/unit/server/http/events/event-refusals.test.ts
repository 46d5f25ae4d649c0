import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConflictError, ValidationError } from "../../../../../server/errors.js";
import { refusalText, refusalTextsForScript } from "../../../../../server/http/events/event-refusals.js";
import { isMessageKey } from "../../../../../server/http/i18n/translate.js";
import { repoRoot } from "../../../../support/paths.js";

const eventsDir = path.join(repoRoot, "server", "events");
const domainSources = () =>
  fs
    .readdirSync(eventsDir)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => ({ name, source: fs.readFileSync(path.join(eventsDir, name), "utf8") }));

/** Each `new ConflictError(…)` / `new ValidationError(…)` call of a source, arguments and all. */
function refusalsThrownIn(source: string): string[] {
  const calls: string[] = [];
  for (const match of source.matchAll(/new (?:Conflict|Validation)Error\(/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < source.length) {
      const char = source[end++];
      if (char === "(") depth++;
      else if (char === ")") depth--;
    }
    calls.push(source.slice(match.index, end));
  }
  return calls;
}

/** Reasons the domain names at run time: an outcome's block, and the value rules of an outcome. */
const reasonsNamedAtRunTime = [
  "did_not_take_place",
  "before_live_day",
  "not_begun",
  "contract_needs_value",
  "value_only_for_contract",
];

describe("a domain refusal on an event page", () => {
  it("is worded from its reason in the page's language, filled with the details' values", () => {
    const refusal = new ConflictError("林教授 is not checked in (or is marked absent)", {
      reason: "not_present",
      name: "林教授",
    });
    expect(refusalText("zh-CN", refusal, "matchmaking")).toBe("林教授 尚未签到（或已被标记缺席）。");
    expect(refusalText("en", refusal, "matchmaking")).toBe("林教授 is not checked in (or is marked absent).");
    const full = new ConflictError("陈研究员 already has 4 meetings, the most they take at this event", {
      reason: "expert_full",
      name: "陈研究员",
      load: 4,
    });
    expect(refusalText("zh-CN", full, "matchmaking")).toBe("陈研究员 在本活动已有 4 场会谈，达到了其会谈上限。");
  });

  it("names the two sides as the event's kind does: a review panel's nominations and reviewers, a fair's needs and experts", () => {
    const duplicate = new ConflictError("This need and this expert are already paired at this event", {
      reason: "duplicate_pair",
    });
    expect(refusalText("zh-CN", duplicate, "matchmaking")).toBe("这个需求和这位专家在本活动中已经配对，不能重复安排。");
    expect(refusalText("zh-CN", duplicate, "review")).toBe("这个提名和这位评审专家在本活动中已经配对，不能重复安排。");
    expect(refusalText("en", duplicate, "review")).toBe(
      "This nomination and this reviewer are already paired at this event.",
    );
    const notOpen = new ConflictError("Only open needs can be registered", {
      reason: "need_not_open",
      status: "closed",
    });
    expect(refusalText("zh-CN", notOpen, "review")).toBe("只有“征集中”的提名才能报名。");
    const swap = new ConflictError("These pairs share a need or an expert", { reason: "swap_changes_nothing" });
    expect(refusalText("en", swap, "review")).toBe(
      "These two pairs share their nomination or their reviewer: swapping them changes nothing.",
    );
  });

  it("names an event's status by the label every page uses, never its code", () => {
    const wrongStatus = new ConflictError("Cannot publish the schedule while the event is live", {
      reason: "wrong_status",
      status: "live",
      allowed: ["registration", "matching"],
    });
    expect(refusalText("zh-CN", wrongStatus, "matchmaking")).toBe(
      "活动当前处于“进行中”阶段，此操作仅在报名中、匹配中阶段可用。",
    );
    expect(refusalText("en", wrongStatus, "matchmaking")).toBe(
      "Not possible while the event's status is Live (only at Registration, Matching).",
    );
    const transition = new ConflictError("An event cannot go from draft to live", {
      reason: "invalid_transition",
      from: "draft",
      to: "live",
      allowed: ["registration"],
    });
    expect(refusalText("zh-CN", transition, "matchmaking")).toBe("活动不能从“草稿”直接转为“进行中”。");
  });

  it("shows the message as it is for a reason without a text, a refusal without a reason, or details without a value the text names", () => {
    expect(refusalText("zh-CN", new ConflictError("Something new", { reason: "no_such_reason" }), "matchmaking")).toBe(
      "Something new",
    );
    expect(refusalText("zh-CN", new ValidationError("请选择一个需求和一位专家。"), "matchmaking")).toBe(
      "请选择一个需求和一位专家。",
    );
    expect(refusalText("zh-CN", new ValidationError("Invalid", ["not", "an", "object"]), "matchmaking")).toBe(
      "Invalid",
    );
    const nameless = new ConflictError("Someone is not checked in (or is marked absent)", { reason: "not_present" });
    expect(refusalText("zh-CN", nameless, "matchmaking")).toBe("Someone is not checked in (or is marked absent)");
  });

  it("has a text for every reason the events domain refuses with, and every such refusal names its reason", () => {
    const named = domainSources().flatMap(({ source }) =>
      [...source.matchAll(/reason: "([a-z_]+)"/g)].map((match) => match[1]!),
    );
    expect(named.length).toBeGreaterThan(30);
    const missing = [...new Set([...named, ...reasonsNamedAtRunTime])].filter(
      (reason) => !isMessageKey(`events.refusal.${reason}`),
    );
    expect(missing).toEqual([]);
    const withoutReason = domainSources().flatMap(({ name, source }) =>
      refusalsThrownIn(source)
        .filter((call) => !/\breason\b/.test(call))
        .map((call) => `${name}: ${call}`),
    );
    expect(withoutReason).toEqual([]);
  });

  it("gives a page's script the same texts, the status labels and the list separator", () => {
    const forScript = refusalTextsForScript("zh-CN", "matchmaking");
    expect(forScript.texts.table_taken).toBe("这张桌在这个时段已有会谈。");
    expect(forScript.texts.not_present).toBe("{name} 尚未签到（或已被标记缺席）。");
    expect(forScript.statuses.live).toBe("进行中");
    expect(forScript.statusFields).toContain("status");
    expect(forScript.separator).toBe("、");
    expect(refusalTextsForScript("en", "matchmaking").texts.table_taken).toBe("This table is taken in this slot.");
    // The sides are named already, as the event's kind names them; the values the desk fills stay.
    expect(refusalTextsForScript("zh-CN", "review").texts.not_registered).toBe(
      "提名和评审专家都报名本活动后才能配对。",
    );
    expect(refusalTextsForScript("zh-CN", "review").texts.expert_full).toBe(
      "{name} 在本活动已有 {load} 场会谈，达到了其会谈上限。",
    );
  });
});
