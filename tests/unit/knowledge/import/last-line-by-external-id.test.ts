import { describe, expect, it } from "vitest";
import { LastLineByExternalId } from "../../../../server/knowledge/import/last-line-by-external-id.js";

describe("LastLineByExternalId", () => {
  it("answers the line that last wrote an id, and nothing for an id not seen before", () => {
    const lines = new LastLineByExternalId();
    expect(lines.remember("E1", 1)).toBeUndefined();
    expect(lines.remember("E2", 2)).toBeUndefined();
    expect(lines.remember("E1", 302)).toBe(1);
    expect(lines.remember("E1", 303)).toBe(302);
  });

  it("spills into a further map when one is full, and still finds ids in the full ones", () => {
    // Two ids per map stand for V8's limit of 2^24 entries.
    const lines = new LastLineByExternalId(2);
    for (const [index, id] of ["A", "B", "C", "D", "E"].entries())
      expect(lines.remember(id, index + 1)).toBeUndefined();
    expect(lines.remember("A", 10)).toBe(1);
    expect(lines.remember("E", 11)).toBe(5);
    expect(lines.remember("A", 12)).toBe(10);
  });
});
