import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUp, uniqueEmail } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("registration and sign-in", () => {
  it("registers an enterprise with its organization, sets an httpOnly SameSite=Lax cookie and stores no plaintext", async () => {
    const email = uniqueEmail("ent");
    const response = await request(t.app).post("/api/auth/register").send({
      email: email.toUpperCase(),
      password: "s3cret-password",
      name: "林工",
      role: "enterprise",
      organizationName: "福州某光电科技有限公司",
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({
      email,
      role: "enterprise",
      organization: { name: "福州某光电科技有限公司" },
    });
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie).toMatch(/sb_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const row = await t.database.db.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("s3cret-password");
    const sessions = await t.database.db.session.findMany({ where: { userId: row.id } });
    expect(sessions).toHaveLength(1);
    expect(cookie).not.toContain(sessions[0]!.id);
  });

  it("gives an expert account its own profile", async () => {
    const expert = await signUp(t.app, t.container, { role: "expert", name: "陈教授" });
    expect(expert.expertId).not.toBeNull();
    const profile = await request(t.app).get(`/api/experts/${expert.expertId}`);
    expect(profile.body).toMatchObject({ name: "陈教授", userId: expert.userId });
  });

  it("refuses to self-register staff roles, bad emails and short passwords", async () => {
    const response = await request(t.app)
      .post("/api/auth/register")
      .send({ email: "not-an-email", password: "short", name: "", role: "organizer" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    const paths = response.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "password", "name", "role"]));
    expect(await t.database.db.user.count({ where: { email: "not-an-email" } })).toBe(0);
  });

  it("answers 409 when the email is taken", async () => {
    const first = await signUp(t.app, t.container);
    const again = await request(t.app)
      .post("/api/auth/register")
      .send({ email: first.email, password: "another-password", name: "x", role: "expert" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("gives the same generic error for a wrong password and an unknown email", async () => {
    const user = await signUp(t.app, t.container);
    const wrong = await request(t.app).post("/api/auth/login").send({ email: user.email, password: "wrong-password" });
    const unknown = await request(t.app)
      .post("/api/auth/login")
      .send({ email: uniqueEmail("ghost"), password: "whatever-1" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe("invalid_credentials");
  });

  it("throttles repeated failed sign-ins for one email", async () => {
    const user = await signUp(t.app, t.container);
    for (let i = 0; i < 10; i += 1) {
      await request(t.app).post("/api/auth/login").send({ email: user.email, password: "wrong-password" });
    }
    const blocked = await request(t.app).post("/api/auth/login").send({ email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
  });

  it("signs out: the session stops working and is deleted", async () => {
    const user = await signUp(t.app, t.container);
    expect((await user.agent.get("/api/me")).status).toBe(200);
    const out = await user.agent.post("/api/auth/logout").set("X-CSRF-Token", user.csrfToken);
    expect(out.status).toBe(204);
    expect((await user.agent.get("/api/me")).status).toBe(401);
    expect(await t.database.db.session.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("answers /api/me with 401 when nobody is signed in", async () => {
    const response = await request(t.app).get("/api/me");
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  });
});

describe("CSRF protection", () => {
  it("refuses a cookie-authenticated write without the token and accepts it with the token", async () => {
    const user = await signUp(t.app, t.container);
    const refused = await user.agent.patch("/api/me/organization").send({ industry: "电子信息" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("csrf_failed");
    const wrongToken = await user.agent
      .patch("/api/me/organization")
      .set("X-CSRF-Token", "forged")
      .send({ industry: "x" });
    expect(wrongToken.status).toBe(403);
    const accepted = await user.agent
      .patch("/api/me/organization")
      .set("X-CSRF-Token", user.csrfToken)
      .send({ industry: "电子信息", region: "福州" });
    expect(accepted.status).toBe(200);
    expect(accepted.body.organization).toMatchObject({ industry: "电子信息", region: "福州" });
  });
});

describe("API tokens", () => {
  it("issues a token with email and password, stores only its hash, and accepts it as a bearer without CSRF", async () => {
    const user = await signUp(t.app, t.container);
    const issued = await request(t.app)
      .post("/api/tokens")
      .send({ email: user.email, password: user.password, name: "ci" });
    expect(issued.status).toBe(201);
    const token: string = issued.body.token;
    expect(token).toMatch(/^sbt_/);
    const stored = await t.database.db.apiToken.findMany({ where: { userId: user.userId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    const me = await request(t.app).get("/api/me").set("Authorization", `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.userId);
    const write = await request(t.app)
      .patch("/api/me/organization")
      .set("Authorization", `Bearer ${token}`)
      .send({ description: "做显示面板" });
    expect(write.status).toBe(200);
  });

  it("issues a token to a signed-in session", async () => {
    const user = await signUp(t.app, t.container);
    const issued = await user.agent.post("/api/tokens").set("X-CSRF-Token", user.csrfToken).send({ name: "laptop" });
    expect(issued.status).toBe(201);
    expect(issued.body.name).toBe("laptop");
  });

  it("rejects an unknown bearer token instead of treating the call as anonymous", async () => {
    const response = await request(t.app).get("/api/needs").set("Authorization", "Bearer sbt_not-a-real-token");
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  });

  it("refuses to issue a token without credentials or with wrong ones", async () => {
    expect((await request(t.app).post("/api/tokens").send({})).status).toBe(401);
    const user = await signUp(t.app, t.container);
    const wrong = await request(t.app).post("/api/tokens").send({ email: user.email, password: "nope-nope-nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");
  });
});

describe("operational endpoints and malformed requests", () => {
  it("reports liveness and readiness", async () => {
    expect((await request(t.app).get("/healthz")).body).toEqual({ status: "ok" });
    const ready = await request(t.app).get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.database.ok).toBe(true);
    expect(ready.body.realtime).toEqual({ adapter: "in-memory" }); // one process, no REDIS_URL
  });

  it("serves an OpenAPI document generated from the schemas", async () => {
    const response = await request(t.app).get("/api/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    const register = response.body.paths["/api/auth/register"].post;
    expect(register.requestBody.content["application/json"].schema.properties.role.enum).toEqual([
      "enterprise",
      "expert",
    ]);
    expect(response.body.paths["/api/needs/{id}"].get.parameters[0]).toMatchObject({ name: "id", in: "path" });
  });

  it("answers malformed JSON, oversized bodies and unknown API routes with coded 4xx errors", async () => {
    const badJson = await request(t.app).post("/api/auth/login").set("content-type", "application/json").send("{oops");
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe("invalid_json");
    const huge = await request(t.app)
      .post("/api/auth/login")
      .set("content-type", "application/json")
      .send(JSON.stringify({ email: "a", password: "x".repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("payload_too_large");
    const unknown = await request(t.app).get("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const wrongType = await request(t.app).post("/api/auth/login").send(["array", "body"]);
    expect(wrongType.status).toBe(400);
  });

  it("echoes a sane request id and replaces an unsafe one", async () => {
    const given = await request(t.app).get("/healthz").set("X-Request-Id", "abc-123");
    expect(given.headers["x-request-id"]).toBe("abc-123");
    const unsafe = await request(t.app).get("/healthz").set("X-Request-Id", "<script>");
    expect(unsafe.headers["x-request-id"]).not.toBe("<script>");
  });
});
