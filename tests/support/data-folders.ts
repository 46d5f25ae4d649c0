import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { testTmpDir } from "./paths.js";

/**
 * A folder laid out like `./data` on a machine of its own: `scibridge.db` (a copy of the migrated
 * test template), and beside it whatever the server or a command writes there (session secret,
 * search index, lock, backups/, replaced-…/).
 */
export interface DataFolder {
  dir: string;
  databaseFile: string;
  /** DATABASE_URL for it. */
  url: string;
  at(name: string): string;
  remove(): void;
}

export function createDataFolder(prefix: string, options: { database?: boolean } = {}): DataFolder {
  fs.mkdirSync(testTmpDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(testTmpDir, `${prefix}-`));
  const databaseFile = path.join(dir, "scibridge.db");
  if (options.database ?? true) fs.copyFileSync(inject("templateDatabaseFile"), databaseFile);
  return {
    dir,
    databaseFile,
    url: `file:${databaseFile}`,
    at: (name) => path.join(dir, name),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** sha256 of every file under `dir` by relative name: what a refused restore must leave as it was. */
export function fileHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, file)] = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  }
  return hashes;
}

/**
 * Damages an SQLite file the way a bad disk might, in a way `PRAGMA integrity_check` reports
 * rather than one that stops SQLite from opening it: the first two cells of a table's leaf page
 * change places, so its rows are out of order.
 */
export function swapFirstTwoCells(file: string): void {
  const bytes = fs.readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  for (let page = 2; page * pageSize <= bytes.length; page += 1) {
    const start = (page - 1) * pageSize;
    const tableLeaf = bytes[start] === 0x0d;
    if (!tableLeaf || bytes.readUInt16BE(start + 3) < 2) continue;
    const first = bytes.readUInt16BE(start + 8);
    bytes.writeUInt16BE(bytes.readUInt16BE(start + 10), start + 8);
    bytes.writeUInt16BE(first, start + 10);
    fs.writeFileSync(file, bytes);
    return;
  }
  throw new Error(`${file} has no table page with two rows to swap`);
}
