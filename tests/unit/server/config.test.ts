import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadStorageConfig } from "../../../server/config.js";

describe("loadConfig", () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-config-"));

  it("uses embedded defaults and generates a persisted session secret", () => {
    const base = dir();
    const url = `file:${path.join(base, "app.db")}`;
    const first = loadConfig({ DATABASE_URL: url });
    expect(first).toMatchObject({ port: 3000, searchEngine: "embedded", databaseFile: path.join(base, "app.db") });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATABASE_URL: url }).sessionSecret).toBe(first.sessionSecret);
    expect(fs.statSync(path.join(base, "session-secret")).mode & 0o777).toBe(0o600);
  });

  it("reports every invalid variable by name", () => {
    expect(() => loadConfig({ PORT: "eighty", DATABASE_URL: "postgres://x", SESSION_SECRET: "short" })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "postgres://x", SESSION_SECRET: "short" });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL/);
      expect((error as Error).message).toMatch(/SESSION_SECRET/);
    }
  });

  it("requires MEILI_URL when Meilisearch is selected", () => {
    expect(() => loadConfig({ SEARCH_ENGINE: "meilisearch", SESSION_SECRET: "x".repeat(32) })).toThrow(/MEILI_URL/);
  });

  it("accepts a redis:// REDIS_URL for several nodes and refuses other schemes", () => {
    const base = { SESSION_SECRET: "x".repeat(32), DATABASE_URL: `file:${path.join(dir(), "app.db")}` };
    expect(loadConfig(base)).toMatchObject({ redisUrl: undefined, presenceLeaseMs: 15_000 });
    expect(loadConfig({ ...base, REDIS_URL: "redis://cache:6379/0", PRESENCE_LEASE_SECONDS: "4" })).toMatchObject({
      redisUrl: "redis://cache:6379/0",
      presenceLeaseMs: 4000,
    });
    expect(loadConfig({ ...base, REDIS_URL: "rediss://cache:6380" }).redisUrl).toBe("rediss://cache:6380");
    expect(() => loadConfig({ ...base, REDIS_URL: "http://cache:6379" })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ ...base, REDIS_URL: "cache:6379" })).toThrow(/REDIS_URL/);
  });
});

describe("backups: BACKUP_EVERY_HOURS, BACKUP_KEEP, BACKUP_DIR", () => {
  const base = { SESSION_SECRET: "x".repeat(32), DATABASE_URL: "file:/srv/scibridge/app.db" };

  it("backs up daily into backups/ beside the database and keeps seven, but never in tests unless asked", () => {
    expect(loadConfig(base).backups).toEqual({ everyMs: 24 * 3600_000, keep: 7, directory: "/srv/scibridge/backups" });
    expect(loadConfig({ ...base, NODE_ENV: "production" }).backups.everyMs).toBe(24 * 3600_000);
    expect(loadConfig({ ...base, NODE_ENV: "test" }).backups.everyMs).toBe(0);
    expect(loadConfig({ ...base, NODE_ENV: "test", BACKUP_EVERY_HOURS: "6" }).backups.everyMs).toBe(6 * 3600_000);
  });

  it("reads the interval (0 turns backups off), the number kept and the folder", () => {
    const config = loadConfig({
      ...base,
      BACKUP_EVERY_HOURS: "0.5",
      BACKUP_KEEP: "30",
      BACKUP_DIR: "/mnt/nas/scibridge",
    });
    expect(config.backups).toEqual({ everyMs: 1800_000, keep: 30, directory: "/mnt/nas/scibridge" });
    expect(loadConfig({ ...base, BACKUP_EVERY_HOURS: "0" }).backups.everyMs).toBe(0);
  });

  it.each([
    ["BACKUP_EVERY_HOURS", "daily", /BACKUP_EVERY_HOURS: expected a number of hours \(0 turns scheduled backups off\)/],
    ["BACKUP_EVERY_HOURS", "-1", /BACKUP_EVERY_HOURS: .*not a negative one/],
    ["BACKUP_KEEP", "0", /BACKUP_KEEP: expected a whole number of backups to keep, at least 1/],
    ["BACKUP_KEEP", "2.5", /BACKUP_KEEP: expected a whole number/],
    ["BACKUP_KEEP", "many", /BACKUP_KEEP: expected a whole number/],
    ["BACKUP_DIR", " ", /BACKUP_DIR: expected a folder/],
  ])("refuses %s=%j, naming the variable", (name, value, message) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(message);
  });
});

describe("loadStorageConfig", () => {
  it("answers where the data lives without generating a session secret", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-config-"));
    const storage = loadStorageConfig({ DATABASE_URL: `file:${path.join(base, "app.db")}` });
    expect(storage).toMatchObject({ databaseFile: path.join(base, "app.db"), searchEngine: "embedded" });
    expect(storage.backups.directory).toBe(path.join(base, "backups"));
    expect(fs.existsSync(path.join(base, "session-secret"))).toBe(false);
    expect(() => loadStorageConfig({ BACKUP_KEEP: "none" })).toThrow(/BACKUP_KEEP/);
  });
});

describe("TRUST_PROXY and ABUSE_LIMITS", () => {
  const base = { SESSION_SECRET: "x".repeat(32), DATABASE_URL: "file:/tmp/scibridge-config-test/app.db" };

  it("trusts no proxy and applies the abuse limits unless told otherwise", () => {
    expect(loadConfig(base)).toMatchObject({ trustProxy: false, abuseLimits: true });
    expect(loadConfig({ ...base, ABUSE_LIMITS: "off" }).abuseLimits).toBe(false);
  });

  it("reads hop counts, on/off, and lists of addresses, subnets and names", () => {
    expect(loadConfig({ ...base, TRUST_PROXY: "off" }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: "on" }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: "loopback, 10.0.0.0/8,::1" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "::1",
    ]);
  });

  it("refuses what is not an address, a subnet or a known name", () => {
    expect(() => loadConfig({ ...base, TRUST_PROXY: "loopbak" })).toThrow(/TRUST_PROXY.*loopbak/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
  });
});
