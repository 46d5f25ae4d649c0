import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { repoRoot } from "./paths.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A module the start-up probe (start-up-probe.ts) preloads into a command. */
export const startUpProbe = path.join(repoRoot, "tests", "support", "start-up-probe.ts");

/**
 * Starts `scripts/<script>` under tsx the way `npm run` does, collecting its output; `preload`
 * is a module imported before the script (the start-up probe), `env` variables set for it
 * (DATABASE_URL…) over this process's.
 */
export function startScript(
  script: string,
  args: readonly string[],
  options: { preload?: string; env?: Record<string, string> } = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const preload = options.preload ? ["--import", options.preload] : [];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", ...preload, path.join(repoRoot, "scripts", script), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result };
}

/** Runs `scripts/<script>` to its end. */
export const runScript = (script: string, args: readonly string[], env?: Record<string, string>): Promise<CliResult> =>
  startScript(script, args, { env }).result;

/**
 * A temporary folder for one test file, made before its tests and removed after them:
 * `file(name, text)` writes a file in it and returns its path; `at(name)` only names one.
 */
export function useTempFolder(prefix: string) {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const at = (name: string) => path.join(dir, name);
  return {
    at,
    file: (name: string, text: string) => {
      fs.writeFileSync(at(name), text);
      return at(name);
    },
  };
}
