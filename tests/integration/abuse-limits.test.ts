import { Worker } from "node:worker_threads";
import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { abuseLimits } from "../../server/shared/abuse.limits.js";
import { uniqueEmail } from "../support/factories.js";
import { SalonClient, salonInput, tokenUser } from "../support/salon-clients.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";
import { createTestApp, startTestServer, type RunningTestServer, type TestApp } from "../support/test-app.js";

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

  it("refuses a spent address's registration before reading its body, so a flood of them costs little", async () => {
    const unparsable = (address: string) =>
      request(t.app)
        .post("/api/auth/register")
        .set("X-Forwarded-For", address)
        .set("Content-Type", "application/json")
        .send('{"email": "never-parsed');
    // 203.0.113.8 spent its registrations above: its body is never read.
    const refused = await unparsable("203.0.113.8");
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: "rate_limited",
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // An address with registrations left has its body read, and refused for what it holds.
    expect((await unparsable("203.0.113.10")).body.error.code).toBe("invalid_json");
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

describe("socket actions per connection and per address", () => {
  let server: RunningTestServer;
  const clients: SalonClient[] = [];
  let salonId: number;
  let addresses = 0;

  /** Each test's clients come from their own address, told by the (trusted) loopback proxy. */
  const fromAddress = () => ({ "X-Forwarded-For": `198.51.100.${++addresses}` });
  const connect = async (headers: Record<string, string>, token?: string) => {
    const client = await SalonClient.connect(server.baseUrl, token ? { token } : {}, { headers });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer({ ABUSE_LIMITS: "on", TRUST_PROXY: "loopback" });
    const organizer = await tokenUser(server.container, "organizer", "组织者");
    const actor = salonActorOf(organizer.user)!;
    const detail = await server.container.salons.create(actor, salonInput());
    await server.container.salons.open(actor, detail.salon.id);
    salonId = detail.salon.id;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("refuses a flood of joins on one connection before reading anything, then disconnects it", async () => {
    const access = vi.spyOn(server.container.salons, "access");
    const client = await connect(fromAddress());
    const results = await Promise.allSettled(
      Array.from({ length: 2000 }, () => client.emit("salon:join", { salonId })),
    );
    const refusals = results.flatMap((result) =>
      result.status === "fulfilled" && !result.value.ok ? [result.value] : [],
    );
    expect(refusals[0]).toMatchObject({
      ok: false,
      error: { code: "rate_limited", details: { retryAfterSeconds: expect.any(Number) } },
    });
    // Refused until it had collected its share of refusals; then the rest was never handled.
    expect(refusals.length).toBeLessThanOrEqual(abuseLimits.socket.refusalsPerConnection.burst + 1);
    await client.until((c) => !c.socket.connected, "the flooding connection to be cut");
    // Only the joins the limit let through reached the salon service (and the database).
    expect(access).toHaveBeenCalledTimes(abuseLimits.socket.joinsPerConnection.burst);
  });

  it("limits joins from one address across its connections", async () => {
    const headers = fromAddress();
    const { burst } = abuseLimits.socket.joinsPerAddress;
    const perConnection = abuseLimits.socket.joinsPerConnection.burst;
    const sockets = await Promise.all(Array.from({ length: burst / perConnection + 2 }, () => connect(headers)));
    const acks = await Promise.all(
      sockets.flatMap((socket) => Array.from({ length: perConnection }, () => socket.emit("salon:join", { salonId }))),
    );
    expect(acks.filter((ack) => ack.ok).length).toBeLessThanOrEqual(burst + 1);
    expect(acks.filter((ack) => !ack.ok).length).toBeGreaterThan(0);
  });

  it("limits what anonymous connections from one address do together", async () => {
    const headers = fromAddress();
    const { burst } = abuseLimits.socket.anonymousPerAddress;
    const sockets = await Promise.all(Array.from({ length: 8 }, () => connect(headers)));
    const acks = [];
    while (acks.length < burst + 8) {
      for (const socket of sockets) acks.push(await socket.emit("salon:leave", { salonId }));
    }
    expect(acks.slice(0, burst).every((ack) => ack.ok)).toBe(true);
    expect(acks.slice(burst)).toContainEqual(expect.objectContaining({ ok: false }));
  });

  it("limits chat from one address across accounts, and refuses before re-reading the sender", async () => {
    const headers = fromAddress();
    const { burst, perMs } = abuseLimits.socket.textPerAddress;
    const people = await Promise.all(
      Array.from({ length: 6 }, (_, i) => tokenUser(server.container, "expert", `专家${i}`)),
    );
    const sockets = await Promise.all(people.map((person) => connect(headers, person.token)));
    await Promise.all(sockets.map((socket) => socket.join(salonId)));
    const lookups = vi.spyOn(server.container.accounts, "userForToken");
    const acks = [];
    const started = performance.now();
    for (let message = 0; message < 5; message += 1) {
      for (const socket of sockets) {
        acks.push(await socket.emit("chat:send", { salonId, clientMutationId: `m-${message}`, text: "你好" }));
      }
    }
    // 30 messages, each sender within their own limit of 5: the address allows `burst` of them,
    // plus what the bucket refilled meanwhile (a slow, loaded machine takes seconds for 30).
    const refilled = Math.floor(((performance.now() - started) * burst) / perMs);
    const admitted = acks.filter((ack) => ack.ok).length;
    expect(admitted).toBeGreaterThanOrEqual(burst);
    expect(admitted).toBeLessThanOrEqual(burst + refilled);
    expect(admitted).toBeLessThan(acks.length);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === "rate_limited")).toBe(true);
    expect(lookups).toHaveBeenCalledTimes(admitted);
  });
});

/** Times GET `url` back to back on a worker thread until stopped; resolves the latencies in ms. */
function healthProbe(url: string): { stop(): Promise<number[]> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
    let running = true;
    const latencies = [];
    parentPort.once("message", () => (running = false));
    (async () => {
      while (running) {
        const started = performance.now();
        const response = await fetch(workerData.url);
        await response.arrayBuffer();
        latencies.push(response.ok ? performance.now() - started : Infinity);
      }
      parentPort.postMessage(latencies);
    })();`,
    { eval: true, workerData: { url } },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once("message", (latencies: number[]) => void worker.terminate().then(() => resolve(latencies)));
        worker.postMessage("stop");
      }),
  };
}

/** The 99th percentile of the probe's latencies (a failed probe counts as Infinity). */
function p99Of(latencies: number[]): number {
  expect(latencies.length).toBeGreaterThan(5);
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

describe("floods against a server in its own process", () => {
  let database: TestDatabase;
  let node: ServerProcess;
  let salonId: number;
  let token: string;
  const clients: SalonClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createTestApp({}, { database });
    const organizer = await tokenUser(setup.container, "organizer", "组织者");
    const actor = salonActorOf(organizer.user)!;
    const detail = await setup.container.salons.create(actor, salonInput());
    await setup.container.salons.open(actor, detail.salon.id);
    salonId = detail.salon.id;
    token = (await tokenUser(setup.container, "expert", "刷屏者")).token;
    await setup.close();
    node = await startServerProcess({
      DATABASE_URL: database.url,
      SESSION_SECRET: "flood-test-secret-flood-test-secret-000",
    });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await node?.stop();
    await database?.close();
  });

  it("keeps /healthz p99 under 200 ms while connections flood joins and chat", async () => {
    const anonymous = await SalonClient.connect(node.baseUrl);
    const joiner = await SalonClient.connect(node.baseUrl, { token });
    const chatter = await SalonClient.connect(node.baseUrl, { token });
    clients.push(anonymous, joiner, chatter);
    await chatter.join(salonId);
    // The probe runs on its own thread: this one is busy being the flooding clients.
    const probe = healthProbe(`${node.baseUrl}/healthz`);
    let results: PromiseSettledResult<unknown>[];
    let latencies: number[];
    try {
      results = await Promise.allSettled([
        ...Array.from({ length: 2000 }, () => anonymous.emit("salon:join", { salonId })),
        ...Array.from({ length: 3000 }, () => joiner.emit("salon:join", { salonId })),
        ...Array.from({ length: 5000 }, (_, i) =>
          chatter.emit("chat:send", { salonId, clientMutationId: `flood-${i}`, text: "刷屏" }),
        ),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      latencies = await probe.stop();
    }
    // Each flooding connection was cut once it kept sending after being refused.
    expect(results.filter((result) => result.status === "rejected").length).toBeGreaterThan(9_000);
    expect([anonymous, joiner, chatter].map((client) => client.socket.connected)).toEqual([false, false, false]);
    expect(p99Of(latencies)).toBeLessThan(200);
  });

  it("keeps /healthz p99 under 200 ms while one address floods registrations, refused before any hashing", async () => {
    const usersBefore = await database.db.user.count();
    const post = async (path: string) => {
      const response = await fetch(`${node.baseUrl}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          email: uniqueEmail("flood"),
          password: "correct horse battery",
          name: "批量注册者",
          role: "expert",
        }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    // 2,000 requests in waves of 100 at once, all from 127.0.0.1, while /healthz is timed.
    const flood = async (path: string) => {
      const probe = healthProbe(`${node.baseUrl}/healthz`);
      const statuses: number[] = [];
      let latencies: number[];
      try {
        for (let wave = 0; wave < 20; wave += 1) {
          statuses.push(...(await Promise.all(Array.from({ length: 100 }, () => post(path)))));
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        latencies = await probe.stop();
      }
      return { statuses, p99: p99Of(latencies) };
    };
    // The same flood at a path no route takes: what any 100 requests at once cost this machine.
    const unrouted = await flood("/api/auth/no-such-route");
    expect(new Set(unrouted.statuses)).toEqual(new Set([404]));
    const registrations = await flood("/api/auth/register");

    const { burst } = abuseLimits.registrations;
    expect(registrations.statuses.filter((status) => status === 201)).toHaveLength(burst);
    expect(registrations.statuses.filter((status) => status === 429)).toHaveLength(2000 - burst);
    expect(await database.db.user.count()).toBe(usersBefore + burst);
    // 200 ms on a quiet machine; where even unrouted requests queue longer, a refused
    // registration may cost at most twice what they do.
    expect(registrations.p99).toBeLessThan(Math.max(200, 2 * unrouted.p99));
  });
});
