import { describe, expect, it } from "vitest";
import { contentHash } from "../../../../server/knowledge/import/content-hash.js";
import { expertLineSchema } from "../../../../server/knowledge/import/import-records.schemas.js";

describe("contentHash", () => {
  it("is the same for lines that normalise to the same record", () => {
    const a = expertLineSchema.parse({ externalId: "E1", name: "王海", keywords: ["海洋", "海洋"], bio: null });
    const b = expertLineSchema.parse({ externalId: " E1 ", name: "王海 ", keywords: ["海洋"], unknown: 1 });
    expect(contentHash("experts", a)).toBe(contentHash("experts", b));
  });

  it("changes when a field, the kind or a resolved id changes", () => {
    const record = expertLineSchema.parse({ externalId: "E1", name: "王海" });
    const changed = expertLineSchema.parse({ externalId: "E1", name: "王海", capacity: 4 });
    expect(contentHash("experts", changed)).not.toBe(contentHash("experts", record));
    expect(contentHash("needs", record)).not.toBe(contentHash("experts", record));
    expect(contentHash("experts", record, { ownerId: 1 })).not.toBe(contentHash("experts", record, { ownerId: 2 }));
  });
});
