import { describe, expect, it } from "vitest";
import { excerpt, formatDate, presentPagination } from "../../../../../server/http/layout/page-parts.view-models.js";

const page = (pageNumber: number, total: number) => ({ items: [], page: pageNumber, pageSize: 20, total });

describe("formatDate", () => {
  it("shows the day as seen in China, in each language's style", () => {
    // 20:00 UTC on 7 March is already 8 March in Beijing.
    const date = new Date(Date.UTC(2025, 2, 7, 20, 0));
    expect(formatDate("zh-CN", date)).toBe("2025年3月8日");
    expect(formatDate("en", date)).toBe("8 Mar 2025");
  });
});

describe("excerpt", () => {
  it("cuts at characters, not UTF-16 units, and marks the cut", () => {
    expect(excerpt("𠮷野家的牛肉饭", 3)).toBe("𠮷野家…");
  });
  it("collapses whitespace and leaves short text whole", () => {
    expect(excerpt("  一行\n  两行  ", 10)).toBe("一行 两行");
  });
});

describe("presentPagination", () => {
  it("has a summary but no links when everything fits on one page", () => {
    expect(presentPagination("en", "/experts", {}, page(1, 12))).toEqual({
      summary: "12 results · page 1 of 1",
      prev: null,
      next: null,
      pages: [],
      beyondLast: null,
    });
  });

  it("counts one result in the singular in English", () => {
    expect(presentPagination("en", "/experts", {}, page(1, 1))!.summary).toBe("1 result · page 1 of 1");
    expect(presentPagination("zh-CN", "/experts", {}, page(1, 1))!.summary).toBe("共 1 条 · 第 1/1 页");
  });

  it("keeps the filters in every link, drops empty ones, and leaves page 1 without ?page", () => {
    const model = presentPagination("en", "/needs", { q: "电池", region: "", mine: true, open: false }, page(2, 45))!;
    expect(model.prev).toBe("/needs?q=%E7%94%B5%E6%B1%A0&mine=1");
    expect(model.next).toBe("/needs?q=%E7%94%B5%E6%B1%A0&mine=1&page=3");
    expect(model.pages.map((p) => [p.number, p.current])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it("shows a window around the current page with gaps before the first and last", () => {
    const model = presentPagination("zh-CN", "/experts", {}, page(10, 400))!;
    expect(model.pages.map((p) => (p.gap ? "…" : p.number))).toEqual([1, "…", 9, 10, 11, "…", 20]);
    expect(model.summary).toContain("400");
  });

  it("links a page past the end back to the last page", () => {
    const model = presentPagination("en", "/experts", {}, page(9, 45))!;
    expect(model.prev).toBe("/experts?page=3");
    expect(model.next).toBeNull();
  });

  it("says a page past the end does not exist, instead of letting the list look empty", () => {
    expect(presentPagination("zh-CN", "/experts", { q: "电池" }, page(9, 45))!.beyondLast).toEqual({
      title: "没有第 9 页",
      hint: "结果只有 3 页，列表可能已经变短了。",
      href: "/experts?q=%E7%94%B5%E6%B1%A0&page=3",
      label: "查看最后一页",
    });
    expect(presentPagination("en", "/experts", {}, page(4, 12))!.beyondLast).toMatchObject({
      hint: "The results fill 1 page; the list may have become shorter.",
      href: "/experts",
    });
    // An empty list is empty on every page; a page within the list is no problem.
    expect(presentPagination("en", "/experts", {}, page(4, 0))!.beyondLast).toBeNull();
    expect(presentPagination("en", "/experts", {}, page(3, 45))!.beyondLast).toBeNull();
  });
});
