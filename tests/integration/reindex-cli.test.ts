import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteFtsIndex } from "../../matching/index.js";
import { searchDatabaseFile } from "../../server/db/database-files.js";
import { searchSchemas } from "../../server/indexing/search-documents.js";
import { repoRoot } from "../support/paths.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const run = promisify(execFile);
const reindexScript = path.join(repoRoot, "scripts", "reindex.ts");

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await db.expert.create({ data: { name: "陈立新", keywords: JSON.stringify(["锂电池", "固态电解质"]) } });
  await db.need.create({ data: { title: "大黄鱼养殖水质在线监测", status: "open" } });
  await db.need.create({ data: { title: "草稿：茶叶萎凋设备", status: "draft" } });
  await db.technology.create({ data: { title: "石墨烯导热膜制备技术" } });
});
afterAll(async () => {
  await database.close();
});

async function searchIds(index: "experts" | "needs" | "technologies", query: string): Promise<string[]> {
  const engine = new SqliteFtsIndex({ file: searchDatabaseFile(database.file) });
  try {
    await engine.applySchema(index, searchSchemas[index]);
    return (await engine.search(index, { query, page: 1, pageSize: 10 })).hits.map((hit) => hit.id);
  } finally {
    await engine.close();
  }
}

describe("npm run reindex", () => {
  it("rebuilds every index from the database and sweeps entries that must not be there", async () => {
    // A stale entry: a record that no longer exists.
    const engine = new SqliteFtsIndex({ file: searchDatabaseFile(database.file) });
    await engine.applySchema("needs", searchSchemas.needs);
    await engine.upsert("needs", [{ id: "999999", text: { title: "已删除的需求" }, attributes: { updatedAt: 1 } }]);
    await engine.close();

    const { stdout } = await run(process.execPath, ["--import", "tsx", reindexScript], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "silent" },
    });
    expect(stdout).toMatch(/4 records queued/);
    expect(stdout).toMatch(/1 stale entries removed/);
    expect(await searchIds("experts", "锂电池")).toHaveLength(1);
    expect(await searchIds("needs", "大黄鱼")).toHaveLength(1);
    expect(await searchIds("needs", "茶叶")).toEqual([]);
    expect(await searchIds("needs", "已删除")).toEqual([]);
    expect(await searchIds("technologies", "石墨烯")).toHaveLength(1);
    expect(await database.db.searchOutbox.count()).toBe(0);
  });
});
