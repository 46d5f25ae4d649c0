import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signUp, write, type SignedInAgent } from "../support/factories.js";
import { SalonClient } from "../support/salon-clients.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const day = 24 * 3600_000;
let now = Date.parse("2026-12-01T08:00:00Z");
const clock = { now: () => new Date(now) };

let server: RunningTestServer;
const clients: SalonClient[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { clock });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

const bearer = (token: string) => request(server.app).get("/api/me").set("Authorization", `Bearer ${token}`);

async function createToken(user: SignedInAgent, body: Record<string, unknown> = {}) {
  const response = await write(user, "post", "/api/tokens").send({ name: "脚本", ...body });
  expect(response.status).toBe(201);
  return response.body as { id: number; token: string; expiresAt: string; createdAt: string };
}

describe("API tokens", () => {
  it("expire after 90 days unless asked for fewer, and stop working then", async () => {
    const user = await signUp(server.app, server.container, { role: "expert" });
    const standard = await createToken(user);
    expect(Date.parse(standard.expiresAt) - now).toBe(90 * day);
    const short = await createToken(user, { expiresInDays: 7 });
    expect(Date.parse(short.expiresAt) - now).toBe(7 * day);
    expect((await write(user, "post", "/api/tokens").send({ expiresInDays: 400 })).status).toBe(400);

    expect((await bearer(short.token)).status).toBe(200);
    now += 7 * day;
    const expired = await bearer(short.token);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("unauthenticated");
    expect((await bearer(standard.token)).status).toBe(200);
    now += 83 * day;
    expect((await bearer(standard.token)).status).toBe(401);
  });

  it("are listed without their secret, and a revoked one stops working at once, sockets included", async () => {
    const user = await signUp(server.app, server.container, { role: "enterprise" });
    const first = await createToken(user, { name: "导入脚本" });
    const second = await createToken(user, { name: "看板" });
    await bearer(first.token);
    const list = await user.agent.get("/api/tokens");
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { name: string }) => t.name).sort()).toEqual(["导入脚本", "看板"]);
    const listed = list.body.items.find((t: { id: number }) => t.id === first.id);
    expect(Object.keys(listed).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name"]);
    expect(listed).toMatchObject({ expiresAt: first.expiresAt, lastUsedAt: new Date(now).toISOString() });
    expect(JSON.stringify(list.body)).not.toContain(first.token);

    const socket = await SalonClient.connect(server.baseUrl, { token: first.token });
    clients.push(socket);
    expect((await write(user, "delete", `/api/tokens/${first.id}`)).status).toBe(204);
    expect((await bearer(first.token)).status).toBe(401);
    expect((await socket.emit("salon:join", { salonId: 1, clientMutationId: "after-revoke" })).ok).toBe(false);
    expect((await bearer(second.token)).status).toBe(200);
    const after = await user.agent.get("/api/tokens");
    expect(after.body.items.map((t: { id: number }) => t.id)).toEqual([second.id]);
    expect(await server.database.db.apiToken.count({ where: { id: first.id } })).toBe(0);
  });

  it("cannot be listed or revoked by another user", async () => {
    const owner = await signUp(server.app, server.container, { role: "enterprise" });
    const other = await signUp(server.app, server.container, { role: "organizer" });
    const token = await createToken(owner);
    const denied = await write(other, "delete", `/api/tokens/${token.id}`);
    expect(denied.status).toBe(404);
    expect((await other.agent.get("/api/tokens")).body.items).toEqual([]);
    expect((await bearer(token.token)).status).toBe(200);
    expect((await request(server.app).get("/api/tokens")).status).toBe(401);
  });
});

describe("sessions", () => {
  it("lists the user's active sessions, marks this one, and signs another out", async () => {
    const user = await signUp(server.app, server.container, { role: "expert" });
    const laptop = request.agent(server.app);
    await laptop
      .post("/api/auth/login")
      .set("User-Agent", "Laptop Browser/1.0")
      .send({ email: user.email, password: user.password });
    const list = await user.agent.get("/api/sessions");
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const current = list.body.items.find((s: { current: boolean }) => s.current);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect(other).toMatchObject({ userAgent: "Laptop Browser/1.0", current: false, expiresAt: expect.any(String) });
    expect(current.id).not.toBe(other.id);

    expect((await laptop.get("/api/me")).status).toBe(200);
    expect((await write(user, "delete", `/api/sessions/${other.id}`)).status).toBe(204);
    expect((await laptop.get("/api/me")).status).toBe(401);
    expect((await user.agent.get("/api/me")).status).toBe(200);
    expect((await user.agent.get("/api/sessions")).body.items).toHaveLength(1);
  });

  it("does not let one user see or end another's sessions", async () => {
    const alice = await signUp(server.app, server.container, { role: "expert" });
    const bob = await signUp(server.app, server.container, { role: "expert" });
    const [aliceSession] = (await alice.agent.get("/api/sessions")).body.items as { id: string }[];
    expect((await write(bob, "delete", `/api/sessions/${aliceSession!.id}`)).status).toBe(404);
    expect((await alice.agent.get("/api/me")).status).toBe(200);
    expect((await write(bob, "delete", "/api/sessions/not-a-session-id")).status).toBe(400);
  });
});

describe("changing the password", () => {
  it("needs the current password, then ends every other session and every token", async () => {
    const user = await signUp(server.app, server.container, { role: "enterprise" });
    const phone = request.agent(server.app);
    await phone.post("/api/auth/login").send({ email: user.email, password: user.password });
    const token = await createToken(user);
    const socket = await SalonClient.connect(server.baseUrl, { token: token.token });
    clients.push(socket);

    const wrong = await write(user, "post", "/api/me/password").send({
      currentPassword: "not the password",
      newPassword: "a brand new passphrase",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.issues).toEqual([
      { path: "currentPassword", message: "The current password is incorrect" },
    ]);
    expect((await phone.get("/api/me")).status).toBe(200);
    const weak = await write(user, "post", "/api/me/password").send({
      currentPassword: user.password,
      newPassword: "short",
    });
    expect(weak.status).toBe(400);

    const changed = await write(user, "post", "/api/me/password").send({
      currentPassword: user.password,
      newPassword: "a brand new passphrase",
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ endedSessions: 1, revokedTokens: 1 });
    expect((await user.agent.get("/api/me")).status).toBe(200);
    expect((await phone.get("/api/me")).status).toBe(401);
    expect((await bearer(token.token)).status).toBe(401);
    expect((await socket.emit("salon:join", { salonId: 1 })).ok).toBe(false);

    const oldLogin = await request(server.app)
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password });
    expect(oldLogin.status).toBe(401);
    const newLogin = await request(server.app)
      .post("/api/auth/login")
      .send({ email: user.email, password: "a brand new passphrase" });
    expect(newLogin.status).toBe(200);
  });

  it("is refused to anonymous callers", async () => {
    const response = await request(server.app)
      .post("/api/me/password")
      .send({ currentPassword: "x", newPassword: "yyyyyyyyyy" });
    expect(response.status).toBe(401);
  });
});
