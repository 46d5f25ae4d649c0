import { describe, expect, it } from "vitest";
import {
  hashPassword,
  productionScryptCost,
  testScryptCost,
  unusablePasswordHash,
  verifyPassword,
} from "../../../../server/accounts/password-hashing.js";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("海峡两岸 2026!");
    expect(await verifyPassword("海峡两岸 2026!", hash)).toBe(true);
    expect(await verifyPassword("海峡两岸 2025!", hash)).toBe(false);
  });

  it("salts every hash and never contains the password", async () => {
    const [a, b] = await Promise.all([hashPassword("same-password"), hashPassword("same-password")]);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same-password");
    expect(a.split("$")[0]).toBe("scrypt");
  });

  it("treats full-width and half-width input alike (NFKC)", async () => {
    const hash = await hashPassword("Password123");
    expect(await verifyPassword("Ｐａｓｓｗｏｒｄ１２３", hash)).toBe(true);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
  });
});

describe("password hashing costs", () => {
  const costOf = (hash: string) => hash.split("$").slice(1, 4).map(Number);

  it("hashes at OWASP's scrypt cost (N=2^15, r=8, p=1) unless told otherwise", async () => {
    const hash = await hashPassword("海峡两岸 2026!");
    expect(costOf(hash)).toEqual([productionScryptCost.N, productionScryptCost.r, productionScryptCost.p]);
    expect(costOf(hash)).toEqual([32768, 8, 1]);
    expect(await verifyPassword("海峡两岸 2026!", hash)).toBe(true);
  });

  it("stores the cost it hashed at, so a hash verifies whatever cost the verifier would hash at", async () => {
    const hash = await hashPassword("Password123", testScryptCost);
    expect(costOf(hash)).toEqual([testScryptCost.N, testScryptCost.r, testScryptCost.p]);
    expect(testScryptCost.N).toBeLessThan(productionScryptCost.N);
    expect(await verifyPassword("Password123", hash)).toBe(true);
    expect(await verifyPassword("Password124", hash)).toBe(false);
  });

  it("makes one unusable hash per cost, at that cost", async () => {
    const [atTest, again, atProduction] = await Promise.all([
      unusablePasswordHash(testScryptCost),
      unusablePasswordHash(testScryptCost),
      unusablePasswordHash(productionScryptCost),
    ]);
    expect(again).toBe(atTest);
    expect(costOf(atTest)[0]).toBe(testScryptCost.N);
    expect(costOf(atProduction)[0]).toBe(productionScryptCost.N);
  });
});
