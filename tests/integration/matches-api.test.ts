import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let other: SignedInAgent;
let taiwanExpertId: number;
let teaExpertId: number;
let ownEmployeeId: number;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise, other } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "宁德某电池材料有限公司" },
    other: { role: "enterprise" },
  }));
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
    const response = await enterprise.agent.get(`/api/needs/${need.body.id}/matches`);
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

  it("reflects a profile edit in the ranking once the model is rebuilt in the background", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(
      needBody({
        title: "白茶萎凋设备智能控制",
        description: "白茶萎凋环节温湿度的自动控制。",
        keywords: ["白茶"],
        track: "assist",
      }),
    );
    const before = await request(t.app).get(`/api/needs/${need.body.id}/matches`);
    expect(before.body.items[0].id).toBe(teaExpertId);
    await write(organizer, "patch", `/api/experts/${teaExpertId}`).send({ keywords: ["海水养殖"], publications: [] });
    await t.container.matches.settled();
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

describe("who sees a need's match scores", () => {
  interface Ranked {
    scoresVisible: boolean;
    items: { id: number; rank: number; score: number | null; explanation: unknown }[];
  }

  it("shows scores and explanations to the need's owner and organizers only; others get the same order without them", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(needBody({ title: "固态电解质锂电池正极材料" }));
    const expert = await signUp(t.app, t.container, { role: "expert", name: "旁观专家" });
    const viewers = {
      anonymous: request(t.app),
      otherEnterprise: other.agent,
      expert: expert.agent,
      owner: enterprise.agent,
      organizer: organizer.agent,
    };
    const seesScores = new Set(["owner", "organizer"]);
    const rankings = new Map<string, number[]>();
    for (const [role, agent] of Object.entries(viewers)) {
      for (const type of ["experts", "technologies"]) {
        const response = await agent.get(`/api/needs/${need.body.id}/matches`).query({ type });
        expect(response.status, `${role} ${type}`).toBe(200);
        const body = response.body as Ranked;
        expect(body.scoresVisible, `${role} ${type}`).toBe(seesScores.has(role));
        if (type === "experts") {
          expect(body.items.length, role).toBeGreaterThan(0);
          rankings.set(
            role,
            body.items.map((item) => item.id),
          );
        }
        for (const item of body.items) {
          if (seesScores.has(role)) {
            expect(item.score, `${role} ${type}`).toEqual(expect.any(Number));
            expect(item.explanation, `${role} ${type}`).not.toBeNull();
          } else {
            expect(item.score, `${role} ${type}`).toBeNull();
            expect(item.explanation, `${role} ${type}`).toBeNull();
          }
        }
      }
      const page = await agent.get(`/needs/${need.body.id}`);
      expect(page.status, role).toBe(200);
      expect(page.text, role).toContain('class="match-list"');
      expect(page.text.includes('class="match-score'), `${role} page score`).toBe(seesScores.has(role));
      expect(page.text.includes('class="match-why"'), `${role} page explanation`).toBe(seesScores.has(role));
    }
    // The list keeps its ranked order for every viewer.
    for (const ids of rankings.values()) expect(ids).toEqual(rankings.get("owner"));
  });
});

describe("GET /api/needs/:id/matches?type=technologies", () => {
  it("ranks technologies by their text and explains the matched terms, never the need's own organization's", async () => {
    const technology = async (body: Record<string, unknown>) =>
      (await write(organizer, "post", "/api/technologies").send(body)).body.id as number;
    const cathode = await technology({
      ownerId: taiwanExpertId,
      title: "高鎳三元正極材料表面包覆技術",
      abstract: "以原子層沉積在高鎳正極表面包覆氧化鋁，提升鋰電池循環壽命。",
      keywords: ["鋰電池", "正極材料"],
      discipline: "材料科学与工程",
      maturity: 6,
    });
    const tea = await technology({ ownerId: teaExpertId, title: "白茶萎凋智能控制系统", keywords: ["白茶"] });
    const own = await technology({ ownerId: ownEmployeeId, title: "锂电池正极材料回收技术", keywords: ["锂电池"] });
    await t.container.matches.settled();
    const need = await write(enterprise, "post", "/api/needs").send(needBody());
    const response = await enterprise.agent.get(`/api/needs/${need.body.id}/matches`).query({ type: "technologies" });
    expect(response.status).toBe(200);
    expect(response.body.type).toBe("technologies");
    const ids = response.body.items.map((item: { id: number }) => item.id);
    expect(ids[0]).toBe(cathode);
    expect(ids).not.toContain(tea);
    expect(ids).not.toContain(own);
    const [top] = response.body.items;
    expect(top).toMatchObject({ kind: "technology", rank: 1, technology: { title: "高鎳三元正極材料表面包覆技術" } });
    expect(top.explanation.matchedTerms.length).toBeGreaterThan(0);
  });
});

describe("GET /api/experts/:id/suggestions", () => {
  let taiwanExpert: SignedInAgent;
  beforeAll(async () => {
    taiwanExpert = await signUp(t.app, t.container, { role: "expert", name: "黃教授" });
    await write(taiwanExpert, "patch", `/api/experts/${taiwanExpert.expertId}`).send({
      organization: "國立成功大學",
      region: "台湾",
      disciplines: ["园艺学"],
      keywords: ["烏龍茶", "製茶工藝"],
      publications: [{ title: "烏龍茶做青工藝與香氣形成", year: 2022 }],
    });
    await t.container.matches.settled();
  });

  it("suggests matching open needs to the expert, ranked, with explanations, and leaves out others", async () => {
    const oolong = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "乌龙茶做青工艺数字化", keywords: ["乌龙茶"], track: "straits" }),
    );
    const battery = await write(enterprise, "post", "/api/needs").send(needBody());
    const draft = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "乌龙茶香气提升", keywords: ["乌龙茶"], status: "draft" }),
    );
    const response = await taiwanExpert.agent.get(`/api/experts/${taiwanExpert.expertId}/suggestions`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: "ready", pendingNeeds: 0 });
    const ids = response.body.items.map((item: { id: number }) => item.id);
    expect(ids[0]).toBe(oolong.body.id);
    expect(ids).not.toContain(battery.body.id);
    expect(ids).not.toContain(draft.body.id);
    expect(response.body.items[0]).toMatchObject({ kind: "need", rank: 1, need: { title: "乌龙茶做青工艺数字化" } });
    expect(response.body.items[0].explanation.matchedTerms.length).toBeGreaterThan(0);
  });

  it("matches a confidential need on its public fields only and shows it redacted", async () => {
    const secret = await write(enterprise, "post", "/api/needs").send(
      buildNeed({
        title: "乌龙茶发酵控制",
        description: "做青阶段的温湿度机密参数。",
        keywords: ["乌龙茶"],
        confidential: true,
      }),
    );
    const response = await taiwanExpert.agent.get(`/api/experts/${taiwanExpert.expertId}/suggestions`);
    const item = response.body.items.find((i: { id: number }) => i.id === secret.body.id);
    expect(item).toMatchObject({ publicFieldsOnly: true, need: { title: "乌龙茶发酵控制" } });
    expect(item.need.description).toBeUndefined();
  });

  it("is for the expert themself and organizers only", async () => {
    const path = `/api/experts/${taiwanExpert.expertId}/suggestions`;
    expect((await organizer.agent.get(path)).status).toBe(200);
    expect((await enterprise.agent.get(path)).status).toBe(403);
    expect((await request(t.app).get(path)).status).toBe(401);
    expect((await organizer.agent.get("/api/experts/999999/suggestions")).status).toBe(404);
    expect((await organizer.agent.get(path).query({ limit: 500 })).status).toBe(400);
  });
});
