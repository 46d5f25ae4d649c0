import { describe, expect, it } from "vitest";
import { groupPublications } from "../../../../../server/http/experts/experts.view-models.js";
import type { Publication } from "../../../../../server/knowledge/knowledge.types.js";

const publication = (type: Publication["type"], title: string, year: number | null): Publication => ({
  type,
  title,
  abstract: "摘".repeat(200),
  year,
  keywords: ["锂电池"],
});

describe("groupPublications", () => {
  const publications = [
    publication("paper", "早期论文", 2015),
    publication("patent", "一种电极", 2021),
    publication("paper", "近期论文", 2023),
    publication("paper", "年份不详", null),
  ];

  it("groups by type in a fixed order, newest first, and leaves out empty groups", () => {
    const groups = groupPublications("en", publications);
    expect(groups.map((g) => [g.type, g.count])).toEqual([
      ["paper", 3],
      ["patent", 1],
    ]);
    expect(groups[0]!.items.map((item) => [item.title, item.year])).toEqual([
      ["近期论文", "2023"],
      ["早期论文", "2015"],
      ["年份不详", ""],
    ]);
  });

  it("names the groups in the page's language and shortens abstracts", () => {
    expect(groupPublications("en", publications).map((g) => g.label)).toEqual(["Papers", "Patents"]);
    expect(groupPublications("zh-CN", publications).map((g) => g.label)).toEqual(["论文", "专利"]);
    expect(Array.from(groupPublications("en", publications)[0]!.items[0]!.abstract)).toHaveLength(161);
  });

  it("is empty for an expert without publications", () => {
    expect(groupPublications("zh-CN", [])).toEqual([]);
  });
});
