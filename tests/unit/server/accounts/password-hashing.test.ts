import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../../../server/accounts/password-hashing.js";

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
