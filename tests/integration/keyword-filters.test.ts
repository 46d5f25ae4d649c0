import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterMaxLength } from "../../server/http/platform/forms.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/**
 * The keyword boxes of the expert directory, the needs list and the technologies list go
 * through the search engine (the embedded SQLite index here), so 软件, 軟體 and software find
 * there what /search finds, together with the lists' other filters and paging.
 */

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
const expertIds: Record<string, number> = {};
const needIds: Record<string, number> = {};

const linkedIds = (html: string, prefix: string) =>
  [...html.matchAll(new RegExp(`href="/${prefix}/(\\d+)"`, "g"))].map((m) => Number(m[1]));

async function searchIds(type: string, q: string): Promise<number[]> {
  const response = await request(t.app).get("/api/search").query({ q, type, pageSize: 100 });
  expect(response.status).toBe(200);
  return (response.body as { items: { id: number }[] }).items.map((item) => item.id).sort((a, b) => a - b);
}

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise } = await signUpUsers(t, {
    organizer: {},
    enterprise: {},
  }));
  const experts = {
    keyword: { name: "王建国", region: "福州", disciplines: ["计算机科学与技术"], keywords: ["软件工程"] },
    bio: { name: "李晓梅", region: "厦门", disciplines: ["计算机科学与技术"], bio: "长期从事软件测试与质量保障研究。" },
    traditional: { name: "陳志豪", region: "台湾", disciplines: ["电子信息"], keywords: ["軟體定義網路"] },
    unrelated: { name: "赵大海", region: "福州", disciplines: ["海洋科学"], keywords: ["海水养殖"] },
  };
  for (const [key, body] of Object.entries(experts)) {
    const response = await write(organizer, "post", "/api/experts").send(body);
    expect(response.status).toBe(201);
    expertIds[key] = (response.body as { id: number }).id;
  }
  const needs = {
    open: buildNeed({ title: "工业软件国产化替代", keywords: ["工业软件"], region: "福州" }),
    other: buildNeed({ title: "茶叶深加工工艺", keywords: ["茶叶"], region: "福州" }),
    draft: buildNeed({ title: "软件草稿需求", status: "draft" }),
  };
  for (const [key, body] of Object.entries(needs)) {
    const response = await write(enterprise, "post", "/api/needs").send(body);
    expect(response.status).toBe(201);
    needIds[key] = (response.body as { id: number }).id;
  }
  await t.container.indexWorker.drain();
});
afterAll(async () => {
  await t.close();
});

describe("the expert directory's keyword box", () => {
  it("finds the 软件 experts for 軟體 and software, the same experts /search finds", async () => {
    const softwareExperts = [expertIds.keyword!, expertIds.bio!, expertIds.traditional!].sort((a, b) => a - b);
    for (const q of ["软件", "軟體", "software"]) {
      const page = await request(t.app).get("/experts").query({ q });
      expect(page.status).toBe(200);
      const listed = linkedIds(page.text, "experts").sort((a, b) => a - b);
      expect(listed, q).toEqual(softwareExperts);
      expect(listed, q).toEqual(await searchIds("experts", q));
    }
  });

  it("combines the keyword with the region filter and pages through the matches in rank order", async () => {
    const fuzhou = await request(t.app).get("/experts").query({ q: "軟體", region: "福州" });
    expect(linkedIds(fuzhou.text, "experts")).toEqual([expertIds.keyword]);
    const first = await request(t.app).get("/api/experts").query({ q: "軟體", pageSize: 2, page: 1 });
    const second = await request(t.app).get("/api/experts").query({ q: "軟體", pageSize: 2, page: 2 });
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    const paged = [...first.body.items, ...second.body.items].map((item: { id: number }) => item.id);
    expect(paged).toHaveLength(3);
    expect(new Set(paged)).toEqual(new Set([expertIds.keyword, expertIds.bio, expertIds.traditional]));
    // Without a keyword the list is the database's, every expert.
    const all = await request(t.app).get("/api/experts").query({ pageSize: 100 });
    expect(all.body.total).toBeGreaterThanOrEqual(4);
  });
});

describe("the lists' region and discipline boxes", () => {
  it("find records named in Simplified Chinese when the box is filled in Traditional Chinese", async () => {
    const taiwan = await request(t.app).get("/experts").query({ region: "台灣" });
    expect(linkedIds(taiwan.text, "experts")).toEqual([expertIds.traditional]);
    expect(taiwan.text).toContain('value="台灣"');
    const computing = await request(t.app).get("/experts").query({ discipline: "計算機科學與技術", q: "軟體" });
    expect(linkedIds(computing.text, "experts").sort((a, b) => a - b)).toEqual(
      [expertIds.keyword!, expertIds.bio!].sort((a, b) => a - b),
    );
    const needs = await request(t.app).get("/needs").query({ discipline: "材料科學與工程" });
    expect(linkedIds(needs.text, "needs")).toEqual(expect.arrayContaining([needIds.open, needIds.other]));
  });
});

describe("a keyword longer than the boxes hold", () => {
  it("is cut to the first 100 characters, shown again and searched, rather than dropped to list everything", async () => {
    const typed = "软件".repeat(80);
    const shown = typed.slice(0, filterMaxLength);
    for (const list of ["experts", "needs", "technologies"]) {
      const page = await request(t.app).get(`/${list}`).query({ q: typed });
      expect(page.status, list).toBe(200);
      expect(page.text, list).toContain(`name="q" type="search" maxlength="${filterMaxLength}" value="${shown}"`);
    }
    const experts = linkedIds((await request(t.app).get("/experts").query({ q: typed })).text, "experts");
    expect(experts).not.toContain(expertIds.unrelated);
    const needs = linkedIds((await request(t.app).get("/needs").query({ q: typed })).text, "needs");
    expect(needs).not.toContain(needIds.other);
  });
});

describe("the needs list's keyword box", () => {
  it("finds 软件 needs for 軟體 and software, with the other filters, and never shows another's draft", async () => {
    for (const q of ["软件", "軟體", "software"]) {
      const page = await request(t.app).get("/needs").query({ q });
      expect(linkedIds(page.text, "needs"), q).toEqual([needIds.open]);
    }
    const closed = await request(t.app).get("/needs").query({ q: "軟體", status: "closed" });
    expect(linkedIds(closed.text, "needs")).toEqual([]);
    const api = await request(t.app).get("/api/needs").query({ q: "軟體", region: "福州" });
    expect(api.body.items.map((item: { id: number }) => item.id)).toEqual([needIds.open]);
    // "My needs" (an owner filter the search index does not have) combines with the keyword.
    const mine = await enterprise.agent.get("/api/needs").query({ q: "茶叶", mine: "true" });
    expect(mine.body.items.map((item: { id: number }) => item.id)).toEqual([needIds.other]);
  });
});

describe("the technologies list's keyword box", () => {
  it("finds a 软件 technology for 軟體", async () => {
    const created = await write(organizer, "post", "/api/technologies").send({
      title: "嵌入式软件可靠性测试平台",
      discipline: "计算机科学与技术",
      maturity: 6,
    });
    expect(created.status).toBe(201);
    await t.container.indexWorker.drain();
    const page = await request(t.app).get("/technologies").query({ q: "軟體" });
    expect(linkedIds(page.text, "technologies")).toEqual([(created.body as { id: number }).id]);
  });
});

describe("the person picker", () => {
  it("suggests experts whose name starts like the text, across simplified and traditional script", async () => {
    const response = await request(t.app).get("/api/experts/suggest").query({ q: "陈志" });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { id: expertIds.traditional, name: "陳志豪", title: "", organization: "", region: "台湾" },
    ]);
    const byOrganizationOrName = await request(t.app).get("/api/experts/suggest").query({ q: "王", limit: 5 });
    expect(byOrganizationOrName.body.items.map((item: { id: number }) => item.id)).toContain(expertIds.keyword);
    expect((await request(t.app).get("/api/experts/suggest").query({ q: "" })).body.items).toEqual([]);
    expect((await request(t.app).get("/api/experts/suggest").query({ q: "王", limit: 99 })).status).toBe(400);
  });

  it("grants access to a confidential need by a typed name when the script is off, and lists namesakes", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "保密的芯片封装工艺", confidential: true }),
    );
    const needId = (created.body as { id: number }).id;
    const grant = (typed: string) =>
      enterprise.agent
        .post(`/needs/${needId}/access`)
        .type("form")
        .send({ _csrf: enterprise.csrfToken, expertId: typed });
    const byName = await grant("李晓梅");
    expect(byName.status).toBe(303);
    const need = await t.database.db.need.findUniqueOrThrow({ where: { id: needId }, include: { access: true } });
    expect(need.access.map((row) => row.expertId)).toEqual([expertIds.bio]);

    await write(organizer, "post", "/api/experts").send({ name: "李晓明", organization: "华侨大学" });
    await t.container.indexWorker.drain();
    const ambiguous = await grant("李晓");
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.text).toContain("有多位专家符合");
    expect(ambiguous.text).toContain("李晓明（华侨大学");
    expect(ambiguous.text).toContain('value="李晓"');
    const none = await grant("不存在的人");
    expect(none.status).toBe(400);
    expect(none.text).toContain("没有找到名为");
  });
});

describe("organizers pin any expert with the person picker", () => {
  it("offers the box to organizers only, pins a typed name, and lists namesakes when a name fits several", async () => {
    const path = `/needs/${needIds.open}`;
    const boxOf = (html: string) => /<input id="pin-expert" name="expertId"[^>]*>/.exec(html)?.[0] ?? null;
    expect(boxOf((await organizer.agent.get(path)).text)).toContain("data-expert-picker");
    expect(boxOf((await enterprise.agent.get(path)).text)).toBeNull();

    const pin = (agent: SignedInAgent, typed: string) =>
      agent.agent.post(`${path}/pins`).type("form").send({ _csrf: agent.csrfToken, expertId: typed });
    const pinned = await pin(organizer, "赵大海"); // the engine does not rank the sea farmer for software
    expect(pinned.status).toBe(303);
    expect(pinned.headers.location).toBe(`${path}#matches`);
    const overrides = await t.database.db.matchOverride.findMany({ where: { needId: needIds.open } });
    expect(overrides.map((row) => [row.expertId, row.kind])).toEqual([[expertIds.unrelated, "pin"]]);
    const page = await organizer.agent.get(path);
    expect(page.text).toContain("已置顶该专家。");
    expect(page.text).toMatch(new RegExp(`data-expert-id="${expertIds.unrelated}"[\\s\\S]*?组织者置顶`));

    const ambiguous = await pin(organizer, "李晓");
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.text).toContain("有多位专家符合“李晓”");
    expect(boxOf(ambiguous.text)).toContain('value="李晓"');
    expect((await pin(organizer, "99999999")).status).toBe(404);
    expect((await pin(enterprise, String(expertIds.bio))).status).toBe(403);
    expect(await t.database.db.matchOverride.count({ where: { needId: needIds.open } })).toBe(1);
  });
});

describe("a technology's owner is chosen with the person picker", () => {
  it("takes a typed name without the script, and explains a name that fits nobody", async () => {
    const page = await organizer.agent.get("/technologies/new");
    expect(/<input id="technology-owner" name="ownerId"[^>]*>/.exec(page.text)?.[0]).toContain("data-expert-picker");
    const add = (owner: string) =>
      organizer.agent
        .post("/technologies")
        .type("form")
        .send({ _csrf: organizer.csrfToken, title: "海水养殖尾水处理技术", ownerId: owner });
    const created = await add("赵大海");
    expect(created.status).toBe(303);
    const id = Number(/\/technologies\/(\d+)$/.exec(created.headers.location as string)![1]);
    expect((await t.database.db.technology.findUniqueOrThrow({ where: { id } })).ownerId).toBe(expertIds.unrelated);

    const before = await t.database.db.technology.count();
    const refused = await add("没有这个人");
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("没有找到名为“没有这个人”的专家。");
    expect(/<input id="technology-owner"[^>]*>/.exec(refused.text)?.[0]).toContain('value="没有这个人"');
    expect(await t.database.db.technology.count()).toBe(before);
  });
});
