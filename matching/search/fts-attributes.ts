import type { AttributeValue, IndexSchema } from "./search-index.js";

/** A value as SQLite orders it: NULL, then numbers, then text (by code point, as BINARY collation does). */
export type SortValue = string | number | null;

/** Answers whether the document stored under a rowid passes a filter. */
export type RowPredicate = (rowid: number) => boolean;

/** One filterable or facetable field: dictionary-coded string values and the numeric value. */
interface FieldColumn {
  /** Per rowid: the code of its only value, `none`, or `several` (codes in `several`). */
  codes: Int32Array;
  /** Per rowid: the numeric value (numbers and booleans), NaN when there is none. */
  nums: Float64Array;
  several: Map<number, number[]>;
  dictionary: Map<string, number>;
  values: string[];
}

const none = -1;
const several = -2;

/** The attribute values filters and facets see: a string array means "any of these"; numbers and booleans also have a numeric value. */
function attributeEntries(value: AttributeValue | undefined): { value: string; num: number }[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v) => ({ value: String(v), num: Number.NaN }));
  if (typeof value === "number") return [{ value: String(value), num: value }];
  if (typeof value === "boolean") return [{ value: String(value), num: value ? 1 : 0 }];
  return [{ value: value as string, num: Number.NaN }];
}

/** The value a sortable attribute sorts by. */
export function sortValueOf(value: AttributeValue | undefined): SortValue {
  if (value === undefined || value === null || Array.isArray(value)) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value as string | number;
}

/** The attributes worth storing: what filters, facets and sorting read. */
export function storedAttributes(
  schema: IndexSchema,
  attributes: Record<string, AttributeValue>,
): Record<string, AttributeValue> {
  const kept: Record<string, AttributeValue> = {};
  for (const [field, value] of Object.entries(attributes)) {
    if (schema.filterable.includes(field) || schema.facetable.includes(field) || schema.sortable.includes(field))
      kept[field] = value;
  }
  return kept;
}

/** Compares strings by code point, as SQLite's BINARY collation compares their UTF-8 bytes. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every other BMP unit in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return compareCodePoints(a, b);
}

function grow<T extends Int32Array | Float64Array>(array: T, size: number, fill: number): T {
  if (size <= array.length) return array;
  let capacity = Math.max(1024, array.length * 2);
  while (capacity < size) capacity *= 2;
  const grown = new (array.constructor as new (n: number) => T)(capacity);
  grown.set(array);
  grown.fill(fill, array.length);
  return grown;
}

/**
 * The attributes of one index held in memory, by the rowid of each document: ids, the values
 * filters and facets read (dictionary-coded), sort values and document lengths. Filters, facets
 * and sorting then cost a few array reads per hit instead of a B-tree lookup per hit and
 * attribute. SqliteFtsIndex keeps it in step with the database (which stays the source of truth).
 */
export class AttributeStore {
  private ids: (string | undefined)[] = [];
  private termCounts = new Int32Array(0);
  private readonly columns = new Map<string, FieldColumn>();
  private readonly sortColumns = new Map<string, SortValue[]>();
  private live = 0;

  constructor(schema: IndexSchema) {
    for (const field of new Set([...schema.filterable, ...schema.facetable])) {
      this.columns.set(field, {
        codes: new Int32Array(0),
        nums: new Float64Array(0),
        several: new Map(),
        dictionary: new Map(),
        values: [],
      });
    }
    for (const field of schema.sortable) this.sortColumns.set(field, []);
  }

  get size(): number {
    return this.live;
  }

  has(rowid: number): boolean {
    return this.ids[rowid] !== undefined;
  }

  id(rowid: number): string | undefined {
    return this.ids[rowid];
  }

  /** How many terms the document stored (bm25's document length). */
  terms(rowid: number): number {
    return this.termCounts[rowid] ?? 0;
  }

  /** Every stored rowid, ascending. */
  rowids(): number[] {
    const out: number[] = [];
    this.ids.forEach((id, rowid) => {
      if (id !== undefined) out.push(rowid);
    });
    return out;
  }

  set(rowid: number, id: string, attributes: Record<string, AttributeValue>, terms: number): void {
    if (this.ids[rowid] === undefined) this.live += 1;
    this.ids[rowid] = id;
    this.termCounts = grow(this.termCounts, rowid + 1, 0);
    this.termCounts[rowid] = terms;
    for (const [field, column] of this.columns) {
      column.codes = grow(column.codes, rowid + 1, none);
      column.nums = grow(column.nums, rowid + 1, Number.NaN);
      const entries = attributeEntries(attributes[field]);
      const codes = entries.map((entry) => this.code(column, entry.value));
      column.several.delete(rowid);
      column.codes[rowid] = codes.length === 0 ? none : codes.length === 1 ? codes[0]! : several;
      if (codes.length > 1) column.several.set(rowid, codes);
      column.nums[rowid] = entries.length === 1 ? entries[0]!.num : Number.NaN;
    }
    for (const [field, values] of this.sortColumns) values[rowid] = sortValueOf(attributes[field]);
  }

  delete(rowid: number): void {
    if (this.ids[rowid] === undefined) return;
    this.live -= 1;
    this.ids[rowid] = undefined;
    this.termCounts[rowid] = 0;
    for (const column of this.columns.values()) {
      column.codes[rowid] = none;
      column.nums[rowid] = Number.NaN;
      column.several.delete(rowid);
    }
    for (const values of this.sortColumns.values()) values[rowid] = null;
  }

  sortValue(field: string, rowid: number): SortValue {
    return this.sortColumns.get(field)?.[rowid] ?? null;
  }

  /** Documents with one of these string values in `field` (a number's string form counts: "6" finds 6). */
  valueIn(field: string, values: readonly string[]): RowPredicate {
    const column = this.column(field);
    const wanted = new Set<number>();
    for (const value of values) {
      const code = column.dictionary.get(value);
      if (code !== undefined) wanted.add(code);
    }
    if (wanted.size === 0) return () => false;
    return (rowid) => {
      const code = column.codes[rowid] ?? none;
      if (code === several) return column.several.get(rowid)!.some((c) => wanted.has(c));
      return wanted.has(code);
    };
  }

  /** Documents whose numeric value in `field` is one of these. */
  numberIn(field: string, numbers: readonly number[]): RowPredicate {
    const column = this.column(field);
    const wanted = new Set(numbers);
    return (rowid) => wanted.has(column.nums[rowid] ?? Number.NaN);
  }

  /** Documents whose numeric value in `field` lies in [gte, lte] (either bound optional). */
  numberRange(field: string, gte: number | undefined, lte: number | undefined): RowPredicate {
    const column = this.column(field);
    const low = gte ?? -Infinity;
    const high = lte ?? Infinity;
    return (rowid) => {
      const num = column.nums[rowid] ?? Number.NaN;
      return num >= low && num <= high;
    };
  }

  /** field → value → count over `rowids` (a document with several values counts once per value). */
  facets(rowids: ArrayLike<number>, fields: readonly string[]): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const field of fields) {
      const column = this.column(field);
      const counts = new Int32Array(column.values.length);
      const { codes } = column;
      for (let i = 0; i < rowids.length; i++) {
        const rowid = rowids[i]!;
        const code = codes[rowid]!;
        if (code >= 0) counts[code]! += 1;
        else if (code === several) for (const c of column.several.get(rowid)!) counts[c]! += 1;
      }
      const present = column.values.flatMap((value, code) =>
        counts[code]! > 0 ? [[value, counts[code]!] as const] : [],
      );
      present.sort((a, b) => compareCodePoints(a[0], b[0]));
      out[field] = Object.fromEntries(present);
    }
    return out;
  }

  private column(field: string): FieldColumn {
    const column = this.columns.get(field);
    if (!column) throw new Error(`No stored attribute ${field}`);
    return column;
  }

  private code(column: FieldColumn, value: string): number {
    let code = column.dictionary.get(value);
    if (code === undefined) {
      code = column.values.length;
      column.dictionary.set(value, code);
      column.values.push(value);
    }
    return code;
  }
}
