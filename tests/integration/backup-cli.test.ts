import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBackupFolders } from "../../server/backups/backup-folders.js";
import { backupManifestSchema } from "../../server/backups/backup-manifest.js";
import { committedMigrations } from "../../server/db/committed-migrations.js";
import { createPrismaClient } from "../../server/db/prisma.js";
import { fileDigest } from "../../server/backups/file-digests.js";
import { runScript } from "../support/cli-process.js";
import { createDataFolder, type DataFolder } from "../support/data-folders.js";
import { buildNeed } from "../support/factories.js";
import { insertGeneratedExperts } from "../support/generated-experts.js";
import { registerEnterprise, sessionRequest } from "../support/http-session.js";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";

let data: DataFolder;
let server: ServerProcess | undefined;

beforeAll(async () => {
  data = createDataFolder("backup-cli");
  // Enough rows that the copy spans many pages while the server writes.
  const db = await createPrismaClient(data.url);
  await insertGeneratedExperts(db, 3_000);
  await db.$disconnect();
});
afterAll(async () => {
  await server?.stop();
  data.remove();
});

const readManifest = (folder: string) =>
  backupManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, "manifest.json"), "utf8")));

describe("npm run backup", () => {
  it("takes a consistent snapshot while the server writes: every acknowledged write up to a point, none after", async () => {
    server = await startServerProcess({ DATABASE_URL: data.url });
    const enterprise = await registerEnterprise(server.baseUrl, "福州某新材料有限公司");
    // One writer, one need after another: a consistent snapshot holds exactly the first k of them.
    let acknowledged = 0;
    let writing = true;
    const writer = (async () => {
      for (let n = 1; writing; n += 1) {
        const response = await sessionRequest(server!.baseUrl, enterprise, "POST", "/api/needs", {
          ...buildNeed({ title: `备份期间发布的需求 ${n}` }),
        });
        if (response.status !== 201) throw new Error(`write ${n}: ${response.status} ${await response.text()}`);
        acknowledged = n;
      }
    })();
    while (acknowledged < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const acknowledgedBefore = acknowledged;
    const result = await runScript("backup.ts", ["--out", data.at("out")], { DATABASE_URL: data.url });
    const acknowledgedAfter = acknowledged;
    writing = false;
    await writer;

    expect(result.code, result.stderr).toBe(0);
    expect(acknowledgedAfter - acknowledgedBefore, "the server wrote during the backup").toBeGreaterThan(3);
    const [folder] = await listBackupFolders(data.at("out"));
    expect(result.stdout).toContain(`backup: wrote ${folder!.path}`);
    expect(result.stdout).toMatch(/integrity_check ok/);
    const manifest = readManifest(folder!.path);
    expect(manifest).toMatchObject({ format: 1, trigger: "manual", migrations: committedMigrations() });
    const snapshot = new Database(path.join(folder!.path, manifest.files.database.name), { readonly: true });
    try {
      expect(snapshot.pragma("integrity_check")).toEqual([{ integrity_check: "ok" }]);
      expect(snapshot.pragma("foreign_key_check")).toEqual([]);
      expect(snapshot.pragma("journal_mode", { simple: true }), "one self-contained file").toBe("delete");
      const titles = (
        snapshot.prepare("SELECT title FROM Need WHERE title LIKE '备份期间发布的需求 %'").all() as { title: string }[]
      ).map((row) => Number(row.title.split(" ")[1]));
      const k = titles.length;
      expect(new Set(titles)).toEqual(new Set(Array.from({ length: k }, (_, i) => i + 1)));
      expect(k).toBeGreaterThanOrEqual(acknowledgedBefore);
      expect(k).toBeLessThanOrEqual(acknowledgedAfter + 1);
      // The manifest's counts are of the same moment as the pages.
      for (const [table, count] of Object.entries(manifest.rowCounts)) {
        expect((snapshot.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n, table).toBe(count);
      }
      expect(manifest.rowCounts.Expert).toBe(3_000);
    } finally {
      snapshot.close();
    }
    expect(await fileDigest(path.join(folder!.path, "scibridge.db"))).toEqual({
      bytes: manifest.files.database.bytes,
      sha256: manifest.files.database.sha256,
    });
    // The server generated a session secret (SESSION_SECRET unset): it is in the backup, private.
    expect(fs.readFileSync(path.join(folder!.path, "session-secret"), "utf8")).toBe(
      fs.readFileSync(data.at("session-secret"), "utf8"),
    );
    expect(fs.statSync(folder!.path).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(folder!.path, "session-secret")).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(data.at("out")), "no unfinished folder left").toEqual([folder!.name]);
    await server.stop();
    server = undefined;
  }, 120_000);

  it("writes into backups/ beside the database by default, and a second backup in the same second gets its own folder", async () => {
    const [first, second] = await Promise.all([
      runScript("backup.ts", [], { DATABASE_URL: data.url }),
      runScript("backup.ts", [], { DATABASE_URL: data.url }),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const folders = await listBackupFolders(data.at("backups"));
    expect(folders).toHaveLength(2);
    expect(new Set([first.stdout, second.stdout].map((out) => /wrote (\S+)/.exec(out)?.[1]))).toEqual(
      new Set(folders.map((folder) => folder.path)),
    );
  }, 60_000);

  it("answers --help, and refuses a bad flag, a bad BACKUP_ setting or a missing database with the reason", async () => {
    const elsewhere = data.at("nothing-here.db");
    const [help, unknown, outIsFile, badConfig, missing] = await Promise.all([
      runScript("backup.ts", ["--help"]),
      runScript("backup.ts", ["--to", "x"], { DATABASE_URL: data.url }),
      runScript("backup.ts", ["--out", data.databaseFile], { DATABASE_URL: data.url }),
      runScript("backup.ts", [], { DATABASE_URL: data.url, BACKUP_KEEP: "0" }),
      runScript("backup.ts", [], { DATABASE_URL: `file:${elsewhere}` }),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: npm run backup \[-- --out DIR\]/);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--to'/);
    expect(unknown.stderr).toMatch(/usage: npm run backup/);

    expect(outIsFile.code).toBe(2);
    expect(outIsFile.stderr).toContain(`--out: ${data.databaseFile} is a file, not a folder`);

    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/BACKUP_KEEP: expected a whole number of backups to keep, at least 1/);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`there is no database at ${elsewhere}`);
    expect(fs.existsSync(elsewhere)).toBe(false);
  }, 60_000);
});
