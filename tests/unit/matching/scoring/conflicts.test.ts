import { describe, expect, it } from "vitest";
import { ConflictRegistry, sameOrganization } from "../../../../matching/scoring/conflicts.js";

describe("sameOrganization", () => {
  it("matches the same organisation after normalisation (script, case, spaces, punctuation)", () => {
    expect(sameOrganization("國立臺灣大學", "国立台湾大学")).toBe(true);
    expect(sameOrganization("Acme Materials, Inc.", "acme materials inc")).toBe(true);
  });

  it("matches a department of the enterprise, not short or unrelated names", () => {
    expect(sameOrganization("厦门大学", "厦门大学化学化工学院")).toBe(true);
    expect(sameOrganization("大学", "厦门大学")).toBe(false);
    expect(sameOrganization("福建农林大学", "厦门大学")).toBe(false);
    expect(sameOrganization("", "厦门大学")).toBe(false);
  });
});

describe("ConflictRegistry", () => {
  it("knows declared pairs only", () => {
    const registry = new ConflictRegistry([{ needKey: "N1", expertKey: "E1" }]);
    expect(registry.declared("N1", "E1")).toBe(true);
    expect(registry.declared("N1", "E2")).toBe(false);
    expect(registry.declared("N2", "E1")).toBe(false);
  });
});
