import { createHash } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimLinkLifetimeMs } from "../../server/accounts/profile-claims.service.js";
import { buildNeed, importExperts, signUp, uniqueEmail, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/** A clock the test moves forward (claim links expire after seven days). */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let t: TestApp;
let organizer: SignedInAgent;
let expertUser: SignedInAgent;
let sequence = 0;

async function importedExpert(email: string | null): Promise<number> {
  sequence += 1;
  const [id] = await importExperts(t.container.db, [
    { externalId: `CLAIM-${sequence}`, name: `认领专家${sequence}`, keywords: ["光伏"], email },
  ]);
  return id!;
}

/** The raw token of the newest claim email in the outbox (the link the expert follows). */
async function latestClaimToken(): Promise<string> {
  const email = await t.container.db.emailOutbox.findFirstOrThrow({
    where: { kind: "claim_link" },
    orderBy: { id: "desc" },
  });
  return new URL(email.link).searchParams.get("token")!;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  organizer = await signUp(t.app, t.container, { role: "organizer" });
  expertUser = await signUp(t.app, t.container, { role: "expert" });
});

afterAll(async () => {
  await t?.close();
});

describe("claim links", () => {
  it("are sent by organizers, stored only as their sha256, and bind a new account to the imported profile", async () => {
    const expertId = await importedExpert("Lin.Hai@Example.cn");
    const sent = await write(organizer, "post", `/api/experts/${expertId}/claim-link`);
    expect(sent.status).toBe(202);

    const token = await latestClaimToken();
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await t.container.db.profileClaimToken.findFirstOrThrow({ where: { expertId } });
    expect(stored.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.email).toBe("lin.hai@example.cn");
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(claimLinkLifetimeMs - 60_000);

    const experts = await t.container.db.expert.count();
    const claimed = await request(t.app).post("/api/auth/claim").send({ token, password: "claimed password 1" });
    expect(claimed.status).toBe(201);
    expect(claimed.body.user).toMatchObject({ role: "expert", expertId, email: "lin.hai@example.cn" });
    expect(await t.container.db.expert.count()).toBe(experts);
    expect((await t.container.db.expert.findUniqueOrThrow({ where: { id: expertId } })).userId).toBe(
      claimed.body.user.id,
    );
    const signIn = await request(t.app)
      .post("/api/auth/login")
      .send({ email: "lin.hai@example.cn", password: "claimed password 1" });
    expect(signIn.status).toBe(200);
  });

  it("work once: a second use is refused and changes nothing", async () => {
    const expertId = await importedExpert("once@example.cn");
    await write(organizer, "post", `/api/experts/${expertId}/claim-link`).expect(202);
    const token = await latestClaimToken();
    await request(t.app).post("/api/auth/claim").send({ token, password: "first password 1" }).expect(201);
    const again = await request(t.app).post("/api/auth/claim").send({ token, password: "second password 2" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    await request(t.app)
      .post("/api/auth/login")
      .send({ email: "once@example.cn", password: "second password 2" })
      .expect(401);
    const page = await request(t.app).get(`/claim?token=${token}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain("认领链接已使用过");
  });

  it("expire after seven days", async () => {
    const expertId = await importedExpert("late@example.cn");
    await write(organizer, "post", `/api/experts/${expertId}/claim-link`).expect(202);
    const token = await latestClaimToken();
    offsetMs = claimLinkLifetimeMs + 60_000;
    try {
      const late = await request(t.app).post("/api/auth/claim").send({ token, password: "too late pass 1" });
      expect(late.status).toBe(400);
      expect(late.body.error.message).toMatch(/expired/);
      expect((await request(t.app).get(`/claim?token=${token}`)).text).toContain("认领链接已过期");
    } finally {
      offsetMs = 0;
    }
    expect((await t.container.db.expert.findUniqueOrThrow({ where: { id: expertId } })).userId).toBeNull();
  });

  it("refuse unknown tokens, and only organizers send them, to profiles with an address and no account", async () => {
    const unknown = await request(t.app)
      .post("/api/auth/claim")
      .send({ token: "x".repeat(43), password: "whatever pass 1" });
    expect(unknown.status).toBe(404);
    expect((await request(t.app).get("/claim?token=nope")).status).toBe(410);

    const expertId = await importedExpert("someone@example.cn");
    expect((await write(expertUser, "post", `/api/experts/${expertId}/claim-link`)).status).toBe(403);
    const withoutAddress = await importedExpert(null);
    expect((await write(organizer, "post", `/api/experts/${withoutAddress}/claim-link`)).status).toBe(409);
    expect((await write(organizer, "post", `/api/experts/${expertUser.expertId}/claim-link`)).status).toBe(409);
  });

  it("show a refused password under its field, a mismatch under the second one, and confirm the claim in the inbox", async () => {
    const expertId = await importedExpert("wu.fang@example.cn");
    await write(organizer, "post", `/api/experts/${expertId}/claim-link`).expect(202);
    const token = await latestClaimToken();
    const visitor = request.agent(t.app);
    const page = await visitor.get(`/claim?token=${token}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const post = (password: string, passwordAgain: string) =>
      visitor.post("/claim").type("form").send({ _csrf: csrf, token, password, passwordAgain });

    const short = await post("short", "short");
    expect(short.status).toBe(400);
    expect(short.text).toMatch(/id="claim-password"[^>]*aria-describedby="claim-password-hint password-error"/);
    expect(short.text).toMatch(/id="claim-password"[^>]*aria-invalid="true"/);
    expect(short.text).toContain('<p class="field-error" id="password-error">');

    const differ = await post("long enough 1", "long enough 2");
    expect(differ.status).toBe(400);
    expect(differ.text).toMatch(
      /id="claim-password-again"[^>]*aria-invalid="true" aria-describedby="passwordAgain-error"/,
    );
    expect(differ.text).toContain('<p class="field-error" id="passwordAgain-error">两次输入的密码不一致。</p>');
    expect(differ.text).not.toMatch(/id="claim-password"[^>]*aria-invalid/);
    expect((await t.container.db.expert.findUniqueOrThrow({ where: { id: expertId } })).userId).toBeNull();

    const claimed = await post("long enough 1", "long enough 1");
    expect(claimed.status).toBe(303);
    expect(claimed.headers.location).toBe("/inbox");
    // The inbox says the claim worked and how to sign in from now on.
    expect((await visitor.get("/inbox")).text).toContain("专家资料已认领。以后请用您的邮箱和刚设置的密码登录。");
    expect((await t.container.db.expert.findUniqueOrThrow({ where: { id: expertId } })).userId).not.toBeNull();
  });

  it("are offered instead of a duplicate profile to someone registering with an imported address", async () => {
    const expertId = await importedExpert("zhao.min@example.cn");
    const experts = await t.container.db.expert.count();
    const users = await t.container.db.user.count();
    const response = await request(t.app)
      .post("/api/auth/register")
      .send({ email: "Zhao.Min@example.cn", password: "register pass 1", name: "赵敏", role: "expert" });
    expect(response.status).toBe(409);
    expect(response.body.error.details).toEqual({ claimLinkSent: true });
    expect(await t.container.db.expert.count()).toBe(experts);
    expect(await t.container.db.user.count()).toBe(users);
    const email = await t.container.db.emailOutbox.findFirstOrThrow({
      where: { kind: "claim_link" },
      orderBy: { id: "desc" },
    });
    expect(email.toAddress).toBe("zhao.min@example.cn");
    const stored = await t.container.db.profileClaimToken.findFirstOrThrow({ where: { expertId } });
    expect(stored.usedAt).toBeNull();

    const page = await request(t.app)
      .post("/register")
      .type("form")
      .send({ email: "zhao.min@example.cn", password: "register pass 1", name: "赵敏", role: "expert" });
    expect(page.status).toBe(409);
    expect(page.text).toContain("认领链接");
  });
});

describe("the language of claim links and of the claimed account's emails", () => {
  /** The newest email in the outbox to an address. */
  const latestEmailTo = (address: string) =>
    t.container.db.emailOutbox.findFirstOrThrow({ where: { toAddress: address }, orderBy: { id: "desc" } });

  it("writes to an imported expert in a working language of their profile, naming their organization", async () => {
    sequence += 1;
    const [overseas, taiwan, japan] = await importExperts(t.container.db, [
      {
        externalId: `CLAIM-${sequence}-US`,
        name: "Michael Hensley",
        organization: "Georgia Institute of Technology",
        languages: ["en"],
        email: "m.hensley@gatech.example",
      },
      {
        externalId: `CLAIM-${sequence}-TW`,
        name: "鄭宗翰",
        organization: "國立陽明交通大學",
        languages: ["zh-Hant", "zh", "en"],
        email: "th.cheng@nycu.example",
      },
      { externalId: `CLAIM-${sequence}-JP`, name: "Kenji Morimoto", languages: ["ja"], email: "kenji@tohoku.example" },
    ]);
    for (const id of [overseas, taiwan, japan])
      await write(organizer, "post", `/api/experts/${id}/claim-link`).expect(202);

    const english = await latestEmailTo("m.hensley@gatech.example");
    expect(english.language).toBe("en");
    expect(english.subject).toBe("Claim your SciBridge expert profile");
    expect(english.text).toContain("holds an expert profile of yours (Georgia Institute of Technology).");
    // Sent by an organizer, with no invitation behind it: the email promises none.
    expect(english.text).toContain("choose a password to claim the profile:");
    expect(english.text).not.toMatch(/invitation|[\u4e00-\u9fff]/);
    expect(english.text).toContain("\nDon't want these emails? Unsubscribe: http");
    // Its links open the pages in English, whatever the browser prefers.
    expect(new URL(english.link).searchParams.get("lang")).toBe("en");
    expect(new URL(english.unsubscribeUrl).searchParams.get("lang")).toBe("en");
    expect(english.text).toContain(english.link);

    const chinese = await latestEmailTo("th.cheng@nycu.example");
    expect(chinese.language).toBe("zh-CN");
    expect(chinese.text).toContain("收录了您的专家主页（國立陽明交通大學）。");
    expect(chinese.text).toContain("即可认领主页：");
    expect(chinese.text).not.toContain("邀请");
    expect(new URL(chinese.link).searchParams.get("lang")).toBe("zh-CN");

    expect((await latestEmailTo("kenji@tohoku.example")).language).toBe("en");
  });

  it("tells an English-speaking expert invited before they have an account of the invitation in English", async () => {
    const enterprise = await signUp(t.app, t.container, { role: "enterprise" });
    const need = await write(enterprise, "post", "/api/needs").send({ ...buildNeed(), title: "GaN charger EMI" });
    sequence += 1;
    const [expertId] = await importExperts(t.container.db, [
      { externalId: `CLAIM-${sequence}`, name: "Priya Raman", languages: ["en"], email: "priya@ntu.example" },
    ]);
    await write(enterprise, "post", `/api/needs/${need.body.id}/invitations`).send({ expertId }).expect(201);
    const email = await latestEmailTo("priya@ntu.example");
    expect(email.kind).toBe("claim_link");
    expect(email.subject).toBe('You are invited to "GaN charger EMI": claim your SciBridge expert profile');
    expect(email.text).toContain("claim the profile and see the invitation:");
  });

  it("writes the claimed account's emails in the language the expert claimed in", async () => {
    const english = await importedExpert("claims.in.english@example.org");
    const chinese = await importedExpert("claims.in.chinese@example.cn");
    for (const [expertId, language] of [
      [english, "en"],
      [chinese, "zh-CN"],
    ] as const) {
      await write(organizer, "post", `/api/experts/${expertId}/claim-link`).expect(202);
      const token = await latestClaimToken();
      const visitor = request.agent(t.app);
      const page = await visitor.get(`/claim?token=${token}`).set("Accept-Language", language);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const claimed = await visitor
        .post("/claim")
        .set("Accept-Language", language)
        .type("form")
        .send({ _csrf: csrf, token, password: "long enough 1", passwordAgain: "long enough 1" });
      expect(claimed.status).toBe(303);
      const { userId } = await t.container.db.expert.findUniqueOrThrow({ where: { id: expertId } });
      expect((await t.container.db.user.findUniqueOrThrow({ where: { id: userId! } })).language).toBe(language);
    }

    // The API claims in the request's language too (Accept-Language).
    const api = await importedExpert("claims.by.api@example.org");
    await write(organizer, "post", `/api/experts/${api}/claim-link`).expect(202);
    const claimed = await request(t.app)
      .post("/api/auth/claim")
      .set("Accept-Language", "en-GB,en;q=0.9")
      .send({ token: await latestClaimToken(), password: "long enough 1" })
      .expect(201);
    expect((await t.container.db.user.findUniqueOrThrow({ where: { id: claimed.body.user.id } })).language).toBe("en");
  });

  it("writes a registered account's emails in the language of the registration, and a claim link asked for by registering too", async () => {
    const address = uniqueEmail("registers-in-english");
    const page = await request(t.app)
      .post("/register?lang=en")
      .type("form")
      .send({ email: address, password: "register pass 1", name: "Oliver Grant", role: "expert" });
    expect(page.status).toBe(303);
    expect((await t.container.db.user.findUniqueOrThrow({ where: { email: address } })).language).toBe("en");

    const zh = uniqueEmail("registers-in-chinese");
    await request(t.app)
      .post("/api/auth/register")
      .send({ email: zh, password: "register pass 1", name: "王工", role: "expert" })
      .expect(201);
    expect((await t.container.db.user.findUniqueOrThrow({ where: { email: zh } })).language).toBe("zh-CN");

    // A Chinese profile's owner registering on the English page asked in English: the claim link answers so.
    await importedExpert("imported.then.registers@example.cn");
    const offered = await request(t.app)
      .post("/api/auth/register")
      .set("Accept-Language", "en")
      .send({ email: "imported.then.registers@example.cn", password: "register pass 1", name: "X", role: "expert" });
    expect(offered.status).toBe(409);
    expect((await latestEmailTo("imported.then.registers@example.cn")).language).toBe("en");
  });
});
