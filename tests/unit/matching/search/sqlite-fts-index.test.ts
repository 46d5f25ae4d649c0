import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  SqliteFtsIndex,
  analyzeQuery,
  type IndexSchema,
  type SearchDocument,
  type SearchRequest,
} from "../../../../matching/index.js";
import { buildFtsMatch } from "../../../../matching/search/fts-query.js";

const schema: IndexSchema = {
  searchable: [
    { field: "title", weight: 4 },
    { field: "body", weight: 1 },
  ],
  filterable: ["region", "maturity"],
  facetable: ["region"],
  sortable: ["updatedAt"],
};

const regions = ["福州", "厦门", "泉州"];
const topics = ["锂电池正极材料", "海水养殖", "机器视觉检测", "石墨烯导热膜", "茶叶加工"];

/** Documents whose titles and bodies mix a few topics, so words match in either field. */
function documents(count: number): SearchDocument[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    text: {
      title: `${topics[i % topics.length]}技术研究 ${i}`,
      body: `面向企业的${topics[(i * 3 + 1) % topics.length]}与${topics[(i * 7 + 2) % topics.length]}。`.repeat(
        1 + (i % 4),
      ),
    },
    attributes: { region: regions[i % regions.length]!, maturity: 1 + (i % 9), updatedAt: 1000 + ((i * 37) % 101) },
  }));
}

const directories: string[] = [];
function tempFile(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-fts-"));
  directories.push(directory);
  return path.join(directory, "search.db");
}
afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

async function open(options: { file?: string; rankBudget?: number; analysisThreads?: number } = {}) {
  const index = new SqliteFtsIndex({ file: options.file ?? ":memory:", ...options });
  await index.applySchema("docs", schema);
  return index;
}

const request = (overrides: Partial<SearchRequest>): SearchRequest => ({
  query: "",
  page: 1,
  pageSize: 10,
  ...overrides,
});

describe("SqliteFtsIndex", () => {
  it("analyses large upserts on worker threads into the same index as on the calling thread", async () => {
    const pooled = await open({ analysisThreads: 1 });
    const inline = await open({ analysisThreads: 0 });
    const docs = documents(240);
    await pooled.upsert("docs", docs);
    await inline.upsert("docs", docs);
    expect(pooled.analysisThreadsUsed).toBe(true);
    expect(inline.analysisThreadsUsed).toBe(false);
    const vocabulary = (index: SqliteFtsIndex) =>
      index.rawDatabase().prepare('SELECT term, doc, cnt FROM "docs__vocab" ORDER BY term').all();
    expect(vocabulary(pooled)).toEqual(vocabulary(inline));
    for (const query of ["锂电池", "海水养殖 技术", "视觉"]) {
      expect(await pooled.search("docs", request({ query }))).toEqual(await inline.search("docs", request({ query })));
    }
    await pooled.close();
    await inline.close();
  });

  it("for a server, analyses one very long document on a worker thread too, and a short one in place", async () => {
    const responsive = () => new SqliteFtsIndex({ file: ":memory:", analysisThreads: 1, keepCallerResponsive: true });
    const short = responsive();
    await short.applySchema("docs", schema);
    await short.upsert("docs", documents(1));
    expect(short.analysisThreadsUsed).toBe(false);
    // A profile at every limit holds about four million characters; analysing it in place held
    // the event loop for seconds.
    const long = responsive();
    await long.applySchema("docs", schema);
    const [doc] = documents(1);
    await long.upsert("docs", [{ ...doc!, text: { ...doc!.text, body: "海水养殖尾水处理技术。".repeat(8_000) } }]);
    expect(long.analysisThreadsUsed).toBe(true);
    expect((await long.search("docs", request({ query: "尾水处理" }))).total).toBe(1);
    await short.close();
    await long.close();
  });

  it("finds the same documents with the unranked MATCH as with the full one", async () => {
    const index = await open({ analysisThreads: 0 });
    await index.upsert("docs", [
      ...documents(100),
      { id: "split", text: { title: "锂电 池", body: "深度 学习" }, attributes: {} },
      { id: "traditional", text: { title: "鋰電池與深度學習" }, attributes: {} },
    ]);
    const rowids = (match: string) =>
      index.rawDatabase().prepare('SELECT rowid FROM "docs__fts" WHERE "docs__fts" MATCH ?').pluck().all(match);
    // A trailing space: the last word is complete, not a prefix being typed.
    for (const text of [
      "锂电池 ",
      "深度学习 ",
      "海水养殖 技术 ",
      "视觉 茶叶",
      "锂电 ",
      "石墨烯导热膜 企业 ",
      "研究 ",
    ]) {
      const query = analyzeQuery(text);
      for (const mode of ["all", "any"] as const) {
        const unranked = buildFtsMatch(query, schema, mode, { unranked: true });
        expect(rowids(unranked)).toEqual(rowids(buildFtsMatch(query, schema, mode)));
      }
    }
    expect(buildFtsMatch(analyzeQuery("锂电池 "), schema, "all", { unranked: true })).not.toContain('"锂电池"');
    await index.close();
  });

  it("ranks every hit within the budget and the strongest candidates beyond it, with exact totals and facets", async () => {
    const exact = await open({ analysisThreads: 0 });
    const budgeted = await open({ analysisThreads: 0, rankBudget: 20 });
    const docs = documents(200);
    await exact.upsert("docs", docs);
    await budgeted.upsert("docs", docs);
    const query = request({ query: "锂电池", facets: ["region"], pageSize: 5 });
    const full = await exact.search("docs", query);
    const partial = await budgeted.search("docs", query);
    expect(full.total).toBeGreaterThan(20);
    expect(partial.total).toBe(full.total);
    expect(partial.facets).toEqual(full.facets);
    // The best hits have the word in the title (the strong field): the candidates hold them.
    expect(partial.hits.map((hit) => hit.id)).toEqual(full.hits.map((hit) => hit.id));
    expect(partial.hits.map((hit) => hit.score)).toEqual(full.hits.map((hit) => hit.score));
    const filtered = request({ query: "锂电池", filter: { op: "eq", field: "region", value: "厦门" } });
    expect((await budgeted.search("docs", filtered)).total).toBe((await exact.search("docs", filtered)).total);
    await exact.close();
    await budgeted.close();
  });

  it("sorts by a field, breaking ties by relevance and then by recency", async () => {
    const index = await open({ analysisThreads: 0 });
    const docs = documents(60);
    await index.upsert("docs", docs);
    const sorted = await index.search(
      "docs",
      request({ query: "锂电池", sort: [{ field: "updatedAt", order: "desc" }], pageSize: 60 }),
    );
    const updatedAt = new Map(docs.map((doc) => [doc.id, doc.attributes.updatedAt as number]));
    const keys = sorted.hits.map((hit) => updatedAt.get(hit.id)!);
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    for (let i = 1; i < sorted.hits.length; i++) {
      if (keys[i] === keys[i - 1]) expect(sorted.hits[i]!.score).toBeLessThanOrEqual(sorted.hits[i - 1]!.score);
    }
    const second = await index.search(
      "docs",
      request({ query: "锂电池", sort: [{ field: "updatedAt", order: "desc" }], pageSize: 7, page: 2 }),
    );
    expect(second.hits).toEqual(sorted.hits.slice(7, 14));
    await index.close();
  });

  it("merges segments 16 at a time, also in an index created with FTS5's default", async () => {
    const file = tempFile();
    const automerge = (index: SqliteFtsIndex) =>
      index.rawDatabase().prepare(`SELECT v FROM "docs__fts_config" WHERE k = 'automerge'`).pluck().get();
    const first = await open({ file, analysisThreads: 0 });
    expect(automerge(first)).toBe(16);
    first.rawDatabase().exec(`INSERT INTO "docs__fts"("docs__fts", rank) VALUES('automerge', 4)`);
    await first.close();
    const reopened = await open({ file, analysisThreads: 0 });
    expect(automerge(reopened)).toBe(16);
    await reopened.close();
  });

  it("keeps up with what another connection writes to the same file", async () => {
    const file = tempFile();
    const writer = await open({ file, analysisThreads: 0 });
    const reader = await open({ file, analysisThreads: 0 });
    await writer.upsert("docs", documents(10));
    expect((await reader.search("docs", request({ facets: ["region"] }))).total).toBe(10);

    await writer.upsert("docs", [
      { id: "d0", text: { title: "大黄鱼病害防控" }, attributes: { region: "宁德", updatedAt: 1 } },
    ]);
    await writer.remove("docs", ["d1"]);
    const regionOf = (value: string) => request({ filter: { op: "eq", field: "region", value } });
    expect((await reader.search("docs", regionOf("宁德"))).hits.map((hit) => hit.id)).toEqual(["d0"]);
    expect((await reader.search("docs", request({ query: "大黄鱼" }))).hits.map((hit) => hit.id)).toEqual(["d0"]);
    const all = await reader.search("docs", request({ facets: ["region"], pageSize: 20 }));
    expect(all.total).toBe(9);
    expect(all.hits.map((hit) => hit.id)).not.toContain("d1");
    expect(all.facets.region!["宁德"]).toBe(1);

    // Recreated tables (another schema) are seen as such.
    await writer.applySchema("docs", { ...schema, facetable: ["region", "maturity"] });
    await writer.upsert("docs", documents(3));
    expect((await reader.search("docs", request({ facets: ["maturity"] }))).total).toBe(3);
    await writer.close();
    await reader.close();
  });
});
