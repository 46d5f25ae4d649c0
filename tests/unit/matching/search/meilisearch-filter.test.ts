import { describe, expect, it } from "vitest";
import { SearchRequestError, type Filter } from "../../../../matching/search/search-index.js";
import { compileMeilisearchFilter, quoteMeilisearchString } from "../../../../matching/search/meilisearch-filter.js";

const schema = { filterable: ["region", "maturity", "languages", "confidential", "to", "说明"] };
const compile = (filter: Filter) => compileMeilisearchFilter(filter, schema);

describe("compileMeilisearchFilter", () => {
  it("quotes field names and string values, and leaves numbers and booleans bare", () => {
    expect(compile({ op: "eq", field: "region", value: "宁德" })).toBe('"region" = "宁德"');
    expect(compile({ op: "eq", field: "maturity", value: 6 })).toBe('"maturity" = 6');
    expect(compile({ op: "eq", field: "maturity", value: -2.5 })).toBe('"maturity" = -2.5');
    expect(compile({ op: "eq", field: "confidential", value: false })).toBe('"confidential" = false');
    expect(compile({ op: "eq", field: "confidential", value: true })).toBe('"confidential" = true');
  });

  it("escapes double quotes and backslashes inside string values", () => {
    expect(compile({ op: "eq", field: "region", value: 'say "hi"' })).toBe('"region" = "say \\"hi\\""');
    expect(compile({ op: "eq", field: "region", value: "C:\\dir\\" })).toBe('"region" = "C:\\\\dir\\\\"');
    // A value that tries to close the string and append a clause stays one string.
    expect(compile({ op: "eq", field: "region", value: '" OR "region" = "x' })).toBe(
      '"region" = "\\" OR \\"region\\" = \\"x"',
    );
    expect(compile({ op: "eq", field: "region", value: '\\"' })).toBe('"region" = "\\\\\\""');
  });

  it("passes single quotes, brackets, operators, newlines and any Unicode through unchanged", () => {
    expect(compile({ op: "eq", field: "region", value: "it's [a] (b) = c AND d" })).toBe(
      `"region" = "it's [a] (b) = c AND d"`,
    );
    expect(compile({ op: "eq", field: "region", value: "臺灣\n新竹 🚀 é" })).toBe('"region" = "臺灣\n新竹 🚀 é"');
    expect(compile({ op: "eq", field: "region", value: "" })).toBe('"region" = ""');
  });

  it("quotes field names that read like operators or are not ASCII", () => {
    expect(compile({ op: "eq", field: "to", value: 1 })).toBe('"to" = 1');
    expect(compile({ op: "eq", field: "说明", value: "x" })).toBe('"说明" = "x"');
  });

  it("writes in as IN [...] with each value in its own form", () => {
    expect(compile({ op: "in", field: "region", values: ["福州", "新加坡"] })).toBe('"region" IN ["福州", "新加坡"]');
    expect(compile({ op: "in", field: "maturity", values: [3, 4] })).toBe('"maturity" IN [3, 4]');
    expect(compile({ op: "in", field: "region", values: ['a"b', 7] })).toBe('"region" IN ["a\\"b", 7]');
  });

  it("compiles an empty in to 'matches nothing'", () => {
    expect(compile({ op: "in", field: "region", values: [] })).toBe(false);
  });

  it("writes ranges as >= and <=, and a range without bounds as 'has a number'", () => {
    expect(compile({ op: "range", field: "maturity", gte: 6, lte: 7 })).toBe('"maturity" >= 6 AND "maturity" <= 7');
    expect(compile({ op: "range", field: "maturity", gte: 6 })).toBe('"maturity" >= 6');
    expect(compile({ op: "range", field: "maturity", lte: 0.5 })).toBe('"maturity" <= 0.5');
    expect(compile({ op: "range", field: "maturity" })).toBe(`"maturity" >= ${-Number.MAX_VALUE}`);
  });

  it("nests and/or with parentheses around compound operands", () => {
    const tree: Filter = {
      op: "or",
      filters: [
        {
          op: "and",
          filters: [
            { op: "eq", field: "region", value: "宁德" },
            { op: "range", field: "maturity", gte: 6 },
          ],
        },
        { op: "eq", field: "languages", value: "en" },
      ],
    };
    expect(compile(tree)).toBe('("region" = "宁德" AND "maturity" >= 6) OR "languages" = "en"');
    expect(
      compile({
        op: "and",
        filters: [
          { op: "range", field: "maturity", gte: 1, lte: 5 },
          {
            op: "or",
            filters: [
              { op: "eq", field: "region", value: "a" },
              { op: "in", field: "region", values: ["b", "c"] },
            ],
          },
        ],
      }),
    ).toBe('("maturity" >= 1 AND "maturity" <= 5) AND ("region" = "a" OR "region" IN ["b", "c"])');
  });

  it("unwraps single operands and folds constants", () => {
    expect(compile({ op: "and", filters: [{ op: "eq", field: "region", value: "a" }] })).toBe('"region" = "a"');
    expect(compile({ op: "and", filters: [] })).toBe(true);
    expect(compile({ op: "or", filters: [] })).toBe(false);
    expect(
      compile({
        op: "and",
        filters: [
          { op: "eq", field: "region", value: "a" },
          { op: "in", field: "region", values: [] },
        ],
      }),
    ).toBe(false);
    expect(
      compile({
        op: "or",
        filters: [
          { op: "eq", field: "region", value: "a" },
          { op: "in", field: "region", values: [] },
        ],
      }),
    ).toBe('"region" = "a"');
    expect(
      compile({
        op: "or",
        filters: [
          { op: "eq", field: "region", value: "a" },
          { op: "and", filters: [] },
        ],
      }),
    ).toBe(true);
  });

  it("rejects fields that are not filterable, however deep", () => {
    expect(() => compile({ op: "eq", field: "title", value: "x" })).toThrow(SearchRequestError);
    expect(() => compile({ op: "in", field: "title", values: [] })).toThrow(SearchRequestError);
    expect(() => compile({ op: "range", field: 'maturity" OR "x', gte: 1 })).toThrow(SearchRequestError);
    expect(() =>
      compile({
        op: "and",
        filters: [
          { op: "eq", field: "region", value: "a" },
          { op: "or", filters: [{ op: "eq", field: "secret", value: 1 }] },
        ],
      }),
    ).toThrow(/Cannot filter on secret/);
    // Even behind a constant that would decide the node.
    expect(() =>
      compile({
        op: "and",
        filters: [
          { op: "in", field: "region", values: [] },
          { op: "eq", field: "secret", value: 1 },
        ],
      }),
    ).toThrow(SearchRequestError);
  });

  it("rejects numbers that are not finite and unknown operations", () => {
    expect(() => compile({ op: "eq", field: "maturity", value: Number.NaN })).toThrow(SearchRequestError);
    expect(() => compile({ op: "range", field: "maturity", gte: Number.POSITIVE_INFINITY })).toThrow(
      SearchRequestError,
    );
    expect(() => compile({ op: "like", field: "region" } as unknown as Filter)).toThrow(SearchRequestError);
  });

  it("prints -0 as 0 and large numbers in a form Meilisearch parses", () => {
    expect(compile({ op: "eq", field: "maturity", value: -0 })).toBe('"maturity" = 0');
    expect(compile({ op: "eq", field: "maturity", value: 1e21 })).toBe('"maturity" = 1e+21');
  });
});

describe("quoteMeilisearchString", () => {
  it('round-trips through a reader that unescapes \\\\ and \\"', () => {
    const unquote = (quoted: string) => quoted.slice(1, -1).replace(/\\(["\\])/g, "$1");
    for (const value of ['a"b', "a\\b", '\\"', '\\\\""', "末尾\\", "普通"]) {
      expect(unquote(quoteMeilisearchString(value))).toBe(value);
    }
  });
});
