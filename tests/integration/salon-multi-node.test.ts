import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import type { WireEvent } from "../../server/salons/salon-views.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { redisServerFor, startRedisServer, type RunningRedis } from "../support/redis-server.js";
import { SalonClient, salonInput, tokenUser, type JoinData, type TokenUser } from "../support/salon-clients.js";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const hasRedis = redisServerFor("the multi-node salon suite");

/**
 * Two real server processes (`server/main.ts`) on one SQLite file and one redis-server,
 * with socket.io-clients on each: what one node commits reaches the other's clients,
 * presence is counted once across nodes, and each salon's log stays gap-free.
 */
describe.skipIf(!hasRedis)("salons across two server processes through Redis", () => {
  let redis: RunningRedis;
  let database: TestDatabase;
  /** This process's own view of the database: accounts and salons are set up through it. */
  let setup: TestApp;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let organizer: TokenUser;
  let moderator: TokenUser;
  let people: TokenUser[];
  const clients: SalonClient[] = [];

  const connect = async (node: ServerProcess, who?: TokenUser) => {
    const client = await SalonClient.connect(node.baseUrl, who ? { token: who.token } : {});
    clients.push(client);
    return client;
  };

  const createSalon = async () => {
    const actor = salonActorOf(organizer.user)!;
    const detail = await setup.container.salons.create(actor, salonInput({ moderatorIds: [moderator.user.id] }));
    await setup.container.salons.open(actor, detail.salon.id);
    return detail.salon.id;
  };

  const lastPresence = (client: SalonClient) => client.presence.at(-1);

  /** The state without what legitimately differs per request (server time, the viewer's head count). */
  const comparable = (state: JoinData["state"]) => ({ ...state, now: undefined, presence: undefined });

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTestDatabase();
    setup = await createTestApp({}, { database });
    organizer = await tokenUser(setup.container, "organizer", "组织者");
    moderator = await tokenUser(setup.container, "expert", "主持人");
    people = await Promise.all(
      ["甲", "乙", "丙", "丁", "戊", "己"].map((name) => tokenUser(setup.container, "expert", name)),
    );
    const env = {
      DATABASE_URL: database.url,
      SESSION_SECRET: "multi-node-secret-multi-node-secret-00",
      REDIS_URL: redis.url,
      PRESENCE_LEASE_SECONDS: "1",
    };
    [nodeA, nodeB] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await setup?.close();
    await database?.close();
    await redis?.stop();
  });

  it("reports Redis in each node's readiness", async () => {
    for (const node of [nodeA, nodeB]) {
      const ready = await request(node.baseUrl).get("/readyz");
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ realtime: { adapter: "redis-streams", redis: { ok: true } } });
    }
  });

  it("delivers a question asked on one node to clients on the other", async () => {
    const salonId = await createSalon();
    const [alice, bob] = people as [TokenUser, TokenUser];
    const asker = await connect(nodeA, alice);
    const listener = await connect(nodeB, bob);
    const mod = await connect(nodeB, moderator);
    for (const client of [asker, listener, mod]) await client.join(salonId);
    const { questionId } = await asker.act<{ questionId: number }>("question:ask", {
      salonId,
      text: "两个节点上都能看到这个问题吗？",
      anonymous: true,
    });
    await listener.untilEvent("question.asked");
    await mod.untilEvent("question.asked");
    const seen = listener.events.find((e) => e.type === "question.asked")!;
    const seenByMod = mod.events.find((e) => e.type === "question.asked")!;
    expect(seen.seq).toBe(seenByMod.seq);
    // Each node's clients get the event redacted for them: anonymous to attendees, named to moderators.
    expect(seen.payload.question).toMatchObject({
      id: questionId,
      text: "两个节点上都能看到这个问题吗？",
      author: null,
    });
    expect(seenByMod.payload.question).toMatchObject({ id: questionId, author: { name: alice.user.name } });
  });

  it("counts each person once across nodes, and both nodes agree", async () => {
    const salonId = await createSalon();
    const [alice, bob] = people as [TokenUser, TokenUser];
    const aliceOnA = await connect(nodeA, alice);
    const aliceOnB = await connect(nodeB, alice);
    const bobOnB = await connect(nodeB, bob);
    const anonymousOnA = await connect(nodeA);
    expect((await aliceOnA.join(salonId)).state.presence).toBe(1);
    expect((await aliceOnB.join(salonId)).state.presence).toBe(1);
    expect((await bobOnB.join(salonId)).state.presence).toBe(2);
    expect((await anonymousOnA.join(salonId)).state.presence).toBe(3);
    for (const client of [aliceOnA, aliceOnB, bobOnB, anonymousOnA]) {
      await client.until((c) => lastPresence(c) === 3, "presence 3 on every client");
    }
    aliceOnB.close(); // Alice is still there on node A
    bobOnB.close();
    for (const client of [aliceOnA, anonymousOnA]) {
      await client.until((c) => lastPresence(c) === 2, "presence 2 after Bob left");
    }
    const late = await connect(nodeB, people[2]);
    expect((await late.join(salonId)).state.presence).toBe(3);
  });

  it("keeps one gap-free sequence and one state when both nodes act at once", async () => {
    const salonId = await createSalon();
    const listeners = [await connect(nodeA), await connect(nodeB)];
    for (const listener of listeners) await listener.join(salonId);
    const actors = await Promise.all(
      people.map(async (person, i) => ({
        person,
        a: await connect(nodeA, person),
        b: await connect(nodeB, person),
        i,
      })),
    );
    for (const { a, b } of actors) {
      await a.join(salonId);
      await b.join(salonId);
    }
    // Every person asks on one node and chats on the other, all at once; then votes cross over.
    const asked = await Promise.all(
      actors.flatMap(({ a, b, i }) => [
        (i % 2 ? a : b).act<{ questionId: number }>("question:ask", { salonId, text: `问题 ${i}` }),
        (i % 2 ? b : a).act("chat:send", { salonId, text: `聊天 ${i}` }),
      ]),
    );
    const questionIds = asked.filter((_, k) => k % 2 === 0).map((r) => (r as { questionId: number }).questionId);
    expect(new Set(questionIds).size).toBe(people.length);
    await Promise.all(
      actors.flatMap(({ a, b, i }) =>
        questionIds
          .filter((_, q) => q !== i)
          .map((questionId, q) => (q % 2 ? a : b).act("question:vote", { salonId, questionId })),
      ),
    );
    const total = 1 + people.length * 2 + people.length * (people.length - 1); // opened, asks, chats, votes
    for (const listener of listeners) await listener.untilSeq(total);
    const sequences = listeners.map((listener) => listener.events.map((e: WireEvent) => e.seq));
    // Every event once, in seq order, on both nodes.
    for (const seqs of sequences) expect(seqs).toEqual(Array.from({ length: total - 1 }, (_, k) => k + 2));
    const [onA, onB] = [await listeners[0]!.join(salonId), await listeners[1]!.join(salonId)];
    expect(onA.state.seq).toBe(total);
    expect(comparable(onB.state)).toEqual(comparable(onA.state));
    expect(onA.state.questions.map((q) => q.votes)).toEqual(Array(people.length).fill(people.length - 1));
    const log = await setup.container.salons.events(salonId);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, k) => k + 1));
  });

  it("takes a retried action once, whichever node the retry reaches", async () => {
    const salonId = await createSalon();
    const [alice] = people as [TokenUser];
    const onA = await connect(nodeA, alice);
    const onB = await connect(nodeB, alice);
    await onA.join(salonId);
    await onB.join(salonId);
    const action = { salonId, clientMutationId: "retry-across-nodes", text: "只问一次？" };
    const [first, second] = await Promise.all([onA.emit("question:ask", action), onB.emit("question:ask", action)]);
    const third = await onB.emit("question:ask", action);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    const log = await setup.container.salons.events(salonId);
    expect(log.filter((e) => e.type === "question.asked")).toHaveLength(1);
  });

  it("disconnects a banned user's tabs on both nodes", async () => {
    const salonId = await createSalon();
    const [, , carol, dave] = people as [TokenUser, TokenUser, TokenUser, TokenUser];
    const tabs = [await connect(nodeA, carol), await connect(nodeB, carol)];
    const other = await connect(nodeB, dave);
    const mod = await connect(nodeA, moderator);
    for (const client of [...tabs, other, mod]) await client.join(salonId);
    const closed = tabs.map((tab) => new Promise<string>((resolve) => tab.socket.once("disconnect", resolve)));
    await mod.act("member:ban", { salonId, userId: carol.user.id, reason: "刷屏" });
    expect(await Promise.all(closed)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(tabs.map((tab) => tab.removed)).toEqual([[{ salonId, reason: "banned" }], [{ salonId, reason: "banned" }]]);
    await other.untilEvent("member.banned");
    expect(other.socket.connected).toBe(true);
    expect(await (await connect(nodeB, carol)).refused("salon:join", { salonId })).toBe("forbidden");
  });

  it("keeps delivering and counting across a Redis crash and restart", async () => {
    const salonId = await createSalon();
    const [alice, bob, carol] = people as [TokenUser, TokenUser, TokenUser];
    const onA = await connect(nodeA, alice);
    const onB = await connect(nodeB, bob);
    await onA.join(salonId);
    await onB.join(salonId);
    await onA.until((c) => lastPresence(c) === 2, "presence 2 before the crash");
    await redis.restart({ downMs: 300 }); // every key and stream entry is gone
    // Committed while the nodes may still be reconnecting: it reaches the other node anyway.
    await onA.act("chat:send", { salonId, text: "Redis 重启了吗？" });
    await onB.until((c) => c.events.some((e) => e.payload.text === "Redis 重启了吗？"), "the chat on node B", 8000);
    expect(onB.events.map((e) => e.seq)).toEqual(onA.events.map((e) => e.seq));
    // Each node writes its share of presence back; with a newcomer, both count three.
    await (await connect(nodeB, carol)).join(salonId);
    await onA.until(
      (c) => lastPresence(c) === 3 && lastPresence(onB) === 3,
      "presence 3 on both nodes after a newcomer",
      8000,
    );
  });

  // Last: it kills node B.
  it("stops counting the people of a node that died once its lease runs out", async () => {
    const salonId = await createSalon();
    const [alice, bob, carol] = people as [TokenUser, TokenUser, TokenUser];
    const onA = await connect(nodeA, alice);
    await onA.join(salonId);
    for (const person of [bob, carol]) await (await connect(nodeB, person)).join(salonId);
    await onA.until((c) => lastPresence(c) === 3, "presence 3");
    await nodeB.kill();
    await onA.until((c) => lastPresence(c) === 1, "presence 1 after node B died", 8000);
  });
});
