import type { AttributeStore, RowPredicate } from "./fts-attributes.js";
import { SearchRequestError, type Filter, type IndexSchema } from "./search-index.js";

const nothing: RowPredicate = () => false;
const everything: RowPredicate = () => true;

/**
 * Compiles a filter tree into a predicate on rowids, read from the index's attributes in memory.
 * Field names are checked against the schema. A number compares with numeric values (eq 6,
 * ranges); any other value compares as a string, and a number's string form counts ("6" finds 6).
 */
export function compileFtsFilter(filter: Filter, schema: IndexSchema, store: AttributeStore): RowPredicate {
  const checked = (field: string): string => {
    if (!schema.filterable.includes(field)) throw new SearchRequestError(`Cannot filter on ${field}`);
    return field;
  };
  const combine = (parts: readonly Filter[], every: boolean): RowPredicate => {
    const compiled = parts.map((part) => compileFtsFilter(part, schema, store));
    if (compiled.length === 0) return every ? everything : nothing;
    if (compiled.length === 1) return compiled[0]!;
    return every ? (rowid) => compiled.every((p) => p(rowid)) : (rowid) => compiled.some((p) => p(rowid));
  };
  switch (filter.op) {
    case "eq":
      return typeof filter.value === "number"
        ? store.numberIn(checked(filter.field), [filter.value])
        : store.valueIn(checked(filter.field), [String(filter.value)]);
    case "in": {
      const field = checked(filter.field);
      if (filter.values.length === 0) return nothing;
      return filter.values.every((v) => typeof v === "number")
        ? store.numberIn(field, filter.values as readonly number[])
        : store.valueIn(field, filter.values.map(String));
    }
    case "range":
      return store.numberRange(checked(filter.field), filter.gte, filter.lte);
    case "and":
      return combine(filter.filters, true);
    case "or":
      return combine(filter.filters, false);
  }
}
