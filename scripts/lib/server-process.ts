import { spawn, type ChildProcess } from "node:child_process";
import { projectRoot } from "../../server/project-root.js";

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Everything it logged (pino JSON lines), for assertions and failure messages. */
  output(): string;
  /** SIGTERM and wait: the node's graceful shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: the node dies without a goodbye. */
  kill(): Promise<void>;
}

/**
 * `server/main.ts` in its own process, as production runs it (from source), on a port the
 * OS picks (PORT=0); the port is read from its "listening" log line.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 40_000): Promise<ServerProcess> {
  // tsx as a loader rather than its CLI: the CLI runs the server in a child of its own,
  // which a SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split("\n")) {
        if (!line.includes('"port"') || !line.includes("listening")) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
    },
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
  };
}

/** Resolves once the child process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}
