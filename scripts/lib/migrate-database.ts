import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { projectRoot } from "../../server/project-root.js";

/**
 * The Prisma CLI's entry point (its package's `bin`), run with this Node. `npx prisma` starts npm
 * first to find the same file, which costs about a second of every migration.
 */
function prismaCli(): string {
  const manifest = createRequire(import.meta.url).resolve("prisma/package.json");
  const { bin } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { bin: { prisma: string } };
  return path.join(path.dirname(manifest), bin.prisma);
}

/** `prisma migrate deploy` on the database at `databaseUrl`: the committed migrations, in order. */
export function migrateDatabase(databaseUrl: string, env: Record<string, string> = {}): void {
  execFileSync(process.execPath, [prismaCli(), "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}
