import { describe, expect, it } from "vitest";
import {
  noSearchFilters,
  presentSearchPage,
  reachablePages,
  searchHref,
  splitRuns,
} from "../../../../../server/http/search/search.view-models.js";

describe("searchHref", () => {
  it("is bare /search for the default state", () => {
    expect(searchHref({ q: "", type: "all", filters: noSearchFilters(), page: 1 })).toBe("/search");
  });

  it("writes the query, a non-default type, repeated filters and pages past the first", () => {
    const filters = { ...noSearchFilters(), region: ["福州", "厦门"] };
    expect(searchHref({ q: "电池", type: "experts", filters, page: 3 })).toBe(
      `/search?q=${encodeURIComponent("电池")}&type=experts&region=${encodeURIComponent("福州")}&region=${encodeURIComponent("厦门")}&page=3`,
    );
  });
});

describe("splitRuns", () => {
  it("splits highlighted runs at a separator, keeping which parts matched", () => {
    const runs = [
      { text: "锂电池, 固", match: false },
      { text: "态电解质", match: true },
      { text: ", 储能", match: false },
    ];
    expect(splitRuns(runs, ", ")).toEqual([
      [{ text: "锂电池", match: false }],
      [
        { text: "固", match: false },
        { text: "态电解质", match: true },
      ],
      [{ text: "储能", match: false }],
    ]);
  });
});

describe("reachablePages", () => {
  it("caps the merged 'all' tab at the merge depth and a single type at 1,000 pages", () => {
    expect(reachablePages("all", 100_000, 20)).toBe(50);
    expect(reachablePages("experts", 100_000, 20)).toBe(1000);
    expect(reachablePages("experts", 0, 20)).toBe(1);
    expect(reachablePages("needs", 41, 20)).toBe(3);
  });
});

describe("presentSearchPage's summary", () => {
  const summary = (lang: "zh-CN" | "en", q: string, total: number) =>
    presentSearchPage(lang, {
      state: { q, type: "experts", filters: noSearchFilters(), page: 1 },
      tracks: [],
      pageSize: 10,
      outcome: { items: [], total, page: 1, pageSize: 10, facets: {} },
    }).summary;

  it("counts one result in the singular in English", () => {
    expect(summary("en", "battery", 1)).toBe("1 result for “battery”");
    expect(summary("en", "battery", 2)).toBe("2 results for “battery”");
    expect(summary("en", "", 1)).toBe("1 record, most recently updated first");
    expect(summary("zh-CN", "电池", 1)).toBe("找到 1 条与“电池”相关的结果");
  });
});
