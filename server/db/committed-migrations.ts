import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../project-root.js";

/**
 * The migrations this version of SciBridge ships (prisma/migrations), oldest first: what
 * `prisma migrate deploy` brings a database up to. A restore compares a backup's applied
 * migrations with them: fewer is an older backup that the next start migrates, an unknown one
 * was made by a newer version.
 */
export function committedMigrations(): string[] {
  const directory = path.join(projectRoot, "prisma", "migrations");
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(directory, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}
