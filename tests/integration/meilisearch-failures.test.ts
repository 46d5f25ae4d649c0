import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { analyzeQuery } from "../../matching/text/index.js";
import {
  SearchRequestError,
  SearchUnavailableError,
  type IndexSchema,
  type SearchDocument,
} from "../../matching/search/search-index.js";
import { MeilisearchIndex, meilisearchSettings } from "../../matching/search/meilisearch-index.js";

/*
 * No Meilisearch server runs here. These tests check how the adapter behaves when the server is
 * absent or misbehaves, against (1) a closed port and (2) a node:http server that answers the
 * endpoints the official client calls (read from node_modules/meilisearch/src): GET /health,
 * GET /indexes/:uid, POST /indexes, GET|PATCH /indexes/:uid/settings, POST /indexes/:uid/documents,
 * POST /indexes/:uid/documents/delete-batch, GET /indexes/:uid/documents, POST /indexes/:uid/search,
 * and GET /tasks/:uid, which waitForTask polls until the status is neither enqueued nor processing.
 * Error bodies follow Meilisearch's documented format {message, code, type, link}.
 */

const schema: IndexSchema = {
  searchable: [
    { field: "title", weight: 4 },
    { field: "body", weight: 1 },
  ],
  filterable: ["region", "maturity"],
  facetable: ["region"],
  sortable: ["updatedAt"],
};

const doc: SearchDocument = {
  id: "battery-1",
  text: { title: "高能量密度锂电池正极材料", body: "Lithium batteries" },
  attributes: { region: "宁德", maturity: 6, updatedAt: 10 },
};

const UID = "scibridge_x";

function meiliError(code: string, type: string, message: string) {
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` };
}

interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status: number; body?: unknown; raw?: string } | "hang";
type Route = (req: Recorded) => Reply | undefined;

/** A fake Meilisearch: `route` answers first; anything it leaves answers like a healthy, configured server. */
async function fakeMeilisearch(route: Route = () => undefined) {
  const requests: Recorded[] = [];
  const sockets = new Set<Socket>();
  let taskUid = 0;
  const tasks = new Map<number, unknown>();
  const enqueue = (type: string) => {
    taskUid += 1;
    tasks.set(taskUid, { uid: taskUid, indexUid: UID, status: "succeeded", type, error: null });
    return {
      status: 202,
      body: { taskUid, indexUid: UID, status: "enqueued", type, enqueuedAt: new Date().toISOString() },
    };
  };
  const defaults = (req: Recorded): Reply => {
    const { method, path } = req;
    if (method === "GET" && path === "/health") return { status: 200, body: { status: "available" } };
    if (method === "GET" && path === `/indexes/${UID}`)
      return { status: 200, body: { uid: UID, primaryKey: "id", createdAt: "", updatedAt: "" } };
    if (method === "GET" && path === `/indexes/${UID}/settings`)
      return { status: 200, body: meilisearchSettings(schema) };
    if (method === "PATCH" && path === `/indexes/${UID}/settings`) return enqueue("settingsUpdate");
    if (method === "POST" && path === "/indexes") return enqueue("indexCreation");
    if (method === "POST" && path === `/indexes/${UID}/documents`) return enqueue("documentAdditionOrUpdate");
    if (method === "POST" && path === `/indexes/${UID}/documents/delete-batch`) return enqueue("documentDeletion");
    if (method === "GET" && path === `/indexes/${UID}/documents`)
      return { status: 200, body: { results: [], offset: 0, limit: 1000, total: 0 } };
    if (method === "POST" && path === `/indexes/${UID}/search`) {
      return {
        status: 200,
        body: { hits: [], query: "", processingTimeMs: 0, hitsPerPage: 20, page: 1, totalPages: 0, totalHits: 0 },
      };
    }
    const task = /^\/tasks\/(\d+)$/.exec(path);
    if (method === "GET" && task && tasks.has(Number(task[1])))
      return { status: 200, body: tasks.get(Number(task[1])) };
    return { status: 404, body: meiliError("not_found", "invalid_request", `No route ${method} ${path}`) };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://fake");
      const recorded: Recorded = {
        method: req.method ?? "GET",
        path: url.pathname,
        body: text ? JSON.parse(text) : undefined,
      };
      (recorded as Recorded & { query: URLSearchParams }).query = url.searchParams;
      requests.push(recorded);
      const reply = route(recorded) ?? defaults(recorded);
      if (reply === "hang") return; // never answer; the socket is destroyed on close
      res.writeHead(reply.status, { "content-type": reply.raw !== undefined ? "text/html" : "application/json" });
      res.end(reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tasks,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

// Load the analyser (jieba dictionary, OpenCC tables) once, so timings below measure the adapter.
beforeAll(() => {
  analyzeQuery("预热 warm-up");
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(route?: Route, options: { timeoutMs?: number; taskTimeoutMs?: number } = {}) {
  const fake = await fakeMeilisearch(route);
  const index = new MeilisearchIndex({
    url: fake.url,
    apiKey: "test-key",
    timeoutMs: options.timeoutMs ?? 1000,
    taskTimeoutMs: options.taskTimeoutMs ?? 1000,
  });
  cleanups.push(async () => {
    await index.close();
    await fake.close();
  });
  return { fake, index };
}

describe("MeilisearchIndex when no server listens", () => {
  it("rejects every method with SearchUnavailableError and reports health ok: false, quickly", async () => {
    const port = await closedPort();
    const index = new MeilisearchIndex({ url: `http://127.0.0.1:${port}`, timeoutMs: 500, taskTimeoutMs: 500 });
    const started = Date.now();
    const calls: [string, () => Promise<unknown>][] = [
      ["applySchema", () => index.applySchema("x", schema)],
      ["upsert", () => index.upsert("x", [doc])],
      ["remove", () => index.remove("x", ["battery-1"])],
      ["listIds", () => index.listIds("x")],
      ["search", () => index.search("x", { query: "锂电池", page: 1, pageSize: 10 })],
    ];
    for (const [name, call] of calls) {
      const error = await rejection(call());
      expect(error, name).toBeInstanceOf(SearchUnavailableError);
      expect(error.message, name).toMatch(/ECONNREFUSED|unreachable/);
      expect(error.cause, name).toBeDefined();
    }
    const health = await index.health();
    expect(health).toMatchObject({ ok: false, engine: "meilisearch" });
    expect(health.detail).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(3000);
    await index.close();
  });
});

describe("MeilisearchIndex against a server that misbehaves", () => {
  it("turns a request that hangs past timeoutMs into SearchUnavailableError, fast", async () => {
    const { index } = await setup((req) => (req.path.endsWith("/search") ? "hang" : undefined), { timeoutMs: 200 });
    await index.applySchema("x", schema);
    const started = Date.now();
    const error = await rejection(index.search("x", { query: "锂电池", page: 1, pageSize: 10 }));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(error.message).toMatch(/timed out after 200ms/);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1500);
  });

  it("reports health ok: false when /health hangs, without throwing", async () => {
    const { index } = await setup((req) => (req.path === "/health" ? "hang" : undefined), { timeoutMs: 200 });
    const health = await index.health();
    expect(health).toMatchObject({ ok: false, engine: "meilisearch" });
    expect(health.detail).toMatch(/timed out/);
  });

  it("rejects an upsert whose task fails, with the task's code and message", async () => {
    let polls = 0;
    const { fake, index } = await setup((req) => {
      if (req.method === "POST" && req.path === `/indexes/${UID}/documents`) {
        return {
          status: 202,
          body: {
            taskUid: 41,
            indexUid: UID,
            status: "enqueued",
            type: "documentAdditionOrUpdate",
            enqueuedAt: "2026-01-01T00:00:00Z",
          },
        };
      }
      if (req.method === "GET" && req.path === "/tasks/41") {
        polls += 1;
        if (polls < 3)
          return {
            status: 200,
            body: {
              uid: 41,
              indexUid: UID,
              status: polls === 1 ? "enqueued" : "processing",
              type: "documentAdditionOrUpdate",
              error: null,
            },
          };
        return {
          status: 200,
          body: {
            uid: 41,
            indexUid: UID,
            status: "failed",
            type: "documentAdditionOrUpdate",
            error: meiliError("invalid_document_id", "invalid_request", 'Document identifier `"bad id"` is invalid.'),
          },
        };
      }
      return undefined;
    });
    await index.applySchema("x", schema);
    const error = await rejection(index.upsert("x", [doc]));
    expect(error).toBeInstanceOf(SearchRequestError);
    expect(error.message).toContain("invalid_document_id");
    expect(error.message).toContain("Document identifier");
    expect(error).toMatchObject({ meilisearch: { code: "invalid_document_id", type: "invalid_request", taskUid: 41 } });
    expect(polls).toBe(3);
    expect(fake.requests.filter((r) => r.path === "/tasks/41")).toHaveLength(3);
  });

  it("treats a task that fails for an internal reason as unavailable", async () => {
    const { fake, index } = await setup((req) => {
      if (req.method === "POST" && req.path === `/indexes/${UID}/documents`) {
        return {
          status: 202,
          body: { taskUid: 7, indexUid: UID, status: "enqueued", type: "documentAdditionOrUpdate", enqueuedAt: "" },
        };
      }
      if (req.path === "/tasks/7") {
        return {
          status: 200,
          body: {
            uid: 7,
            status: "failed",
            error: meiliError("no_space_left_on_device", "system", "No space left on device"),
          },
        };
      }
      return undefined;
    });
    await index.applySchema("x", schema);
    const error = await rejection(index.upsert("x", [doc]));
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(error).toMatchObject({ meilisearch: { code: "no_space_left_on_device", taskUid: 7 } });
    expect(fake.requests.some((r) => r.path === "/tasks/7")).toBe(true);
  });

  it("gives up on a task that never finishes after taskTimeoutMs", async () => {
    const { index } = await setup(
      (req) => {
        if (req.method === "PATCH")
          return {
            status: 202,
            body: { taskUid: 9, indexUid: UID, status: "enqueued", type: "settingsUpdate", enqueuedAt: "" },
          };
        if (req.path === `/indexes/${UID}/settings` && req.method === "GET") return { status: 200, body: {} };
        if (req.path === "/tasks/9") return { status: 200, body: { uid: 9, status: "processing", error: null } };
        return undefined;
      },
      { taskTimeoutMs: 300 },
    );
    const started = Date.now();
    const error = await rejection(index.applySchema("x", schema));
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(error.message).toMatch(/timeout of 300ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("maps a 503 with Meilisearch's error body to SearchUnavailableError", async () => {
    const { index } = await setup((req) =>
      req.path.endsWith("/search")
        ? {
            status: 503,
            body: meiliError(
              "too_many_search_requests",
              "system",
              "Too many search requests running at the same time: 40. Retry after 10s.",
            ),
          }
        : undefined,
    );
    await index.applySchema("x", schema);
    const error = await rejection(index.search("x", { query: "电池", page: 1, pageSize: 10 }));
    expect(error).toBeInstanceOf(SearchUnavailableError);
    expect(error).toMatchObject({ meilisearch: { code: "too_many_search_requests", httpStatus: 503 } });
    expect(error.message).toContain("Too many search requests");
  });

  it("maps a 400 invalid_search_filter to SearchRequestError", async () => {
    const { index } = await setup((req) =>
      req.path.endsWith("/search")
        ? {
            status: 400,
            body: meiliError("invalid_search_filter", "invalid_request", "Attribute `region` is not filterable."),
          }
        : undefined,
    );
    await index.applySchema("x", schema);
    const error = await rejection(
      index.search("x", { query: "", filter: { op: "eq", field: "region", value: "宁德" }, page: 1, pageSize: 10 }),
    );
    expect(error).toBeInstanceOf(SearchRequestError);
    expect(error).not.toBeInstanceOf(SearchUnavailableError);
    expect(error).toMatchObject({ meilisearch: { code: "invalid_search_filter", httpStatus: 400 } });
    expect(error.message).toContain("is not filterable");
  });

  it("maps auth failures, a missing index and a proxy's HTML error page to SearchUnavailableError", async () => {
    const answers: Reply[] = [
      { status: 403, body: meiliError("invalid_api_key", "auth", "The provided API key is invalid.") },
      { status: 404, body: meiliError("index_not_found", "invalid_request", "Index `scibridge_x` not found.") },
      { status: 502, raw: "<html><body>Bad Gateway</body></html>" },
      { status: 500, body: undefined },
    ];
    let next: Reply | undefined;
    const { index } = await setup((req) => (req.path.endsWith("/search") ? next : undefined));
    await index.applySchema("x", schema);
    for (const answer of answers) {
      next = answer;
      const error = await rejection(index.search("x", { query: "电池", page: 1, pageSize: 10 }));
      expect(error, JSON.stringify(answer)).toBeInstanceOf(SearchUnavailableError);
    }
  });

  it("refuses fields the schema does not allow before sending anything", async () => {
    const { fake, index } = await setup();
    await index.applySchema("x", schema);
    const before = fake.requests.length;
    await expect(
      index.search("x", { query: "", filter: { op: "eq", field: "title", value: "x" }, page: 1, pageSize: 10 }),
    ).rejects.toThrow(SearchRequestError);
    await expect(
      index.search("x", { query: "", sort: [{ field: "region", order: "asc" }], page: 1, pageSize: 10 }),
    ).rejects.toThrow(SearchRequestError);
    await expect(index.search("x", { query: "", facets: ["maturity"], page: 1, pageSize: 10 })).rejects.toThrow(
      SearchRequestError,
    );
    await expect(index.search("x", { query: "", page: 0, pageSize: 10 })).rejects.toThrow(SearchRequestError);
    expect(fake.requests.length).toBe(before);
  });
});

describe("MeilisearchIndex requests (checked on the fake server)", () => {
  it("creates a missing index with primary key id, then applies the settings and waits for both tasks", async () => {
    let created = false;
    const { fake, index } = await setup((req) => {
      if (req.method === "GET" && req.path === `/indexes/${UID}` && !created) {
        return {
          status: 404,
          body: meiliError("index_not_found", "invalid_request", "Index `scibridge_x` not found."),
        };
      }
      if (req.method === "POST" && req.path === "/indexes") created = true;
      if (req.method === "GET" && req.path === `/indexes/${UID}/settings`) return { status: 200, body: {} };
      return undefined;
    });
    await index.applySchema("x", schema);
    expect(fake.requests.find((r) => r.method === "POST" && r.path === "/indexes")?.body).toEqual({
      uid: UID,
      primaryKey: "id",
    });
    const patch = fake.requests.find((r) => r.method === "PATCH")?.body as Record<string, unknown>;
    expect(patch.searchableAttributes).toEqual(["title__terms", "body__terms", "title__syn", "body__syn"]);
    expect(patch.filterableAttributes).toEqual(["region", "maturity"]);
    expect(patch.sortableAttributes).toEqual(["updatedAt"]);
    expect(patch.localizedAttributes).toEqual([
      {
        attributePatterns: ["*__terms", "*__syn", "title", "body", "title__text", "body__text"],
        locales: ["cmn", "eng"],
      },
    ]);
    expect(patch).toMatchObject({
      faceting: { maxValuesPerFacet: 100 },
      pagination: { maxTotalHits: 10000 },
      typoTolerance: { enabled: true },
    });
    expect(fake.requests.filter((r) => r.path.startsWith("/tasks/")).length).toBeGreaterThanOrEqual(2);
  });

  it("skips the settings task when the server already has them", async () => {
    const { fake, index } = await setup();
    await index.applySchema("x", schema);
    expect(fake.requests.some((r) => r.method === "PATCH")).toBe(false);
  });

  it("sends original text, analysed terms and encoded ids, in batches", async () => {
    const { fake, index } = await setup();
    await index.applySchema("x", schema);
    await index.upsert("x", [doc, { ...doc, id: "a b/c_d", text: { title: "軟體", body: "" } }]);
    const sent = fake.requests.find((r) => r.method === "POST" && r.path === `/indexes/${UID}/documents`)
      ?.body as Record<string, unknown>[];
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({
      id: "battery-1",
      region: "宁德",
      maturity: 6,
      title: "高能量密度锂电池正极材料",
      body: "Lithium batteries",
    });
    expect(String(sent[0]!.title__terms).split(" ")).toEqual(expect.arrayContaining(["锂电池", "电池", "正极"]));
    expect(sent[0]!.body__terms).toBe("lithium batteri");
    expect(sent[1]).toMatchObject({ id: "a_20b_2fc_5fd", title: "軟體", title__terms: "软件 软件" });
  });

  it("compiles the search request: analysed q, filter, default sort, paging, facets, locales", async () => {
    const { fake, index } = await setup((req) =>
      req.path.endsWith("/search")
        ? {
            status: 200,
            body: {
              hits: [{ id: "a_20b", title: "高能量密度锂电池", _rankingScore: 0.75 }],
              facetDistribution: { region: { 宁德: 1 } },
              query: "",
              processingTimeMs: 1,
              hitsPerPage: 5,
              page: 2,
              totalPages: 3,
              totalHits: 11,
            },
          }
        : undefined,
    );
    await index.applySchema("x", schema);
    const result = await index.search("x", {
      query: "鋰電池 Batteries",
      filter: {
        op: "and",
        filters: [
          { op: "eq", field: "region", value: 'a"b' },
          { op: "range", field: "maturity", gte: 3 },
        ],
      },
      facets: ["region"],
      highlight: ["title"],
      page: 2,
      pageSize: 5,
    });
    const body = fake.requests.find((r) => r.path.endsWith("/search"))?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      q: "锂电池 batteri ",
      filter: '"region" = "a\\"b" AND "maturity" >= 3',
      page: 2,
      hitsPerPage: 5,
      facets: ["region"],
      matchingStrategy: "all",
      locales: ["cmn", "eng"],
      showRankingScore: true,
    });
    expect(body.sort).toBeUndefined();
    expect(result.total).toBe(11);
    expect(result.facets).toEqual({ region: { 宁德: 1 } });
    expect(result.hits).toHaveLength(1);
    expect(result.hits[0]).toMatchObject({ id: "a b", score: 0.75 });
    expect(result.hits[0]!.highlights.title!.filter((run) => run.match).map((run) => run.text)).toContain("锂电池");

    await index.search("x", { query: "", page: 1, pageSize: 20 });
    const browse = fake.requests.filter((r) => r.path.endsWith("/search")).at(-1)?.body as Record<string, unknown>;
    expect(browse).toMatchObject({ q: "", sort: ["updatedAt:desc"] });
    expect(browse.showRankingScore).toBeUndefined();
  });

  it("keeps the last word a prefix only when asked", async () => {
    const { fake, index } = await setup();
    await index.applySchema("x", schema);
    await index.search("x", { query: "lithium batt", page: 1, pageSize: 5, prefix: true });
    await index.search("x", { query: "lithium batt", page: 1, pageSize: 5 });
    const first = fake.requests
      .filter((r) => r.path.endsWith("/search") && (r.body as { matchingStrategy: string }).matchingStrategy === "all")
      .map((r) => (r.body as { q: string }).q);
    expect(first).toEqual(["lithium batt", "lithium batt "]);
    // Two groups and no hit with every word: each search is retried keeping the rarest words.
    const retries = fake.requests.filter(
      (r) => r.path.endsWith("/search") && (r.body as { matchingStrategy: string }).matchingStrategy === "frequency",
    );
    expect(retries).toHaveLength(2);
  });

  it("answers an empty 'in' without asking the server", async () => {
    const { fake, index } = await setup();
    await index.applySchema("x", schema);
    const result = await index.search("x", {
      query: "电池",
      filter: { op: "in", field: "region", values: [] },
      facets: ["region"],
      page: 1,
      pageSize: 5,
    });
    expect(result).toEqual({ hits: [], total: 0, facets: { region: {} } });
    expect(fake.requests.some((r) => r.path.endsWith("/search"))).toBe(false);
  });

  it("pages through ids and decodes them; a missing index has none", async () => {
    const { index } = await setup((req) => {
      if (req.method === "GET" && req.path === `/indexes/${UID}/documents`) {
        const offset = Number((req as Recorded & { query: URLSearchParams }).query.get("offset"));
        const ids = offset === 0 ? Array.from({ length: 1000 }, (_, i) => `d${i}`) : ["a_20b"];
        return { status: 200, body: { results: ids.map((id) => ({ id })), offset, limit: 1000, total: 1001 } };
      }
      return undefined;
    });
    const ids = await index.listIds("x");
    expect(ids).toHaveLength(1001);
    expect(ids.at(-1)).toBe("a b");

    const { index: empty } = await setup((req) =>
      req.path === `/indexes/${UID}/documents`
        ? { status: 404, body: meiliError("index_not_found", "invalid_request", "Index not found.") }
        : undefined,
    );
    expect(await empty.listIds("x")).toEqual([]);
  });

  it("reports health from /health", async () => {
    const { index } = await setup();
    expect(await index.health()).toEqual({ ok: true, engine: "meilisearch", detail: "available" });
    await index.close();
    expect((await index.health()).ok).toBe(false);
    await expect(index.search("x", { query: "", page: 1, pageSize: 1 })).rejects.toThrow(SearchUnavailableError);
  });
});
