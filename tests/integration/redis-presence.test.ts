import { createClient, type RedisClientType } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger.js";
import { RedisPresenceStore } from "../../server/realtime/redis-presence-store.js";
import { redisServerFor, startRedisServer, type RunningRedis } from "../support/redis-server.js";

const hasRedis = redisServerFor("the Redis presence store");

describe.skipIf(!hasRedis)("presence counted in a real Redis", () => {
  let redis: RunningRedis;
  const clients: RedisClientType[] = [];
  const stores: RedisPresenceStore[] = [];
  let salonId = 0;

  const client = async () => {
    const c = createClient({ url: redis.url, socket: { reconnectStrategy: false } }) as RedisClientType;
    c.on("error", () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };

  /** One node's store, on its own connection (as each process has). */
  const node = async (options: { leaseMs?: number; heartbeatMs?: number } = {}) => {
    const store = new RedisPresenceStore(await client(), { logger: createLogger("silent"), ...options });
    await store.start();
    stores.push(store);
    return store;
  };

  const eventually = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 5000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const c of clients.splice(0)) if (c.isOpen) c.destroy();
    salonId += 1;
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it("counts a member with tabs on two nodes once and an anonymous listener per connection", async () => {
    const [a, b] = [await node(), await node()];
    expect(await a.add(salonId, "user:1", "a-tab-1")).toBe(1);
    expect(await a.add(salonId, "user:1", "a-tab-2")).toBe(1);
    expect(await b.add(salonId, "user:1", "b-tab-1")).toBe(1);
    expect(await b.add(salonId, "socket:b-anon", "b-anon")).toBe(2);
    expect(await a.count(salonId)).toBe(2);
    // The member stays while any tab on any node remains.
    expect(await a.remove(salonId, "user:1", "a-tab-1")).toBe(2);
    expect(await a.remove(salonId, "user:1", "a-tab-2")).toBe(2);
    expect(await b.remove(salonId, "user:1", "b-tab-1")).toBe(1);
    expect(await b.count(salonId)).toBe(1);
    // A repeated leave changes nothing.
    expect(await b.remove(salonId, "user:1", "b-tab-1")).toBe(1);
  });

  it("keeps counts exact under concurrent joins and leaves from two nodes", async () => {
    const [a, b] = [await node(), await node()];
    const members = Array.from({ length: 40 }, (_, i) => `user:${i}`);
    await Promise.all(
      members.flatMap((member, i) => [a.add(salonId, member, `a-${i}`), b.add(salonId, member, `b-${i}`)]),
    );
    expect(await a.count(salonId)).toBe(40);
    await Promise.all(
      members.slice(0, 25).map((member, i) => (i % 2 ? a : b).remove(salonId, member, `${i % 2 ? "a" : "b"}-${i}`)),
    );
    expect(await b.count(salonId)).toBe(40);
    await Promise.all(
      members.slice(0, 25).map((member, i) => (i % 2 ? b : a).remove(salonId, member, `${i % 2 ? "b" : "a"}-${i}`)),
    );
    expect(await a.count(salonId)).toBe(15);
  });

  it("drops the members of a node that died once its lease runs out, and says which salons changed", async () => {
    const survivor = await node({ leaseMs: 300, heartbeatMs: 50 });
    const changed: number[][] = [];
    survivor.watch((salonIds) => changed.push(salonIds));
    const doomedClient = await client();
    const doomed = new RedisPresenceStore(doomedClient, { logger: createLogger("silent"), leaseMs: 300 });
    await doomed.start();
    await survivor.add(salonId, "user:1", "s-1");
    await doomed.add(salonId, "user:1", "d-1");
    await doomed.add(salonId, "user:2", "d-2");
    expect(await survivor.count(salonId)).toBe(2);
    doomedClient.destroy(); // the process is gone: no goodbye, no more heartbeats
    await eventually(async () => (await survivor.count(salonId)) === 1, "the dead node's member to go");
    expect(changed.flat()).toContain(salonId);
    expect(await survivor.remove(salonId, "user:1", "s-1")).toBe(0);
  });

  it("withdraws a node's members when it shuts down cleanly", async () => {
    const [a, b] = [await node(), await node()];
    await a.add(salonId, "user:1", "a-1");
    await b.add(salonId, "user:2", "b-1");
    await b.close();
    expect(await a.count(salonId)).toBe(1);
  });

  it("writes its members back after Redis lost them", async () => {
    const a = await node({ leaseMs: 600, heartbeatMs: 50 });
    await a.add(salonId, "user:1", "a-1");
    await a.add(salonId, "user:2", "a-2");
    const admin = await client();
    // In one transaction: with a heartbeat every 50 ms, the node may already have written its
    // members back by the time a separate HLEN runs (seen under load).
    const [, left] = await admin.multi().flushAll().hLen(`scibridge:{presence}:salon:${salonId}`).exec();
    expect(left).toBe(0);
    await eventually(async () => (await a.count(salonId)) === 2, "the members to come back");
  });

  it("answers an estimate from the last known count while Redis is unreachable, without waiting", async () => {
    const c = await client();
    const store = new RedisPresenceStore(c, { logger: createLogger("silent") });
    await store.start();
    expect(await store.add(salonId, "user:1", "t-1")).toBe(1);
    expect(await store.add(salonId, "user:2", "t-2")).toBe(2);
    c.destroy();
    // No waiting on a dead connection: the join still gets a count.
    expect(await store.add(salonId, "user:3", "t-3")).toBe(3);
    expect(await store.remove(salonId, "user:1", "t-1")).toBe(2);
    await store.close();
  });
});
