import { describe, expect, it } from "vitest";
import { trackPolicy } from "../../../../matching/scoring/policy.js";
import { regionKind } from "../../../../matching/scoring/regions.js";

describe("regionKind", () => {
  it("places Fujian cities, Taiwan (either script), the mainland and abroad", () => {
    expect(regionKind("福州")).toBe("fujian");
    expect(regionKind("臺灣")).toBe("taiwan");
    expect(regionKind("台北市")).toBe("taiwan");
    expect(regionKind("北京")).toBe("mainland");
    expect(regionKind("香港")).toBe("hongkong-macau");
    expect(regionKind("新加坡")).toBe("overseas");
    expect(regionKind("")).toBe("unknown");
  });
});

describe("trackPolicy", () => {
  it("favours cross-strait pairs on the straits track", () => {
    expect(trackPolicy("straits", "福州", "台湾", 1.2)?.factor).toBe(1.2);
    expect(trackPolicy("straits", "福州", "上海", 1.2)).toBeNull();
  });

  it("favours overseas experts on the overseas track and in-province experts on assist", () => {
    expect(trackPolicy("overseas", "厦门", "德国", 1.2)?.factor).toBe(1.2);
    expect(trackPolicy("overseas", "厦门", "厦门", 1.2)).toBeNull();
    expect(trackPolicy("assist", "泉州", "宁德", 1.2)?.factor).toBe(1.2);
    expect(trackPolicy("assist", "泉州", "台湾", 1.2)).toBeNull();
  });

  it("has no effect without a track or on other tracks", () => {
    expect(trackPolicy(null, "福州", "台湾", 1.2)).toBeNull();
    expect(trackPolicy("618", "福州", "台湾", 1.2)).toBeNull();
  });
});
