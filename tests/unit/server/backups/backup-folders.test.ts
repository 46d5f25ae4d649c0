import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupFolderName, listBackupFolders, nameBackupFolder } from "../../../../server/backups/backup-folders.js";

describe("backup folder names", () => {
  it("names a backup by its UTC second", () => {
    expect(backupFolderName(new Date("2026-12-07T20:15:00.123Z"))).toBe("scibridge-backup-20261207T201500Z");
    expect(backupFolderName(new Date("2026-12-07T20:15:00Z"), 2)).toBe("scibridge-backup-20261207T201500Z-2");
  });

  it("lists only folders named like backups, newest first, and names a finished one with a free name", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-backup-names-"));
    for (const name of [
      "scibridge-backup-20261205T010000Z",
      "scibridge-backup-20261207T201500Z",
      "scibridge-backup-20261207T201500Z-2",
      "scibridge-backup-20261207T201500Z-10",
      "scibridge-backup-20261399T000000Z", // no such day
      "scibridge-backup-latest",
      "my-backups",
    ]) {
      fs.mkdirSync(path.join(directory, name));
    }
    fs.writeFileSync(path.join(directory, "scibridge-backup-20261206T000000Z"), "a file, not a folder");
    const listed = await listBackupFolders(directory);
    expect(listed.map((folder) => folder.name)).toEqual([
      "scibridge-backup-20261207T201500Z-10",
      "scibridge-backup-20261207T201500Z-2",
      "scibridge-backup-20261207T201500Z",
      "scibridge-backup-20261205T010000Z",
    ]);
    expect(listed[3]!.takenAt.toISOString()).toBe("2026-12-05T01:00:00.000Z");
    fs.mkdirSync(path.join(directory, ".finished"));
    fs.writeFileSync(path.join(directory, ".finished", "manifest.json"), "{}");
    expect(await nameBackupFolder(path.join(directory, ".finished"), directory, new Date("2026-12-05T01:00:00Z"))).toBe(
      path.join(directory, "scibridge-backup-20261205T010000Z-2"),
    );
    expect(await listBackupFolders(path.join(directory, "missing"))).toEqual([]);
    fs.rmSync(directory, { recursive: true });
  });
});
