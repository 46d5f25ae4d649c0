import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { repoRoot } from "../support/paths.js";

const run = promisify(execFile);
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const seed = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "seed.ts"), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "silent" },
  });

describe("npm run seed", () => {
  it("loads the demo data and accounts, with the demo expert invited to the enterprise's best-matching need", async () => {
    const { stdout } = await seed();
    expect(stdout).toContain("experts 323, technologies 106, needs 60");
    const { db } = database;
    const expertUser = await db.user.findUniqueOrThrow({
      where: { email: "expert@demo.scibridge.cn" },
      include: { expert: { include: { invitations: { include: { need: { include: { owner: true } } } } } } },
    });
    expect(expertUser.expert?.externalId).toMatch(/^DEMO-E/);
    const [invitation] = expertUser.expert!.invitations;
    expect(invitation).toMatchObject({ status: "pending" });
    expect(invitation!.need.owner?.email).toBe("enterprise@demo.scibridge.cn");
    // A live salon on that need, the demo expert speaking first, with a question to moderate.
    const salon = await db.salon.findFirstOrThrow({
      include: { speakers: { orderBy: { position: "asc" } }, questions: { orderBy: { id: "asc" } }, polls: true },
    });
    expect(salon).toMatchObject({ status: "open", title: `线上学术沙龙：${invitation!.need.title}` });
    expect(salon.speakers[0]?.expertId).toBe(expertUser.expert!.id);
    expect(salon.questions.map((q) => q.status)).toEqual(["visible", "pending"]);
    expect(salon.polls).toHaveLength(1);
  }, 120_000);

  it("leaves a database with data alone when asked --if-empty", async () => {
    const before = [await database.db.invitation.count(), await database.db.salon.count()];
    const { stdout } = await seed("--if-empty");
    expect(stdout).toContain("already has data");
    expect([await database.db.invitation.count(), await database.db.salon.count()]).toEqual(before);
  }, 60_000);
});
