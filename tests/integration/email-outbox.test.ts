import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { retryDelayMs } from "../../server/notifications/email-delivery-worker.js";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/** A clock the test moves forward (daily digests). */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const retryBaseMs = 300;

let smtp: SmtpSink;
let t: TestApp;
let enterprise: SignedInAgent;
let organizer: SignedInAgent;

async function newExpert(): Promise<SignedInAgent> {
  return signUp(t.app, t.container, { role: "expert", name: "邮件专家" });
}

async function invite(expert: SignedInAgent, title = "锂电池隔膜涂覆工艺") {
  const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ title }));
  const response = await write(enterprise, "post", `/api/needs/${need.body.id}/invitations`).send({
    expertId: expert.expertId,
    message: "请指导",
  });
  expect(response.status).toBe(201);
  return response.body as { id: number };
}

const emailsTo = (address: string) =>
  t.container.db.emailOutbox.findMany({ where: { toAddress: address }, orderBy: { id: "asc" } });

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await createTestApp(
    { SMTP_URL: smtp.url, MAIL_FROM: "科桥 <notify@scibridge.test>" },
    { clock, email: { pollMs: 50, retryBaseMs, maxAttempts: 3, digestIntervalMs: 3600_000 } },
  );
  enterprise = await signUp(t.app, t.container, { role: "enterprise", organizationName: "宁德某新能源公司" });
  organizer = await signUp(t.app, t.container, { role: "organizer" });
});

afterAll(async () => {
  await t?.container.emailWorker.stop();
  await t?.close();
  await smtp?.close();
});

beforeEach(() => {
  offsetMs = 0;
});

describe("the email outbox", () => {
  it("writes the invitation's email with the invitation, and the worker delivers it through SMTP", async () => {
    const expert = await newExpert();
    await invite(expert);
    // Written in the same transaction as the invitation: there before any worker runs.
    const [waiting] = await emailsTo(expert.email);
    expect(waiting).toMatchObject({ kind: "invitation_received", status: "pending", attempts: 0 });

    t.container.emailWorker.start();
    const mail = await smtp.waitFor((m) => m.subject === "新邀请：「锂电池隔膜涂覆工艺」");
    expect(JSON.stringify(mail.to)).toContain(expert.email);
    expect(JSON.stringify(mail.from)).toContain("notify@scibridge.test");
    expect(mail.text).toContain("请指导");
    expect(linkIn(mail, "/inbox").pathname).toBe("/inbox");
    expect(linkIn(mail, "/unsubscribe").searchParams.get("token")).toBeTruthy();
    await expect.poll(async () => (await emailsTo(expert.email))[0]?.status).toBe("sent");
    const [sent] = await emailsTo(expert.email);
    expect(sent).toMatchObject({ attempts: 1, lastError: null });
    expect(sent!.sentAt).toBeInstanceOf(Date);
  });

  it("retries a refused email after a backoff and records the failed attempt", async () => {
    t.container.emailWorker.start();
    const expert = await newExpert();
    const attemptsBefore = smtp.attempts;
    smtp.refuseNext(1);
    const refusedAt = Date.now();
    await invite(expert, "电解液低温性能提升");
    await expect.poll(async () => (await emailsTo(expert.email))[0]?.attempts, { timeout: 5000 }).toBe(1);
    const [failed] = await emailsTo(expert.email);
    expect(failed).toMatchObject({ status: "pending" });
    expect(failed!.lastError).toMatch(/451|Try again later/);
    expect(failed!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(refusedAt + retryBaseMs - 50);

    const mail = await smtp.waitFor((m) => m.subject === "新邀请：「电解液低温性能提升」");
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(retryBaseMs);
    expect(smtp.attempts - attemptsBefore).toBe(2);
    expect(mail.text).toContain("请指导");
    await expect.poll(async () => (await emailsTo(expert.email))[0]?.status).toBe("sent");
    expect((await emailsTo(expert.email))[0]).toMatchObject({ attempts: 2, lastError: null });
  });

  it("waits twice as long before each retry, up to a ceiling, and gives up after the last attempt", async () => {
    const options = { retryBaseMs: 1000, retryMaxMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, options))).toEqual([1000, 2000, 4000, 5000, 5000]);

    t.container.emailWorker.start();
    const expert = await newExpert();
    smtp.refuseNext(3);
    await invite(expert, "正极材料包覆改性");
    await expect
      .poll(async () => (await emailsTo(expert.email))[0]?.status, { timeout: 10_000, interval: 100 })
      .toBe("failed");
    expect((await emailsTo(expert.email))[0]).toMatchObject({ attempts: 3 });
    expect(smtp.received.some((m) => m.subject?.includes("正极材料包覆改性"))).toBe(false);
  });
});

describe("email preferences", () => {
  it("a user who turned emails off gets none; a daily-digest user gets one digest a day", async () => {
    t.container.emailWorker.start();
    const quiet = await newExpert();
    await write(quiet, "patch", "/api/me/email-settings").send({ preference: "off" }).expect(200);
    await invite(quiet, "不会发出的邀请");
    expect(await emailsTo(quiet.email)).toEqual([]);

    const daily = await newExpert();
    const settings = await write(daily, "patch", "/api/me/email-settings").send({
      preference: "daily",
      language: "en",
    });
    expect(settings.body).toEqual({ address: daily.email, preference: "daily", language: "en" });
    await invite(daily, "First need for the digest");
    await invite(daily, "Second need for the digest");
    expect((await emailsTo(daily.email)).map((email) => email.status)).toEqual(["digest", "digest"]);

    offsetMs = 3600_000 + 60_000;
    const digest = await smtp.waitFor((m) => JSON.stringify(m.to).includes(daily.email));
    expect(digest.subject).toBe("SciBridge daily digest: 2 new messages");
    expect(digest.text).toContain('New invitation: "First need for the digest"');
    expect(digest.text).toContain('New invitation: "Second need for the digest"');
    await expect
      .poll(async () => (await emailsTo(daily.email)).map((email) => email.status))
      .toEqual(["bundled", "bundled", "sent"]);
  });

  it("an unsubscribe link needs no sign-in and turns emails off, also by one-click POST", async () => {
    const expert = await newExpert();
    await invite(expert, "退订测试");
    const [email] = await emailsTo(expert.email);
    const link = new URL(email!.unsubscribeUrl);
    const page = await request(t.app).get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(expert.email);
    expect((await t.container.emailSettings.get(expert.userId))?.preference).toBe("instant");

    const done = await request(t.app)
      .post(`${link.pathname}${link.search}`)
      .type("form")
      .send("List-Unsubscribe=One-Click");
    expect(done.status).toBe(200);
    expect(done.text).toContain("已退订");
    expect((await t.container.emailSettings.get(expert.userId))?.preference).toBe("off");
    // What still waited for this address is not sent.
    expect((await emailsTo(expert.email)).every((row) => row.status !== "pending")).toBe(true);

    const forged = await request(t.app).get(`/unsubscribe?token=${link.searchParams.get("token")!.slice(0, -2)}xx`);
    expect(forged.status).toBe(400);
  });

  it("says a broken unsubscribe link is not valid and where to turn emails off, in the page's language", async () => {
    const cut = await request(t.app).get("/unsubscribe?token=abc&lang=en");
    expect(cut.status).toBe(400);
    expect(cut.text).toContain(
      "This unsubscribe link is not valid; check that the whole link from the email was opened.",
    );
    expect(cut.text).toContain('<a href="/account/email">Email settings</a>');
    expect(cut.text).not.toContain("try again later");
    const oneClick = await request(t.app)
      .post("/unsubscribe?token=abc")
      .type("form")
      .send("List-Unsubscribe=One-Click");
    expect(oneClick.status).toBe(400);
    expect(oneClick.text).toContain("这个退订链接无效");
  });

  it("the account page is in the site's menu of every signed-in user, in the page's language", async () => {
    const expert = await newExpert();
    expect((await expert.agent.get("/inbox")).text).toContain('<a href="/account/email">邮件通知</a>');
    expect((await enterprise.agent.get("/needs?lang=en")).text).toContain(
      '<a href="/account/email">Email notifications</a>',
    );
    expect((await expert.agent.get("/account/email")).text).toContain('href="/account/email" aria-current="page"');
    expect((await request(t.app).get("/needs")).text).not.toContain('href="/account/email"');
  });

  it("the account page changes the preference", async () => {
    const expert = await newExpert();
    const page = await expert.agent.get("/account/email");
    expect(page.status).toBe(200);
    expect(page.text).toContain("每日摘要");
    const saved = await expert.agent
      .post("/account/email")
      .type("form")
      .send({ _csrf: expert.csrfToken, preference: "daily", language: "zh-CN" });
    expect(saved.status).toBe(303);
    expect((await t.container.emailSettings.get(expert.userId))?.preference).toBe("daily");
  });
});

describe("the email settings form", () => {
  it("refuses a choice it does not offer with 400 and a message by the field, keeping the valid one and the stored settings", async () => {
    const expert = await newExpert();
    const refused = await expert.agent
      .post("/account/email?lang=en")
      .type("form")
      .send({ _csrf: expert.csrfToken, preference: "weekly", language: "en" });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Please check the form.");
    expect(refused.text).toMatch(/<p class="field-error" id="preference-error">[^<]+<\/p>/);
    expect(refused.text).toContain('<option value="en" selected>English</option>');
    expect(refused.text).toContain('name="preference" value="instant" checked aria-invalid="true"');
    expect(await t.container.emailSettings.get(expert.userId)).toMatchObject({
      preference: "instant",
      language: "zh-CN",
    });
  });
});

describe("the outbox page", () => {
  it("shows organizers every email with its link, and nobody else", async () => {
    const expert = await newExpert();
    await invite(expert, "发件箱页面测试");
    const page = await organizer.agent.get("/organizer/outbox");
    expect(page.status).toBe(200);
    expect(page.text).toContain("新邀请：「发件箱页面测试」");
    expect(page.text).toContain(`${t.container.config.publicUrl}/inbox`);
    expect((await expert.agent.get("/organizer/outbox")).status).toBe(403);
    expect((await enterprise.agent.get("/organizer/outbox")).status).toBe(403);
    expect((await request(t.app).get("/organizer/outbox")).status).toBe(303);
  });
});
