import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../server/config.js";

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
