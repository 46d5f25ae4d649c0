import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let other: SignedInAgent;
let taiwanExpertId: number;
let teaExpertId: number;
let ownEmployeeId: number;

beforeAll(async () => {
  t = await createTestApp();
  [organizer, enterprise, other] = await Promise.all([
    signUp(t.app, t.container, { role: "organizer" }),
    signUp(t.app, t.container, { role: "enterprise", organizationName: "宁德某电池材料有限公司" }),
    signUp(t.app, t.container, { role: "enterprise" }),
  ]);
  const expert = async (body: Record<string, unknown>) =>
    (await write(organizer, "post", "/api/experts").send(body)).body.id as number;
  taiwanExpertId = await expert({
    name: "張教授",
    organization: "國立清華大學",
    region: "台湾",
    disciplines: ["材料科学与工程"],
    keywords: ["鋰電池", "正極材料", "固態電解質"],
    publications: [
      { title: "高鎳三元鋰電池正極材料的表面改質", year: 2022 },
      { title: "固態電解質與鋰金屬負極界面研究", year: 2021 },
    ],
  });
  teaExpertId = await expert({
    name: "林研究员",
    organization: "福建农林大学",
    region: "福州",
    disciplines: ["园艺学"],
    keywords: ["白茶", "萎凋"],
    publications: [{ title: "福鼎白茶萎凋工艺对品质的影响", year: 2020 }],
  });
  ownEmployeeId = await expert({
    name: "王工",
    organization: "宁德某电池材料有限公司",
    region: "宁德",
    disciplines: ["材料科学与工程"],
    keywords: ["锂电池", "正极材料"],
    publications: [{ title: "锂电池正极材料低成本制备工艺", year: 2023 }],
  });
});
afterAll(async () => {
  await t.close();
});

const needBody = (overrides: Record<string, unknown> = {}) =>
  buildNeed({
    title: "锂电池高镍正极材料表面改性",
    description: "提升高镍三元正极材料的循环寿命与热稳定性。",
    keywords: ["锂电池", "正极材料"],
    track: "straits",
    ...overrides,
  });

describe("GET /api/needs/:id/matches", () => {
  it("ranks a Traditional-Chinese expert first for a Simplified need, with an explanation from the matched evidence", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(needBody());
    const response = await request(t.app).get(`/api/needs/${need.body.id}/matches`);
    expect(response.status).toBe(200);
    const [top] = response.body.items;
    expect(top).toMatchObject({ kind: "expert", id: taiwanExpertId, rank: 1, expert: { name: "張教授" } });
    expect(top.score).toBeGreaterThan(0);
    expect(top.explanation.evidence.length).toBeGreaterThan(0);
    expect(top.explanation.matchedTerms.length).toBeGreaterThan(0);
    expect(response.body.items.map((item: { id: number }) => item.id)).not.toContain(teaExpertId);
  });

  it("never proposes the need's own organization", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(needBody({ title: "锂电池正极材料低成本制备" }));
    const response = await request(t.app).get(`/api/needs/${need.body.id}/matches`).query({ limit: 100 });
    expect(response.body.items.map((item: { id: number }) => item.id)).not.toContain(ownEmployeeId);
  });

  it("shows a confidential need's matches to its owner and organizers only", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(needBody({ confidential: true }));
    expect((await enterprise.agent.get(`/api/needs/${need.body.id}/matches`)).status).toBe(200);
    expect((await organizer.agent.get(`/api/needs/${need.body.id}/matches`)).status).toBe(200);
    const denied = await other.agent.get(`/api/needs/${need.body.id}/matches`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");
    expect((await request(t.app).get(`/api/needs/${need.body.id}/matches`)).status).toBe(403);
  });

  it("reflects a profile edit in the next ranking", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(
      needBody({ title: "白茶萎凋设备智能控制", keywords: ["白茶"], track: "assist" }),
    );
    const before = await request(t.app).get(`/api/needs/${need.body.id}/matches`);
    expect(before.body.items[0].id).toBe(teaExpertId);
    await write(organizer, "patch", `/api/experts/${teaExpertId}`).send({ keywords: ["海水养殖"], publications: [] });
    const after = await request(t.app).get(`/api/needs/${need.body.id}/matches`);
    expect(after.body.items.map((item: { id: number }) => item.id)).not.toContain(teaExpertId);
  });

  it("returns an empty ranking with a reason for a need with no analysable text", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "的 了 和", description: "", keywords: [], discipline: "" }),
    );
    const response = await request(t.app).get(`/api/needs/${need.body.id}/matches`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ items: [], reason: "no_analysable_text" });
  });

  it("answers unknown ids with 404 and bad limits or types with 400", async () => {
    expect((await request(t.app).get("/api/needs/999999/matches")).status).toBe(404);
    const need = await write(enterprise, "post", "/api/needs").send(needBody());
    for (const query of [{ limit: 101 }, { limit: 0 }, { type: "people" }, { colour: "red" }]) {
      const response = await request(t.app).get(`/api/needs/${need.body.id}/matches`).query(query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
    }
  });
});
