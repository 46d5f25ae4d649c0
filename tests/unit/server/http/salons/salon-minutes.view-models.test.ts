import { describe, expect, it } from "vitest";
import type { MinutesQuestion, SalonMinutes } from "../../../../../server/salons/salon-minutes.js";
import {
  escapeMarkdown,
  minutesMarkdown,
  needFromQuestion,
  presentMinutes,
} from "../../../../../server/http/salons/salon-minutes.view-models.js";
import type { Salon } from "../../../../../server/salons/salon.js";
import type { Question } from "../../../../../server/salons/salon.types.js";
import { endsAt, salonSummary, startsAt } from "../../../../support/salon-summary.js";

const question = (changes: Partial<MinutesQuestion> = {}): MinutesQuestion => ({
  id: 3,
  text: "界面钝化能否用于柔性器件？",
  author: "张工",
  votes: 1,
  answered: true,
  answeredAt: "2026-05-18T07:00:00.000Z",
  merged: 0,
  needId: null,
  ...changes,
});

const suggestion = { expertId: 9, name: "林教授", organization: "福州大学", title: "教授", score: 0.7 };

const minutes = (changes: Partial<SalonMinutes> = {}): SalonMinutes => ({
  salon: salonSummary({
    status: "closed",
    organizer: null,
    speakers: [],
    openedAt: startsAt,
    closedAt: endsAt,
    lastSeq: 40,
  }),
  generatedAt: "2026-05-18T09:00:00.000Z",
  forModerator: false,
  agenda: [
    { name: "林教授", talkTitle: "界面钝化新进展", budgetSeconds: 1200, spokeSeconds: 1265 },
    { name: "陈研究员", talkTitle: "封装", budgetSeconds: 905, spokeSeconds: null },
  ],
  counts: { questions: 2, answered: 1, hidden: 0, chatMessages: 12, reactions: 30, participants: 9 },
  questions: [question(), question({ id: 5, author: null, votes: 2, answered: false, merged: 1 })],
  unanswered: [{ ...question({ id: 5, author: null, votes: 2, answered: false }), suggestions: [suggestion] }],
  polls: [
    {
      id: 1,
      question: "下一期主题？",
      multiple: false,
      closed: true,
      options: ["叠层电池", "钙钛矿 LED", "其他"],
      results: { counts: [2, 1], voters: 3 },
    },
  ],
  timeline: [
    { at: "2026-05-18T06:30:00.000Z", kind: "opened" },
    { at: "2026-05-18T06:31:00.000Z", kind: "turn_finished", name: "林教授", spokeSeconds: 1265, budgetSeconds: 1200 },
  ],
  ...changes,
});

describe("presentMinutes", () => {
  it("words planned and spoken time (never as 20:00, which reads as a time of day), and a dash for a talk not given", () => {
    expect(presentMinutes("en", minutes()).agenda).toEqual([
      { name: "林教授", talkTitle: "界面钝化新进展", planned: "20 min", spoke: "21 min 5 s" },
      { name: "陈研究员", talkTitle: "封装", planned: "15 min 5 s", spoke: "—" },
    ]);
    const short = minutes({ agenda: [{ name: "林教授", talkTitle: "", budgetSeconds: 600, spokeSeconds: 7 }] });
    expect(presentMinutes("zh-CN", short).agenda[0]).toMatchObject({ planned: "10 分钟", spoke: "7 秒" });
    expect(presentMinutes("zh-CN", minutes()).agenda[0]).toMatchObject({ spoke: "21 分 5 秒" });
  });

  it("never names an anonymous asker, and counts votes and merged duplicates in the page's language", () => {
    const [named, anonymous] = presentMinutes("en", minutes()).questions;
    expect(named).toMatchObject({ author: "张工", votes: "1 vote", status: "Answered", merged: null });
    expect(anonymous).toMatchObject({
      author: "Anonymous",
      votes: "2 votes",
      status: "Unanswered",
      merged: "1 duplicate merged in",
    });
    expect(presentMinutes("zh-CN", minutes()).questions[1]).toMatchObject({
      author: "匿名",
      votes: "2 票",
      merged: "合并了 1 个相同问题",
    });
  });

  it("shows poll shares as whole percentages, an option nobody chose as 0, and no share without voters", () => {
    const [poll] = presentMinutes("zh-CN", minutes()).polls;
    expect(poll).toMatchObject({ kind: "单选", voters: "3 人参与", closed: true });
    expect(poll!.options.map((o) => [o.count, o.share])).toEqual([
      [2, "67%"],
      [1, "33%"],
      [0, "0%"],
    ]);
    const empty = minutes({
      polls: [{ ...minutes().polls[0]!, multiple: true, results: { counts: [], voters: 0 } }],
    });
    expect(presentMinutes("en", empty).polls[0]).toMatchObject({ kind: "Multiple choice", voters: "0 voters" });
    expect(presentMinutes("en", empty).polls[0]!.options.every((o) => o.share === "0%")).toBe(true);
  });

  it("gives the timeline in Beijing time and words", () => {
    expect(presentMinutes("en", minutes()).timeline).toEqual([
      { time: "14:30", text: "The room opened" },
      { time: "14:31", text: "林教授 finished after 21 min 5 s" },
    ]);
    expect(presentMinutes("zh-CN", minutes()).generated).toBe("生成于 2026年5月18日周一 17:00");
  });

  it("offers forwarding and turning into a need to moderators only, keeping a refused forward at its question", () => {
    const reader = presentMinutes("en", minutes()).unanswered[0]!;
    expect(reader).toMatchObject({ forward: null, needAction: null, need: null });
    expect(reader.suggestions).toEqual([
      { name: "林教授", href: "/experts/9", detail: "福州大学 · 教授", expertId: 9 },
    ]);
    const moderator = presentMinutes("en", minutes({ forModerator: true }), {
      questionId: 5,
      value: "王",
      error: "No expert is called 王.",
    });
    expect(moderator.showSuggestions).toBe(true);
    expect(moderator.unanswered[0]).toMatchObject({
      needAction: "/salons/4/questions/5/need",
      forward: { action: "/salons/4/questions/5/forward", value: "王", error: "No expert is called 王." },
    });
    expect(JSON.parse(moderator.unanswered[0]!.forward!.suggestionsJson)).toEqual([
      { id: 9, name: "林教授", title: "教授", organization: "福州大学" },
    ]);
  });

  it("links a question already turned into a need, and offers no second conversion", () => {
    const done = minutes({
      forModerator: true,
      unanswered: [{ ...question({ id: 5, answered: false, needId: 12 }), suggestions: [] }],
    });
    expect(presentMinutes("zh-CN", done).unanswered[0]).toMatchObject({
      needAction: null,
      need: { href: "/needs/12", label: "已转为需求 #12" },
    });
  });
});

describe("escapeMarkdown", () => {
  it("flattens whitespace and escapes characters that would make markup, links or table cells", () => {
    expect(escapeMarkdown("  [点我](http://x)\n| a | *b* ")).toBe("\\[点我\\]\\(http://x\\) \\| a \\| \\*b\\*");
    expect(escapeMarkdown("<script>")).toBe("\\<script\\>");
  });
});

describe("minutesMarkdown", () => {
  it("writes the minutes with the speakers' table, escaped user text and empty-state lines", () => {
    const md = minutesMarkdown(
      "en",
      presentMinutes(
        "en",
        minutes({
          salon: { ...minutes().salon, title: "Salon | #1" },
          questions: [],
          unanswered: [],
          polls: [],
          timeline: [],
        }),
      ),
    );
    expect(md.startsWith("# Minutes: Salon \\| \\#1\n")).toBe(true);
    expect(md).toContain("| 林教授 | 界面钝化新进展 | 20 min | 21 min 5 s |");
    expect(md).toContain("No public questions.");
    expect(md).toContain("No polls.");
    expect(md).toContain("The room has not opened yet.");
    expect(md.endsWith("\n")).toBe(true);
    expect(md.endsWith("\n\n")).toBe(false);
  });

  it("punctuates English minutes the English way: no full-width colons, brackets or list commas", () => {
    const md = minutesMarkdown("en", presentMinutes("en", minutes({ forModerator: true })));
    expect(md).toMatch(/^- Schedule: /m);
    expect(md.match(/[：（）、，；]/g) ?? []).toEqual([]);
  });

  it("lists suggested experts for unanswered questions only in a moderator's copy", () => {
    const reader = minutesMarkdown("zh-CN", presentMinutes("zh-CN", minutes()));
    expect(reader).not.toContain("建议专家");
    const moderator = minutesMarkdown("zh-CN", presentMinutes("zh-CN", minutes({ forModerator: true })));
    expect(moderator).toContain("  - 建议专家：林教授（福州大学 · 教授）");
    expect(moderator).toContain("5\\. 界面钝化能否用于柔性器件？（匿名 · 2 票 · 未回答 · 合并了 1 个相同问题）");
  });
});

describe("needFromQuestion", () => {
  // Only the salon's title and the question's text, number and votes are read.
  const salon = { details: { title: "Coastal erosion" } } as unknown as Salon;
  const question = (votes: number) => ({ id: 7, text: "How do we protect the dunes?", votes }) as unknown as Question;

  it("counts the votes with the language's plural form", () => {
    expect(needFromQuestion("en")(question(1), salon).description).toBe(
      "From the academic salon “Coastal erosion”: question 7 (1 vote), not yet answered.",
    );
    expect(needFromQuestion("en")(question(3), salon).description).toContain("(3 votes)");
    expect(needFromQuestion("zh-CN")(question(1), salon).description).toBe(
      "来源：学术沙龙「Coastal erosion」第 7 号提问（1 票），尚未得到回答。",
    );
    expect(needFromQuestion("en")(question(1), salon).title).toBe("How do we protect the dunes?");
  });
});
