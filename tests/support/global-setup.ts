import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { templateDatabaseFile } from "./paths.js";

/** Migrates one template database per run; each test file copies it (see database.ts). */
export default function setup(): void {
  fs.mkdirSync(path.dirname(templateDatabaseFile), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(templateDatabaseFile + suffix, { force: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${templateDatabaseFile}` },
    stdio: "pipe",
  });
}
