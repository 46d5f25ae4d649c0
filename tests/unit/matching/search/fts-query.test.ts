import { describe, expect, it } from "vitest";
import { analyzeQuery, type Filter, type IndexSchema } from "../../../../matching/index.js";
import { AttributeStore } from "../../../../matching/search/fts-attributes.js";
import { compileFtsFilter } from "../../../../matching/search/fts-filter.js";
import { ftsColumns } from "../../../../matching/search/fts-document.js";
import { bigramMarker, buildFtsMatch, typoCandidates } from "../../../../matching/search/fts-query.js";

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

  it("marks bigram terms so they match bigram columns only, without column filters over every field", () => {
    const match = buildFtsMatch(analyzeQuery("锂电池"), schema, "all");
    expect(match).toContain('"锂电池"');
    expect(match).toContain(`"${bigramMarker}锂电" + "${bigramMarker}电池"`);
    expect(match).not.toContain("{");
    expect(ftsColumns(["锂电池 battery", ""])).toEqual({
      columns: ["锂电池 锂电 电池 batteri", `${bigramMarker}锂电 ${bigramMarker}电池`, "", ""],
      terms: 6,
    });
  });

  it("filters columns when some fields are left out, and leaves bigrams out on request", () => {
    const match = buildFtsMatch(analyzeQuery("锂电池"), schema, "all", { fields: ["title"] });
    expect(match).toContain('{title} : "锂电池"');
    expect(match).toContain(`{title__bi} : "${bigramMarker}锂电"`);
    const words = buildFtsMatch(analyzeQuery("锂电池"), schema, "all", { fields: ["title"], wordsOnly: true });
    expect(words).not.toContain(bigramMarker);
    expect(words).toContain('{title} : "锂电池"');
  });

  it("adds typo corrections as alternatives", () => {
    const match = buildFtsMatch(analyzeQuery("pyton"), schema, "all", { typos: new Map([["pyton", ["python"]]]) });
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
  const filterSchema: IndexSchema = { ...schema, filterable: ["region", "maturity", "tags", "open"] };
  const store = new AttributeStore(filterSchema);
  store.set(1, "a", { region: "福州", maturity: 3, tags: ["x", "y"], open: true }, 10);
  store.set(2, "b", { region: "厦门", maturity: 7, tags: [], open: false }, 10);
  store.set(3, "c", { region: "'; DROP TABLE x; --", maturity: null, tags: ["y"] }, 10);
  const passing = (filter: Filter) => [1, 2, 3].filter(compileFtsFilter(filter, filterSchema, store));

  it("compares values as data, whatever they contain", () => {
    expect(passing({ op: "eq", field: "region", value: "'; DROP TABLE x; --" })).toEqual([3]);
    expect(passing({ op: "eq", field: "region", value: "福州" })).toEqual([1]);
  });

  it("compiles nested trees with numeric ranges", () => {
    const tree: Filter = {
      op: "or",
      filters: [
        { op: "range", field: "maturity", gte: 5, lte: 7 },
        { op: "in", field: "region", values: ["福州", "泉州"] },
      ],
    };
    expect(passing(tree)).toEqual([1, 2]);
    expect(passing({ op: "and", filters: [tree, { op: "eq", field: "maturity", value: 7 }] })).toEqual([2]);
    expect(passing({ op: "range", field: "maturity" })).toEqual([1, 2]);
  });

  it("matches any value of an array, a number by its string form and a boolean by true or false", () => {
    expect(passing({ op: "eq", field: "tags", value: "y" })).toEqual([1, 3]);
    expect(passing({ op: "in", field: "maturity", values: ["3"] })).toEqual([1]);
    expect(passing({ op: "in", field: "maturity", values: [3, 7] })).toEqual([1, 2]);
    expect(passing({ op: "eq", field: "open", value: true })).toEqual([1]);
    expect(passing({ op: "range", field: "tags", gte: 0 })).toEqual([]);
  });

  it("refuses fields the schema does not make filterable", () => {
    expect(() => compileFtsFilter({ op: "eq", field: "title", value: "x" }, filterSchema, store)).toThrow(
      /Cannot filter on title/,
    );
    expect(() => compileFtsFilter({ op: "in", field: "title", values: [] }, filterSchema, store)).toThrow();
  });

  it("matches nothing for an empty IN list and everything for an empty AND", () => {
    expect(passing({ op: "in", field: "region", values: [] })).toEqual([]);
    expect(passing({ op: "and", filters: [] })).toEqual([1, 2, 3]);
    expect(passing({ op: "or", filters: [] })).toEqual([]);
  });
});
