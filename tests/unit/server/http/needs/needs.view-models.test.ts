import { describe, expect, it } from "vitest";
import { presentNeedCard } from "../../../../../server/http/needs/needs.view-models.js";
import type { Need } from "../../../../../server/knowledge/knowledge.types.js";

const need = (changes: Partial<Need> = {}): Need => ({
  id: 12,
  externalId: null,
  ownerId: 4,
  enterprise: "福州某显示科技有限公司",
  title: "掩膜版张网精度提升",
  description: "",
  difficulty: "张网拉力与热变形耦合",
  target: "精度±3微米",
  discipline: "电子科学与技术",
  industry: "电子信息",
  keywords: ["AMOLED"],
  region: "福州",
  track: { id: 1, code: "assist", name: "创新驱动助力工程", nameEn: "" },
  confidential: true,
  status: "open",
  approvedExpertIds: [],
  createdAt: new Date(Date.UTC(2025, 0, 2)),
  updatedAt: new Date(Date.UTC(2025, 2, 7, 20, 0)),
  ...changes,
});

describe("presentNeedCard", () => {
  it("shows a confidential need's title, discipline and region only, to a viewer who may not read it", () => {
    const card = presentNeedCard("zh-CN", { need: need(), detailsVisible: false, editable: false });
    expect(card).toEqual({
      redacted: true,
      href: "/needs/12",
      title: "掩膜版张网精度提升",
      discipline: "电子科学与技术",
      region: "福州",
    });
    expect(JSON.stringify(card)).not.toContain("福州某显示科技有限公司");
  });

  it("shows everything to a viewer who may, with status and date in the page's language", () => {
    const view = { need: need(), detailsVisible: true, editable: false };
    const zh = presentNeedCard("zh-CN", view);
    const en = presentNeedCard("en", view);
    expect(zh).toMatchObject({
      redacted: false,
      enterprise: "福州某显示科技有限公司",
      confidential: true,
      track: "创新驱动助力工程",
      status: { code: "open", label: "征集中" },
      updated: "2025年3月8日",
    });
    expect(en).toMatchObject({ status: { code: "open", label: "Open" }, updated: "8 Mar 2025" });
  });

  it("falls back to the difficulty when the description is empty, and shows no track when there is none", () => {
    const card = presentNeedCard("en", { need: need({ track: null }), detailsVisible: true, editable: false });
    expect(card).toMatchObject({ excerpt: "张网拉力与热变形耦合", track: null });
  });
});
