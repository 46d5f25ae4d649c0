import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import type { SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/** What the organizers' event pages call things: statuses, lifecycle buttons, the live desk's heading. */

let t: TestApp;
let organizer: SignedInAgent;
const ids = { published: 0, publishedNeed: 0, underReview: 0, underReviewMeeting: 0 };
const day = 24 * 3600_000;

/** 09:00 Beijing time (01:00 UTC), `days` days from today. */
function nineInTheMorning(days: number): Date {
  const date = new Date(Date.now() + days * day);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 1, 0));
}

/** The page's text without tags, so a label split by markup still reads as one. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** A console form posted in a language, with the page's CSRF token. */
const submit = (path: string, lang: "zh-CN" | "en", fields: Record<string, string> = {}) =>
  organizer.agent
    .post(`${path}?lang=${lang}`)
    .type("form")
    .send({ _csrf: organizer.csrfToken, ...fields });

/** What Handlebars escapes in text, and what it stands for. */
const entities: Record<string, string> = {
  "&quot;": '"',
  "&#x27;": "'",
  "&#x60;": "`",
  "&#x3D;": "=",
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
};

/** Text as Handlebars escaped it, read back. */
const unescaped = (html: string) => html.replace(/&(?:quot|#x27|#x60|#x3D|lt|gt|amp);/g, (entity) => entities[entity]!);

/** The refusal at the top of the console, as a reader sees it. */
const consoleError = (html: string) => {
  const text = /<div class="alert alert-error" role="alert" data-console-error>([^<]*)<\/div>/.exec(html)?.[1];
  return text === undefined ? undefined : unescaped(text);
};

/** The page in a language (the agent keeps the last one asked for, so every call names its own). */
async function pageText(path: string, lang: "zh-CN" | "en" = "zh-CN"): Promise<string> {
  const page = await organizer.agent.get(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
  expect(page.status, path).toBe(200);
  return textOf(page.text);
}

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer } = await signUpUsers(t, { organizer: {} }));
  const db = t.container.db;
  // Published (scheduled) for a day 13 days from now, like the reviewer's 7 Dec → 20 Dec.
  ids.published = await createEvent(db, {
    title: "评测对接日",
    status: "scheduled",
    startsAt: nineInTheMorning(13),
  });
  const needId = await createNeedRow(db, { title: "柔性AMOLED精细金属掩膜版张网精度提升" });
  const expertId = await createExpertRow(db, { name: "罗鑫秋" });
  ids.publishedNeed = await addParticipant(db, ids.published, { needId });
  await addParticipant(db, ids.published, { expertId });
  await addMeeting(db, { eventId: ids.published, needId, expertId, slot: 0, tableNo: 0 });
  // Under review (matching), with two pairs to swap.
  ids.underReview = await createEvent(db, { title: "评审中的对接日", status: "matching" });
  const otherNeedId = await createNeedRow(db, { title: "政务服务热线工单智能分类与派单" });
  const otherExpertId = await createExpertRow(db, { name: "叶文坤" });
  for (const side of [{ needId }, { needId: otherNeedId }, { expertId }, { expertId: otherExpertId }])
    await addParticipant(db, ids.underReview, side);
  ids.underReviewMeeting = await addMeeting(db, { eventId: ids.underReview, needId, expertId, slot: 0, tableNo: 0 });
  await addMeeting(db, { eventId: ids.underReview, needId: otherNeedId, expertId: otherExpertId, slot: 0, tableNo: 1 });
  await db.eventAssignmentRun.create({
    data: { eventId: ids.published, status: "optimal", progress: 1, objective: 0.5, finishedAt: new Date() },
  });
});

afterAll(async () => {
  await t.close();
});

describe("the organizers' event pages", () => {
  it("call a published event's status by one name on the console, the live desk and the dashboards, in both languages", async () => {
    const pages = [
      `/events/${ids.published}`,
      `/events/${ids.published}/live`,
      `/dashboard/events/${ids.published}`,
      "/dashboard",
    ];
    for (const [lang, label, others] of [
      ["zh-CN", "已发布日程", ["已排期", "已排程"]],
      ["en", "Scheduled", []],
    ] as const) {
      for (const path of pages) {
        const text = await pageText(path, lang);
        expect(text, `${path} in ${lang}`).toContain(label);
        for (const other of others) expect(text, `${path} in ${lang}`).not.toContain(other);
      }
    }
  });

  it("offers the invite link only while the event takes registrations", async () => {
    const draft = await createEvent(t.container.db, { title: "筹备中的对接日", status: "draft" });
    for (const lang of ["zh-CN", "en"] as const) {
      const open = await organizer.agent.get(`/events/${draft}?lang=${lang}`);
      expect(open.text).toContain(`/events/${draft}/join`);
      const published = await organizer.agent.get(`/events/${ids.published}?lang=${lang}`);
      expect(published.text).not.toContain(`/events/${ids.published}/join`);
      expect(published.text).toContain("data-registration-over");
    }
    expect(await pageText(`/events/${ids.published}`, "zh-CN")).toContain("报名已结束，邀请链接不再接受报名。");
    expect(await pageText(`/events/${ids.published}`, "en")).toContain("Registration is over");
  });

  it("says what a closed event's cards no longer offer, instead of leaving them empty", async () => {
    const closed = await createEvent(t.container.db, { title: "已结束的对接日", status: "closed" });
    const zh = await pageText(`/events/${closed}`, "zh-CN");
    expect(zh).toContain("活动已结束，设置不能再更改");
    expect(zh).toContain("分配已定，不再运行。");
    const en = await pageText(`/events/${closed}`, "en");
    expect(en).toContain("The event is closed");
    expect(en).toContain("The assignment is settled");
    // A draft still has its lifecycle steps and an assignment to come.
    const draft = await pageText(`/events/${await createEvent(t.container.db, { status: "draft" })}`, "en");
    expect(draft).not.toContain("The event is closed");
    expect(draft).not.toContain("The assignment is settled");
  });

  it("labels the step back from a published schedule as going back, not as closing registration", async () => {
    const zh = await pageText(`/events/${ids.published}`);
    expect(zh).toContain("退回匹配阶段");
    expect(zh).not.toContain("截止报名，进入匹配");
    expect(await pageText(`/events/${ids.published}`, "en")).toContain("Back to matching");
  });

  it("reports a finished assignment run as finished, not as running", async () => {
    const zh = await pageText(`/events/${ids.published}`);
    expect(zh).toContain("最近一次匹配： 已完成（最优）");
    expect(zh).not.toContain("运行中");
    const en = await pageText(`/events/${ids.published}`, "en");
    expect(en).toContain("Latest run: Done (optimal)");
    expect(en).not.toContain("Running");
  });

  it("opens the swap form on two different pairs", async () => {
    const page = await organizer.agent.get(`/events/${ids.underReview}?lang=zh-CN`);
    const chosen = (name: string) => {
      const select = new RegExp(`<select[^>]* name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(page.text)?.[1] ?? "";
      const options = [...select.matchAll(/<option value="(\d+)"( selected)?>/g)];
      // A select without a selected option shows its first.
      return (options.find((option) => option[2]) ?? options[0])?.[1];
    };
    expect(chosen("first")).toBeDefined();
    expect(chosen("second")).toBeDefined();
    expect(chosen("second")).not.toBe(chosen("first"));
  });

  it("names the swap form's two pairs with visible labels in the page's language", async () => {
    for (const [lang, first, second] of [
      ["zh-CN", "第一对", "第二对"],
      ["en", "First pair", "Second pair"],
    ] as const) {
      const page = await organizer.agent.get(`/events/${ids.underReview}?lang=${lang}`);
      const form =
        /<form[^>]* action="\/events\/\d+\/meetings\/swap"[^>]*>([\s\S]*?)<\/form>/.exec(page.text)?.[1] ?? "";
      // Each select's label: the text of the <label for> naming its id, as a screen reader reads it.
      const labelOf = (name: string) => {
        const select = new RegExp(`<select([^>]*) name="${name}"[^>]*>`).exec(form)?.[0] ?? "";
        expect(select, `${name} in ${lang}`).not.toContain("aria-label");
        const id = / id="([^"]+)"/.exec(select)?.[1];
        expect(id, `${name} in ${lang}`).toBeDefined();
        return new RegExp(`<label for="${id}">([^<]*)</label>`).exec(form)?.[1];
      };
      expect([labelOf("first"), labelOf("second")]).toEqual([first, second]);
    }
  });

  it("says why the domain refused a console action in the page's language, naming statuses by their labels", async () => {
    const publishAgain = await submit(`/events/${ids.published}/publish`, "zh-CN");
    expect(publishAgain.status).toBe(409);
    expect(consoleError(publishAgain.text)).toBe("活动当前处于“已发布日程”阶段，此操作仅在匹配中阶段可用。");
    const backToDraft = await submit(`/events/${ids.published}/transition`, "zh-CN", { to: "draft" });
    expect(backToDraft.status).toBe(409);
    expect(consoleError(backToDraft.text)).toBe("活动不能从“已发布日程”直接转为“草稿”。");
    expect(consoleError((await submit(`/events/${ids.published}/transition`, "en", { to: "draft" })).text)).toBe(
      "An event's status cannot go from Scheduled to Draft.",
    );
    const swapWithItself = await submit(`/events/${ids.underReview}/meetings/swap`, "zh-CN", {
      first: String(ids.underReviewMeeting),
      second: String(ids.underReviewMeeting),
    });
    expect(consoleError(swapWithItself.text)).toBe("请选择两对不同的配对进行交换。");
    // The refusals changed nothing.
    const events = await t.container.db.dockingEvent.findMany({
      where: { id: { in: [ids.published, ids.underReview] } },
    });
    expect(events.map((e) => e.status).sort()).toEqual(["matching", "scheduled"]);
  });

  it("says on the live desk why its form was refused, when the page has no script", async () => {
    const early = await submit(`/events/${ids.published}/live/participants/${ids.publishedNeed}/check-in`, "zh-CN");
    expect(early.status).toBe(409);
    const refusal = /<div class="alert alert-error" role="alert" data-desk-refusal>([^<]*)<\/div>/.exec(
      early.text,
    )?.[1];
    expect(unescaped(refusal ?? "")).toBe("签到、标记缺席和补位只能在活动进行中操作，活动当前处于“已发布日程”阶段。");
    expect(textOf(early.text)).toContain("罗鑫秋");
    const participant = await t.container.db.eventParticipant.findUnique({ where: { id: ids.publishedNeed } });
    expect(participant?.checkedInAt).toBeNull();
  });

  it("gives the live desk's script the refusal texts and status labels of the page's language", async () => {
    for (const [lang, tableTaken, live] of [
      ["zh-CN", "这张桌在这个时段已有会谈。", "进行中"],
      ["en", "This table is taken in this slot.", "Live"],
    ] as const) {
      const desk = await organizer.agent.get(`/events/${ids.published}/live?lang=${lang}`);
      const carried = /<div[^>]* data-live-desk[^>]* data-refusals="([^"]*)"/.exec(desk.text)?.[1] ?? "{}";
      const refusals = JSON.parse(unescaped(carried)) as {
        texts: Record<string, string>;
        statuses: Record<string, string>;
      };
      expect(refusals.texts.table_taken, lang).toBe(tableTaken);
      expect(refusals.statuses.live, lang).toBe(live);
    }
  });

  it("says on the live desk when a day that has not begun starts, and names no current slot", async () => {
    const zh = await pageText(`/events/${ids.published}/live`);
    expect(zh).not.toContain("当前时段");
    expect(zh).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 09:00 开始/);
    const en = await pageText(`/events/${ids.published}/live`, "en");
    expect(en).not.toContain("Current slot");
    expect(en).toMatch(/Starts \d{1,2} \w{3} \d{4}, 09:00/);
  });

  it("says on the wall, before the day, that it has not started and when, showing slot 1 as next", async () => {
    const zh = await pageText(`/events/${ids.published}/wall`);
    expect(zh).toMatch(/当天活动尚未开始 · \d{4}年\d{1,2}月\d{1,2}日 09:00 开始/);
    expect(zh).toContain("下一场：第 1 场 09:00–09:20");
    // Slot 1's pair is previewed, but never announced as the slot running now.
    expect(zh).toContain("柔性AMOLED精细金属掩膜版张网精度提升");
    expect(zh).not.toMatch(/(?<!下一场：)第 1 场/);
    const en = await pageText(`/events/${ids.published}/wall`, "en");
    expect(en).toMatch(/The day has not started yet · Starts \d{1,2} \w{3} \d{4}, 09:00/);
    expect(en).toContain("Next: Slot 1 09:00–09:20");
  });
});
