import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const organization = (name: string) => database.db.organization.create({ data: { name } });
const names = async () => (await database.db.organization.findMany({ orderBy: { id: "asc" } })).map((o) => o.name);

describe("one SQLite connection shared by concurrent requests", () => {
  it("keeps a write made while another request's transaction is open when that transaction rolls back", async () => {
    let opened!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
    let outsideDone!: () => void;
    const outsideFinished = new Promise<void>((resolve) => (outsideDone = resolve));
    const failing = database.db
      .$transaction(async (tx) => {
        await tx.organization.create({ data: { name: "written in the transaction" } });
        opened();
        // Unfenced, the outside write runs inside this transaction and finishes here; fenced,
        // it waits for the transaction to end, so give up waiting after a while.
        await Promise.race([outsideFinished, new Promise((resolve) => setTimeout(resolve, 300))]);
        throw new Error("refused");
      })
      .catch((error: Error) => error.message);
    await transactionOpen;
    const outside = organization("written outside it meanwhile").then(outsideDone);
    expect(await failing).toBe("refused");
    await outside;
    expect(await names()).toEqual(["written outside it meanwhile"]);
  });

  it("lets reads outside a transaction see only committed data", async () => {
    let opened!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const committing = database.db.$transaction(async (tx) => {
      await tx.organization.create({ data: { name: "not yet committed" } });
      opened();
      await held;
    });
    await transactionOpen;
    const read = names();
    release();
    await committing;
    expect(await read).toContain("not yet committed"); // read after the commit, never in the middle
  });
});
