import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";

let database: TestDatabase;
/** Another connection to the same file, as another process (the import CLI, the server) has. */
let other: Database.Database;

beforeAll(async () => {
  database = await createTestDatabase();
  other = new Database(database.file, { timeout: 0 });
});
afterAll(async () => {
  other.close();
  await database.close();
});

const insertElsewhere = () =>
  other.prepare(`INSERT INTO "Organization" ("name", "updatedAt") VALUES ('from elsewhere', 0)`).run();

describe("SQLite shared with other processes", () => {
  it("waits up to ten seconds for a busy database on every connection", async () => {
    const rows = await database.db.$queryRawUnsafe<Array<{ timeout: bigint | number }>>("PRAGMA busy_timeout");
    expect(Number(rows[0]!.timeout)).toBe(10_000);
  });

  it("takes the write lock when a transaction begins, before its first read", async () => {
    let refused: unknown;
    await database.db.$transaction(async (tx) => {
      await tx.organization.count();
      // Deferred, the transaction would hold only a read snapshot here; the other connection
      // could commit, and the transaction's first write would then fail with SQLITE_BUSY.
      try {
        insertElsewhere();
      } catch (error) {
        refused = error;
      }
      await tx.organization.create({ data: { name: "in the transaction" } });
    });
    expect(refused).toMatchObject({ code: "SQLITE_BUSY" });
    expect(insertElsewhere().changes).toBe(1); // free again once the transaction ends
    const names = (await database.db.organization.findMany({ orderBy: { id: "asc" } })).map((row) => row.name);
    expect(names).toEqual(["in the transaction", "from elsewhere"]);
  });

  it("releases the write lock when a transaction rolls back", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await tx.organization.create({ data: { name: "rolled back" } });
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(insertElsewhere().changes).toBe(1);
    expect(await database.db.organization.count({ where: { name: "rolled back" } })).toBe(0);
  });

  it("ends the transaction and frees the connection when its COMMIT fails", async () => {
    const failing = database.db.$transaction(async (tx) => {
      // A deferred foreign key is checked at COMMIT, which then fails with the transaction still open.
      await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
      await tx.$executeRawUnsafe(
        `INSERT INTO "Technology" ("title", "ownerId", "updatedAt") VALUES ('orphan', 999999, 0)`,
      );
    });
    await expect(failing).rejects.toThrow(/ForeignKeyConstraintViolation|FOREIGN KEY/);
    // Neither this process nor another is left waiting for a lock nobody releases.
    expect(await database.db.technology.count()).toBe(0);
    expect(insertElsewhere().changes).toBe(1);
  });
});
