import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeLineReasons, lineReasonsOf, reasonCheck } from "../../../../server/shared/line-reasons.js";

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
