import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DatabaseInUseError,
  holdDatabaseInUse,
  takeDatabaseExclusively,
  type HeldLock,
} from "../../../../server/db/database-in-use-lock.js";

const held: HeldLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});

const databaseFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-lock-")), "app.db");

describe("the database in-use lock", () => {
  it("is held by several users at once (nodes of one database) and refuses a restore until the last lets go", () => {
    const file = databaseFile();
    const first = holdDatabaseInUse(file);
    const second = holdDatabaseInUse(file);
    held.push(first, second);
    expect(fs.existsSync(path.join(path.dirname(file), "app.in-use.lock"))).toBe(true);
    expect(() => takeDatabaseExclusively(file)).toThrow(DatabaseInUseError);
    expect(() => takeDatabaseExclusively(file)).toThrow(/using .*app\.db .*stop it first/);
    first.release();
    expect(() => takeDatabaseExclusively(file)).toThrow(DatabaseInUseError);
    second.release();
    const restore = takeDatabaseExclusively(file);
    restore.release();
    restore.release(); // a second release does nothing
  });

  it("keeps a server from starting while a restore holds the database, after waiting a moment", () => {
    const file = databaseFile();
    const restore = takeDatabaseExclusively(file);
    held.push(restore);
    const started = performance.now();
    expect(() => holdDatabaseInUse(file, { waitMs: 100 })).toThrow(/being restored from a backup/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    restore.release();
    held.push(holdDatabaseInUse(file));
  });
});
