import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient, type RedisClientType } from "redis";
import type { ServerOptions } from "socket.io";
import type { Logger } from "../logger.js";
import { RedisPresenceStore } from "./redis-presence-store.js";

export interface RealtimeClusterHealth {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

/**
 * What several nodes share through Redis: the Socket.IO adapter (broadcasts, room changes
 * and disconnects reach sockets on every node) and the presence counts.
 */
export interface RealtimeCluster {
  adapter: NonNullable<ServerOptions["adapter"]>;
  presence: RedisPresenceStore;
  health(): Promise<RealtimeClusterHealth>;
  /** Withdraws this node's presence and closes the connection (after the realtime server closed). */
  close(): Promise<void>;
}

export interface RealtimeClusterOptions {
  logger: Logger;
  presenceLeaseMs?: number;
}

/**
 * Connects to Redis and builds the Streams adapter on it. The Streams adapter rather than
 * the pub/sub one: broadcasts go through a Redis stream each node reads from its last
 * offset, so a Redis restart or a dropped connection delays packets instead of losing them.
 */
export async function connectRealtimeCluster(url: string, options: RealtimeClusterOptions): Promise<RealtimeCluster> {
  const { logger } = options;
  // Commands wait in a queue while Redis is away (the adapter's broadcasts go out once it is
  // back); the bound keeps a long outage from growing the queue without end. Salon events
  // are not at risk: whatever a node misses, it reads from the log.
  const client = createClient({ url, commandsQueueMaxLength: 20_000 }) as RedisClientType;
  let down = false;
  client.on("error", (error: unknown) => {
    // node-redis reports every failed reconnection attempt; one line per outage is enough.
    if (!down) logger.warn({ err: error }, "Redis connection lost; reconnecting");
    down = true;
  });
  client.on("ready", () => {
    if (down) logger.info("Redis connection restored");
    down = false;
  });
  await client.connect();
  const presence = new RedisPresenceStore(client, { logger, leaseMs: options.presenceLeaseMs });
  await presence.start();
  return {
    adapter: createAdapter(client, { streamName: "scibridge:socket.io", channelPrefix: "scibridge:socket.io" }),
    presence,
    async health() {
      if (!client.isReady) return { ok: false, error: "not connected" };
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error("no answer within 1 s")), 1000);
          }),
        ]);
        return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await presence.close();
      // close() lets queued commands finish, which would wait for a Redis that is down.
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}
