import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteFtsIndex } from "../../matching/index.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { OutageSearchIndex } from "../support/outage-search-index.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let engine: OutageSearchIndex;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let expert: SignedInAgent;

beforeAll(async () => {
  engine = new OutageSearchIndex(new SqliteFtsIndex({ file: ":memory:" }));
  t = await createTestApp({}, { searchIndex: engine });
  ({ organizer, enterprise, expert } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "宁德某电池材料有限公司" },
    expert: { name: "張教授" },
  }));
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
    organization: "國立清華大學",
    region: "台湾",
    disciplines: ["材料科学与工程"],
    keywords: ["鋰電池", "固態電解質"],
    bio: "研究鋰離子電池與半導體材料。",
  });
  await write(organizer, "post", "/api/experts").send({
    name: "Dr. Alice Tan",
    region: "新加坡",
    disciplines: ["计算机科学与技术"],
    keywords: ["machine learning", "batteries"],
    publications: [{ title: "Python tools for battery health estimation", year: 2022 }],
  });
  await write(enterprise, "post", "/api/needs").send(
    buildNeed({ title: "锂电池正极材料低成本制备", keywords: ["锂电池"], region: "宁德", track: "assist" }),
  );
  await write(enterprise, "post", "/api/needs").send(
    buildNeed({
      title: "保密的电池回收工艺",
      description: "含商业秘密的湿法冶金流程",
      keywords: ["回收"],
      confidential: true,
    }),
  );
  await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "电池草稿需求", status: "draft" }));
  await write(expert, "post", "/api/technologies").send({
    title: "固態電解質鋰電池技術",
    maturity: 6,
    discipline: "材料科学与工程",
  });
  await t.container.indexWorker.drain();
});
afterAll(async () => {
  await t.close();
});

describe("GET /api/search", () => {
  it("finds a Traditional-Chinese expert with a Simplified query, with highlights on the original text", async () => {
    const response = await request(t.app).get("/api/search").query({ q: "锂电池", type: "experts" });
    expect(response.status).toBe(200);
    const hit = response.body.items.find((item: { title: string }) => item.title === "張教授");
    expect(hit).toBeDefined();
    expect(hit.kind).toBe("expert");
    const marked = hit.highlights.keywords
      .filter((run: { match: boolean }) => run.match)
      .map((run: { text: string }) => run.text);
    expect(marked).toContain("鋰電池");
  });

  it("merges experts, needs and technologies into one ranked list with facet counts", async () => {
    const response = await request(t.app).get("/api/search").query({ q: "电池" });
    expect(response.status).toBe(200);
    const kinds = new Set(response.body.items.map((item: { kind: string }) => item.kind));
    expect(kinds).toEqual(new Set(["expert", "need", "technology"]));
    const scores = response.body.items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(response.body.total).toBe(response.body.items.length);
    // The Taiwan expert and the technology they own.
    expect(response.body.facets.region).toMatchObject({ 台湾: 2 });
  });

  it("shows a confidential need redacted and never matches its hidden text", async () => {
    const byTitle = await request(t.app).get("/api/search").query({ q: "电池回收", type: "needs" });
    const need = byTitle.body.items.find((item: { title: string }) => item.title === "保密的电池回收工艺");
    expect(need.record).toMatchObject({ redacted: true, confidential: true });
    expect(JSON.stringify(byTitle.body)).not.toContain("湿法冶金");
    const bySecret = await request(t.app).get("/api/search").query({ q: "湿法冶金", type: "needs" });
    expect(bySecret.body.total).toBe(0);
  });

  it("never returns drafts", async () => {
    const response = await enterprise.agent.get("/api/search").query({ q: "草稿", type: "needs" });
    expect(response.body.items).toHaveLength(0);
  });

  it("filters by named fields, a repeated parameter meaning OR", async () => {
    const one = await request(t.app).get("/api/search").query({ q: "", type: "experts", region: "新加坡" });
    expect(one.body.items.map((item: { title: string }) => item.title)).toEqual(["Dr. Alice Tan"]);
    const either = await request(t.app).get("/api/search?type=experts&region=新加坡&region=台湾");
    expect(either.body.total).toBe(2);
    const mature = await request(t.app).get("/api/search").query({ type: "technologies", maturityMin: 6 });
    expect(mature.body.items.map((item: { title: string }) => item.title)).toEqual(["固態電解質鋰電池技術"]);
    const track = await request(t.app).get("/api/search").query({ type: "needs", track: "assist" });
    expect(track.body.total).toBeGreaterThan(0);
    for (const item of track.body.items as { record: { redacted: boolean; track?: { code: string } } }[]) {
      if (!item.record.redacted) expect(item.record.track!.code).toBe("assist");
    }
  });

  it("finds an English singular with a plural and tolerates a typo", async () => {
    const plural = await request(t.app).get("/api/search").query({ q: "battery", type: "experts" });
    expect(plural.body.items.map((item: { title: string }) => item.title)).toContain("Dr. Alice Tan");
    const typo = await request(t.app).get("/api/search").query({ q: "pyton", type: "experts" });
    expect(typo.body.items.map((item: { title: string }) => item.title)).toEqual(["Dr. Alice Tan"]);
  });

  it("lists by recency on an empty query", async () => {
    const response = await request(t.app).get("/api/search").query({ type: "needs" });
    expect(response.status).toBe(200);
    expect(response.body.items[0].title).toBe("保密的电池回收工艺");
  });

  it("answers bad input with coded 400s, never 500", async () => {
    const cases = [
      { q: "x".repeat(501) },
      { type: "people" },
      { colour: "red" },
      { type: "experts", maturityMin: 3 },
      { maturityMin: "high" },
      { maturityMin: 7, maturityMax: 3 },
      { page: 0 },
      { pageSize: 101 },
      { type: "all", page: 60, pageSize: 20 },
    ];
    for (const query of cases) {
      const response = await request(t.app).get("/api/search").query(query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
    }
    for (const q of ['"', "NEAR(", "a OR", "*", "title:x", "((("]) {
      expect((await request(t.app).get("/api/search").query({ q })).status).toBe(200);
    }
  });

  it("suggests names and titles for a prefix, not records that match elsewhere", async () => {
    const response = await request(t.app).get("/api/search/suggest").query({ q: "锂电" });
    expect(response.status).toBe(200);
    const texts = response.body.items.map((item: { text: string }) => item.text);
    expect(texts).toContain("锂电池正极材料低成本制备");
    // 張教授 matches 鋰電池 only in keywords and bio.
    expect(texts).not.toContain("張教授");
  });

  it("does not reveal a confidential need's programme or status through facets and filters", async () => {
    const byTrack = await request(t.app).get("/api/search").query({ q: "电池回收", type: "needs", track: "assist" });
    expect(byTrack.body.items.map((item: { title: string }) => item.title)).not.toContain("保密的电池回收工艺");
    const facets = await request(t.app).get("/api/search").query({ q: "电池回收", type: "needs" });
    expect(facets.body.facets.track ?? {}).toEqual({});
    expect(facets.body.facets.status ?? {}).toEqual({});
  });
});

describe("search outages", () => {
  it("keeps writes working while the engine is down and catches up when it returns", async () => {
    engine.down = true;
    try {
      const created = await write(enterprise, "post", "/api/needs").send(
        buildNeed({ title: "海水养殖大黄鱼病害快速检测" }),
      );
      expect(created.status).toBe(201);
      await expect(t.container.indexWorker.drainOnce()).rejects.toThrow(/ECONNREFUSED/);
      const outbox = await t.database.db.searchOutbox.findMany({
        where: { index: "needs", documentId: created.body.id },
      });
      expect(outbox).toHaveLength(1);
      expect(outbox[0]!.attempts).toBe(1);
      const searchDown = await request(t.app).get("/api/search").query({ q: "大黄鱼" });
      expect(searchDown.status).toBe(503);
      expect(searchDown.body.error.code).toBe("search_unavailable");
      const ready = await request(t.app).get("/readyz");
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: "degraded", search: { ok: false, outbox: { pending: 1 } } });
    } finally {
      engine.down = false;
    }
    await t.container.indexWorker.drain();
    expect(await t.database.db.searchOutbox.count()).toBe(0);
    const found = await request(t.app).get("/api/search").query({ q: "大黄鱼" });
    expect(found.body.items.map((item: { title: string }) => item.title)).toEqual(["海水养殖大黄鱼病害快速检测"]);
    const ready = await request(t.app).get("/readyz");
    expect(ready.body).toMatchObject({
      status: "ready",
      search: { ok: true, engine: "embedded", outbox: { pending: 0 } },
    });
  });

  it("removes deleted and redrafted records from the index", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "闽江流域沉积物重金属治理" }),
    );
    await t.container.indexWorker.drain();
    expect((await request(t.app).get("/api/search").query({ q: "沉积物" })).body.total).toBe(1);
    await write(enterprise, "delete", `/api/needs/${created.body.id}`);
    await t.container.indexWorker.drain();
    expect((await request(t.app).get("/api/search").query({ q: "沉积物" })).body.total).toBe(0);
    expect(await t.container.searchIndex.listIds("needs")).not.toContain(String(created.body.id));
  });

  it("re-indexes an edit so the old text no longer matches", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "安溪铁观音萎凋工艺" }));
    await write(enterprise, "patch", `/api/needs/${created.body.id}`).send({ title: "福鼎白茶萎凋工艺" });
    await t.container.indexWorker.drain();
    expect((await request(t.app).get("/api/search").query({ q: "铁观音" })).body.total).toBe(0);
    expect((await request(t.app).get("/api/search").query({ q: "白茶" })).body.total).toBe(1);
  });
});
