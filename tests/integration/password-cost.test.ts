import { afterEach, describe, expect, it } from "vitest";
import { productionScryptCost, testScryptCost } from "../../server/accounts/password-hashing.js";
import { uniqueEmail } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/** The scrypt cost stored in a user's password hash: `scrypt$N$r$p$salt$key`. */
async function storedCost(t: TestApp, email: string): Promise<number[]> {
  const row = await t.database.db.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
  return row.passwordHash.split("$").slice(1, 4).map(Number);
}

async function registerAndSignIn(t: TestApp): Promise<string> {
  const email = uniqueEmail("cost");
  await t.container.accounts.register({ email, password: "correct horse battery", name: "成本", role: "expert" });
  await expect(t.container.accounts.authenticate(email, "correct horse battery")).resolves.toMatchObject({ email });
  await expect(t.container.accounts.authenticate(email, "wrong horse battery")).rejects.toThrow();
  return email;
}

describe("the password-hashing cost the server uses (docs/decisions.md §38)", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("is OWASP's production cost outside the test suite", async () => {
    t = await createTestApp({ NODE_ENV: "development" });
    const email = await registerAndSignIn(t);
    expect(await storedCost(t, email)).toEqual([
      productionScryptCost.N,
      productionScryptCost.r,
      productionScryptCost.p,
    ]);
  });

  it("is the cheaper test cost only under NODE_ENV=test", async () => {
    t = await createTestApp({ NODE_ENV: "test" });
    const email = await registerAndSignIn(t);
    expect(await storedCost(t, email)).toEqual([testScryptCost.N, testScryptCost.r, testScryptCost.p]);
  });
});
