import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abuseLimits } from "../../server/shared/abuse.limits.js";
import { uniqueEmail } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const register = (app: TestApp["app"], forwardedFor?: string) => {
  const call = request(app).post("/api/auth/register");
  if (forwardedFor) call.set("X-Forwarded-For", forwardedFor);
  return call.send({ email: uniqueEmail("abuse"), password: "correct horse battery", name: "新用户", role: "expert" });
};

describe("registrations per address", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ABUSE_LIMITS: "on" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lets one address register a few accounts, then refuses with 429, through the API and the page", async () => {
    for (let i = 0; i < abuseLimits.registrations.burst; i += 1) expect((await register(t.app)).status).toBe(201);
    const refused = await register(t.app);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: "rate_limited",
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const page = await request(t.app)
      .post("/register")
      .type("form")
      .send({
        role: "expert",
        name: "页面用户",
        email: uniqueEmail("page"),
        password: "correct horse battery",
      });
    expect(page.status).toBe(429);
    expect(page.text).toContain("此网络注册的账号过多");
    expect(await t.database.db.user.count()).toBe(abuseLimits.registrations.burst);
  });

  it("does not believe X-Forwarded-For unless TRUST_PROXY names the proxy", async () => {
    const spoofed = await register(t.app, "203.0.113.7");
    expect(spoofed.status).toBe(429);
  });
});

describe("TRUST_PROXY", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ABUSE_LIMITS: "on", TRUST_PROXY: "loopback" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("counts each forwarded client on its own when the proxy is trusted", async () => {
    for (let i = 0; i < abuseLimits.registrations.burst; i += 1) {
      expect((await register(t.app, "203.0.113.8")).status).toBe(201);
    }
    expect((await register(t.app, "203.0.113.8")).status).toBe(429);
    expect((await register(t.app, "203.0.113.9")).status).toBe(201);
  });
});

describe("sign-in failures per address", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ABUSE_LIMITS: "on" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stops password spraying across many emails from one address", async () => {
    const email = uniqueEmail("sprayed");
    await t.container.accounts.register({ email, password: "correct horse battery", name: "受害者", role: "expert" });
    const { maxFailures } = abuseLimits.signInFailuresPerAddress;
    for (let i = 0; i < maxFailures; i += 1) {
      const attempt = await request(t.app)
        .post("/api/auth/login")
        .send({ email: uniqueEmail("spray"), password: "Password1!" });
      expect(attempt.status).toBe(401);
    }
    const next = await request(t.app).post("/api/auth/login").send({ email, password: "correct horse battery" });
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe("rate_limited");
  });
});
