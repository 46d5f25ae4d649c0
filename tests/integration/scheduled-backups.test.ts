import fs from "node:fs";
import path from "node:path";
import { pino } from "pino";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { listBackupFolders } from "../../server/backups/backup-folders.js";
import { takeBackup } from "../../server/backups/take-backup.js";
import { adjustableClock } from "../support/adjustable-clock.js";
import { createDataFolder, type DataFolder } from "../support/data-folders.js";
import { insertBulkExperts } from "../support/generated-experts.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp | undefined;
let data: DataFolder | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  data?.remove();
  data = undefined;
});

const hours = (n: number) => n * 3600_000;
const readyz = async (app: TestApp) => (await request(app.app).get("/readyz")).body.backups;

/** The app over a data folder of its own, with the server's backups configured by `env`. */
async function appWithBackups(env: Record<string, string>, options: Parameters<typeof createTestApp>[1] = {}) {
  data = createDataFolder("scheduled-backups");
  t = await createTestApp({ DATABASE_URL: data.url, BACKUP_DIR: data.at("backups"), ...env }, options);
  return t;
}

describe("the server's scheduled backups", () => {
  it("are off in tests unless a test asks: nothing is written, /readyz says so", async () => {
    const app = await appWithBackups({});
    expect(app.container.config.backups.everyMs).toBe(0);
    app.container.backups.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.existsSync(data!.at("backups"))).toBe(false);
    expect(await readyz(app)).toMatchObject({ everyHours: 0, lastBackupAt: null, lastAttemptFailed: false });
  });

  it("takes one shortly after start when none is recent, logs it, reports it, and not again until the interval has passed", async () => {
    const lines: { msg: string; folder?: string }[] = [];
    const logger = pino({ level: "info", base: undefined }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const clock = adjustableClock();
    const app = await appWithBackups(
      { BACKUP_EVERY_HOURS: "24" },
      { logger, clock, backups: { firstCheckDelayMs: 100, checkEveryMs: 100 } },
    );
    const startedAt = Date.now();
    app.container.backups.start();
    while ((await listBackupFolders(data!.at("backups"))).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Date.now() - startedAt, "the first check waits").toBeGreaterThanOrEqual(90);
    const [first] = await listBackupFolders(data!.at("backups"));
    expect(lines).toContainEqual(expect.objectContaining({ msg: "backup written", folder: first!.path }));
    expect(await readyz(app)).toEqual({
      everyHours: 24,
      keep: 7,
      running: false,
      lastBackupAt: first!.takenAt.toISOString(),
      lastAttemptAt: expect.any(String),
      lastAttemptFailed: false,
      lastError: null,
    });
    // Several checks later, still one: the newest is younger than a day.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await listBackupFolders(data!.at("backups"))).toHaveLength(1);
    clock.setTo(new Date(Date.now() + hours(24)));
    while ((await listBackupFolders(data!.at("backups"))).length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it("counts an operator's recent backup: none is due while it is younger than the interval", async () => {
    const clock = adjustableClock();
    const app = await appWithBackups({ BACKUP_EVERY_HOURS: "24" }, { clock });
    const now = clock.now();
    await takeBackup({ databaseFile: data!.databaseFile, directory: data!.at("backups"), trigger: "manual", now });
    clock.setTo(new Date(now.getTime() + hours(23)));
    expect(await app.container.backups.runOnce()).toBeNull();
    clock.setTo(new Date(now.getTime() + hours(24)));
    expect(await app.container.backups.runOnce()).not.toBeNull();
  });

  it("keeps exactly BACKUP_KEEP of its own backups and leaves everything else in the folder alone", async () => {
    const clock = adjustableClock();
    const app = await appWithBackups({ BACKUP_EVERY_HOURS: "24", BACKUP_KEEP: "2" }, { clock });
    const backups = data!.at("backups");
    const t0 = new Date("2026-12-01T02:00:00Z");
    // An operator's backup before an upgrade, notes, a folder named like a backup that is not one.
    const manual = await takeBackup({
      databaseFile: data!.databaseFile,
      directory: backups,
      trigger: "manual",
      now: new Date(t0.getTime() - hours(24 * 30)),
    });
    fs.writeFileSync(path.join(backups, "README.txt"), "copied to the NAS every Sunday");
    fs.mkdirSync(path.join(backups, "scibridge-backup-20250101T000000Z"));
    fs.writeFileSync(path.join(backups, "scibridge-backup-20250101T000000Z", "notes.txt"), "not a backup");
    fs.mkdirSync(path.join(backups, "before-migration"));

    const taken: string[] = [];
    for (let day = 0; day < 5; day += 1) {
      clock.setTo(new Date(t0.getTime() + hours(24 * day + 1)));
      const backup = await app.container.backups.runOnce();
      taken.push(path.basename(backup!.folder));
    }
    expect(fs.readdirSync(backups).sort()).toEqual(
      [
        path.basename(manual.folder),
        "README.txt",
        "scibridge-backup-20250101T000000Z",
        "before-migration",
        ...taken.slice(-2),
      ].sort(),
    );
    expect(fs.readdirSync(path.join(backups, "scibridge-backup-20250101T000000Z"))).toEqual(["notes.txt"]);
  });

  it("reports a failed attempt on /readyz and tries again at the next check", async () => {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: "info", base: undefined }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const app = await appWithBackups({ BACKUP_EVERY_HOURS: "24" }, { logger });
    // The backup folder's place is taken by a file: the attempt fails.
    fs.writeFileSync(data!.at("backups"), "");
    expect(await app.container.backups.runOnce()).toBeNull();
    const failed = await readyz(app);
    expect(failed).toMatchObject({
      lastBackupAt: null,
      lastAttemptFailed: true,
      lastError: expect.stringMatching(/EEXIST|ENOTDIR/),
    });
    expect(lines).toContainEqual(expect.objectContaining({ msg: "backup failed; the next check tries again" }));
    fs.rmSync(data!.at("backups"));
    expect(await app.container.backups.runOnce()).not.toBeNull();
    expect(await readyz(app)).toMatchObject({
      lastBackupAt: expect.any(String),
      lastAttemptFailed: false,
      lastError: null,
    });
  });

  it("cancels a backup in progress when the server shuts down, leaving no folder behind", async () => {
    const app = await appWithBackups({ BACKUP_EVERY_HOURS: "24" });
    // Some thousands of pages: the copy takes several steps, and the worker hears the cancel between two.
    insertBulkExperts(data!.databaseFile, 5_000);
    const running = app.container.backups.runOnce();
    await app.container.backups.stop();
    expect(await running).toBeNull();
    expect(await readyz(app)).toMatchObject({ lastAttemptFailed: true, lastError: "the backup was cancelled" });
    expect(fs.readdirSync(data!.at("backups"))).toEqual([]);
  });
});
