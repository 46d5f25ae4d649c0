import { describe, expect, it } from "vitest";
import { z } from "zod";
import { needAccessParams } from "../../../../../server/http/needs/needs.schemas.js";
import { integerText, pagingQuery, recordId } from "../../../../../server/http/platform/common.schemas.js";
import { searchQuery } from "../../../../../server/http/search/search.schemas.js";

describe("integers sent as text (paths and queries)", () => {
  it("reads digits as a number", () => {
    expect(recordId.parse("12")).toBe(12);
    expect(recordId.parse(7)).toBe(7);
    expect(pagingQuery(["name"], "name").parse({ page: "3" }).page).toBe(3);
  });

  it.each([" 1", "1e3", "0x1f", "1.0", "", "1 ", "+", "Infinity"])(
    "refuses %j rather than guessing a number",
    (value) => {
      expect(recordId.safeParse(value).success).toBe(false);
      expect(searchQuery.safeParse({ page: value }).success).toBe(false);
    },
  );

  it("refuses ids beyond SQLite's integer range everywhere ids are read", () => {
    expect(recordId.safeParse("99999999999999999999").success).toBe(false);
    expect(needAccessParams.safeParse({ id: "99999999999999999999", expertId: "1" }).success).toBe(false);
    expect(needAccessParams.safeParse({ id: "1", expertId: String(2 ** 31) }).success).toBe(false);
  });

  it("is documented as an integer, as before", () => {
    expect(z.toJSONSchema(integerText(z.number().int().min(1)), { io: "input" })).toMatchObject({
      type: "integer",
      minimum: 1,
    });
  });
});
