import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minutesResponse } from "../../server/http/salons/salons.schemas.js";
import type { SalonMinutes } from "../../server/salons/salon-minutes.js";
import { salonActorOf, type SalonsService } from "../../server/salons/salons.service.js";
import type { MemberActor } from "../../server/salons/salon.types.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { salonInput } from "../support/salon-clients.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let speaker: SignedInAgent;
let attendee: SignedInAgent;
let salonId: number;
const ids = { popular: 0, anonymous: 0, duplicate: 0, hidden: 0, tricky: 0 };

async function actorOf(agent: SignedInAgent): Promise<MemberActor> {
  return salonActorOf(await t.container.accounts.findUser(agent.userId))!;
}

beforeAll(async () => {
  t = await createTestApp({}, { salons: { rateRules: { ask: { burst: 100, perMs: 1000 } } } });
  ({ organizer, speaker, attendee } = await signUpUsers(t, {
    organizer: { name: "科协组织者" },
    speaker: { role: "expert", name: "林教授" },
    attendee: { role: "enterprise", name: "企业代表" },
  }));
  await write(speaker, "patch", `/api/experts/${speaker.expertId}`).send({
    organization: "厦门大学",
    title: "教授",
    disciplines: ["材料科学与工程"],
    keywords: ["硫化物电解质", "固态电池", "空气稳定性"],
    publications: [{ title: "硫化物固态电解质的空气稳定性研究", year: 2023 }],
  });
  const host = await actorOf(organizer);
  const guest = await actorOf(attendee);
  const asker = await actorOf(speaker);
  const salons: SalonsService = t.container.salons;
  const { salon } = await salons.create(
    host,
    salonInput({
      title: "固态电池沙龙",
      speakers: [{ expertId: speaker.expertId!, talkTitle: "硫化物电解质", budgetSeconds: 600 }],
    }),
  );
  salonId = salon.id;
  let n = 0;
  const act = (actor: MemberActor, command: Parameters<SalonsService["perform"]>[3]) =>
    salons.perform(actor, salonId, `m${++n}`, command) as Promise<{ questionId: number; pollId: number }>;
  await salons.open(host, salonId);
  await act(host, { kind: "advanceQueue" }); // the speaker's turn
  ids.popular = (
    await act(guest, { kind: "ask", text: "硫化物电解质的空气稳定性如何提升？", anonymous: false })
  ).questionId;
  ids.anonymous = (await act(guest, { kind: "ask", text: "固态电池量产还要几年？", anonymous: true })).questionId;
  ids.duplicate = (await act(asker, { kind: "ask", text: "空气稳定性怎么提升", anonymous: false })).questionId;
  ids.hidden = (await act(asker, { kind: "ask", text: "广告：出售设备", anonymous: false })).questionId;
  ids.tricky = (
    await act(asker, { kind: "ask", text: "[点我](http://evil.example) <b>粗</b> *强调*", anonymous: false })
  ).questionId;
  await act(asker, { kind: "vote", questionId: ids.popular });
  await act(host, { kind: "vote", questionId: ids.duplicate });
  await act(host, { kind: "moderate", questionId: ids.duplicate, action: "merge", intoQuestionId: ids.popular });
  await act(host, { kind: "moderate", questionId: ids.hidden, action: "hide", reason: "广告" });
  await act(host, { kind: "moderate", questionId: ids.anonymous, action: "answer" });
  const { pollId } = await act(host, {
    kind: "openPoll",
    question: "下一期主题？",
    options: ["界面", "正极"],
    multiple: false,
  });
  await act(guest, { kind: "votePoll", pollId, optionIds: [1] });
  await act(asker, { kind: "votePoll", pollId, optionIds: [1] });
  await act(host, { kind: "closePoll", pollId });
  await act(guest, { kind: "chat", text: "谢谢分享" });
  await salons.close(host, salonId);
});

afterAll(async () => {
  await t?.close();
});

describe("salon minutes", () => {
  it("records agenda, questions by votes, answered state, polls and a timeline", async () => {
    const response = await organizer.agent.get(`/api/salons/${salonId}/minutes?format=json`);
    expect(response.status).toBe(200);
    const minutes = response.body as SalonMinutes;
    expect(minutesResponse.strict().safeParse(minutes).error).toBeUndefined();
    expect(minutes.agenda).toEqual([
      { name: "林教授", talkTitle: "硫化物电解质", budgetSeconds: 600, spokeSeconds: expect.any(Number) },
    ]);
    expect(minutes.questions.map((q) => [q.id, q.votes, q.answered, q.author, q.merged])).toEqual([
      [ids.popular, 2, false, "企业代表", 1],
      [ids.anonymous, 0, true, null, 0],
      [ids.tricky, 0, false, "林教授", 0],
    ]);
    expect(minutes.counts).toMatchObject({ questions: 4, answered: 1, hidden: 1, chatMessages: 1, participants: 3 });
    expect(minutes.polls).toEqual([
      expect.objectContaining({ question: "下一期主题？", closed: true, results: { counts: [0, 2], voters: 2 } }),
    ]);
    expect(minutes.timeline.map((item) => item.kind)).toEqual([
      "opened",
      "turn_started",
      "answered",
      "poll_opened",
      "poll_closed",
      "turn_finished",
      "closed",
    ]);
    expect(JSON.stringify(minutes)).not.toContain("广告：出售设备");
  });

  it("labels each question on the page with its number from the room, never with a list's own count", async () => {
    const page = (await organizer.agent.get(`/salons/${salonId}/minutes`)).text;
    const questions = page.slice(page.indexOf('class="minutes-questions"'));
    const labels = [...questions.matchAll(/<span class="question-number">#(\d+)<\/span>/g)].map((m) => Number(m[1]));
    // Listed by votes: the popular question (asked first) leads, each with its own number, once per list.
    expect(labels.slice(0, 3)).toEqual([ids.popular, ids.anonymous, ids.tricky]);
    // An <ol> would add 1. 2. 3. (or, with value=, "3. 2.") beside the room's numbers.
    expect(page).not.toMatch(/<ol class="minutes-questions"/);
    expect(page).not.toMatch(/<li value=/);
  });

  it("suggests experts from the matching engine for unanswered questions, to moderators only", async () => {
    const forOrganizer = (await organizer.agent.get(`/api/salons/${salonId}/minutes?format=json`)).body as SalonMinutes;
    const popular = forOrganizer.unanswered.find((q) => q.id === ids.popular)!;
    expect(popular.suggestions[0]).toMatchObject({
      expertId: speaker.expertId,
      name: "林教授",
      organization: "厦门大学",
    });
    const forAttendee = (await attendee.agent.get(`/api/salons/${salonId}/minutes?format=json`)).body as SalonMinutes;
    expect(forAttendee.forModerator).toBe(false);
    expect(forAttendee.unanswered.every((q) => q.suggestions.length === 0)).toBe(true);
  });

  it("exports Markdown that never names anonymous askers and cannot carry markup", async () => {
    const response = await request(t.app).get(`/api/salons/${salonId}/minutes?format=md`);
    expect(response.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    const md = response.text;
    expect(md).toMatch(/^# 纪要：固态电池沙龙\n/);
    for (const heading of ["## 议程", "## 概况", "## 问题", "## 未回答的问题", "## 投票结果", "## 时间线"]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain("| 林教授 | 硫化物电解质 | 10 分钟 |");
    expect(md).toContain("固态电池量产还要几年？（匿名 · 0 票 · 已回答）");
    expect(md).toContain("| 正极 | 2 | 100% |");
    expect(md).toContain("\\[点我\\]\\(http://evil.example\\) \\<b\\>粗\\</b\\> \\*强调\\*");
    expect(md).not.toContain("建议专家"); // an anonymous visitor's copy
    expect((await organizer.agent.get(`/api/salons/${salonId}/minutes?format=md`)).text).toContain(
      "建议专家：林教授（厦门大学 · 教授）",
    );
  });

  it("prints as a page without the site's navigation, escaping user text", async () => {
    const response = await request(t.app).get(`/api/salons/${salonId}/minutes?format=html`);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.text).toContain('<body class="print-page">');
    expect(response.text).not.toContain("site-header");
    expect(response.text).toContain("&lt;b&gt;粗&lt;/b&gt;");
    const page = await request(t.app).get(`/salons/${salonId}/minutes`);
    expect(page.text).toContain("site-header");
    expect(page.text).toContain("data-print");
    expect(page.text).not.toContain("转为企业需求");
  });

  it("turns an unanswered question into a draft need for the organizer, once", async () => {
    const page = await organizer.agent.get(`/salons/${salonId}/minutes`);
    expect(page.text).toContain(`action="/salons/${salonId}/questions/${ids.popular}/need"`);
    const created = await write(organizer, "post", `/salons/${salonId}/questions/${ids.popular}/need`).type("form");
    expect(created.status).toBe(303);
    const needId = Number(/\/needs\/(\d+)\/edit$/.exec(created.headers.location as string)![1]);
    const need = (await organizer.agent.get(`/api/needs/${needId}`)).body;
    expect(need).toMatchObject({
      status: "draft",
      title: "硫化物电解质的空气稳定性如何提升？",
      difficulty: "硫化物电解质的空气稳定性如何提升？",
      discipline: "材料科学与工程",
    });
    expect(need.description).toContain("固态电池沙龙");
    expect((await organizer.agent.get(`/salons/${salonId}/minutes`)).text).toContain(`已转为需求 #${needId}`);
    const again = await write(organizer, "post", `/api/salons/${salonId}/questions/${ids.popular}/need`);
    expect(again.status).toBe(409);
    expect((await write(attendee, "post", `/api/salons/${salonId}/questions/${ids.tricky}/need`)).status).toBe(403);
    expect((await write(organizer, "post", `/api/salons/${salonId}/questions/${ids.anonymous}/need`)).status).toBe(409);
    // The page's button pressed again from a page opened before (another tab, another moderator):
    // the minutes again, saying why, not an error page.
    const twice = await write(organizer, "post", `/salons/${salonId}/questions/${ids.popular}/need`).type("form");
    expect(twice.status).toBe(409);
    expect(twice.text).toContain(`这个提问已经转为需求 #${needId}，不必再转。`);
    expect(twice.text).toContain(`已转为需求 #${needId}`);
    const answered = await write(organizer, "post", `/salons/${salonId}/questions/${ids.anonymous}/need`).type("form");
    expect(answered.status).toBe(409);
    expect(answered.text).toContain("这个提问已被回答或隐藏，不再转为需求。");
  });
});

describe("forwarding unanswered questions to experts", () => {
  it("puts the question in the suggested expert's inbox and tells them live, once", async () => {
    const told: unknown[] = [];
    const unsubscribe = t.container.notifications.subscribe((userId, notification) => {
      if (userId === speaker.userId) told.push(notification);
    });
    const page = await organizer.agent.get(`/salons/${salonId}/minutes`);
    expect(page.text).toContain(`action="/salons/${salonId}/questions/${ids.tricky}/forward"`);
    // A person picker whose empty box offers the suggested experts first.
    const box = new RegExp(
      `<input id="forward-${ids.tricky}" name="expertId" type="text" data-expert-picker data-picker-suggestions="([^"]*)"`,
    );
    const suggestions = JSON.parse(box.exec(page.text)![1]!.replaceAll("&quot;", '"')) as {
      id: number;
      name: string;
    }[];
    expect(suggestions).toContainEqual(expect.objectContaining({ id: speaker.expertId, name: "林教授" }));
    await t.container.indexWorker.drain();
    // Without the script, the typed name is looked up (and one expert fits it).
    const forwarded = await write(organizer, "post", `/salons/${salonId}/questions/${ids.tricky}/forward`)
      .type("form")
      .send({ expertId: "林教授" });
    expect(forwarded.status).toBe(303);
    unsubscribe();
    expect(told).toEqual([
      expect.objectContaining({ type: "question.forwarded", salonTitle: "固态电池沙龙", questionId: ids.tricky }),
    ]);
    const inbox = await speaker.agent.get("/inbox");
    expect(inbox.text).toContain("&lt;b&gt;粗&lt;/b&gt;");
    expect(inbox.text).toContain(`href="/salons/${salonId}"`);

    const path = `/api/salons/${salonId}/questions/${ids.tricky}/forward`;
    expect((await write(organizer, "post", path).send({ expertId: speaker.expertId })).status).toBe(409);
    expect((await write(attendee, "post", path).send({ expertId: speaker.expertId })).status).toBe(403);
    const answered = `/api/salons/${salonId}/questions/${ids.anonymous}/forward`;
    expect((await write(organizer, "post", answered).send({ expertId: speaker.expertId })).status).toBe(409);
    expect((await write(organizer, "post", path).send({ expertId: 999_999 })).status).toBe(404);
    expect((await write(organizer, "post", path).send({ expertId: "x" })).status).toBe(400);
  });

  it("shows the minutes again, with the typed name and why, when no expert fits it", async () => {
    const refused = await write(organizer, "post", `/salons/${salonId}/questions/${ids.popular}/forward`)
      .type("form")
      .send({ expertId: "没有这个人" });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("没有找到名为“没有这个人”的专家。");
    expect(refused.text).toMatch(new RegExp(`id="forward-${ids.popular}"[^>]*value="没有这个人" aria-invalid="true"`));
    expect(await t.database.db.salonQuestionForward.count({ where: { questionId: ids.popular } })).toBe(0);
  });

  it("shows the minutes again, with why, for an expert who has the question already or a number nobody has", async () => {
    const forward = (expertId: string) =>
      write(organizer, "post", `/salons/${salonId}/questions/${ids.popular}/forward`).type("form").send({ expertId });
    expect((await forward(String(speaker.expertId))).status).toBe(303);
    const again = await forward(String(speaker.expertId));
    expect(again.status).toBe(409);
    expect(again.text).toContain("这个问题已经转给过这位专家。");
    expect(again.text).toMatch(
      new RegExp(`id="forward-${ids.popular}"[^>]*value="${speaker.expertId}" aria-invalid="true"`),
    );
    const nobody = await forward("999999");
    expect(nobody.status).toBe(404);
    expect(nobody.text).toContain("找不到该编号的专家。");
    expect(nobody.text).toMatch(new RegExp(`id="forward-${ids.popular}"[^>]*value="999999" aria-invalid="true"`));
    expect(await t.database.db.salonQuestionForward.count({ where: { questionId: ids.popular } })).toBe(1);
  });
});
