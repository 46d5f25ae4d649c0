import { createHash } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimLinkLifetimeMs } from "../../server/accounts/profile-claims.service.js";
import { importExperts, signUp, write, type SignedInAgent } from "../support/factories.js";
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
