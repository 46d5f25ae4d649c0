import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { createApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { createContainer, type Container } from "../../server/container.js";
import { createRealtime, type Realtime, type RealtimeOptions } from "../../server/realtime/create-realtime.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export interface TestApp {
  app: Express;
  container: Container;
  database: TestDatabase;
  close(): Promise<void>;
}

type TestAppOptions = Parameters<typeof createContainer>[1] & {
  /** An existing database (a "restart"); the caller owns it and closing the app leaves it. */
  database?: TestDatabase;
};

/** The real application on a fresh SQLite copy, for supertest. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const { database: given, ...containerOptions } = options;
  const database = given ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
    SESSION_SECRET: "test-secret-test-secret-test-secret-0000",
    // Every test client comes from 127.0.0.1; tests/integration/abuse-limits.test.ts turns them on.
    ABUSE_LIMITS: "off",
    ...env,
  });
  const container = await createContainer(config, containerOptions);
  return {
    app: createApp(container),
    container,
    database,
    async close() {
      await container.close();
      if (!given) await database.close();
    },
  };
}

export interface RunningTestServer extends TestApp {
  server: Server;
  realtime: Realtime;
  baseUrl: string;
}

/** The real application and its Socket.IO server listening on an ephemeral port (browser and socket tests). */
export async function startTestServer(
  env: Record<string, string> = {},
  options: TestAppOptions & { realtime?: RealtimeOptions } = {},
): Promise<RunningTestServer> {
  const { realtime: realtimeOptions, ...containerOptions } = options;
  // Listen first: the port is then known, and links in emails (PUBLIC_URL) point at this server.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let testApp: TestApp;
  try {
    testApp = await createTestApp({ PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }, containerOptions);
  } catch (error) {
    server.close();
    throw error;
  }
  server.on("request", testApp.app);
  const realtime = createRealtime(server, testApp.container, {
    ...testApp.container.realtimeCluster,
    ...realtimeOptions,
  });
  return {
    ...testApp,
    server,
    realtime,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.close();
    },
  };
}
