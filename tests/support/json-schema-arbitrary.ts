import fc from "fast-check";

/**
 * fast-check arbitraries from JSON Schema (the 2020-12 subset `z.toJSONSchema` emits, which is
 * what `/api/openapi.json` carries for every parameter and body), so the attack suite
 * generates inputs from the same zod schemas the routes validate with.
 *
 * - `validFor(schema)`: values the schema accepts.
 * - `invalidFor(schema)`: values the schema refuses (a wrong type, a bound crossed, a
 *   required property missing, a non-integer…), each one violation away from a valid value.
 * - `hostileFor(schema)`: values the schema accepts whose text has broken servers before
 *   (lone surrogates, NUL and other controls, bidirectional overrides, invisible text).
 */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  /** A file part of a multipart body (OpenAPI 3.1). */
  contentMediaType?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** Longest string generated in the ordinary case; the maximum itself is tried separately. */
const shortText = 24;
/** Longest list generated in the ordinary case. */
const shortList = 4;

/** Letters people type here: ASCII, simplified and traditional Chinese, digits, a space. */
const letters = [..."abcxyzABC019 -_.@", ..."氮化铝陶瓷基板烧结專家軟體学会赛道"];
const letter = fc.constantFrom(...letters);
/**
 * Letters for strings at a length limit: visible ones, since the server trims text before it
 * measures it (201 spaces are "" to it, within a limit of 200).
 */
const visibleLetter = fc.constantFrom(...letters.filter((unit) => unit.trim() !== ""));

/** Text that once broke something: each is valid JSON and a valid JSON-Schema string. */
export const hostileStrings = [
  "\ud800",
  "a\udfffb",
  "\u0000",
  "\u0000\u0000",
  "\u200b",
  "\u202e\u202d",
  "\u202eevil",
  "\ufeff",
  "\u001b[31m",
  " ",
  "{{constructor}}",
  "<script>alert(1)</script>",
  "'; DROP TABLE User; --",
  "%00",
  "NEAR(a b)",
  '"unbalanced',
  "a*",
  "__proto__",
];

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ["object"];
  if (schema.items) return ["array"];
  return [];
}

function integerBounds(schema: JsonSchema, integer: boolean): { min: number; max: number } {
  const step = integer ? 1 : Number.EPSILON;
  let min = schema.minimum ?? -(2 ** 31);
  let max = schema.maximum ?? 2 ** 31 - 1;
  if (schema.exclusiveMinimum !== undefined) min = Math.max(min, schema.exclusiveMinimum + step);
  if (schema.exclusiveMaximum !== undefined) max = Math.min(max, schema.exclusiveMaximum - step);
  if (integer) {
    min = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
    max = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
  }
  return { min, max };
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === "date-time") {
    return fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
      .map((date) => date.toISOString());
  }
  if (schema.format === "email") return fc.emailAddress();
  if (schema.pattern) {
    const maxLength = schema.maxLength ?? Infinity;
    const minLength = schema.minLength ?? 0;
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 200;
  const ordinary = fc.string({
    unit: letter,
    minLength,
    maxLength: Math.min(maxLength, Math.max(minLength, shortText)),
  });
  // Some strings exactly as long as allowed: the boundary is where limits go wrong.
  const longest = visibleLetter.map((unit) => unit.repeat(maxLength));
  return maxLength > shortText
    ? fc.oneof({ arbitrary: ordinary, weight: 9 }, { arbitrary: longest, weight: 1 })
    : ordinary;
}

function validNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const { min, max } = integerBounds(schema, integer);
  if (!integer) return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Most ids and counts that matter are small: lean towards the low end of the range.
  const near = fc.integer({ min, max: Math.min(max, min + 12) });
  return fc.oneof({ arbitrary: near, weight: 3 }, { arbitrary: fc.integer({ min, max }), weight: 1 });
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === "object") {
    return fc.dictionary(fc.string({ unit: letter, maxLength: 8 }), validFor(schema.additionalProperties), {
      maxKeys: shortList,
    });
  }
  const shape = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validFor(property)]));
  const record = fc.record(shape, { requiredKeys: schema.required ?? [] });
  const minProperties = schema.minProperties ?? 0;
  return minProperties > 0 ? record.filter((value) => Object.keys(value).length >= minProperties) : record;
}

function validOfType(type: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return validString(schema);
    case "integer":
      return validNumber(schema, true);
    case "number":
      return validNumber(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schema.items ? validFor(schema.items) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? shortList, Math.max(schema.minItems ?? 0, shortList)),
      });
    case "object":
      return validObject(schema);
    default:
      throw new Error(`json-schema-arbitrary: unsupported type ${type}`);
  }
}

/** Values `schema` accepts. */
export function validFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(validFor));
  const types = typesOf(schema);
  if (types.length === 0) return fc.jsonValue();
  return fc.oneof(...types.map((type) => validOfType(type, schema)));
}

/** A value of some JSON type `schema` does not allow. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  const allowed = new Set(typesOf(schema));
  for (const alternative of schema.anyOf ?? schema.oneOf ?? [])
    for (const type of typesOf(alternative)) allowed.add(type);
  if (allowed.size === 0) return null;
  if (allowed.has("number")) allowed.add("integer");
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ["string", fc.constantFrom("12", "true", "", "null")],
    ["integer", fc.constantFrom(0, 1, -1, 42)],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.constantFrom([], [1], ["x"])],
    ["object", fc.constantFrom({}, { a: 1 })],
  ];
  const wrong = candidates.filter(([type]) => !allowed.has(type)).map(([, arbitrary]) => arbitrary);
  return wrong.length > 0 ? fc.oneof(...wrong) : null;
}

/** Values of the type `schema` allows that it refuses all the same (a bound crossed), or null. */
export function outOfBoundsFor(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  if (schema.anyOf ?? schema.oneOf) return null;
  const ways = crossedBound(schema);
  return ways.length > 0 ? fc.oneof(...ways) : null;
}

/** Ways to break a string, integer, array or object schema without leaving its type. */
function crossedBound(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if ("const" in schema || schema.enum) {
    const allowed = new Set((schema.enum ?? [schema.const]).map((value) => JSON.stringify(value)));
    const type = typesOf(schema)[0] ?? typeof (schema.enum ?? [schema.const])[0];
    const notListed: fc.Arbitrary<unknown> =
      type === "string"
        ? fc.constantFrom("not-listed", "OPEN", " open", "")
        : type === "boolean"
          ? fc.boolean()
          : fc.integer({ min: -5, max: 1000 });
    return [notListed.filter((value: unknown) => !allowed.has(JSON.stringify(value)))];
  }
  const types = typesOf(schema);
  if (types.includes("string") && !types.includes("null")) {
    if (schema.maxLength !== undefined) out.push(visibleLetter.map((unit) => unit.repeat(schema.maxLength! + 1)));
    if (schema.minLength) out.push(fc.string({ unit: letter, maxLength: schema.minLength - 1 }));
    if (schema.pattern || schema.format) out.push(fc.constantFrom("not valid", "2024-13-45", "zzz"));
  }
  if ((types.includes("integer") || types.includes("number")) && !types.includes("null")) {
    const { min, max } = integerBounds(schema, types.includes("integer"));
    if (schema.minimum !== undefined || schema.exclusiveMinimum !== undefined) {
      out.push(fc.constantFrom(min - 1, min - 1000, -(2 ** 53)));
    }
    if (schema.maximum !== undefined || schema.exclusiveMaximum !== undefined) {
      out.push(fc.constantFrom(max + 1, 2 ** 53, 1e300));
    }
    if (types.includes("integer")) {
      // Near ±2^53 a half is lost to rounding; only true fractions count.
      const fractions = [0.5, 1.5, min + 0.5, max - 0.5].filter((value) => !Number.isInteger(value));
      out.push(fc.constantFrom(...fractions));
    }
  }
  if (types.includes("array") && !types.includes("null")) {
    if (schema.maxItems !== undefined) {
      const item = schema.items ? validFor(schema.items) : fc.constant(1);
      out.push(fc.array(item, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
    }
    if (schema.items) {
      const badItem = invalidFor(schema.items);
      if (badItem) out.push(fc.tuple(badItem).map((items) => items));
    }
  }
  if (types.includes("object") && !types.includes("null") && schema.properties) {
    const valid = validObject(schema);
    for (const name of schema.required ?? []) {
      out.push(
        valid.map((value) => {
          const rest = { ...value };
          delete rest[name];
          return rest;
        }),
      );
    }
    for (const [name, property] of Object.entries(schema.properties)) {
      const bad = invalidFor(property);
      if (bad) out.push(fc.tuple(valid, bad).map(([value, spoiled]) => ({ ...value, [name]: spoiled })));
    }
    if (schema.minProperties) out.push(fc.constant({}));
  }
  return out;
}

/** Values `schema` refuses, or null when it accepts everything. */
export function invalidFor(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  const alternatives = schema.anyOf ?? schema.oneOf;
  const ways: fc.Arbitrary<unknown>[] = [];
  const wrong = wrongType(schema);
  if (wrong) ways.push(wrong);
  if (alternatives) {
    // Only a value every alternative refuses is invalid: a wrong type for all of them.
  } else {
    ways.push(...crossedBound(schema));
  }
  return ways.length > 0 ? fc.oneof(...ways) : null;
}

/** Valid values whose strings are replaced by text that has broken servers before. */
export function hostileFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(hostileFor));
  if ("const" in schema || schema.enum) return validFor(schema);
  if (types.includes("string") && !schema.pattern && !schema.format) {
    const fits = hostileStrings.filter(
      (value) => value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity),
    );
    if (fits.length > 0) return fc.constantFrom(...fits);
  }
  if (types.includes("array") && schema.items) {
    return fc.array(hostileFor(schema.items), {
      minLength: Math.max(schema.minItems ?? 0, 1),
      maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 2, 2)),
    });
  }
  if (types.includes("object") && schema.properties) {
    const names = Object.keys(schema.properties);
    if (names.length === 0) return validFor(schema);
    return fc
      .tuple(validObject(schema), fc.constantFrom(...names))
      .chain(([value, name]) =>
        hostileFor(schema.properties![name]!).map((spoiled) => ({ ...value, [name]: spoiled })),
      );
  }
  return validFor(schema);
}
