import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DashboardRepository } from "../../server/dashboard/dashboard.repository.js";
import { DashboardService } from "../../server/dashboard/dashboard.service.js";
import { systemClock } from "../../server/shared/clock.js";
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
    expect(stdout).toContain("experts 323, technologies 106, needs 60, 2 docking events");
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
    // Every demo society has the English name that English pages show.
    expect(await db.society.count()).toBe(26);
    expect(await db.society.count({ where: { nameEn: "" } })).toBe(0);
  }, 120_000);

  it("adds a held 6·18 event with meetings and outcomes, and a Straits Forum day open for registration", async () => {
    const { db } = database;
    const [upcoming, past] = await db.dockingEvent.findMany({
      orderBy: { startsAt: "desc" },
      include: {
        track: true,
        participants: { include: { expert: true, need: true } },
        meetings: { include: { outcomes: true } },
      },
    });
    expect(past).toMatchObject({ status: "closed", track: { code: "618" } });
    expect(past!.participants.filter((p) => p.kind === "need")).toHaveLength(30);
    expect(past!.participants.filter((p) => p.kind === "expert")).toHaveLength(60);
    // Every need meets three experts, nobody sits twice in one slot, no table is used twice in a slot.
    expect(past!.meetings).toHaveLength(90);
    const seats = new Set<string>();
    for (const m of past!.meetings) {
      for (const key of [`n${m.needId}@${m.slot}`, `e${m.expertId}@${m.slot}`, `t${m.tableNo}@${m.slot}`]) {
        expect(seats.has(key), key).toBe(false);
        seats.add(key);
      }
      expect(m.slot).toBeLessThan(past!.slotCount);
      expect(m.tableNo).toBeLessThan(past!.tableCount);
    }
    const absent = past!.meetings.filter((m) => m.status === "no_show");
    expect(absent.length).toBeGreaterThan(0);
    expect(absent.every((m) => m.outcomes.length === 0)).toBe(true);
    const results = past!.meetings.flatMap((m) => m.outcomes.map((o) => o.result));
    expect(new Set(results)).toEqual(new Set(["no_interest", "follow_up", "intention", "contract"]));
    const contracts = past!.meetings.flatMap((m) => m.outcomes).filter((o) => o.result === "contract");
    expect(contracts.every((o) => (o.contractValueYuan ?? 0) >= 50_000)).toBe(true);
    // Its history is dated as it happened, not on the day the demo was seeded.
    const opens = past!.registrationOpensAt!.getTime();
    const closes = past!.registrationClosesAt!.getTime();
    expect(past!.createdAt.getTime()).toBeLessThan(opens);
    for (const p of past!.participants) {
      expect(p.createdAt.getTime()).toBeGreaterThanOrEqual(opens);
      expect(p.createdAt.getTime()).toBeLessThan(closes);
      if (p.need) expect(p.need.createdAt.getTime()).toBeLessThan(opens);
    }
    expect(past!.meetings.every((m) => m.createdAt < past!.publishedAt!)).toBe(true);
    const outcomes = past!.meetings.flatMap((m) => m.outcomes);
    expect(outcomes.every((o) => o.createdAt.toISOString().startsWith("2026-06-18"))).toBe(true);

    expect(upcoming).toMatchObject({ status: "registration", track: { code: "straits" } });
    expect(JSON.parse(upcoming!.quotaRules)).toEqual([
      { kind: "atLeast", attr: "region", value: "taiwan", count: 1, needs: "all" },
    ]);
    expect(upcoming!.participants.filter((p) => p.kind === "need").length).toBeGreaterThan(0);
    expect(upcoming!.participants.some((p) => p.expert?.region === "台湾")).toBe(true);
    expect(upcoming!.meetings).toHaveLength(0);

    // So the dashboard has data at first start.
    const dashboard = new DashboardService(new DashboardRepository(db), systemClock);
    const { counts, funnel } = await dashboard.association({ userId: 1, role: "organizer", expertId: null });
    expect(counts).toMatchObject({ eventsHeld: 1, held: 90 - absent.length, noShows: absent.length });
    expect(counts.contracts).toBeGreaterThan(0);
    expect(counts.contractValueYuan).toBeGreaterThan(0);
    expect(funnel.total.contract).toBeGreaterThan(0);
  });

  it("leaves a database with data alone when asked --if-empty", async () => {
    const before = [await database.db.invitation.count(), await database.db.salon.count()];
    const { stdout } = await seed("--if-empty");
    expect(stdout).toContain("already has data");
    expect([await database.db.invitation.count(), await database.db.salon.count()]).toEqual(before);
  }, 60_000);
});
