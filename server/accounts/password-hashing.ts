import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt's work factors; they are stored with each hash, so verifying never needs them. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// OWASP's scrypt guidance (N=2^15, r=8, p=1) costs ~50 ms here; parameters are stored with
// each hash so they can be raised later without invalidating existing passwords.
export const productionScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

/**
 * NODE_ENV=test only (the container chooses): the test suite signs up hundreds of users, and at
 * the production cost each costs 50–120 ms of CPU on the shared 2-core machine. The same code
 * runs with a smaller N; the production cost is tested in password-hashing.test.ts.
 */
export const testScryptCost: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

const keylen = 64;

export async function hashPassword(password: string, cost: ScryptCost = productionScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = cost;
  const key = await scryptAsync(password.normalize("NFKC"), salt, keylen, { N, r, p, maxmem: 256 * N * r });
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, "base64url");
  const N = Number(n);
  const actual = await scryptAsync(password.normalize("NFKC"), Buffer.from(saltText, "base64url"), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const unusableHashes = new Map<ScryptCost, Promise<string>>();

/** A hash of a random password at `cost`: verifying against it costs what a real check costs. */
export function unusablePasswordHash(cost: ScryptCost): Promise<string> {
  let hash = unusableHashes.get(cost);
  if (!hash) {
    hash = hashPassword(randomBytes(32).toString("base64url"), cost);
    unusableHashes.set(cost, hash);
  }
  return hash;
}
