import type { z } from "zod";

/**
 * Why one line of an uploaded file was refused (a bulk import, an event's registration roster or
 * outcomes workbook), or why a line that was kept deserves a look (a bulk import's warnings): a
 * stable `code` that API clients and the pages' translations key on, the
 * values the message names (`params`), the field it concerns, and the message in English (what
 * the command line prints and the API has always carried). Pages never parse the English: they
 * translate the code (server/http/i18n/line-reasons.ts, `lineReason.<code>` in the locale files).
 *
 * zod issues become reasons in one place (`lineReasonsOf`), so every file report says what was
 * wrong and what was expected, whatever the schema, and no bare "Invalid input" reaches anyone.
 * Rules of our own are zod refinements or custom issues carrying `reasonCheck(code, params)`.
 */

export const lineReasonCodes = [
  // What zod's own checks find.
  "required",
  "too_long",
  "too_short",
  "too_many",
  "too_few",
  "at_most",
  "below",
  "at_least",
  "above",
  "integer_range",
  "not_integer",
  "not_number",
  "not_text",
  "not_list",
  "not_boolean",
  "not_object",
  "wrong_type",
  "one_of",
  "email",
  "phone",
  "format",
  "pattern",
  "multiple_of",
  "unknown_fields",
  "lone_surrogate",
  "invalid",
  // Reading a file.
  "invalid_json",
  "not_json_array",
  "line_too_long",
  "too_many_cells",
  "unreadable_csv",
  "unreadable_xlsx",
  "not_xlsx",
  "no_worksheet",
  "file_type",
  "empty_file",
  "missing_column",
  "too_many_rows",
  // What a line names that does not exist or repeats.
  "unknown_transfer_mode",
  "unknown_track",
  "no_tracks",
  "unknown_owner",
  "unknown_need",
  "unknown_expert",
  "repeated_need",
  "repeated_expert",
  "slot_not_number",
  "slot_outside",
  // An outcomes workbook: the meeting a line names, and whether its outcome can be recorded.
  "missing_meeting_columns",
  "no_meeting_named",
  "unknown_meeting",
  "repeated_side",
  "meeting_not_held",
  "before_live_day",
  "meeting_not_begun",
  "contract_needs_value",
  "value_only_for_contract",
  // Warnings: the line was kept, but it changed what an earlier line of the same file wrote.
  "repeated_external_id",
] as const;

export type LineReasonCode = (typeof lineReasonCodes)[number];
export type LineReasonParams = Record<string, string | number>;

export interface LineReason {
  code: LineReasonCode;
  /** The field, as a path (`name`, `publications[0].year`); absent when the reason concerns the whole line or file. */
  field?: string;
  params: LineReasonParams;
  /** English, for the command line and API clients that show it as it is. */
  message: string;
}

/** A refused line of a file report (0: the file as a whole): its reasons in English, and each with its code. */
export interface LineError {
  line: number;
  message: string;
  reasons: LineReason[];
}

export function lineError(line: number, reasons: LineReason[]): LineError {
  return { line, message: describeLineReasons(reasons), reasons };
}

/** The English of each code; the wording of the reasons the import already had is kept as it was. */
const englishMessages: Record<LineReasonCode, string> = {
  required: "required",
  too_long: "longer than {max} characters",
  too_short: "shorter than {min} characters",
  too_many: "more than {max} items",
  too_few: "fewer than {min} items",
  at_most: "expected at most {max}",
  below: "expected less than {max}",
  at_least: "expected at least {min}",
  above: "expected more than {min}",
  integer_range: "expected an integer from {min} to {max}",
  not_integer: "expected a whole number",
  not_number: "expected a number",
  not_text: "expected text",
  not_list: "expected a list",
  not_boolean: "expected true or false",
  not_object: "expected a JSON object",
  wrong_type: "expected a value of type {expected}",
  one_of: "expected one of {values}",
  email: "not an email address",
  phone: "not a phone number",
  format: "not a valid {format}",
  pattern: "does not match the expected pattern {pattern}",
  multiple_of: "expected a multiple of {divisor}",
  unknown_fields: "unknown fields: {fields}",
  lone_surrogate: "contains a lone UTF-16 surrogate (\\uD800–\\uDFFF), which is not valid text",
  invalid: "not accepted: {detail}",
  invalid_json: "invalid JSON: {detail}",
  not_json_array: "not a valid JSON array ({detail})",
  line_too_long: "line longer than {max} characters",
  too_many_cells: "{cells} cells but the header names {fields} fields",
  unreadable_csv: "unreadable CSV from here on: {detail}",
  unreadable_xlsx: "unreadable .xlsx file from here on: {detail}",
  not_xlsx: "the file is not a readable .xlsx workbook",
  no_worksheet: "unreadable .xlsx file: no worksheet found",
  file_type: "the file's name must end in one of {extensions}",
  empty_file: "the file has no lines",
  missing_column: 'the header has no "{column}" column',
  too_many_rows: "at most {max} rows per file",
  unknown_transfer_mode: '"{name}" is not a transfer mode (expected {modes})',
  unknown_track: 'unknown track "{track}"; known codes: {codes}',
  no_tracks: 'unknown track "{track}": there are no tracks yet (create them first)',
  unknown_owner: 'no expert with externalId "{externalId}" (import the experts first)',
  unknown_need: "no need with externalId or id {ref}",
  unknown_expert: "no expert with externalId or id {ref}",
  repeated_need: "need {ref} is already on line {earlier}",
  repeated_expert: "expert {ref} is already on line {earlier}",
  slot_not_number: '"{slot}" is not a slot number or range (e.g. 1 2 5 or 1-3)',
  slot_outside: "{slot} is outside slots 1–{slots}",
  missing_meeting_columns: 'the header has no "meetingId" column, nor "needId" and "expertId" columns',
  no_meeting_named: "name the meeting: meetingId, or needId and expertId",
  unknown_meeting: "no such meeting at this event",
  repeated_side: "meeting {meeting}'s {side} side is already on line {earlier}",
  meeting_not_held: "meeting {meeting} did not take place ({status})",
  before_live_day: "outcomes are recorded from the event's live day on",
  meeting_not_begun: "meeting {meeting} has not begun yet",
  contract_needs_value: "a contract needs its value in yuan",
  value_only_for_contract: "only a contract has a value",
  repeated_external_id: "repeats the externalId of line {earlier}; the later line was kept",
};

function fill(template: string, params: LineReasonParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function lineReason(code: LineReasonCode, params: LineReasonParams = {}, field?: string): LineReason {
  const message = fill(englishMessages[code], params);
  return field === undefined || field === "" ? { code, params, message } : { code, field, params, message };
}

/**
 * The options of a refinement or custom issue that stands for one of our reasons: the code and its
 * values ride in the issue's `params`, the English in its message.
 */
export function reasonCheck(code: LineReasonCode, params: LineReasonParams = {}) {
  return { message: fill(englishMessages[code], params), params: { lineReason: code, ...params } };
}

/** `publications[2].year`: object keys joined by dots, array positions in brackets. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const typeCodes: Partial<Record<string, LineReasonCode>> = {
  string: "not_text",
  array: "not_list",
  number: "not_number",
  int: "not_integer",
  boolean: "not_boolean",
  object: "not_object",
};

const isLineReasonCode = (code: unknown): code is LineReasonCode =>
  typeof code === "string" && (lineReasonCodes as readonly string[]).includes(code);

/** An empty text among the allowed values is shown as `""`, or it would read as nothing. */
const listed = (values: readonly unknown[]) => values.map((value) => (value === "" ? '""' : String(value))).join(", ");

/**
 * A union's reasons, rather than zod's "Invalid input": those of the first alternative that took
 * the value's type and got as far as its own rules; when none did, the values every alternative
 * would have taken (a union of literals), else the type one of them expected.
 */
function unionReasons(alternatives: z.core.$ZodIssue[][], input: unknown, path: PropertyKey[]): LineReason[] {
  const refusedOutright = (issue: z.core.$ZodIssue) =>
    issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_value");
  const reasonsOfAlternative = (issues: z.core.$ZodIssue[]) =>
    issues.flatMap((issue) => reasonsOf({ ...issue, path: [...path, ...issue.path] }, input));
  const furthest = alternatives.find((issues) => !issues.some(refusedOutright));
  if (furthest) return reasonsOfAlternative(furthest);
  const values = alternatives.map((issues) => issues.find((issue) => issue.code === "invalid_value")?.values);
  if (values.every((taken) => taken !== undefined)) {
    return [lineReason("one_of", { values: listed(values.flat()) }, fieldPath(path))];
  }
  // A type names what was expected better than one literal among several does.
  const typed = alternatives.find((issues) => issues.some((issue) => issue.code === "invalid_type"));
  return reasonsOfAlternative(typed ?? alternatives[0] ?? []);
}

function reasonsOf(issue: z.core.$ZodIssue, input: unknown): LineReason[] {
  if (issue.code === "invalid_union") return unionReasons(issue.errors, input, issue.path);
  if (issue.code === "invalid_key" || issue.code === "invalid_element") {
    return issue.issues.flatMap((inner) => reasonsOf({ ...inner, path: [...issue.path, ...inner.path] }, input));
  }
  return [reasonOf(issue, input)];
}

function reasonOf(
  issue: Exclude<z.core.$ZodIssue, { code: "invalid_union" | "invalid_key" | "invalid_element" }>,
  input: unknown,
): LineReason {
  const field = fieldPath(issue.path);
  switch (issue.code) {
    case "invalid_type": {
      const value = valueAt(input, issue.path);
      if (value === undefined || value === null) return lineReason("required", {}, field);
      const code = typeCodes[issue.expected];
      return code ? lineReason(code, {}, field) : lineReason("wrong_type", { expected: issue.expected }, field);
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return lineReason("too_long", { max }, field);
      if (issue.origin === "array" || issue.origin === "set") return lineReason("too_many", { max }, field);
      return lineReason(issue.inclusive === false ? "below" : "at_most", { max }, field);
    }
    case "too_small": {
      const min = Number(issue.minimum);
      // A text field that must have something once trimmed: what "required" means to a person.
      if (issue.origin === "string") return lineReason(min <= 1 ? "required" : "too_short", { min }, field);
      if (issue.origin === "array" || issue.origin === "set") return lineReason("too_few", { min }, field);
      return lineReason(issue.inclusive === false ? "above" : "at_least", { min }, field);
    }
    case "invalid_format":
      if (issue.format === "email") return lineReason("email", {}, field);
      if (issue.format === "regex") return lineReason("pattern", { pattern: issue.pattern ?? "" }, field);
      return lineReason("format", { format: issue.format }, field);
    case "invalid_value":
      return lineReason("one_of", { values: listed(issue.values) }, field);
    case "not_multiple_of":
      return lineReason("multiple_of", { divisor: Number(issue.divisor) }, field);
    case "unrecognized_keys":
      return lineReason("unknown_fields", { fields: issue.keys.join(", ") }, field);
    case "custom": {
      const { lineReason: code, ...params } = (issue.params ?? {}) as { lineReason?: unknown } & LineReasonParams;
      if (isLineReasonCode(code)) return lineReason(code, params, field);
      return lineReason("invalid", { detail: issue.message }, field);
    }
  }
}

/** Every issue of a failed parse as a reason; `input` is what was parsed (an absent value is "required"). */
export function lineReasonsOf(error: z.ZodError, input: unknown): LineReason[] {
  return error.issues.flatMap((issue) => reasonsOf(issue, input));
}

/** The English of a line's reasons: `publications[2].year: expected an integer from 1900 to 2100; name: required`. */
export function describeLineReasons(reasons: readonly LineReason[]): string {
  return reasons.map((reason) => (reason.field ? `${reason.field}: ${reason.message}` : reason.message)).join("; ");
}

/**
 * Import reports stored before reasons had codes (decisions §46, §48) hold only their English text:
 * issues joined by `; `, each `field: message` or a bare message, in the forms the importer wrote
 * then. Each known form names its code and values here, so such a report reads in the page's
 * language like a new one; the stored text is never rewritten. A text of no known form has no
 * reasons and is shown as it is.
 */
type LegacyForm = {
  pattern: RegExp;
  reason: (values: string[]) => { code: LineReasonCode; params?: LineReasonParams };
};

const legacyForms: LegacyForm[] = [
  { pattern: /^required(?: \(empty after trimming\))?$/, reason: () => ({ code: "required" }) },
  {
    pattern: /^longer than (\d+) characters$/,
    reason: ([max]) => ({ code: "too_long", params: { max: Number(max) } }),
  },
  // Of one item of a list: the item's position was not recorded, the list's field is named.
  {
    pattern: /^an item is longer than (\d+) characters$/,
    reason: ([max]) => ({ code: "too_long", params: { max: Number(max) } }),
  },
  {
    pattern: /^more than (\d+) (?:items|publications)$/,
    reason: ([max]) => ({ code: "too_many", params: { max: Number(max) } }),
  },
  {
    pattern: /^expected an integer from (-?\d+) to (-?\d+)$/,
    reason: ([min, max]) => ({ code: "integer_range", params: { min: Number(min), max: Number(max) } }),
  },
  { pattern: /^expected one of (.+)$/s, reason: ([values]) => ({ code: "one_of", params: { values: values! } }) },
  { pattern: /^expected true or false$/, reason: () => ({ code: "not_boolean" }) },
  {
    // zod's own message for a value of the wrong type.
    pattern: /^Invalid input: expected (\w+), received (\w+)$/,
    reason: ([expected, received]) => {
      if (received === "undefined" || received === "null") return { code: "required" };
      const code = typeCodes[expected!];
      return code ? { code } : { code: "wrong_type", params: { expected: expected! } };
    },
  },
  { pattern: /^not an email address$/, reason: () => ({ code: "email" }) },
  { pattern: /^not a phone number$/, reason: () => ({ code: "phone" }) },
  {
    pattern: /^Contains a lone UTF-16 surrogate \(\\uD800–\\uDFFF\), which is not valid text$/,
    reason: () => ({ code: "lone_surrogate" }),
  },
  {
    pattern: /^not a valid JSON array \((.*)\)$/s,
    reason: ([detail]) => ({ code: "not_json_array", params: { detail: detail! } }),
  },
  { pattern: /^invalid JSON: (.*)$/s, reason: ([detail]) => ({ code: "invalid_json", params: { detail: detail! } }) },
  {
    pattern: /^line longer than (\d+) characters$/,
    reason: ([max]) => ({ code: "line_too_long", params: { max: Number(max) } }),
  },
  {
    pattern: /^(\d+) cells but the header names (\d+) fields$/,
    reason: ([cells, fields]) => ({ code: "too_many_cells", params: { cells: Number(cells), fields: Number(fields) } }),
  },
  {
    pattern: /^unreadable CSV from here on: (.*)$/s,
    reason: ([detail]) => ({ code: "unreadable_csv", params: { detail: detail! } }),
  },
  {
    pattern: /^unreadable \.xlsx file from here on: (.*)$/s,
    reason: ([detail]) => ({ code: "unreadable_xlsx", params: { detail: detail! } }),
  },
  { pattern: /^unreadable \.xlsx file: no worksheet found$/, reason: () => ({ code: "no_worksheet" }) },
  {
    pattern: /^"(.*)" is not a transfer mode \(expected (.*)\)$/s,
    reason: ([name, modes]) => ({ code: "unknown_transfer_mode", params: { name: name!, modes: modes! } }),
  },
  {
    pattern: /^unknown track "(.*)"; known codes: none \(create tracks first\)$/s,
    reason: ([track]) => ({ code: "no_tracks", params: { track: track! } }),
  },
  {
    pattern: /^unknown track "(.*)"; known codes: (.*)$/s,
    reason: ([track, codes]) => ({ code: "unknown_track", params: { track: track!, codes: codes! } }),
  },
  {
    pattern: /^no expert with externalId "(.*)" \(import the experts first\)$/s,
    reason: ([externalId]) => ({ code: "unknown_owner", params: { externalId: externalId! } }),
  },
];

/** `; ` separates issues only where a field path follows (`; name: …`), not inside a message (`known codes: …`). */
const legacyIssueSeparator = /; (?=[A-Za-z]\w*(?:\[\d+\]|\.\w+)*: )/;
const legacyFieldPrefix = /^([A-Za-z]\w*(?:\[\d+\]|\.\w+)*): (.*)$/s;

function legacyReason(issue: string): LineReason | null {
  const [, field, message = issue] = legacyFieldPrefix.exec(issue) ?? [];
  for (const form of legacyForms) {
    const match = form.pattern.exec(message);
    if (!match) continue;
    const { code, params = {} } = form.reason(match.slice(1));
    // The message stays the stored English, so the line's English reads exactly as it did.
    return field === undefined ? { code, params, message } : { code, field, params, message };
  }
  return null;
}

/**
 * The reasons of a line of an import report stored before reasons had codes, read from its
 * English text; none when any issue of the line is of no known form (the text is then shown as it
 * is, never half translated). `describeLineReasons` of the result gives the stored text back.
 */
export function legacyLineReasons(reason: string): LineReason[] {
  const reasons = reason.split(legacyIssueSeparator).map(legacyReason);
  return reasons.every((found): found is LineReason => found !== null) ? reasons : [];
}
