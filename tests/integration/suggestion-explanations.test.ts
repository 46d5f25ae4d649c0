import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostedEngine } from "../../server/matches/hosted-engine.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { buildNeed, write } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let database: TestDatabase;
let t: TestApp;
let engine: HostedEngine;
let expertId: number;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await createTestApp({}, { database });
  const { enterprise, expert } = await signUpUsers(t, { enterprise: {}, expert: { name: "江研究员" } });
  expertId = expert.expertId!;
  await write(expert, "patch", `/api/experts/${expertId}`).send({
    keywords: ["大黄鱼", "网箱养殖"],
    publications: [
      { title: "大黄鱼深远海网箱养殖病害防控", year: 2023 },
      { title: "大黄鱼网箱养殖配合饲料研究", year: 2022 },
    ],
  });
  for (const title of ["大黄鱼网箱养殖病害", "大黄鱼配合饲料开发", "网箱养殖尾水处理", "大黄鱼苗种繁育"]) {
    const response = await write(enterprise, "post", "/api/needs").send(buildNeed({ title, keywords: ["大黄鱼"] }));
    expect(response.status).toBe(201);
  }
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-explain-"));
  engine = await HostedEngine.build({
    db: database.db,
    modelFile: path.join(folder, "model.bin"),
    now: new Date(),
    retrain: { maxExpertChange: 0.2, maxAgeDays: 30 },
    onProgress: () => {},
  });
  engine.rankOpenNeeds();
  await engine.idle();
}, 120_000);
afterAll(async () => {
  await t?.close();
  await database?.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe("suggestions a request had no time to explain", () => {
  it("are explained in the background, so the next request shows every reason", async () => {
    const needs = await database.db.need.findMany({ where: { status: "open" } });
    const request = {
      expertKey: String(expertId),
      candidates: needs.map((need) => ({ needId: need.id, stamp: need.updatedAt.getTime(), publicOnly: false })),
      limit: 10,
      // No time at all: every explanation is left for later.
      budgetMs: 0,
    };
    const first = await engine.suggest(request);
    expect(first.items.length).toBeGreaterThan(1);
    expect(first.items.map((item) => item.explanation)).toEqual(first.items.map(() => null));

    await engine.idle();
    const second = await engine.suggest(request);
    expect(second.items.map((item) => item.needId)).toEqual(first.items.map((item) => item.needId));
    for (const item of second.items) expect(item.explanation?.matchedTerms.length).toBeGreaterThan(0);
  });
});
