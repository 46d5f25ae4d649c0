import { spawn, type ChildProcess } from "node:child_process";
import { exited } from "../../scripts/lib/server-process.js";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createClient } from "redis";
import { testTmpDir } from "./paths.js";

/** Debian's redis-server (or REDIS_SERVER_PATH); the multi-node suites skip, loudly, when it is absent. */
export const redisServerPath = process.env.REDIS_SERVER_PATH || "/usr/bin/redis-server";

export function redisServerFor(suite: string): boolean {
  const available = fs.existsSync(redisServerPath);
  if (!available) {
    console.warn(
      `[redis] Skipping ${suite}: no redis-server at ${redisServerPath} (set REDIS_SERVER_PATH or apt-get install redis-server).`,
    );
  }
  return available;
}

/** A port nothing listens on right now (redis-server cannot pick its own: `--port 0` turns TCP off). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function answersPing(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

export { exited };

/** redis-server on `port` once it answers PING; `child` is null when it could not start (say, the port was taken). */
async function launch(port: number, dir: string): Promise<{ child: ChildProcess | null; output: string }> {
  const child = spawn(
    redisServerPath,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (await answersPing(url)) return { child, output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  await exited(child);
  return { child: null, output };
}

export interface RunningRedis {
  url: string;
  port: number;
  /** Kills the server (losing everything it held, as a crash would) and starts a fresh one on the same port. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** A throw-away redis-server on loopback: no persistence, its own directory, stopped by `stop()`. */
export async function startRedisServer(): Promise<RunningRedis> {
  const dir = fs.mkdtempSync(path.join(testTmpDir, "redis-"));
  let output = "";
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const launched = await launch(port, dir);
    output = launched.output;
    let child = launched.child;
    // Another process may have taken the port between probing and starting: try another.
    if (!child) continue;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async restart({ downMs = 0 } = {}) {
        child?.kill("SIGKILL");
        if (child) await exited(child);
        await new Promise((resolve) => setTimeout(resolve, downMs));
        const again = await launch(port, dir);
        child = again.child;
        if (!child) throw new Error(`redis-server did not come back on port ${port}:\n${again.output}`);
      },
      async stop() {
        child?.kill("SIGTERM");
        if (child) await exited(child);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start:\n${output}`);
}
