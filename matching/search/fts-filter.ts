import { SearchRequestError, type Filter, type IndexSchema } from "./search-index.js";

export interface SqlFragment {
  sql: string;
  params: (string | number)[];
}

/**
 * Compiles a filter tree into a parameterised SQL condition on the documents table `d`,
 * through the attribute table's (field, value) and (field, num) indexes. Field names are
 * checked against the schema; values are always bound, never spliced.
 */
export function compileFtsFilter(filter: Filter, schema: IndexSchema, attrsTable: string): SqlFragment {
  const matching = (condition: string, params: (string | number)[], field: string): SqlFragment => {
    if (!schema.filterable.includes(field)) throw new SearchRequestError(`Cannot filter on ${field}`);
    return {
      sql: `d.rowid IN (SELECT rowid FROM ${attrsTable} WHERE field = ? AND ${condition})`,
      params: [field, ...params],
    };
  };
  const combine = (parts: readonly Filter[], joiner: "AND" | "OR"): SqlFragment => {
    if (parts.length === 0) return { sql: joiner === "AND" ? "1" : "0", params: [] };
    const compiled = parts.map((part) => compileFtsFilter(part, schema, attrsTable));
    return { sql: `(${compiled.map((c) => c.sql).join(` ${joiner} `)})`, params: compiled.flatMap((c) => c.params) };
  };
  switch (filter.op) {
    case "eq":
      return typeof filter.value === "number"
        ? matching("num = ?", [filter.value], filter.field)
        : matching("value = ?", [String(filter.value)], filter.field);
    case "in": {
      if (filter.values.length === 0) {
        if (!schema.filterable.includes(filter.field)) throw new SearchRequestError(`Cannot filter on ${filter.field}`);
        return { sql: "0", params: [] };
      }
      const numeric = filter.values.every((v) => typeof v === "number");
      const marks = filter.values.map(() => "?").join(", ");
      return matching(
        `${numeric ? "num" : "value"} IN (${marks})`,
        numeric ? [...filter.values] : filter.values.map(String),
        filter.field,
      );
    }
    case "range": {
      const conditions: string[] = [];
      const params: number[] = [];
      if (filter.gte !== undefined) {
        conditions.push("num >= ?");
        params.push(filter.gte);
      }
      if (filter.lte !== undefined) {
        conditions.push("num <= ?");
        params.push(filter.lte);
      }
      return matching(conditions.length ? conditions.join(" AND ") : "num IS NOT NULL", params, filter.field);
    }
    case "and":
      return combine(filter.filters, "AND");
    case "or":
      return combine(filter.filters, "OR");
  }
}
