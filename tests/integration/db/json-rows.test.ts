import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRows, updateRows } from "../../../server/db/json-rows.js";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";

let database: TestDatabase;
let expertId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  expertId = (await database.db.expert.create({ data: { name: "专家" } })).id;
});
afterAll(async () => {
  await database.close();
});

/** Text that a byte-level encoding could garble: every UTF-8 length, escapes, JSON's own syntax. */
const awkwardTexts = [
  "臺灣 Taiwan 台湾",
  'quote " backslash \\ slash / brace } bracket ]',
  "line\nbreak\ttab\r\u2028\u2029",
  "emoji 🧪🔬 and 𠮷 (outside the BMP)",
  "combining é vs é, zero-width \u200b, bidi \u202e",
  "",
];

const columns = ["expertId", "position", "type", "title", "abstract", "year", "keywords"] as const;

describe("bulk rows bound as one JSON parameter", () => {
  it("inserts and updates text exactly as given, with numbers and nulls typed", async () => {
    const rows = awkwardTexts.map((text, position) => ({
      expertId,
      position,
      type: "paper",
      title: text,
      abstract: Array.from(text).reverse().join(""),
      year: position % 2 === 0 ? 2000 + position : null,
      keywords: "[]",
    }));
    await database.db.$transaction((tx) => insertRows(tx, "Publication", columns, rows));

    const stored = await database.db.publication.findMany({ where: { expertId }, orderBy: { position: "asc" } });
    expect(stored.map(({ title, abstract, year }) => ({ title, abstract, year }))).toEqual(
      rows.map(({ title, abstract, year }) => ({ title, abstract, year })),
    );

    await database.db.$transaction((tx) =>
      updateRows(
        tx,
        "Publication",
        ["title"],
        stored.map(({ id, title }) => ({ id, row: { title: `${title}｜改` } })),
      ),
    );
    const updated = await database.db.publication.findMany({ where: { expertId }, orderBy: { position: "asc" } });
    expect(updated.map(({ title }) => title)).toEqual(awkwardTexts.map((text) => `${text}｜改`));
  });
});
