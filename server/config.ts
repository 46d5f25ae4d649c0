import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { sessionSecretFile } from "./db/database-files.js";

/** Which proxies may tell the client's address and protocol (X-Forwarded-For, -Proto). */
export type TrustProxy = boolean | number | string[];

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrSubnet(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  if (rest.length > 0 || isIP(address) === 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY: `off` (the default: the peer is the client, forwarded headers are ignored),
 * `on` (every peer is a trusted proxy: only behind one that is the sole way in), a number
 * of proxy hops, or a comma-separated list of addresses, subnets and the names loopback,
 * linklocal, uniquelocal.
 */
const trustProxy = z
  .string()
  .trim()
  .default("off")
  .transform((value, ctx): TrustProxy => {
    if (["off", "false", "0", ""].includes(value)) return false;
    if (["on", "true"].includes(value)) return true;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(",").map((entry) => entry.trim());
    const bad = entries.filter((entry) => !proxyNames.has(entry) && !isAddressOrSubnet(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `not an address, subnet, hop count or one of loopback, linklocal, uniquelocal: ${bad.join(", ")}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** The only reader of process.env: parses configuration once, with clear errors. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "DATABASE_URL must be a SQLite file URL such as file:./data/scibridge.db")
    .default("file:./data/scibridge.db"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 14),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEARCH_ENGINE: z.enum(["embedded", "meilisearch"]).default("embedded"),
  MEILI_URL: z.url().optional(),
  MEILI_API_KEY: z.string().optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "REDIS_URL must be a redis:// or rediss:// URL" }).optional(),
  /** How long a node that stopped answering still counts towards presence (multi-node only). */
  PRESENCE_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(15),
  /** Retrain the matching model when the number of experts changed by more than this fraction. */
  MATCHING_RETRAIN_EXPERT_CHANGE: z.coerce.number().min(0).max(100).default(0.1),
  /** Retrain the matching model when its trained state is older than this. */
  MATCHING_RETRAIN_MAX_AGE_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** How often the server checks whether experts, publications or technologies changed. */
  MATCHING_REFRESH_SECONDS: z.coerce.number().positive().max(86_400).default(30),
  /** How long a ranking request waits for the very first matching model before answering 503. */
  MATCHING_FIRST_BUILD_WAIT_SECONDS: z.coerce.number().min(0).max(600).default(20),
  TRUST_PROXY: trustProxy,
  /**
   * Limits per client address that no number of accounts gets around: registrations,
   * failed sign-ins across emails, socket actions. `off` only for load tests from one machine.
   */
  ABUSE_LIMITS: z.enum(["on", "off"]).default("on"),
  /** Where notification emails go out: smtp://user:pass@host:587 or smtps://…; absent: they wait in the outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().trim().min(3).default("科桥 SciBridge <no-reply@scibridge.local>"),
  /** How long before a salon starts its participants get the "starting soon" email. */
  SALON_REMINDER_MINUTES: z.coerce
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(60),
  /** The address people reach this service at: the links in emails start with it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "PUBLIC_URL must be an http:// or https:// URL" }).optional(),
  /** Hours between the server's backups; 0 turns them off. Unset: 24, or 0 under NODE_ENV=test. */
  BACKUP_EVERY_HOURS: z.coerce
    .number({ error: "expected a number of hours (0 turns scheduled backups off)" })
    .min(0, "expected a number of hours (0 turns scheduled backups off), not a negative one")
    .max(24 * 366, "at most 8784 hours (a year)")
    .optional(),
  /** How many of its own backups the server keeps. */
  BACKUP_KEEP: z.coerce
    .number({ error: "expected a whole number of backups to keep, at least 1" })
    .int("expected a whole number of backups to keep, at least 1")
    .min(1, "expected a whole number of backups to keep, at least 1")
    .max(10_000, "at most 10000 backups")
    .default(7),
  /** Where backups go; unset: `backups/` beside the database. */
  BACKUP_DIR: z.string().trim().min(1, "expected a folder").optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Where the data lives and how it is backed up: what the backup and restore commands need. */
export interface StorageConfig {
  env: Env["NODE_ENV"];
  /** SQLite URL as Prisma's adapter expects it (`file:…`). */
  databaseUrl: string;
  /** Absolute path of the SQLite file. */
  databaseFile: string;
  searchEngine: Env["SEARCH_ENGINE"];
  backups: {
    /** Time between the server's backups; 0: it takes none. */
    everyMs: number;
    /** How many of its own backups the server keeps. */
    keep: number;
    /** Absolute path of the backup folder. */
    directory: string;
  };
}

export interface AppConfig extends StorageConfig {
  port: number;
  host: string;
  sessionSecret: string;
  sessionTtlMs: number;
  logLevel: Env["LOG_LEVEL"];
  meiliUrl?: string;
  meiliApiKey?: string;
  /** Redis for several nodes (the Socket.IO adapter and presence); absent for a single process. */
  redisUrl?: string;
  presenceLeaseMs: number;
  matching: {
    /** When a persisted trained state is reused rather than trained again (docs/decisions.md §17). */
    retrain: { maxExpertChange: number; maxAgeDays: number };
    refreshIntervalMs: number;
    firstBuildWaitMs: number;
  };
  trustProxy: TrustProxy;
  /** Whether the per-address abuse limits apply (see ABUSE_LIMITS). */
  abuseLimits: boolean;
  email: { smtpUrl?: string; from: string };
  /** How long before a salon starts its participants are reminded. */
  salonReminderLeadMs: number;
  /** The address of this service as people reach it (links in emails); no trailing slash. */
  publicUrl: string;
}

export class ConfigError extends Error {}

export function databaseFileFromUrl(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}

/**
 * A local install needs no setup: when SESSION_SECRET is absent, a random secret is
 * generated once and kept beside the database so sessions survive restarts.
 */
function persistedSessionSecret(databaseFile: string): string {
  const secretFile = sessionSecretFile(databaseFile);
  if (fs.existsSync(secretFile)) return fs.readFileSync(secretFile, "utf8").trim();
  fs.mkdirSync(path.dirname(secretFile), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(secretFile, secret, { mode: 0o600 });
  return secret;
}

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.SEARCH_ENGINE === "meilisearch" && !env.MEILI_URL) {
    throw new ConfigError("Invalid configuration:\n  MEILI_URL: required when SEARCH_ENGINE=meilisearch");
  }
  return env;
}

/** Hours between backups when BACKUP_EVERY_HOURS is unset: none in tests unless a test asks. */
const defaultBackupHours = (env: Env) => (env.NODE_ENV === "test" ? 0 : 24);

function storageConfigOf(env: Env): StorageConfig {
  const databaseFile = databaseFileFromUrl(env.DATABASE_URL);
  return {
    env: env.NODE_ENV,
    databaseUrl: `file:${databaseFile}`,
    databaseFile,
    searchEngine: env.SEARCH_ENGINE,
    backups: {
      everyMs: Math.round((env.BACKUP_EVERY_HOURS ?? defaultBackupHours(env)) * 3600_000),
      keep: env.BACKUP_KEEP,
      directory: path.resolve(env.BACKUP_DIR ?? path.join(path.dirname(databaseFile), "backups")),
    },
  };
}

/**
 * The storage part of the configuration, with the same checks as loadConfig but no side effect:
 * unlike loadConfig it never generates a session secret (a restore onto a new machine must not
 * leave one behind that the backup's then replaces).
 */
export function loadStorageConfig(source: NodeJS.ProcessEnv = process.env): StorageConfig {
  return storageConfigOf(parseEnv(source));
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  const storage = storageConfigOf(env);
  return {
    ...storage,
    port: env.PORT,
    host: env.HOST,
    sessionSecret: env.SESSION_SECRET ?? persistedSessionSecret(storage.databaseFile),
    sessionTtlMs: env.SESSION_TTL_HOURS * 3600_000,
    logLevel: env.LOG_LEVEL,
    meiliUrl: env.MEILI_URL,
    meiliApiKey: env.MEILI_API_KEY,
    redisUrl: env.REDIS_URL,
    presenceLeaseMs: Math.round(env.PRESENCE_LEASE_SECONDS * 1000),
    matching: {
      retrain: { maxExpertChange: env.MATCHING_RETRAIN_EXPERT_CHANGE, maxAgeDays: env.MATCHING_RETRAIN_MAX_AGE_DAYS },
      refreshIntervalMs: Math.round(env.MATCHING_REFRESH_SECONDS * 1000),
      firstBuildWaitMs: Math.round(env.MATCHING_FIRST_BUILD_WAIT_SECONDS * 1000),
    },
    trustProxy: env.TRUST_PROXY,
    abuseLimits: env.ABUSE_LIMITS === "on",
    email: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    salonReminderLeadMs: Math.round(env.SALON_REMINDER_MINUTES * 60_000),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
  };
}
