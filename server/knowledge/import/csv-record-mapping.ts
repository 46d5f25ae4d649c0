import type { ImportKind } from "./import-records.schemas.js";

/**
 * Turns a CSV row (every cell a string) into the JSON shape of the same record in
 * JSONL, so one zod schema validates both formats. The mapping is documented for
 * organizers in docs/import.md; keep the two in step.
 */

type CellType = "text" | "list" | "integer" | "boolean" | "publications";

const fieldTypes: Record<ImportKind, Record<string, CellType>> = {
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

/** `External ID`, `external_id` and `externalId` all name the same column. */
function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

const fieldByHeaderKey: Record<ImportKind, Map<string, string>> = {
  experts: new Map(Object.keys(fieldTypes.experts).map((field) => [headerKey(field), field])),
  technologies: new Map(Object.keys(fieldTypes.technologies).map((field) => [headerKey(field), field])),
  needs: new Map(Object.keys(fieldTypes.needs).map((field) => [headerKey(field), field])),
};

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

export type CsvMappingResult = { value: Record<string, unknown> } | { error: string };

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

export function mapCsvRecord(kind: ImportKind, cells: Record<string, string>): CsvMappingResult {
  const value: Record<string, unknown> = {};
  for (const [header, rawCell] of Object.entries(cells)) {
    const field = fieldByHeaderKey[kind].get(headerKey(header));
    if (field === undefined) continue; // unknown columns are ignored, as unknown JSON fields are
    const cell = rawCell.trim();
    if (cell === "") continue; // an empty cell is an absent field
    const type = fieldTypes[kind][field] as CellType;
    if (type === "publications" && cell.startsWith("[")) {
      try {
        value[field] = JSON.parse(cell);
      } catch (error) {
        return { error: `publications: not a valid JSON array (${(error as Error).message})` };
      }
      continue;
    }
    value[field] = convertCell(type, cell);
  }
  return { value };
}
