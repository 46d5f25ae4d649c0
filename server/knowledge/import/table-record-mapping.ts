import columnAliases from "./column-aliases.json" with { type: "json" };
import type { z } from "zod";
import { lineReason, type LineReason } from "../../shared/line-reasons.js";
import { headerKey } from "../../shared/table-headers.js";
import type { ImportKind, lineSchemaByKind } from "./import-records.schemas.js";

/**
 * Turns a table row (a CSV record or an .xlsx row: every cell a string) into the JSON
 * shape of the same record in JSONL, so one zod schema validates every format. Columns
 * are named by the JSON field (`externalId`, `External ID`) or by a Chinese header from
 * the alias table in column-aliases.json (`编号`, `姓名`, `單位`…). The mapping is
 * documented for organizers in docs/import.md; keep the three in step.
 */

type CellType = "text" | "list" | "integer" | "boolean" | "publications";

/** One cell type for every field of the kind's line schema: the compiler refuses a field missing or extra. */
type ColumnTypes = { [Kind in ImportKind]: { [Field in keyof z.input<(typeof lineSchemaByKind)[Kind]>]-?: CellType } };

const fieldTypes: ColumnTypes = {
  experts: {
    externalId: "text",
    name: "text",
    organization: "text",
    title: "text",
    region: "text",
    disciplines: "list",
    keywords: "list",
    bio: "text",
    languages: "list",
    societies: "list",
    publications: "publications",
    capacity: "integer",
    // Private contact data (FORMATS.md); the record schema decides whether it is stored.
    email: "text",
    phone: "text",
  },
  technologies: {
    externalId: "text",
    title: "text",
    abstract: "text",
    keywords: "list",
    discipline: "text",
    ownerExternalId: "text",
    maturity: "integer",
    transferModes: "list",
  },
  needs: {
    externalId: "text",
    title: "text",
    description: "text",
    difficulty: "text",
    target: "text",
    discipline: "text",
    industry: "text",
    keywords: "list",
    region: "text",
    enterprise: "text",
    track: "text",
    status: "text",
    confidential: "boolean",
  },
};

const aliases: Record<ImportKind, Record<string, string[]>> = columnAliases;

function fieldsByHeaderKey(kind: ImportKind): Map<string, string> {
  const map = new Map<string, string>();
  for (const field of Object.keys(fieldTypes[kind])) {
    map.set(headerKey(field), field);
    for (const alias of aliases[kind][field] ?? []) map.set(headerKey(alias), field);
  }
  return map;
}

const fieldByHeaderKey: Record<ImportKind, Map<string, string>> = {
  experts: fieldsByHeaderKey("experts"),
  technologies: fieldsByHeaderKey("technologies"),
  needs: fieldsByHeaderKey("needs"),
};

/** The field a column header names for this kind, or undefined for a column the import ignores. */
export function fieldOfHeader(kind: ImportKind, header: string): string | undefined {
  return fieldByHeaderKey[kind].get(headerKey(header));
}

/** The fields of a kind in template order, each with its Chinese header (the first alias). */
export function tableColumns(kind: ImportKind): { field: string; chineseHeader: string; type: CellType }[] {
  return Object.entries(fieldTypes[kind]).map(([field, type]) => ({
    field,
    chineseHeader: aliases[kind][field]?.[0] ?? field,
    type,
  }));
}

// Chinese spreadsheets often carry the full-width semicolon; both separate items.
const listSeparator = /[;；]/;

const booleanCells = new Map<string, boolean>([
  ["true", true],
  ["1", true],
  ["是", true],
  ["false", false],
  ["0", false],
  ["否", false],
]);

export type TableMappingResult = { value: Record<string, unknown> } | { error: LineReason };

function splitList(cell: string): string[] {
  return cell
    .split(listSeparator)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * Anything that is not a clean number or boolean is passed through as text so the
 * schema reports it with the same message as in JSONL ("expected an integer…").
 */
function convertCell(type: CellType, cell: string): unknown {
  switch (type) {
    case "text":
      return cell;
    case "list":
      return splitList(cell);
    case "integer": {
      const number = Number(cell);
      return Number.isFinite(number) ? number : cell;
    }
    case "boolean":
      return booleanCells.get(cell.toLowerCase()) ?? cell;
    case "publications":
      return splitList(cell).map((title) => ({ title }));
  }
}

export function mapTableRecord(kind: ImportKind, cells: Record<string, string>): TableMappingResult {
  const value: Record<string, unknown> = {};
  for (const [header, rawCell] of Object.entries(cells)) {
    const field = fieldOfHeader(kind, header);
    if (field === undefined) continue; // unknown columns are ignored, as unknown JSON fields are
    const cell = rawCell.trim();
    if (cell === "") continue; // an empty cell is an absent field
    const type = (fieldTypes[kind] as Record<string, CellType>)[field] as CellType;
    if (type === "publications" && cell.startsWith("[")) {
      try {
        value[field] = JSON.parse(cell);
      } catch (error) {
        return { error: lineReason("not_json_array", { detail: (error as Error).message }, "publications") };
      }
      continue;
    }
    value[field] = convertCell(type, cell);
  }
  return { value };
}
