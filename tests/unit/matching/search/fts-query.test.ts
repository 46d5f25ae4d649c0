import { describe, expect, it } from "vitest";
import { analyzeQuery, type IndexSchema } from "../../../../matching/index.js";
import { buildFtsMatch, typoCandidates } from "../../../../matching/search/fts-query.js";
import { compileFtsFilter } from "../../../../matching/search/fts-filter.js";

const schema: IndexSchema = {
  searchable: [
    { field: "title", weight: 2 },
    { field: "body", weight: 1 },
  ],
  filterable: ["region", "maturity"],
  facetable: [],
  sortable: [],
};

describe("buildFtsMatch", () => {
  it("quotes every term so typed operators stay text", () => {
    const match = buildFtsMatch(analyzeQuery('python" OR NEAR(x'), schema, "all");
    expect(match).not.toMatch(/(^|[^"])\bOR NEAR\(x/);
    for (const token of match.match(/"[^"]*(?:""[^"]*)*"/g) ?? []) expect(token.startsWith('"')).toBe(true);
    expect(match).toContain('"python"');
  });

  it("ANDs groups for mode all and ORs them for mode any", () => {
    const query = analyzeQuery("白茶 grading");
    expect(buildFtsMatch(query, schema, "all")).toContain(" AND ");
    expect(buildFtsMatch(query, schema, "any")).toContain(" OR ");
  });

  it("searches word columns for words and bigram columns for the bigram fallback", () => {
    const match = buildFtsMatch(analyzeQuery("锂电池"), schema, "all");
    expect(match).toContain("{title body} : ");
    expect(match).toContain("{title__bi body__bi} : ");
  });

  it("adds typo corrections as alternatives", () => {
    const match = buildFtsMatch(analyzeQuery("pyton"), schema, "all", new Map([["pyton", ["python"]]]));
    expect(match).toContain('"python"');
  });

  it("marks the last term as a prefix when the query is being typed", () => {
    const query = analyzeQuery("machine lea");
    query.groups[query.groups.length - 1]!.prefix = true;
    expect(buildFtsMatch(query, schema, "all")).toMatch(/\*/);
  });
});

describe("typoCandidates", () => {
  it("keeps terms one insertion, deletion, substitution or swap away", () => {
    expect(typoCandidates("pyton", ["python", "pytho", "pyton", "piton", "ypton", "pythons", "matlab"]).sort()).toEqual(
      ["piton", "python", "ypton"].sort(),
    );
  });

  it("ignores Chinese terms", () => {
    expect(typoCandidates("batteri", ["电池", "batter"])).toEqual(["batter"]);
  });
});

describe("compileFtsFilter", () => {
  it("binds values as parameters, never into the SQL text", () => {
    const fragment = compileFtsFilter({ op: "eq", field: "region", value: "'; DROP TABLE x; --" }, schema, "attrs");
    expect(fragment.sql).not.toContain("DROP");
    expect(fragment.params).toContain("'; DROP TABLE x; --");
  });

  it("compiles nested trees with numeric ranges", () => {
    const fragment = compileFtsFilter(
      {
        op: "or",
        filters: [
          { op: "range", field: "maturity", gte: 3, lte: 7 },
          { op: "in", field: "region", values: ["福州", "厦门"] },
        ],
      },
      schema,
      "attrs",
    );
    expect(fragment.sql).toMatch(/num >= \? AND num <= \?/);
    expect(fragment.sql).toContain(" OR ");
    expect(fragment.params).toEqual(["maturity", 3, 7, "region", "福州", "厦门"]);
  });

  it("refuses fields the schema does not make filterable", () => {
    expect(() => compileFtsFilter({ op: "eq", field: "title", value: "x" }, schema, "attrs")).toThrow(
      /Cannot filter on title/,
    );
    expect(() => compileFtsFilter({ op: "in", field: "title", values: [] }, schema, "attrs")).toThrow();
  });

  it("matches nothing for an empty IN list and everything for an empty AND", () => {
    expect(compileFtsFilter({ op: "in", field: "region", values: [] }, schema, "attrs").sql).toBe("0");
    expect(compileFtsFilter({ op: "and", filters: [] }, schema, "attrs").sql).toBe("1");
  });
});
