import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inUseLockFile } from "../../server/db/database-files.js";
import { createPrismaClient, type Db } from "../../server/db/prisma.js";
import { inject } from "vitest";
import { removeDatabaseFiles, testTmpDir } from "./paths.js";

export interface TestDatabase {
  url: string;
  file: string;
  db: Db;
  /** Disconnects and deletes the database files. */
  close(): Promise<void>;
}

/** A fresh, migrated SQLite database: a copy of the template migrated in global setup. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const file = path.join(testTmpDir, `${randomUUID()}.db`);
  fs.copyFileSync(inject("templateDatabaseFile"), file);
  const url = `file:${file}`;
  const db = await createPrismaClient(url);
  return {
    url,
    file,
    db,
    async close() {
      await db.$disconnect();
      for (const base of [file, file.replace(/\.db$/, ".search.db")]) removeDatabaseFiles(base);
      fs.rmSync(file.replace(/\.db$/, ".matching-model.bin"), { force: true });
      // Nothing holds it once the app over this database has closed (the server never deletes it).
      fs.rmSync(inUseLockFile(file), { force: true });
    },
  };
}
