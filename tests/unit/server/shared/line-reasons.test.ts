import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  describeLineReasons,
  legacyLineReasons,
  lineReasonsOf,
  reasonCheck,
} from "../../../../server/shared/line-reasons.js";

/** The reasons a schema gives for a value it refuses. */
function reasonsFor(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected the value to be refused");
  return lineReasonsOf(parsed.error, value);
}

describe("a zod issue as a line's reason", () => {
  const line = z.object({
    name: z.string().min(1).max(5),
    motto: z.string().min(3).optional(),
    tags: z.array(z.string().max(3)).min(1).max(2).optional(),
    email: z.email().optional(),
    status: z.enum(["open", "closed"]).optional(),
    count: z.number().int().min(1).max(9).optional(),
    share: z.number().positive().lt(1).optional(),
    done: z.boolean().optional(),
  });

  it("reads a missing, null or blank value as required, whatever the type expected", () => {
    expect(reasonsFor(line, {})).toEqual([{ code: "required", field: "name", params: {}, message: "required" }]);
    expect(reasonsFor(line, { name: null })[0]!.code).toBe("required");
    expect(reasonsFor(line, { name: "" })[0]).toMatchObject({ code: "required", field: "name" });
  });

  it("names what kind of value was expected instead of zod's 'Invalid input'", () => {
    const reasons = reasonsFor(line, { name: 7, tags: "a", count: "3", done: "yes" });
    expect(reasons.map(({ code, field, message }) => ({ code, field, message }))).toEqual([
      { code: "not_text", field: "name", message: "expected text" },
      { code: "not_list", field: "tags", message: "expected a list" },
      { code: "not_number", field: "count", message: "expected a number" },
      { code: "not_boolean", field: "done", message: "expected true or false" },
    ]);
    expect(reasonsFor(line, { name: "a", count: 2.5 })).toEqual([
      { code: "not_integer", field: "count", params: {}, message: "expected a whole number" },
    ]);
    expect(reasonsFor(line, [1])).toEqual([{ code: "not_object", params: {}, message: "expected a JSON object" }]);
    expect(reasonsFor(z.object({ at: z.date() }), { at: "soon" })[0]).toMatchObject({
      code: "wrong_type",
      params: { expected: "date" },
    });
  });

  it("gives the limits of too long, too short, too many, too few, too large and too small", () => {
    const reasons = reasonsFor(line, { name: "abcdef", motto: "ab", tags: ["abcd"], count: 10, share: 0 });
    expect(reasons.map(({ code, field, params }) => ({ code, field, params }))).toEqual([
      { code: "too_long", field: "name", params: { max: 5 } },
      { code: "too_short", field: "motto", params: { min: 3 } },
      { code: "too_long", field: "tags[0]", params: { max: 3 } },
      { code: "at_most", field: "count", params: { max: 9 } },
      { code: "above", field: "share", params: { min: 0 } },
    ]);
    expect(reasonsFor(line, { name: "a", tags: ["a", "b", "c"] })).toEqual([
      { code: "too_many", field: "tags", params: { max: 2 }, message: "more than 2 items" },
    ]);
    expect(reasonsFor(line, { name: "a", tags: [], count: 0, share: 1 }).map((reason) => reason.message)).toEqual([
      "fewer than 1 items",
      "expected at least 1",
      "expected less than 1",
    ]);
  });

  it("names a malformed email, and an unknown choice with the allowed values", () => {
    expect(reasonsFor(line, { name: "a", email: "bad-email", status: "done" })).toEqual([
      { code: "email", field: "email", params: {}, message: "not an email address" },
      {
        code: "one_of",
        field: "status",
        params: { values: "open, closed" },
        message: "expected one of open, closed",
      },
    ]);
  });

  it("reports a union by the alternative that got furthest, never as 'Invalid input'", () => {
    const blankOrDigits = z.union([
      z.literal("").transform(() => null),
      z.string().regex(/^\d+$/).transform(Number).pipe(z.number().max(50)),
    ]);
    const demand = z.object({ demand: blankOrDigits });
    expect(reasonsFor(demand, { demand: "x" })).toEqual([
      {
        code: "pattern",
        field: "demand",
        params: { pattern: "/^\\d+$/" },
        message: "does not match the expected pattern /^\\d+$/",
      },
    ]);
    expect(reasonsFor(demand, { demand: 7 })).toEqual([
      { code: "not_text", field: "demand", params: {}, message: "expected text" },
    ]);
    expect(reasonsFor(z.union([z.literal("a"), z.literal(2)]), "b")).toEqual([
      { code: "one_of", params: { values: "a, 2" }, message: "expected one of a, 2" },
    ]);
  });

  it("keeps a reason of our own, with its values, from a refinement or a custom issue", () => {
    const capacity = z.custom<number>((value) => value === 1, reasonCheck("integer_range", { min: 0, max: 100 }));
    expect(reasonsFor(z.object({ capacity }), { capacity: "many" })).toEqual([
      {
        code: "integer_range",
        field: "capacity",
        params: { min: 0, max: 100 },
        message: "expected an integer from 0 to 100",
      },
    ]);
  });

  it("keeps another refinement's message as the detail of a general reason", () => {
    const even = z.number().refine((n) => n % 2 === 0, { message: "must be even" });
    expect(reasonsFor(even, 3)).toEqual([
      { code: "invalid", params: { detail: "must be even" }, message: "not accepted: must be even" },
    ]);
  });

  it("writes a line's reasons in English as `field: message` joined by `; `", () => {
    const reasons = reasonsFor(line, { email: "x", tags: ["long one"] });
    expect(describeLineReasons(reasons)).toBe(
      "name: required; tags[0]: longer than 3 characters; email: not an email address",
    );
  });
});

/**
 * Reasons as the importer wrote them before they had codes, taken from the code of 898d518 (the last
 * commit that wrote them): the line schemas' and the JSONL, CSV and table readers' texts were
 * produced by running it; the .xlsx reader's and the service's (tracks, owners) are its templates
 * filled in, as is the zod message for a type no field of the import expects (date).
 */
const legacyReports: { text: string; codes: string[] }[] = [
  {
    text: "name: required (empty after trimming); languages: Invalid input: expected array, received string; capacity: expected an integer from 0 to 100",
    codes: ["required", "not_list", "integer_range"],
  },
  { text: "name: required", codes: ["required"] },
  {
    text: "name: longer than 100 characters; disciplines: more than 50 items; keywords[0]: an item is longer than 100 characters",
    codes: ["too_long", "too_many", "too_long"],
  },
  {
    text: "publications[0].year: expected an integer from 1900 to 2100; publications[0].type: expected one of paper, project, patent, output; publications[1]: Invalid input: expected object, received string",
    codes: ["integer_range", "one_of", "not_object"],
  },
  { text: "publications: more than 1000 publications", codes: ["too_many"] },
  { text: "email: not an email address; phone: not a phone number", codes: ["email", "phone"] },
  {
    text: "name: Contains a lone UTF-16 surrogate (\\uD800–\\uDFFF), which is not valid text",
    codes: ["lone_surrogate"],
  },
  {
    text: "externalId: Invalid input: expected string, received number; name: required; bio: Invalid input: expected string, received number; capacity: expected an integer from 0 to 100",
    codes: ["not_text", "required", "not_text", "integer_range"],
  },
  {
    text: 'maturity: expected an integer from 1 to 9; transferModes: "赠送" is not a transfer mode (expected license (专利许可), transfer (技术转让), cooperation (合作开发), equity (作价入股), service (技术服务))',
    codes: ["integer_range", "unknown_transfer_mode"],
  },
  {
    text: "status: expected one of draft, open, in_progress, solved, closed; confidential: expected true or false",
    codes: ["one_of", "not_boolean"],
  },
  { text: "Invalid input: expected object, received string", codes: ["not_object"] },
  { text: "Invalid input: expected date, received string", codes: ["wrong_type"] },
  {
    text: "publications: not a valid JSON array (Unexpected token 'o', \"[oops\" is not valid JSON)",
    codes: ["not_json_array"],
  },
  { text: "invalid JSON: Expected property name or '}' in JSON at position 1", codes: ["invalid_json"] },
  { text: "line longer than 16777216 characters", codes: ["line_too_long"] },
  { text: "3 cells but the header names 2 fields", codes: ["too_many_cells"] },
  {
    text: "unreadable CSV from here on: Quote Not Closed: the parsing is finished with an opening quote at line 3",
    codes: ["unreadable_csv"],
  },
  { text: "unreadable .xlsx file from here on: end of central directory not found", codes: ["unreadable_xlsx"] },
  { text: "unreadable .xlsx file: no worksheet found", codes: ["no_worksheet"] },
  { text: 'track: unknown track "moon"; known codes: 618, assist, straits', codes: ["unknown_track"] },
  { text: 'track: unknown track "moon"; known codes: none (create tracks first)', codes: ["no_tracks"] },
  {
    text: 'ownerExternalId: no expert with externalId "E9" (import the experts first)',
    codes: ["unknown_owner"],
  },
];

describe("the reasons of an import report stored before reasons had codes", () => {
  it("reads every form the importer wrote then, and gives the stored English back unchanged", () => {
    for (const { text, codes } of legacyReports) {
      const reasons = legacyLineReasons(text);
      expect(
        reasons.map((reason) => reason.code),
        text,
      ).toEqual(codes);
      expect(describeLineReasons(reasons)).toBe(text);
    }
  });

  it("takes each issue's field and values as a new report would have them", () => {
    expect(legacyLineReasons(legacyReports[0]!.text)).toEqual([
      { code: "required", field: "name", params: {}, message: "required (empty after trimming)" },
      {
        code: "not_list",
        field: "languages",
        params: {},
        message: "Invalid input: expected array, received string",
      },
      {
        code: "integer_range",
        field: "capacity",
        params: { min: 0, max: 100 },
        message: "expected an integer from 0 to 100",
      },
    ]);
    expect(legacyLineReasons('track: unknown track "moon"; known codes: 618, assist')).toEqual([
      {
        code: "unknown_track",
        field: "track",
        params: { track: "moon", codes: "618, assist" },
        message: 'unknown track "moon"; known codes: 618, assist',
      },
    ]);
    expect(legacyLineReasons("keywords[0]: an item is longer than 100 characters")).toEqual([
      {
        code: "too_long",
        field: "keywords[0]",
        params: { max: 100 },
        message: "an item is longer than 100 characters",
      },
    ]);
    expect(legacyLineReasons("3 cells but the header names 2 fields")).toEqual([
      { code: "too_many_cells", params: { cells: 3, fields: 2 }, message: "3 cells but the header names 2 fields" },
    ]);
  });

  it("reads nothing from a text of no known form, nor from a line with one such issue among known ones", () => {
    expect(legacyLineReasons("something new")).toEqual([]);
    expect(legacyLineReasons("name: Too small: expected string to have >=1 characters")).toEqual([]);
    expect(legacyLineReasons("name: required; bio: something new")).toEqual([]);
    expect(legacyLineReasons("")).toEqual([]);
  });
});
