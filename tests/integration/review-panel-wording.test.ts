import ExcelJS from "exceljs";
import type request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import type { SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/**
 * A review panel (评审会) names its two sides as a panel does, on every page, file and refusal:
 * nominations (提名) from nominating bodies (提名单位), and reviewers (评审专家); never a
 * matchmaking fair's needs, enterprises and experts (需求/企业/专家).
 */

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
const ids = { underReview: 0, published: 0, open: 0, needs: [0, 0], experts: [0, 0], stranger: 0, pairs: [0, 0] };
const publishedIds = { needParticipant: 0, expertParticipant: 0, meeting: 0 };

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** The refusal at the top of the console. */
const consoleError = (html: string) =>
  textOf(/<div class="alert alert-error" role="alert" data-console-error>([^<]*)<\/div>/.exec(html)?.[1] ?? "").trim();

const submit = (path: string, lang: "zh-CN" | "en", fields: Record<string, string> = {}) =>
  organizer.agent
    .post(`${path}?lang=${lang}`)
    .type("form")
    .send({ _csrf: organizer.csrfToken, ...fields });

async function pageText(agent: SignedInAgent, path: string, lang: "zh-CN" | "en" = "zh-CN"): Promise<string> {
  const page = await agent.agent.get(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
  expect(page.status, path).toBe(200);
  return textOf(page.text);
}

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => done(null, Buffer.concat(chunks)));
}

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "福州某光电科技有限公司" },
  }));
  const db = t.container.db;
  ids.needs = [
    await createNeedRow(db, { title: "青年科技奖提名：柔性显示掩膜版", enterprise: "福州大学" }),
    await createNeedRow(db, { title: "青年科技奖提名：钠离子电池正极", enterprise: "厦门大学" }),
  ];
  ids.experts = [
    await createExpertRow(db, { name: "罗鑫秋", organization: "中科院福建物构所" }),
    await createExpertRow(db, { name: "叶文坤", organization: "华侨大学" }),
  ];
  ids.stranger = await createExpertRow(db, { name: "未报名的专家" });
  // Under review: two pairs, the second sharing the first's reviewer.
  ids.underReview = await createEvent(db, { title: "青年科技奖评审会", kind: "review", status: "matching" });
  for (const needId of ids.needs) await addParticipant(db, ids.underReview, { needId });
  for (const expertId of ids.experts) await addParticipant(db, ids.underReview, { expertId });
  ids.pairs = [
    await addMeeting(db, {
      eventId: ids.underReview,
      needId: ids.needs[0]!,
      expertId: ids.experts[0]!,
      slot: 0,
      tableNo: 0,
    }),
    await addMeeting(db, {
      eventId: ids.underReview,
      needId: ids.needs[1]!,
      expertId: ids.experts[0]!,
      slot: 1,
      tableNo: 0,
    }),
  ];
  // Published: one pair, the nomination confidential.
  ids.published = await createEvent(db, { title: "优秀论文评审会", kind: "review", status: "scheduled" });
  await db.need.update({ where: { id: ids.needs[0]! }, data: { confidential: true } });
  publishedIds.needParticipant = await addParticipant(db, ids.published, { needId: ids.needs[0]! });
  publishedIds.expertParticipant = await addParticipant(db, ids.published, { expertId: ids.experts[1]! });
  publishedIds.meeting = await addMeeting(db, {
    eventId: ids.published,
    needId: ids.needs[0]!,
    expertId: ids.experts[1]!,
    slot: 0,
    tableNo: 0,
  });
  // Taking registrations, for the invite link and the join page.
  ids.open = await createEvent(db, { title: "科普作品评审会", kind: "review", status: "registration" });
});

afterAll(async () => {
  await t.close();
});

describe("a review panel's refusals", () => {
  it("on the console name the nomination and the reviewer, in both languages", async () => {
    const again = await submit(`/events/${ids.underReview}/meetings`, "zh-CN", {
      needId: String(ids.needs[0]),
      expertId: String(ids.experts[0]),
    });
    expect(again.status).toBe(409);
    expect(consoleError(again.text)).toBe("这个提名和这位评审专家在本活动中已经配对，不能重复安排。");
    const againInEnglish = await submit(`/events/${ids.underReview}/meetings`, "en", {
      needId: String(ids.needs[0]),
      expertId: String(ids.experts[0]),
    });
    expect(consoleError(againInEnglish.text)).toBe(
      "This nomination and this reviewer are already paired at this event.",
    );
    const unregistered = await submit(`/events/${ids.underReview}/meetings`, "zh-CN", {
      needId: String(ids.needs[0]),
      expertId: String(ids.stranger),
    });
    expect(consoleError(unregistered.text)).toBe("提名和评审专家都报名本活动后才能配对。");
    const nothingChosen = await submit(`/events/${ids.underReview}/meetings`, "zh-CN", { needId: "", expertId: "" });
    expect(nothingChosen.status).toBe(400);
    expect(consoleError(nothingChosen.text)).toBe("请选择一个提名和一位评审专家。");
    const sameReviewer = await submit(`/events/${ids.underReview}/meetings/swap`, "zh-CN", {
      first: String(ids.pairs[0]),
      second: String(ids.pairs[1]),
    });
    expect(consoleError(sameReviewer.text)).toBe("这两对共用同一个提名或同一位评审专家，交换后没有变化。");
    // Nothing was added or swapped.
    const meetings = await t.container.db.eventMeeting.findMany({
      where: { eventId: ids.underReview },
      orderBy: { id: "asc" },
    });
    expect(meetings.map((m) => [m.needId, m.expertId])).toEqual([
      [ids.needs[0], ids.experts[0]],
      [ids.needs[1], ids.experts[0]],
    ]);
  });

  it("on the join page name the nominations an enterprise may register", async () => {
    const closedNeed = await createNeedRow(t.container.db, {
      title: "已结束的提名",
      ownerId: enterprise.userId,
      status: "closed",
    });
    const noOpenNeeds = await pageText(enterprise, `/events/${ids.open}/join`);
    expect(noOpenNeeds).toContain("您还没有可报名的“征集中”提名。");
    const refused = await enterprise.agent
      .post(`/events/${ids.open}/join?lang=zh-CN`)
      .type("form")
      .send({ _csrf: enterprise.csrfToken, needId: String(closedNeed) });
    expect(refused.status).toBe(409);
    expect(textOf(refused.text)).toContain("只有“征集中”的提名才能报名。");
    const withoutNeed = await enterprise.agent
      .post(`/events/${ids.open}/join?lang=en`)
      .type("form")
      .send({ _csrf: enterprise.csrfToken });
    expect(withoutNeed.status).toBe(400);
    expect(textOf(withoutNeed.text)).toContain("You have no open nominations to register.");
    expect(await t.container.db.eventParticipant.count({ where: { eventId: ids.open } })).toBe(0);
  });

  it("reach the live desk's script with the panel's words", async () => {
    const desk = await organizer.agent.get(`/events/${ids.published}/live?lang=zh-CN`);
    const carried = /<div[^>]* data-live-desk[^>]* data-refusals="([^"]*)"/.exec(desk.text)?.[1] ?? "{}";
    const refusals = JSON.parse(textOf(carried)) as { texts: Record<string, string> };
    expect(refusals.texts.duplicate_pair).toBe("这个提名和这位评审专家在本活动中已经配对，不能重复安排。");
  });
});

describe("a review panel's pages and files", () => {
  it("label the console's swap form, the invite link and the event form with the panel's sides", async () => {
    expect(await pageText(organizer, `/events/${ids.underReview}`)).toContain("交换两对的评审专家");
    expect(await pageText(organizer, `/events/${ids.underReview}`, "en")).toContain("Swap the reviewers of two pairs");
    expect(await pageText(organizer, `/events/${ids.open}`)).toContain("把链接发给提名单位和评审专家");
    const form = await pageText(organizer, `/events/${ids.underReview}/edit`);
    expect(form).toContain("每个提名会谈评审专家数");
    expect(form).toContain("每位评审专家最多会谈");
    expect(await pageText(organizer, `/events/${ids.underReview}/edit`, "en")).toContain(
      "Number of reviewers per nomination",
    );
  });

  it("name each participant's side on the live desk, the wall's columns and the outcome page", async () => {
    const desk = await organizer.agent.get(`/events/${ids.published}/live?lang=zh-CN`);
    const kindOf = (participantId: number) =>
      textOf(
        new RegExp(`<tr data-participant-id="${participantId}"[^>]*>((?:(?!</tr>)[\\s\\S])*)</tr>`).exec(
          desk.text,
        )?.[1] ?? "",
      );
    expect(kindOf(publishedIds.needParticipant)).toContain(" 提名 ");
    expect(kindOf(publishedIds.expertParticipant)).toContain(" 评审专家 ");
    // Nor is a panel's day a fair's 对接日.
    expect(textOf(desk.text)).toContain("开始当天活动");
    expect(textOf(desk.text)).not.toContain("对接日");
    const wall = await pageText(organizer, `/events/${ids.published}/wall`);
    expect(wall).not.toContain("对接日");
    expect(wall).toContain("提名 / 提名单位");
    expect(wall).not.toContain("需求 / 企业");
    const outcome = await pageText(organizer, `/events/${ids.published}/meetings/${publishedIds.meeting}/outcome`);
    expect(outcome).toContain("提名方（提名单位）");
    expect(outcome).toContain("评审专家方");
    expect(outcome).not.toContain("需求方");
  });

  it("mark a confidential nomination as one on a reviewer's agenda", async () => {
    const agenda = await pageText(
      organizer,
      `/events/${ids.published}/agenda?participant=${publishedIds.expertParticipant}`,
    );
    expect(agenda).toContain("保密提名");
    expect(agenda).not.toContain("保密需求");
    // Its times are Beijing time, which overseas and Taiwan members need told.
    expect(agenda).toContain("时间（北京时间）");
  });

  it("head the schedule workbook's columns and kinds with the panel's sides", async () => {
    const file = await organizer.agent
      .get(`/api/events/${ids.published}/schedule?format=xlsx&lang=zh-CN`)
      .buffer(true)
      .parse(binary);
    expect(file.status).toBe(200);
    const body = file.body as Buffer;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    const [bySlot, byParticipant] = book.worksheets;
    expect(bySlot!.getRow(1).values).toEqual(expect.arrayContaining(["提名", "提名单位", "评审专家"]));
    expect(bySlot!.getRow(1).values).not.toEqual(expect.arrayContaining(["需求"]));
    const kinds = new Set<unknown>();
    byParticipant!.eachRow((row, n) => {
      if (n > 1) kinds.add(row.getCell(2).value);
    });
    expect([...kinds].sort()).toEqual(["提名", "评审专家"]);
  });

  it("count the registered nominations and reviewers on the event's dashboard, and head its meetings the same way", async () => {
    const zh = await pageText(organizer, `/dashboard/events/${ids.published}`);
    expect(zh).toContain("报名提名");
    expect(zh).toContain("报名评审专家");
    expect(zh).not.toContain("报名需求");
    const meetings = await organizer.agent.get(`/dashboard/events/${ids.published}/meetings.csv?lang=en`);
    expect(meetings.status).toBe(200);
    const header = meetings.text.replace(/^\uFEFF/, "").split("\r\n")[0];
    expect(header).toContain("Nomination,Nominating body,Reviewer");
  });
});
