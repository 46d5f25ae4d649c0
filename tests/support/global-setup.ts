import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../scripts/lib/migrate-database.js";
import { removeDatabaseFiles, testTmpDir } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database each test file copies (see database.ts). */
    templateDatabaseFile: string;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Templates left by runs that were killed before their teardown. */
function removeTemplatesOfEndedRuns(): void {
  for (const name of fs.readdirSync(testTmpDir)) {
    const pid = /^template-(\d+)\.db$/.exec(name)?.[1];
    if (pid && !running(Number(pid))) removeDatabaseFiles(path.join(testTmpDir, name));
  }
}

/**
 * Migrates one template database per run; each test file copies it. The file is this run's own,
 * so two runs in one checkout (a watch run beside a full one) never delete each other's template.
 */
export default function setup(project: TestProject): () => void {
  fs.mkdirSync(testTmpDir, { recursive: true });
  removeTemplatesOfEndedRuns();
  const templateDatabaseFile = path.join(testTmpDir, `template-${process.pid}.db`);
  removeDatabaseFiles(templateDatabaseFile);
  migrateDatabase(`file:${templateDatabaseFile}`);
  project.provide("templateDatabaseFile", templateDatabaseFile);
  return () => removeDatabaseFiles(templateDatabaseFile);
}
