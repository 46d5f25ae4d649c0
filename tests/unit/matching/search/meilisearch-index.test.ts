import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from "meilisearch";
import { describe, expect, it } from "vitest";
import {
  decodeDocumentId,
  encodeDocumentId,
  meilisearchQueryText,
  meilisearchSettings,
  settingsMatch,
  synonymTerms,
  toMeilisearchDocument,
  toSearchError,
} from "../../../../matching/search/meilisearch-index.js";
import {
  SearchRequestError,
  SearchUnavailableError,
  type IndexSchema,
} from "../../../../matching/search/search-index.js";
import { analyzeQuery } from "../../../../matching/text/index.js";

const schema: IndexSchema = {
  searchable: [
    { field: "body", weight: 1 },
    { field: "title", weight: 4 },
    { field: "patentNumber", weight: 2 },
  ],
  filterable: ["region", "maturity"],
  facetable: ["region", "discipline"],
  sortable: ["updatedAt"],
};

describe("document ids", () => {
  it("keeps ids Meilisearch accepts and round-trips every other one", () => {
    expect(encodeDocumentId("battery-1")).toBe("battery-1");
    expect(encodeDocumentId("42")).toBe("42");
    for (const id of ["a_b", "expert:12", "a b/c", "軟體-1", "_5f", "😀", "x".repeat(100)]) {
      const stored = encodeDocumentId(id);
      expect(stored).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeDocumentId(stored)).toBe(id);
    }
    expect(encodeDocumentId("a_b")).toBe("a_5fb");
  });

  it("refuses empty ids and ids too long for Meilisearch", () => {
    expect(() => encodeDocumentId("")).toThrow(SearchRequestError);
    expect(() => encodeDocumentId("长".repeat(100))).toThrow(SearchRequestError);
  });
});

describe("meilisearchSettings", () => {
  it("orders searchable attributes by weight, terms before synonyms, and owns facets, paging and locales", () => {
    const settings = meilisearchSettings(schema);
    expect(settings.searchableAttributes).toEqual([
      "title__terms",
      "patentNumber__terms",
      "body__terms",
      "title__syn",
      "patentNumber__syn",
      "body__syn",
    ]);
    expect(settings.filterableAttributes).toEqual(["region", "maturity", "discipline"]);
    expect(settings.sortableAttributes).toEqual(["updatedAt"]);
    expect(settings.rankingRules?.[0]).toBe("sort");
    expect(settings.synonyms).toEqual({});
    expect(settings.stopWords).toEqual([]);
    expect(settings.typoTolerance).toEqual({
      enabled: true,
      disableOnAttributes: ["patentNumber__terms", "patentNumber__syn"],
      disableOnNumbers: true,
    });
    expect(settings.faceting).toEqual({ maxValuesPerFacet: 100 });
    expect(settings.pagination).toEqual({ maxTotalHits: 10000 });
    expect(settings.localizedAttributes?.[0]?.locales).toEqual(["cmn", "eng"]);
  });

  it("compares with the server's answer ignoring extra keys and the order of sets", () => {
    const wanted = meilisearchSettings(schema);
    const server = {
      ...wanted,
      filterableAttributes: ["discipline", "maturity", "region"],
      typoTolerance: { ...wanted.typoTolerance, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnWords: [] },
      faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "alpha" } },
      embedders: {},
    };
    expect(settingsMatch(wanted, server)).toBe(true);
    expect(
      settingsMatch(wanted, { ...server, searchableAttributes: [...(wanted.searchableAttributes ?? [])].reverse() }),
    ).toBe(false);
    expect(settingsMatch(wanted, { ...server, pagination: { maxTotalHits: 1000 } })).toBe(false);
    expect(settingsMatch(wanted, {})).toBe(false);
  });
});

describe("stored documents", () => {
  it("keeps the original text, adds analysed terms and synonyms, and lets attributes keep their names", () => {
    const stored = toMeilisearchDocument(
      {
        id: "x_1",
        text: { title: "人工智能軟體", region: "宁德市", notes: "not searchable" },
        attributes: { region: "宁德", maturity: 6, id: "ignored" },
      },
      new Set(["title", "region"]),
    );
    expect(stored.id).toBe("x_5f1");
    expect(stored).toMatchObject({
      title: "人工智能軟體",
      region: "宁德",
      region__text: "宁德市",
      maturity: 6,
      notes: "not searchable",
    });
    expect(String(stored.title__terms).split(" ")).toEqual(expect.arrayContaining(["人工智能", "软件"]));
    expect(String(stored.title__syn).split(/[ .]+/)).toEqual(expect.arrayContaining(["ai", "softwar"]));
    expect(stored.notes__terms).toBeUndefined();
  });

  it("gives no synonyms for text without any", () => {
    expect(synonymTerms("")).toBe("");
    expect(synonymTerms("   ")).toBe("");
  });
});

describe("meilisearchQueryText", () => {
  it("sends the first alternative of each group, stemmed and Simplified, without a prefix unless typing", () => {
    expect(meilisearchQueryText(analyzeQuery("鋰電池 Batteries "))).toBe("锂电池 batteri ");
    const typing = analyzeQuery("machine lea");
    expect(meilisearchQueryText(typing)).toBe("machin lea");
    typing.groups.forEach((g) => (g.prefix = false));
    expect(meilisearchQueryText(typing)).toBe("machin lea ");
  });

  it("turns typed query syntax into plain terms and an empty query into a placeholder search", () => {
    expect(meilisearchQueryText(analyzeQuery('"软件" -网络 '))).toBe("软件 网络 ");
    expect(meilisearchQueryText(analyzeQuery("((( ^ * "))).toBe("");
  });
});

describe("toSearchError", () => {
  const apiError = (status: number, body?: unknown) =>
    new MeilisearchApiError(
      new Response(null, { status }),
      body as ConstructorParameters<typeof MeilisearchApiError>[1],
    );
  const payload = (code: string, type: string) => ({ message: `m ${code}`, code, type, link: "l" });

  it("maps answers about our request to SearchRequestError", () => {
    for (const code of ["invalid_search_filter", "invalid_search_sort", "invalid_document_id", "payload_too_large"]) {
      const error = toSearchError("ctx", apiError(400, payload(code, "invalid_request")));
      expect(error, code).toBeInstanceOf(SearchRequestError);
      expect(error).toMatchObject({ meilisearch: { code, httpStatus: 400 } });
    }
  });

  it("maps server, auth, rate and missing-index answers and transport failures to SearchUnavailableError", () => {
    const cases = [
      apiError(500, payload("internal", "internal")),
      apiError(503, payload("too_many_search_requests", "system")),
      apiError(401, payload("missing_authorization_header", "auth")),
      apiError(403, payload("invalid_api_key", "auth")),
      apiError(429, payload("too_many_requests", "invalid_request")),
      apiError(404, payload("index_not_found", "invalid_request")),
      apiError(502),
      new MeilisearchRequestError("http://x/search", new TypeError("fetch failed")),
      new MeilisearchRequestError("http://x/search", new MeilisearchRequestTimeOutError(200, {})),
      new SyntaxError("Unexpected token < in JSON"),
    ];
    for (const error of cases)
      expect(toSearchError("ctx", error), String(error)).toBeInstanceOf(SearchUnavailableError);
    expect(toSearchError("ctx", cases[8]).message).toContain("timed out after 200ms");
  });
});
