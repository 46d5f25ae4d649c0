import { describe, expect, it } from "vitest";
import { presentTechnologyCard } from "../../../../../server/http/technologies/technologies.view-models.js";
import type { Technology } from "../../../../../server/knowledge/knowledge.types.js";

const technology = (changes: Partial<Technology> = {}): Technology => ({
  id: 7,
  externalId: null,
  owner: { id: 3, name: "陈立" },
  title: "低温铜对铜混合键合",
  abstract: "键".repeat(150),
  keywords: ["a", "b", "c", "d", "e", "f", "g"],
  discipline: "电子科学与技术",
  maturity: 6,
  transferModes: ["license", "transfer", "自定义方式"],
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...changes,
});

describe("presentTechnologyCard", () => {
  it("labels the readiness level and the transfer modes in the page's language", () => {
    const zh = presentTechnologyCard("zh-CN", technology());
    expect(zh.maturity).toMatchObject({ label: "技术成熟度 TRL 6/9", levelLabel: "TRL 6 · 系统样机演示" });
    expect(zh.transferModes).toEqual(["专利许可", "技术转让", "自定义方式"]);
    const en = presentTechnologyCard("en", technology());
    expect(en.maturity?.levelLabel).toBe("TRL 6 · Prototype demonstrated");
    expect(en.transferModes.slice(0, 2)).toEqual(["Licensing", "Transfer"]);
  });

  it("fills as many of the nine segments as the level", () => {
    const segments = presentTechnologyCard("en", technology({ maturity: 3 })).maturity!.segments;
    expect(segments.map((s) => s.filled)).toEqual([true, true, true, false, false, false, false, false, false]);
  });

  it("shows no maturity and no owner link when they are unknown", () => {
    const card = presentTechnologyCard("en", technology({ maturity: null, owner: null }));
    expect(card.maturity).toBeNull();
    expect(card.owner).toBeNull();
  });

  it("links the owner's profile, keeps six keywords and a 110-character excerpt", () => {
    const card = presentTechnologyCard("zh-CN", technology());
    expect(card).toMatchObject({ href: "/technologies/7", owner: { name: "陈立", href: "/experts/3" } });
    expect(card.keywords).toHaveLength(6);
    expect(card.excerpt).toBe(`${"键".repeat(110)}…`);
  });
});
