import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteFtsIndex } from "../../matching/index.js";
import { enqueueRebuildOfEmptyIndexes } from "../../server/indexing/index-worker.js";
import { searchSchemas } from "../../server/indexing/search-documents.js";
import { searchIndexNames } from "../../server/indexing/search-outbox.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let engine: SqliteFtsIndex;

beforeEach(async () => {
  database = await createTestDatabase();
  engine = new SqliteFtsIndex({ file: ":memory:" });
  for (const name of searchIndexNames) await engine.applySchema(name, searchSchemas[name]);
});
afterEach(async () => {
  await engine.close();
  await database.close();
});

describe("rebuilding empty indexes at start-up", () => {
  it("queues every record of an index that is empty while the database has records", async () => {
    await database.db.expert.createMany({ data: [{ name: "甲" }, { name: "乙" }] });
    expect(await enqueueRebuildOfEmptyIndexes(database.db, engine)).toEqual(["experts"]);
    expect(await database.db.searchOutbox.count({ where: { index: "experts" } })).toBe(2);
  });

  it("queues the records not yet queued when only some are (a restored backup taken with changes pending)", async () => {
    const experts = await Promise.all(["甲", "乙", "丙"].map((name) => database.db.expert.create({ data: { name } })));
    await database.db.searchOutbox.create({ data: { index: "experts", documentId: experts[1]!.id } });
    expect(await enqueueRebuildOfEmptyIndexes(database.db, engine)).toEqual(["experts"]);
    const queued = await database.db.searchOutbox.findMany({
      where: { index: "experts" },
      orderBy: { documentId: "asc" },
    });
    expect(queued.map((row) => row.documentId)).toEqual(experts.map((expert) => expert.id));
  });

  it("leaves alone an index whose records are already queued or indexed", async () => {
    const expert = await database.db.expert.create({ data: { name: "甲" } });
    await database.db.searchOutbox.create({ data: { index: "experts", documentId: expert.id } });
    expect(await enqueueRebuildOfEmptyIndexes(database.db, engine)).toEqual([]);
    await engine.upsert("experts", [{ id: String(expert.id), text: { name: "甲" }, attributes: { updatedAt: 1 } }]);
    await database.db.searchOutbox.deleteMany();
    expect(await enqueueRebuildOfEmptyIndexes(database.db, engine)).toEqual([]);
  });
});
