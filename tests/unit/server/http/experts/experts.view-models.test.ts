import { describe, expect, it } from "vitest";
import { groupPublications, presentExpertProfile } from "../../../../../server/http/experts/experts.view-models.js";
import { languageName } from "../../../../../server/http/experts/working-languages.js";
import type { Expert, Publication } from "../../../../../server/knowledge/knowledge.types.js";

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

describe("working languages", () => {
  it("names each stored code in the page's language", () => {
    expect(["zh-Hans", "zh-Hant", "zh", "en"].map((code) => languageName("zh-CN", code))).toEqual([
      "简体中文",
      "繁体中文",
      "中文",
      "英语",
    ]);
    expect(["zh-Hans", "zh-Hant", "zh", "en"].map((code) => languageName("en", code))).toEqual([
      "Simplified Chinese",
      "Traditional Chinese",
      "Chinese",
      "English",
    ]);
  });

  it("shows text that is not a language code as it was typed", () => {
    expect(languageName("zh-CN", "英语")).toBe("英语");
    expect(languageName("en", "")).toBe("");
    expect(languageName("en", "not a code")).toBe("not a code");
  });

  it("puts names, not codes, on the profile, separated as the page's language separates lists", () => {
    const expert: Expert = {
      id: 7,
      externalId: null,
      userId: null,
      name: "黄志明",
      organization: "福州大学",
      title: "教授",
      region: "福州",
      disciplines: [],
      keywords: [],
      bio: "",
      languages: ["zh-Hant", "zh", "en"],
      capacity: 3,
      societies: [],
      publications: [],
      createdAt: new Date("2026-01-01T00:00:00Z"),
      updatedAt: new Date("2026-01-02T00:00:00Z"),
    };
    const options = {
      technologies: [],
      editable: false,
      isSelf: false,
      contact: null,
      canSendClaimLink: false,
      claimLinkSent: false,
    };
    const zh = presentExpertProfile("zh-CN", expert, options);
    expect(zh.languages).toEqual(["繁体中文", "中文", "英语"]);
    expect(zh.languages.join(zh.listSeparator)).toBe("繁体中文、中文、英语");
    const en = presentExpertProfile("en", expert, options);
    expect(en.languages.join(en.listSeparator)).toBe("Traditional Chinese, Chinese, English");
  });
});
