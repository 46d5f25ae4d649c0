import { describe, expect, it } from "vitest";
import { readRosterFile } from "../../../server/events/event-roster-file.js";

describe("readRosterFile", () => {
  it("names both accepted headers of a missing column", async () => {
    const csv = Buffer.from("类型,需求人数\nneed,2\n", "utf8");
    const { rows, errors } = await readRosterFile("roster.csv", csv, 6);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reasons).toEqual([
      expect.objectContaining({ code: "missing_column", params: { column: "ref / 编号" } }),
    ]);
  });
});
