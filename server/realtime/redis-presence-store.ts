import { randomUUID } from "node:crypto";
import type { Logger } from "../logger.js";
import { LocalPresence, type PresenceStore } from "./presence-store.js";

/** The few commands the store sends (a node-redis client has them). */
export interface PresenceRedis {
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  hLen(key: string): Promise<number>;
}

export interface RedisPresenceOptions {
  logger: Logger;
  /** This process's name in Redis (a fresh one per start). */
  nodeId?: string;
  /** A node that has not renewed its lease for this long is considered dead and its members dropped. */
  leaseMs?: number;
  /** How often the lease is renewed and dead nodes are looked for (a third of the lease by default). */
  heartbeatMs?: number;
  /** Redis answers slower than this are treated as an outage (the count falls back; a resync follows). */
  commandTimeoutMs?: number;
  /** Key prefix; its `{…}` hash tag keeps every key in one slot, which the scripts need. */
  keyPrefix?: string;
}

/*
 * The keys, under the prefix P:
 *   P nodes         sorted set: node id → the time (ms, Redis's clock) its lease ends
 *   P node:<id>     set of "<salonId>:<memberKey>" this node holds a connection for
 *   P salon:<id>    hash: memberKey → how many nodes hold a connection of that member
 * A salon's count is the salon hash's length. Every change is one Lua script, so each is
 * atomic against the others; a node writes only when a member's first connection to the
 * salon on this node arrives or its last one leaves.
 */
const prelude = `
local prefix = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function split(entry)
  local sep = string.find(entry, ':', 1, true)
  return string.sub(entry, 1, sep - 1), string.sub(entry, sep + 1)
end
local function reap(node, touched)
  local nodeKey = prefix .. 'node:' .. node
  for _, entry in ipairs(redis.call('SMEMBERS', nodeKey)) do
    local salon, member = split(entry)
    local salonKey = prefix .. 'salon:' .. salon
    if redis.call('HINCRBY', salonKey, member, -1) <= 0 then redis.call('HDEL', salonKey, member) end
    touched[salon] = true
  end
  redis.call('DEL', nodeKey)
  redis.call('ZREM', prefix .. 'nodes', node)
end
local function salons(touched)
  local out = {}
  for salon in pairs(touched) do table.insert(out, tonumber(salon)) end
  return out
end
`;

const scripts = {
  /** ARGV: prefix, node, salonId, memberKey → the salon's count. */
  add: `${prelude}
local salonKey = prefix .. 'salon:' .. ARGV[3]
if redis.call('SADD', prefix .. 'node:' .. ARGV[2], ARGV[3] .. ':' .. ARGV[4]) == 1 then
  redis.call('HINCRBY', salonKey, ARGV[4], 1)
end
return redis.call('HLEN', salonKey)`,
  /** ARGV: prefix, node, salonId, memberKey → the salon's count. */
  remove: `${prelude}
local salonKey = prefix .. 'salon:' .. ARGV[3]
if redis.call('SREM', prefix .. 'node:' .. ARGV[2], ARGV[3] .. ':' .. ARGV[4]) == 1 then
  if redis.call('HINCRBY', salonKey, ARGV[4], -1) <= 0 then redis.call('HDEL', salonKey, ARGV[4]) end
end
return redis.call('HLEN', salonKey)`,
  /**
   * ARGV: prefix, node, leaseMs → {1 if this node's lease was still valid (and is renewed)
   * else 0, salons whose count changed…}. Drops every node whose lease ended.
   */
  heartbeat: `${prelude}
local node, lease = ARGV[2], tonumber(ARGV[3])
local now = now_ms()
local touched = {}
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'nodes', '-inf', '(' .. now)) do
  if dead ~= node then reap(dead, touched) end
end
local ends = redis.call('ZSCORE', prefix .. 'nodes', node)
local alive = 0
if ends and tonumber(ends) >= now then
  redis.call('ZADD', prefix .. 'nodes', now + lease, node)
  alive = 1
end
local out = salons(touched)
table.insert(out, 1, alive)
return out`,
  /**
   * ARGV: prefix, node, leaseMs, entries… → salons whose count changed. Replaces whatever
   * Redis holds for this node by what the node really has (after an outage, a flush, or
   * a lease that ran out while the node was stalled) and renews its lease.
   */
  resync: `${prelude}
local node, lease = ARGV[2], tonumber(ARGV[3])
local touched = {}
reap(node, touched)
local nodeKey = prefix .. 'node:' .. node
for i = 4, #ARGV do
  if redis.call('SADD', nodeKey, ARGV[i]) == 1 then
    local salon, member = split(ARGV[i])
    redis.call('HINCRBY', prefix .. 'salon:' .. salon, member, 1)
    touched[salon] = true
  end
end
redis.call('ZADD', prefix .. 'nodes', now_ms() + lease, node)
return salons(touched)`,
  /** ARGV: prefix, node → salons whose count changed. A clean shutdown. */
  leave: `${prelude}
local touched = {}
reap(ARGV[2], touched)
return salons(touched)`,
};

class RedisUnavailable extends Error {}

/**
 * Presence shared by every node through Redis. A member counts once per salon however
 * many tabs they have on however many nodes. Each node holds a lease it renews on a
 * heartbeat; a node that dies stops renewing, and the next heartbeat of any live node
 * drops its members (within a lease and a heartbeat). A node that finds its own lease
 * gone, or that could not reach Redis, rewrites its share from what it really holds.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly nodeId: string;
  private readonly local = new LocalPresence();
  /** The last count Redis answered per salon: what a join sees while Redis is unreachable. */
  private readonly lastCounts = new Map<number, number>();
  private readonly listeners = new Set<(salonIds: number[]) => void>();
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly commandTimeoutMs: number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  /** Redis may not match this node's connections (a command failed): resync on the next beat. */
  private dirty = true;
  private closed = false;

  constructor(
    private readonly redis: PresenceRedis,
    options: RedisPresenceOptions,
  ) {
    this.logger = options.logger;
    this.nodeId = options.nodeId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 15_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor(this.leaseMs / 3));
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    this.prefix = options.keyPrefix ?? "scibridge:{presence}:";
  }

  /** Registers this node and starts the heartbeat. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  watch(listener: (salonIds: number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async add(salonId: number, memberKey: string, socketId: string): Promise<number> {
    const first = this.local.add(salonId, memberKey, socketId);
    return this.counted(salonId, () =>
      first ? this.run("add", [String(salonId), memberKey]) : this.redis.hLen(this.salonKey(salonId)),
    );
  }

  async remove(salonId: number, memberKey: string, socketId: string): Promise<number> {
    const last = this.local.remove(salonId, memberKey, socketId);
    return this.counted(salonId, () =>
      last ? this.run("remove", [String(salonId), memberKey]) : this.redis.hLen(this.salonKey(salonId)),
    );
  }

  async count(salonId: number): Promise<number> {
    return this.counted(salonId, () => this.redis.hLen(this.salonKey(salonId)));
  }

  /** Stops the heartbeat and withdraws this node's members (other nodes see them leave). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    try {
      await this.run("leave", []);
    } catch (error) {
      this.logger.warn({ err: error }, "could not withdraw this node's presence; its lease will run out");
    }
  }

  /** Renews the lease and drops dead nodes; rewrites this node's share when Redis lost track of it. */
  private beat(): Promise<void> {
    this.beating ??= this.renew().finally(() => {
      this.beating = null;
    });
    return this.beating;
  }

  private async renew(): Promise<void> {
    if (this.closed) return;
    try {
      let touched: number[] = [];
      if (!this.dirty) {
        const [alive, ...reaped] = (await this.run("heartbeat", [String(this.leaseMs)])) as number[];
        touched = reaped;
        if (alive !== 1) this.dirty = true;
      }
      if (this.dirty) {
        // Read the connections when the script is sent: later adds and removes follow it on the connection.
        const entries = [...this.local.members()].map(({ salonId, memberKey }) => `${salonId}:${memberKey}`);
        const resynced = this.run("resync", [String(this.leaseMs), ...entries]);
        this.dirty = false;
        touched = [...new Set([...touched, ...((await resynced) as number[])])];
        this.logger.info({ node: this.nodeId, members: entries.length }, "presence registered in Redis");
      }
      if (touched.length > 0) for (const listener of this.listeners) listener(touched);
    } catch (error) {
      this.dirty = true;
      this.logger.warn({ err: error }, "could not renew presence in Redis; will retry");
    }
  }

  private salonKey(salonId: number): string {
    return `${this.prefix}salon:${salonId}`;
  }

  private run(script: keyof typeof scripts, args: string[]): Promise<unknown> {
    if (!this.redis.isReady) return Promise.reject(new RedisUnavailable("Redis is not connected"));
    return this.redis.eval(scripts[script], {
      keys: [`${this.prefix}nodes`],
      arguments: [this.prefix, this.nodeId, ...args],
    });
  }

  /**
   * A count from Redis, or while Redis is unreachable or slow, the last one it gave (the
   * caller is never held up by an outage; the next heartbeat puts Redis right).
   */
  private async counted(salonId: number, ask: () => Promise<unknown>): Promise<number> {
    if (this.closed) return this.lastCounts.get(salonId) ?? this.local.count(salonId);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = this.redis.isReady ? ask() : Promise.reject(new RedisUnavailable("Redis is not connected"));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailable("Redis did not answer in time")), this.commandTimeoutMs);
      });
      const count = Number(await Promise.race([answer, timeout]));
      this.lastCounts.set(salonId, count);
      if (count === 0) this.lastCounts.delete(salonId);
      return count;
    } catch (error) {
      this.dirty = true;
      this.logger.warn({ err: error, salonId }, "presence fell back to the last known count");
      return Math.max(this.lastCounts.get(salonId) ?? 0, this.local.count(salonId));
    } finally {
      clearTimeout(timer);
    }
  }
}
