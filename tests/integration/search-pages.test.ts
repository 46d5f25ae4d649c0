import Handlebars from "handlebars";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteFtsIndex } from "../../matching/index.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { OutageSearchIndex } from "../support/outage-search-index.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let engine: OutageSearchIndex;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
let openNeedId = 0;
let confidentialNeedId = 0;
let technologyId = 0;

/** An attribute value as the templates write it (Handlebars escapes `=`, `&` and quotes). */
const attr = (value: string) => Handlebars.Utils.escapeExpression(value);
/** A `/search?…` link as it appears in an href. */
const searchLink = (params: [string, string][]) => attr(`/search?${new URLSearchParams(params).toString()}`);

const search = (query: string) => request(t.app).get(`/search${query}`);

/** The text of the result cards, in order, with tags stripped. */
function resultTitles(html: string): string[] {
  return [...html.matchAll(/<h3 class="search-result-title"><a href="[^"]+">([\s\S]*?)<\/a><\/h3>/g)].map((m) =>
    m[1]!.replace(/<\/?mark>/g, ""),
  );
}

beforeAll(async () => {
  engine = new OutageSearchIndex(new SqliteFtsIndex({ file: ":memory:" }));
  t = await createTestApp({}, { searchIndex: engine });
  ({ enterprise, expert } = await signUpUsers(t, {
    enterprise: { organizationName: "宁德某电池材料有限公司" },
    expert: { name: "陳建宏" },
  }));
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
    title: "教授",
    organization: "國立成功大學",
    region: "台湾",
    disciplines: ["材料科学与工程"],
    keywords: ["固態電解質", "鋰電池", "正極材料"],
    bio: "長期從事鋰離子電池正極材料與固態電解質研究，主持多項產學合作計畫，協助企業改善電池循環壽命與安全性。",
  });
  const open = await write(enterprise, "post", "/api/needs").send(
    buildNeed({
      title: "锂电池正极材料低成本制备",
      description: "企业计划扩产磷酸铁锂正极材料，需要降低烧结能耗并提高批次一致性。",
      keywords: ["锂电池", "正极材料"],
      discipline: "化学工程",
      region: "宁德",
      track: "assist",
    }),
  );
  openNeedId = open.body.id;
  const confidential = await write(enterprise, "post", "/api/needs").send(
    buildNeed({
      title: "保密的电池回收工艺",
      description: "含商业秘密的湿法冶金流程",
      difficulty: "机密难点文字",
      keywords: ["回收"],
      region: "宁德",
      confidential: true,
    }),
  );
  confidentialNeedId = confidential.body.id;
  await write(enterprise, "post", "/api/needs").send(
    buildNeed({ title: '<script>alert("x")</script>电池隔膜需求', description: "<img src=x onerror=alert(1)>电池" }),
  );
  const technology = await write(expert, "post", "/api/technologies").send({
    title: "固態電解質鋰電池技術",
    abstract: "以硫化物固態電解質取代液態電解液，提升鋰電池能量密度與安全性，已完成百次循環驗證。",
    maturity: 6,
    discipline: "材料科学与工程",
  });
  technologyId = technology.body.id;
  // Twelve needs about ceramics, for paging.
  for (let i = 1; i <= 12; i += 1) {
    await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: `陶瓷基板工艺改进第${i}号`, keywords: ["陶瓷"], region: i % 2 ? "福州" : "厦门" }),
    );
  }
  await t.container.indexWorker.drain();
});

afterAll(async () => {
  await t.close();
});

describe("search page", () => {
  it("marks the match in a Traditional-Chinese record found by a Simplified query", async () => {
    const response = await search(`?q=${encodeURIComponent("锂电池")}`);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.text).toContain("<title>“锂电池”的搜索结果 · 科桥 SciBridge</title>");
    expect(response.text).toContain(`href="/experts/${expert.expertId}"`);
    expect(response.text).toContain("<mark>鋰電池</mark>");
    expect(response.text).toContain(`href="/technologies/${technologyId}"`);
    expect(response.text).toMatch(/固態電解質<mark>鋰電池<\/mark>技術/);
    expect(response.text).toContain(`href="/needs/${openNeedId}"`);
    expect(response.text).toContain("<mark>锂电池</mark>正极材料低成本制备");
    // kind badges and key facts
    expect(response.text).toContain('class="badge kind-badge kind-expert">专家</span>');
    expect(response.text).toContain('class="badge kind-badge kind-need">技术需求</span>');
    expect(response.text).toContain('class="badge kind-badge kind-technology">科技成果</span>');
    expect(response.text).toContain("國立成功大學");
    expect(response.text).toContain("技术成熟度 TRL 6/9");
    expect(response.text).toContain('class="badge status-open">征集中</span>');
    expect(response.text).toMatch(/找到 \d+ 条与“锂电池”相关的结果/);
    // the header box shows the query again
    expect(response.text).toMatch(/id="site-search-q" class="site-search-input" name="q" type="search" value="锂电池"/);
  });

  it("crops a long matching text to a snippet around the match", async () => {
    const response = await search(`?q=${encodeURIComponent("循环寿命")}&type=experts`);
    const snippet = /<p class="search-snippet">([\s\S]*?)<\/p>/.exec(response.text)?.[1] ?? "";
    expect(snippet).toContain("<mark>");
    expect(snippet.replace(/<[^>]+>/g, "").length).toBeLessThanOrEqual(130);
  });

  it("lists everything by recency on an empty query", async () => {
    const response = await search("");
    expect(response.status).toBe(200);
    expect(response.text).toContain("<title>搜索 · 科桥 SciBridge</title>");
    expect(response.text).toMatch(/共 \d+ 条，按更新时间排列/);
    expect(resultTitles(response.text)).toHaveLength(10);
  });

  it("says a query of punctuation alone has nothing to search for, rather than that everything matched it", async () => {
    const all = /共 (\d+) 条，按更新时间排列/.exec((await search("")).text)![1];
    for (const q of ["%%%", "？？", '"(*)']) {
      const response = await search(`?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
      expect(response.text, q).toContain(`“${attr(q)}”里没有可搜索的字词，以下为全部 ${all} 条，按更新时间排列`);
      expect(response.text, q).not.toContain("相关的结果");
    }
    const english = await search(`?q=${encodeURIComponent("%%%")}&lang=en`);
    expect(english.text).toContain(`“%%%” has no words to search for; here are all ${all} records`);
    // A query with a word in it is a search, as before.
    expect((await search(`?q=${encodeURIComponent("锂电池 %%%")}`)).text).toMatch(
      /找到 \d+ 条与“锂电池 %%%”相关的结果/,
    );
  });

  it("offers facet links with counts that add the value as a filter, and a way to clear it", async () => {
    const page = await search(`?q=${encodeURIComponent("电池")}`);
    const regionLink = searchLink([
      ["q", "电池"],
      ["region", "台湾"],
    ]);
    expect(page.text).toContain(`href="${regionLink}"`);
    expect(page.text).toMatch(/<span class="facet-label">台湾<\/span><span class="facet-count">2</);
    expect(page.text).toContain(
      `href="${searchLink([
        ["q", "电池"],
        ["track", "assist"],
      ])}"`,
    );
    expect(page.text).toContain(
      `href="${searchLink([
        ["q", "电池"],
        ["status", "open"],
      ])}"`,
    );
    expect(page.text).toContain(
      `href="${searchLink([
        ["q", "电池"],
        ["trl", "6"],
      ])}"`,
    );

    const filtered = await search(`?q=${encodeURIComponent("电池")}&region=${encodeURIComponent("台湾")}`);
    expect(filtered.status).toBe(200);
    expect(resultTitles(filtered.text).sort()).toEqual(["固態電解質鋰電池技術", "陳建宏"]);
    // the selected value is marked and links back to the unfiltered search
    expect(filtered.text).toMatch(
      /class="facet-option is-selected" href="\/search\?q&#x3D;[^"]+" rel="nofollow" aria-current="true"/,
    );
    expect(filtered.text).toContain('class="active-filters"');
    expect(filtered.text).toContain(`<a class="filter-chip" href="${searchLink([["q", "电池"]])}"`);
    expect(filtered.text).toContain("清除全部筛选");

    // a repeated parameter means OR
    const either = await search(
      `?q=${encodeURIComponent("电池")}&type=needs&region=${encodeURIComponent("台湾")}&region=${encodeURIComponent("宁德")}`,
    );
    expect(resultTitles(either.text)).toContain("锂电池正极材料低成本制备");
  });

  it("narrows technologies to one readiness level", async () => {
    const level6 = await search("?type=technologies&trl=6");
    expect(resultTitles(level6.text)).toEqual(["固態電解質鋰電池技術"]);
    expect(level6.text).toContain("TRL 6");
    const level5 = await search("?type=technologies&trl=5");
    expect(level5.status).toBe(200);
    expect(level5.text).toContain("没有找到相关结果");
  });

  it("switches between result types with tabs that keep the query and the filters that apply", async () => {
    const experts = await search(`?q=${encodeURIComponent("电池")}&type=experts`);
    expect(experts.status).toBe(200);
    expect(experts.text).toContain(
      `<a href="${searchLink([
        ["q", "电池"],
        ["type", "experts"],
      ])}" aria-current="page">专家</a>`,
    );
    expect(experts.text).not.toContain("kind-badge kind-need");
    expect(experts.text).not.toContain("kind-badge kind-technology");
    expect(experts.text).toContain(
      `<a href="${searchLink([
        ["q", "电池"],
        ["type", "needs"],
      ])}">技术需求</a>`,
    );
    expect(experts.text).toContain(`<a href="${searchLink([["q", "电池"]])}">全部</a>`);
    // facets that do not apply to experts are not offered
    expect(experts.text).not.toContain('id="facet-track"');

    const needs = await search(`?q=${encodeURIComponent("电池")}&type=needs&status=open`);
    expect(needs.text).toContain(
      `<a href="${searchLink([
        ["q", "电池"],
        ["type", "experts"],
      ])}">专家</a>`,
    );
    expect(needs.text).toContain(
      `<a href="${searchLink([
        ["q", "电池"],
        ["status", "open"],
      ])}">全部</a>`,
    );
  });

  /** Ceramics needs in two cities: two pages of results. */
  const ceramicsNeeds: [string, string][] = [
    ["q", "陶瓷"],
    ["type", "needs"],
    ["region", "福州"],
    ["region", "厦门"],
  ];
  const ceramicsPage = (page?: number) => {
    const params: [string, string][] = page ? [...ceramicsNeeds, ["page", String(page)]] : ceramicsNeeds;
    return search(`?${new URLSearchParams(params).toString()}`);
  };

  it("pages through results with links that keep the query, type and filters", async () => {
    const first = await ceramicsPage();
    expect(first.status).toBe(200);
    expect(resultTitles(first.text)).toHaveLength(10);
    expect(first.text).toContain("第 1/2 页");
    const next = searchLink([...ceramicsNeeds, ["page", "2"]]);
    expect(first.text).toContain(`href="${next}" rel="next"`);
    const second = await ceramicsPage(2);
    const titles = resultTitles(second.text);
    expect(titles.length).toBeGreaterThanOrEqual(2);
    expect(titles.every((title) => !resultTitles(first.text).includes(title))).toBe(true);
    expect(second.text).toContain('rel="prev"');
  });

  it("says a page past the last does not exist and links the last page, rather than 'nothing found'", async () => {
    const past = await ceramicsPage(9);
    expect(past.status).toBe(200);
    expect(past.text).toContain("没有第 9 页");
    expect(past.text).toContain("结果只有 2 页，列表可能已经变短了。");
    const last = searchLink([...ceramicsNeeds, ["page", "2"]]);
    expect(past.text).toContain(`href="${last}">查看最后一页</a>`);
    expect(past.text).not.toContain("没有找到相关结果");
    // No results at all is still "nothing found", whatever the page.
    const none = await search(`?q=${encodeURIComponent("完全不存在的词汇组合")}&page=3`);
    expect(none.text).toContain("没有找到相关结果");
    expect(none.text).not.toContain("查看最后一页");
  });

  it("shows a confidential need as its title, discipline and region only", async () => {
    const response = await search(`?q=${encodeURIComponent("电池回收")}&type=needs`);
    expect(response.status).toBe(200);
    expect(response.text).toContain(`href="/needs/${confidentialNeedId}"`);
    expect(response.text).toContain("search-result--redacted");
    expect(response.text).toContain('<span class="badge badge-confidential">保密需求</span>');
    expect(response.text).toContain("材料科学与工程");
    for (const hidden of ["湿法冶金", "机密难点文字", "宁德某电池材料有限公司", "热导率"]) {
      expect(response.text).not.toContain(hidden);
    }
    const bySecret = await search(`?q=${encodeURIComponent("湿法冶金")}&type=needs`);
    expect(bySecret.text).not.toContain(`href="/needs/${confidentialNeedId}"`);
    expect(bySecret.text).not.toContain("湿法冶金</mark>");
  });

  it("escapes markup in record text, inside and outside the marks", async () => {
    const response = await search(`?q=${encodeURIComponent("电池隔膜")}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(response.text).not.toContain("<script>alert");
    expect(response.text).not.toContain("<img src=x");
    const scripts = response.text.match(/<script[^>]*>/g) ?? [];
    expect(scripts.every((tag) => / src="\/assets\/[\w-]+\.js"/.test(tag))).toBe(true);
    const query = await search(`?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(query.status).toBe(200);
    expect(query.text).not.toContain("<script>alert(1)");
  });

  it("answers a query over 500 characters with a message and status 400", async () => {
    const response = await search(`?q=${"x".repeat(501)}`);
    expect(response.status).toBe(400);
    expect(response.text).toContain("搜索词过长：最多 500 个字符，请精简后再试。");
    expect(response.text).toContain('role="alert"');
    expect(response.text).toContain('id="search-q"');
    expect(response.text).toContain('aria-invalid="true" aria-describedby="search-problem"');
    expect((await search(`?q=${"x".repeat(500)}`)).status).toBe(200);
  });

  it.each([
    ["an unknown status", "?status=lost"],
    ["an unknown programme", "?track=no-such-track"],
    ["an unknown type", "?type=people"],
    ["a readiness level out of range", "?trl=12"],
    ["two readiness levels", "?type=technologies&trl=3&trl=7"],
    ["a filter that does not apply to the type", "?type=experts&status=open"],
    ["a page beyond what is offered", "?page=1001"],
    ["a merged page too deep", "?page=200"],
  ])("answers %s with a friendly message and status 400", async (_name, query) => {
    const response = await search(query);
    expect(response.status).toBe(400);
    expect(response.text).toContain("无法完成这次搜索");
    expect(response.text).toContain('<form class="search-form"');
    expect(response.text).not.toContain("search-result-title");
  });

  it("ignores parameters it does not know, such as the language switch", async () => {
    const response = await search(`?q=${encodeURIComponent("锂电池")}&lang=en&utm_source=mail`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('<html lang="en">');
    expect(response.text).toMatch(/\d+ results for “锂电池”/);
    expect(response.text).toContain("<mark>鋰電池</mark>");
    expect(response.text).toContain('class="badge kind-badge kind-expert">Expert</span>');
  });

  it("says search is temporarily unavailable (503) while the engine is down", async () => {
    engine.down = true;
    try {
      const response = await search(`?q=${encodeURIComponent("锂电池")}`);
      expect(response.status).toBe(503);
      expect(response.text).toContain("搜索暂时不可用");
      expect(response.text).toContain('href="/needs"');
      expect(response.text).not.toContain("search-result-title");
    } finally {
      engine.down = false;
    }
  });
});

describe("header search box", () => {
  it("is on every page: a labelled GET form to /search", async () => {
    const paths = [
      "/",
      "/needs",
      `/needs/${openNeedId}`,
      "/experts",
      `/experts/${expert.expertId}`,
      "/technologies",
      `/technologies/${technologyId}`,
      "/login",
      "/register",
      "/search",
      "/no-such-page",
    ];
    for (const path of paths) {
      const response = await request(t.app).get(path).set("Accept", "text/html");
      expect(response.text, path).toContain('<form class="site-search" method="get" action="/search" role="search"');
      expect(response.text, path).toContain(
        '<label class="visually-hidden" for="site-search-q">搜索专家、需求与成果</label>',
      );
      expect(response.text, path).toMatch(
        /<input id="site-search-q" class="site-search-input" name="q" type="search" value=""/,
      );
      expect(response.text, path).toContain('<script src="/assets/search.js" defer></script>');
    }
  });

  it("serves the suggestion script", async () => {
    const response = await request(t.app).get("/assets/search.js");
    expect(response.status).toBe(200);
    expect(response.text).toContain("/api/search/suggest?");
  });
});
