import { spawn, type ChildProcess } from "node:child_process";
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

export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
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

/** Resolves once the child process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** A throw-away redis-server on loopback: no persistence, its own directory, stopped by `stop()`. */
export async function startRedisServer(): Promise<RunningRedis> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(testTmpDir, "redis-"));
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
    while (child.exitCode === null && Date.now() < deadline && !(await answersPing(url))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stop = async () => {
      child.kill("SIGTERM");
      await exited(child);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    if (child.exitCode === null && (await answersPing(url))) return { url, port, stop };
    await stop();
    // Another process may have taken the port between probing and starting: try another.
    if (attempt === 2) throw new Error(`redis-server did not start:\n${output}`);
  }
  throw new Error("unreachable");
}
