import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexSchema, SearchDocument, SearchIndex, SearchRequest } from "../../matching/index.js";

/** The one suite every SearchIndex engine must pass. */

const schema: IndexSchema = {
  searchable: [
    { field: "title", weight: 4 },
    { field: "keywords", weight: 2 },
    { field: "body", weight: 1 },
  ],
  filterable: ["region", "discipline", "maturity", "languages", "confidential"],
  facetable: ["region", "discipline"],
  sortable: ["updatedAt", "maturity"],
};

const documents: SearchDocument[] = [
  {
    id: "battery-1",
    text: {
      title: "高能量密度锂电池正极材料制备技术",
      keywords: "锂电池 正极材料",
      body: "面向新能源汽车动力电池的高镍三元正极材料。",
    },
    attributes: {
      region: "宁德",
      discipline: "材料科学与工程",
      maturity: 6,
      languages: ["zh"],
      confidential: false,
      updatedAt: 10,
    },
  },
  {
    id: "software-tw",
    text: {
      title: "嵌入式軟體與伺服器資訊安全",
      keywords: "軟體 資訊安全 網路",
      body: "以數位孿生驗證半導體設備的控制程式。",
    },
    attributes: {
      region: "台湾",
      discipline: "计算机科学与技术",
      maturity: 7,
      languages: ["zh-Hant"],
      confidential: false,
      updatedAt: 20,
    },
  },
  {
    id: "software-cn",
    text: { title: "工业软件国产化与网络安全", keywords: "软件 网络安全", body: "面向制造企业的工业软件平台。" },
    attributes: {
      region: "福州",
      discipline: "计算机科学与技术",
      maturity: 4,
      languages: ["zh"],
      confidential: false,
      updatedAt: 30,
    },
  },
  {
    id: "python-en",
    text: {
      title: "Python tools for battery state-of-health estimation",
      keywords: "machine learning; batteries",
      body: "Data-driven models for lithium-ion cells.",
    },
    attributes: {
      region: "新加坡",
      discipline: "电气工程",
      maturity: 3,
      languages: ["en"],
      confidential: false,
      updatedAt: 40,
    },
  },
  {
    id: "tea-mixed",
    text: {
      title: "基于机器视觉的白茶分级 system",
      keywords: "白茶 机器视觉 computer vision",
      body: "福鼎白茶 grading with deep learning.",
    },
    attributes: {
      region: "宁德",
      discipline: "园艺学",
      maturity: 5,
      languages: ["zh", "en"],
      confidential: false,
      updatedAt: 50,
    },
  },
  {
    id: "laser-tw",
    text: { title: "雷射加工於石材切割之應用", keywords: "雷射 石材", body: "高功率雷射提升切割效率。" },
    attributes: {
      region: "台湾",
      discipline: "光学工程",
      maturity: 8,
      languages: ["zh-Hant"],
      confidential: false,
      updatedAt: 60,
    },
  },
];

const request = (overrides: Partial<SearchRequest>): SearchRequest => ({
  query: "",
  page: 1,
  pageSize: 20,
  ...overrides,
});

export function runSearchIndexContract(
  name: string,
  create: () => Promise<SearchIndex> | SearchIndex,
  options: { skip?: boolean } = {},
) {
  describe.skipIf(options.skip)(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    const indexName = `contract_${Math.random().toString(36).slice(2, 8)}`;
    const ids = async (overrides: Partial<SearchRequest>) =>
      (await index.search(indexName, request(overrides))).hits.map((hit) => hit.id);

    beforeAll(async () => {
      index = await create();
      await index.applySchema(indexName, schema);
      await index.upsert(indexName, documents);
    });
    afterAll(async () => {
      await index?.close();
    });

    it("finds added documents and lists every id", async () => {
      expect((await index.listIds(indexName)).sort()).toEqual(documents.map((d) => d.id).sort());
      expect(await ids({ query: "正极材料" })).toEqual(["battery-1"]);
    });

    it("lists everything by the first sortable field on an empty query", async () => {
      const result = await index.search(indexName, request({}));
      expect(result.total).toBe(documents.length);
      expect(result.hits.map((h) => h.id)).toEqual([
        "laser-tw",
        "tea-mixed",
        "python-en",
        "software-cn",
        "software-tw",
        "battery-1",
      ]);
    });

    it("replaces a document on update and forgets it on delete", async () => {
      await index.upsert(indexName, [
        {
          id: "temp",
          text: { title: "海水养殖大黄鱼病害防控", keywords: "", body: "" },
          attributes: { region: "宁德", updatedAt: 1 },
        },
      ]);
      expect(await ids({ query: "大黄鱼" })).toEqual(["temp"]);
      await index.upsert(indexName, [
        {
          id: "temp",
          text: { title: "茶园病虫害绿色防控", keywords: "", body: "" },
          attributes: { region: "安溪", updatedAt: 1 },
        },
      ]);
      expect(await ids({ query: "大黄鱼" })).toEqual([]);
      expect(await ids({ query: "茶园" })).toEqual(["temp"]);
      expect(await ids({ query: "", filter: { op: "eq", field: "region", value: "宁德" } })).not.toContain("temp");
      await index.remove(indexName, ["temp"]);
      expect(await ids({ query: "茶园" })).toEqual([]);
      expect(await index.listIds(indexName)).not.toContain("temp");
    });

    it("filters with eq, in, range, and, or, and array attributes", async () => {
      expect(await ids({ query: "", filter: { op: "eq", field: "region", value: "台湾" } })).toEqual([
        "laser-tw",
        "software-tw",
      ]);
      expect(
        (await ids({ query: "", filter: { op: "in", field: "region", values: ["福州", "新加坡"] } })).sort(),
      ).toEqual(["python-en", "software-cn"]);
      expect((await ids({ query: "", filter: { op: "range", field: "maturity", gte: 6, lte: 7 } })).sort()).toEqual([
        "battery-1",
        "software-tw",
      ]);
      const tree = {
        op: "or" as const,
        filters: [
          {
            op: "and" as const,
            filters: [
              { op: "eq" as const, field: "region", value: "宁德" },
              { op: "range" as const, field: "maturity", gte: 6 },
            ],
          },
          { op: "eq" as const, field: "languages", value: "en" },
        ],
      };
      expect((await ids({ query: "", filter: tree })).sort()).toEqual(["battery-1", "python-en", "tea-mixed"]);
      expect(await ids({ query: "软件", filter: { op: "eq", field: "region", value: "福州" } })).toEqual([
        "software-cn",
      ]);
    });

    it("refuses filters, sorts and facets on fields the schema does not allow", async () => {
      await expect(
        index.search(indexName, request({ filter: { op: "eq", field: "title", value: "x" } })),
      ).rejects.toThrow();
      await expect(index.search(indexName, request({ sort: [{ field: "region", order: "asc" }] }))).rejects.toThrow();
      await expect(index.search(indexName, request({ facets: ["maturity"] }))).rejects.toThrow();
    });

    it("counts facets over the filtered hits", async () => {
      const result = await index.search(
        indexName,
        request({ query: "", facets: ["region", "discipline"], filter: { op: "range", field: "maturity", gte: 5 } }),
      );
      expect(result.facets.region).toEqual({ 宁德: 2, 台湾: 2 });
      expect(result.facets.discipline).toEqual({ 材料科学与工程: 1, 计算机科学与技术: 1, 园艺学: 1, 光学工程: 1 });
    });

    it("pages with stable totals", async () => {
      const first = await index.search(indexName, request({ pageSize: 4 }));
      const second = await index.search(indexName, request({ pageSize: 4, page: 2 }));
      const beyond = await index.search(indexName, request({ pageSize: 4, page: 9 }));
      expect([first.total, second.total, beyond.total]).toEqual([6, 6, 6]);
      expect(first.hits).toHaveLength(4);
      expect(second.hits).toHaveLength(2);
      expect(beyond.hits).toHaveLength(0);
      expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(6);
    });

    it("sorts on request", async () => {
      expect(await ids({ query: "", sort: [{ field: "maturity", order: "asc" }], pageSize: 3 })).toEqual([
        "python-en",
        "software-cn",
        "tea-mixed",
      ]);
    });

    it("marks matches in the original text, including a Traditional surface for a Simplified query", async () => {
      const result = await index.search(indexName, request({ query: "软件", highlight: ["title"] }));
      const tw = result.hits.find((hit) => hit.id === "software-tw")!;
      expect(tw.highlights.title!.filter((run) => run.match).map((run) => run.text)).toContain("軟體");
      expect(tw.highlights.title!.map((run) => run.text).join("")).toBe("嵌入式軟體與伺服器資訊安全");
    });

    it("finds a Traditional document with a Simplified query and the reverse", async () => {
      expect(await ids({ query: "激光" })).toEqual(["laser-tw"]);
      expect(await ids({ query: "服务器" })).toEqual(["software-tw"]);
      expect((await ids({ query: "網路安全" })).sort()).toContain("software-cn");
      expect(await ids({ query: "正極材料" })).toEqual(["battery-1"]);
    });

    it("finds 軟體 with 软件", async () => {
      expect((await ids({ query: "软件" })).sort()).toEqual(["software-cn", "software-tw"]);
    });

    it("finds 电池 inside 锂电池", async () => {
      expect(await ids({ query: "电池" })).toContain("battery-1");
    });

    it("finds the singular with an English plural and the reverse", async () => {
      expect(await ids({ query: "batteries" })).toContain("python-en");
      expect(await ids({ query: "cell" })).toEqual(["python-en"]);
    });

    it("tolerates a one-letter typo in a Latin word", async () => {
      expect(await ids({ query: "pyton" })).toEqual(["python-en"]);
    });

    it("matches mixed-language documents from either language", async () => {
      expect(await ids({ query: "computer vision" })).toEqual(["tea-mixed"]);
      expect(await ids({ query: "白茶 grading" })).toEqual(["tea-mixed"]);
      expect(await ids({ query: "机器视觉" })).toEqual(["tea-mixed"]);
    });

    it("matches only in the requested fields", async () => {
      expect(await ids({ query: "新能源汽车" })).toEqual(["battery-1"]);
      expect(await ids({ query: "新能源汽车", fields: ["title"] })).toEqual([]);
      expect(await ids({ query: "正极材料", fields: ["title", "keywords"] })).toEqual(["battery-1"]);
      await expect(index.search(indexName, request({ query: "x", fields: ["region"] }))).rejects.toThrow();
    });

    it("never lets typed query syntax break a query", async () => {
      for (const query of ['"', "AND OR NOT", "NEAR(a b", "title:软件", "*", "软件 -网络", "(((", "^x", "a\\b"]) {
        await expect(index.search(indexName, request({ query }))).resolves.toBeDefined();
      }
    });

    it("reports health", async () => {
      expect((await index.health()).ok).toBe(true);
    });
  });
}
