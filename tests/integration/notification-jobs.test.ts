import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Notification } from "../../server/notifications/notification-hub.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import type { MemberActor } from "../../server/salons/salon.types.js";
import { connectAgent } from "../support/agent-sockets.js";
import { buildNeed, importExperts, signUp, write, type SignedInAgent } from "../support/factories.js";
import { salonInput } from "../support/salon-clients.js";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { createTestApp, startTestServer, type RunningTestServer } from "../support/test-app.js";

/** A clock the tests move forward: salons come close to their start, days pass for digests. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const hour = 3600_000;
const jobs = {
  clock,
  email: { pollMs: 50 },
  salonReminders: { leadMs: hour / 2, pollMs: 50 },
  suggestionDigest: { pollMs: 50 },
};

let smtp: SmtpSink;
let t: RunningTestServer;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
const sockets: Socket[] = [];

const outboxOf = (address: string, kind?: string) =>
  t.container.db.emailOutbox.findMany({ where: { toAddress: address, ...(kind && { kind }) }, orderBy: { id: "asc" } });

async function actorOf(agent: SignedInAgent): Promise<MemberActor> {
  return salonActorOf(await t.container.accounts.findUser(agent.userId))!;
}

async function newExpert(name: string, profile: Record<string, unknown> = {}): Promise<SignedInAgent> {
  const expert = await signUp(t.app, t.container, { role: "expert", name });
  if (Object.keys(profile).length > 0) {
    expect((await write(expert, "patch", `/api/experts/${expert.expertId}`).send(profile)).status).toBe(200);
  }
  return expert;
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestServer({ SMTP_URL: smtp.url }, jobs);
  [organizer, enterprise] = await Promise.all([
    signUp(t.app, t.container, { role: "organizer", name: "科协组织者" }),
    signUp(t.app, t.container, { role: "enterprise", organizationName: "福州某海洋科技公司" }),
  ]);
  t.container.emailWorker.start();
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t?.close();
  await smtp?.close();
});

beforeEach(() => {
  offsetMs = 0;
});

describe("a salon question forwarded to an expert", () => {
  let salonId: number;
  const questions: number[] = [];

  beforeAll(async () => {
    const host = await actorOf(organizer);
    const asker = await actorOf(enterprise);
    const { salon } = await t.container.salons.create(host, salonInput({ title: "深远海养殖沙龙" }));
    salonId = salon.id;
    await t.container.salons.open(host, salonId);
    for (const [n, text] of [
      "网箱抗台风设计有哪些经验？",
      "大黄鱼病害如何早期预警？",
      "养殖平台的供电方案？",
    ].entries()) {
      const asked = await t.container.salons.perform(asker, salonId, `ask-${n}`, {
        kind: "ask",
        text,
        anonymous: false,
      });
      questions.push((asked as { questionId: number }).questionId);
    }
  });

  const forward = (questionId: number, expertId: number) =>
    write(organizer, "post", `/api/salons/${salonId}/questions/${questionId}/forward`).send({ expertId });

  it("emails an offline expert the question, queued in the forward's own transaction", async () => {
    const expert = await newExpert("郑研究员");
    expect((await forward(questions[0]!, expert.expertId!)).status).toBe(204);
    const [queued] = await outboxOf(expert.email, "question_forwarded");
    expect(queued).toMatchObject({ toUserId: expert.userId, language: "zh-CN" });

    const mail = await smtp.waitFor((m) => m.subject === "沙龙「深远海养殖沙龙」向您转来一个问题");
    expect(JSON.stringify(mail.to)).toContain(expert.email);
    expect(mail.text).toContain("网箱抗台风设计有哪些经验？");
    expect(linkIn(mail, "/inbox").pathname).toBe("/inbox");
    expect(linkIn(mail, "/unsubscribe").searchParams.get("token")).toBeTruthy();
  });

  it("tells an expert with a page open live, and sends no email", async () => {
    const expert = await newExpert("陈研究员");
    const told: Notification[] = [];
    (await connectAgent(t.baseUrl, expert, "/notifications", sockets)).on("notification", (n: Notification) =>
      told.push(n),
    );
    expect((await forward(questions[0]!, expert.expertId!)).status).toBe(204);
    await expect.poll(() => told.map((n) => n.type)).toEqual(["question.forwarded"]);
    expect(await outboxOf(expert.email)).toEqual([]);
  });

  it("follows the expert's preference: a digest entry for a daily-digest user, nothing when emails are off", async () => {
    const daily = await newExpert("周研究员");
    const off = await newExpert("吴研究员");
    await write(daily, "patch", "/api/me/email-settings").send({ preference: "daily" }).expect(200);
    await write(off, "patch", "/api/me/email-settings").send({ preference: "off" }).expect(200);
    expect((await forward(questions[1]!, daily.expertId!)).status).toBe(204);
    expect((await forward(questions[1]!, off.expertId!)).status).toBe(204);
    expect(await outboxOf(daily.email)).toEqual([
      expect.objectContaining({ kind: "question_forwarded", status: "digest" }),
    ]);
    expect(await outboxOf(off.email)).toEqual([]);
  });

  it("sends an imported expert without an account a claim link that tells of the question", async () => {
    const [importedId] = await importExperts(t.container.db, [
      { externalId: "fwd-1", name: "黄志明", organization: "集美大学", email: "huang.fwd@example.edu.cn" },
    ]);
    expect((await forward(questions[2]!, importedId!)).status).toBe(204);
    expect(await outboxOf("huang.fwd@example.edu.cn")).toEqual([expect.objectContaining({ kind: "claim_link" })]);
    expect(await t.container.db.profileClaimToken.count({ where: { expertId: importedId } })).toBe(1);
    const mail = await smtp.waitFor((m) => m.subject?.startsWith("沙龙「深远海养殖沙龙」向您转来一个问题：") ?? false);
    expect(mail.text).toContain("养殖平台的供电方案？");
    expect(linkIn(mail, "/claim").searchParams.get("token")).toBeTruthy();
  });
});

describe("salon starting soon", () => {
  it("reminds the organizer, moderators, invitees and speakers once, a set time before the start, across restarts", async () => {
    const [moderator, invitee, quiet, daily] = await Promise.all([
      signUp(t.app, t.container, { role: "organizer", name: "主持人" }),
      signUp(t.app, t.container, { role: "enterprise", name: "受邀代表" }),
      signUp(t.app, t.container, { role: "enterprise", name: "不收邮件" }),
      signUp(t.app, t.container, { role: "enterprise", name: "每日摘要" }),
    ]);
    await write(quiet, "patch", "/api/me/email-settings").send({ preference: "off" }).expect(200);
    await write(daily, "patch", "/api/me/email-settings").send({ preference: "daily" }).expect(200);
    const speaker = await newExpert("林教授");
    const [importedSpeaker] = await importExperts(t.container.db, [
      { externalId: "spk-1", name: "许教授", organization: "厦门大学", email: "xu.speaker@example.edu.cn" },
    ]);
    const startsAt = new Date(clock.now().getTime() + 2 * hour);
    const { salon } = await t.container.salons.create(
      await actorOf(organizer),
      salonInput({
        title: "海洋牧场沙龙",
        visibility: "invite_only",
        startsAt,
        endsAt: new Date(startsAt.getTime() + hour),
        moderatorIds: [moderator.userId],
        inviteeIds: [invitee.userId, quiet.userId, daily.userId],
        speakers: [
          { expertId: speaker.expertId!, talkTitle: "海洋牧场选址", budgetSeconds: 600 },
          { expertId: importedSpeaker!, talkTitle: "深远海装备", budgetSeconds: 600 },
        ],
      }),
    );
    const reminded = [organizer.email, moderator.email, invitee.email, speaker.email, "xu.speaker@example.edu.cn"];
    const reminders = () =>
      t.container.db.emailOutbox.findMany({ where: { kind: "salon_starting" }, orderBy: { id: "asc" } });

    t.container.salonReminders.start();
    // Two hours ahead: outside the half-hour window, nobody is reminded.
    expect(await t.container.salonReminders.runOnce()).toBe(0);
    expect(await reminders()).toEqual([]);

    offsetMs = 2 * hour - 20 * 60_000; // twenty minutes before the start
    await expect.poll(async () => (await reminders()).map((e) => e.toAddress).sort()).toEqual([...reminded].sort());
    expect(
      await t.container.db.salonReminder.count({ where: { salonId: salon.id } }),
      "everyone considered is recorded, emailed or not",
    ).toBe(reminded.length + 2);
    const mail = await smtp.waitFor(
      (m) => m.subject === "沙龙「海洋牧场沙龙」即将开始" && JSON.stringify(m.to).includes(invitee.email),
    );
    const beijing = new Intl.DateTimeFormat("zh-CN", { timeStyle: "short", timeZone: "Asia/Shanghai" }).format(
      startsAt,
    );
    expect(mail.text).toContain(`将于北京时间 `);
    expect(mail.text).toContain(beijing);
    expect(linkIn(mail, `/salons/${salon.id}`).pathname).toBe(`/salons/${salon.id}`);

    // Later rounds, and a restarted server on the same database, remind nobody again.
    expect(await t.container.salonReminders.runOnce()).toBe(0);
    const restarted = await createTestApp({ SMTP_URL: smtp.url }, { ...jobs, database: t.database });
    try {
      expect(await restarted.container.salonReminders.runOnce()).toBe(0);
    } finally {
      await restarted.close();
    }
    expect(await reminders()).toHaveLength(reminded.length);
    await t.container.salonReminders.stop();
  });

  it("leaves out salons that already started, are open or have no start time", async () => {
    const host = await actorOf(organizer);
    const soon = new Date(clock.now().getTime() + 10 * 60_000);
    const { salon: opened } = await t.container.salons.create(
      host,
      salonInput({ title: "已开始沙龙", startsAt: soon }),
    );
    await t.container.salons.open(host, opened.id);
    await t.container.salons.create(host, salonInput({ title: "未定时间沙龙" }));
    await t.container.salons.create(
      host,
      salonInput({ title: "早已开始沙龙", startsAt: new Date(clock.now().getTime() - 10 * 60_000) }),
    );
    expect(await t.container.salonReminders.runOnce()).toBe(0);
  });
});

describe("the suggestion digest", () => {
  const marine = {
    organization: "自然资源部第三海洋研究所",
    disciplines: ["水产"],
    keywords: ["大黄鱼", "网箱养殖", "病害防控"],
    publications: [{ title: "大黄鱼深远海网箱养殖病害防控", year: 2023 }],
  };
  const postNeed = async (title: string, keywords: string[]) => {
    const response = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title, description: `${title}。`, keywords, discipline: "水产", industry: "渔业" }),
    );
    expect(response.status).toBe(201);
    return response.body.id as number;
  };
  const digestsTo = (address: string) => outboxOf(address, "suggestion_digest");

  it("emails each expert their new suggestions once a day, never the same need twice, across restarts", async () => {
    const expert = await newExpert("江研究员", marine);
    const quiet = await newExpert("关研究员", marine);
    await write(quiet, "patch", "/api/me/email-settings").send({ preference: "off" }).expect(200);
    const first = await postNeed("大黄鱼网箱养殖病害防控", ["大黄鱼", "病害防控"]);
    await t.container.matches.settled();

    t.container.suggestionDigest.start();
    await expect.poll(async () => (await digestsTo(expert.email)).length, { timeout: 10_000 }).toBe(1);
    const mail = await smtp.waitFor((m) => m.subject === "一项技术需求与您的研究方向相符：「大黄鱼网箱养殖病害防控」");
    expect(JSON.stringify(mail.to)).toContain(expert.email);
    expect(mail.text).toContain("福州某海洋科技公司");
    expect(linkIn(mail, `/needs/${first}`).pathname).toBe(`/needs/${first}`);
    expect(await digestsTo(quiet.email)).toEqual([]);
    const entries = await t.container.db.suggestionDigestEntry.findMany({ where: { expertId: expert.expertId! } });
    expect(entries.map((e) => e.needId)).toEqual([first]);

    // A new need the same day waits for tomorrow's digest.
    const second = await postNeed("大黄鱼苗种病害早期诊断", ["大黄鱼", "病害防控"]);
    await t.container.matches.settled();
    expect(await t.container.suggestionDigest.runIfDue()).toBeLessThanOrEqual(50);
    expect(await digestsTo(expert.email)).toHaveLength(1);
    await t.container.suggestionDigest.stop();

    // A restart does not run it early, nor repeat a need when it does run.
    const restarted = await createTestApp({ SMTP_URL: smtp.url }, { ...jobs, database: t.database });
    try {
      await restarted.container.suggestionDigest.runIfDue();
      expect(await digestsTo(expert.email)).toHaveLength(1);
      offsetMs = 25 * hour;
      await restarted.container.matches.settled();
      await restarted.container.suggestionDigest.runIfDue();
      await expect.poll(async () => (await digestsTo(expert.email)).length).toBe(2);
      const [, tomorrow] = await digestsTo(expert.email);
      expect(tomorrow!.text).toContain("大黄鱼苗种病害早期诊断");
      expect(tomorrow!.text).not.toContain("大黄鱼网箱养殖病害防控");
      const told = await t.container.db.suggestionDigestEntry.findMany({ where: { expertId: expert.expertId! } });
      expect(told.map((e) => e.needId).sort()).toEqual([first, second].sort());
      // Nothing new: the next day brings no email at all.
      offsetMs = 50 * hour;
      expect(await restarted.container.suggestionDigest.runOnce()).toBe(0);
      expect(await digestsTo(expert.email)).toHaveLength(2);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
