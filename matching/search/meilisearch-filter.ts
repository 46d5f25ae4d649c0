import { SearchRequestError, type Filter, type IndexSchema } from "./search-index.js";

/**
 * A compiled filter: a Meilisearch filter expression, or a constant when the tree reduces to
 * one — `true` (every document passes: send no filter) or `false` (none does: skip the request;
 * Meilisearch has no literal for "nothing" and `IN []` is not part of its grammar).
 */
export type CompiledMeilisearchFilter = string | boolean;

interface Part {
  expression: string;
  /** True when the expression joins terms with AND/OR and needs parentheses inside another one. */
  compound: boolean;
}

/** Any finite number is >= this: `field >= LOWEST` means "field has a numeric value". */
const LOWEST = -Number.MAX_VALUE;

/**
 * A double-quoted Meilisearch filter string. Inside quotes only the backslash and the double
 * quote are special (Meilisearch >= 1.4 unescapes `\\` and `\"`; every other character,
 * including newlines and any Unicode, is taken as is). The JSON layer adds its own escaping on top.
 */
export function quoteMeilisearchString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function numberLiteral(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new SearchRequestError(`Filter on ${field} needs a finite number, not ${value}`);
  // String() never yields a locale format; exponents ("1e+21") parse as f64 on the Meilisearch side.
  return Object.is(value, -0) ? "0" : String(value);
}

function valueLiteral(value: string | number | boolean, field: string): string {
  if (typeof value === "number") return numberLiteral(value, field);
  // Booleans are indexed as the facet strings "true"/"false"; bare words match them.
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value !== "string") throw new SearchRequestError(`Unsupported filter value for ${field}`);
  return quoteMeilisearchString(value);
}

/**
 * Compiles our filter tree into Meilisearch filter syntax.
 *
 * - Field names must be in `schema.filterable` (SearchRequestError otherwise) and are always
 *   written in double quotes, so a field called `to` or `NOT` cannot be read as an operator.
 * - Strings are double-quoted with `\` and `"` escaped; numbers and booleans are bare.
 * - `eq` on an array attribute matches when any element equals the value (Meilisearch semantics).
 * - `in` → `"f" IN [a, b]`; an empty `in` matches nothing.
 * - `range` → `"f" >= x AND "f" <= y`; a range without bounds means "has a numeric value",
 *   like the embedded engine.
 * - `and`/`or` nest with parentheses around compound operands; `and []` is `true`, `or []` is
 *   `false`, and constants fold away.
 */
export function compileMeilisearchFilter(
  filter: Filter,
  schema: Pick<IndexSchema, "filterable">,
): CompiledMeilisearchFilter {
  const result = compile(filter, schema);
  return typeof result === "boolean" ? result : result.expression;
}

function checkField(field: unknown, schema: Pick<IndexSchema, "filterable">): string {
  if (typeof field !== "string" || !schema.filterable.includes(field)) {
    throw new SearchRequestError(`Cannot filter on ${String(field)}`);
  }
  return quoteMeilisearchString(field);
}

function compile(filter: Filter, schema: Pick<IndexSchema, "filterable">): Part | boolean {
  switch (filter.op) {
    case "eq": {
      const field = checkField(filter.field, schema);
      return { expression: `${field} = ${valueLiteral(filter.value, filter.field)}`, compound: false };
    }
    case "in": {
      const field = checkField(filter.field, schema);
      if (!Array.isArray(filter.values))
        throw new SearchRequestError(`Filter "in" on ${filter.field} needs a list of values`);
      if (filter.values.length === 0) return false;
      const values = filter.values.map((value) => valueLiteral(value, filter.field));
      return { expression: `${field} IN [${values.join(", ")}]`, compound: false };
    }
    case "range": {
      const field = checkField(filter.field, schema);
      const conditions: string[] = [];
      if (filter.gte !== undefined) conditions.push(`${field} >= ${numberLiteral(filter.gte, filter.field)}`);
      if (filter.lte !== undefined) conditions.push(`${field} <= ${numberLiteral(filter.lte, filter.field)}`);
      if (conditions.length === 0) conditions.push(`${field} >= ${numberLiteral(LOWEST, filter.field)}`);
      return { expression: conditions.join(" AND "), compound: conditions.length > 1 };
    }
    case "and":
    case "or": {
      const isAnd = filter.op === "and";
      if (!Array.isArray(filter.filters)) throw new SearchRequestError(`Filter "${filter.op}" needs a list of filters`);
      const parts: Part[] = [];
      // Compile every operand (so an unknown field anywhere is reported), then fold constants.
      const compiled = filter.filters.map((child) => compile(child, schema));
      for (const part of compiled) {
        if (typeof part === "boolean") {
          if (part !== isAnd) return part; // false inside AND, true inside OR decides the whole node
          continue;
        }
        parts.push(part);
      }
      if (parts.length === 0) return isAnd;
      if (parts.length === 1) return parts[0] as Part;
      const joiner = isAnd ? " AND " : " OR ";
      return {
        expression: parts.map((p) => (p.compound ? `(${p.expression})` : p.expression)).join(joiner),
        compound: true,
      };
    }
    default:
      throw new SearchRequestError(`Unknown filter operation ${String((filter as { op?: unknown }).op)}`);
  }
}
