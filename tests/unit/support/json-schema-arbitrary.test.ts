import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  loginBody,
  registerBody,
  sessionParams,
  sessionResponse,
} from "../../../server/http/accounts/accounts.schemas.js";
import { expertPatchBody } from "../../../server/http/experts/experts.schemas.js";
import { matchesQuery } from "../../../server/http/matches/matches.schemas.js";
import { needBody, needListQuery, needPatchBody, needResponse } from "../../../server/http/needs/needs.schemas.js";
import { idParam } from "../../../server/http/platform/common.schemas.js";
import { createSalonBody, minutesResponse } from "../../../server/http/salons/salons.schemas.js";
import { searchQuery } from "../../../server/http/search/search.schemas.js";
import {
  hostileFor,
  hostileStrings,
  invalidFor,
  validFor,
  type JsonSchema,
} from "../../support/json-schema-arbitrary.js";
import { compileSchema } from "../../support/openapi-conformance.js";

const jsonSchemaOf = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

/** Request schemas as the routes declare them, and response schemas (richer shapes). */
const schemas: Record<string, JsonSchema> = {
  registerBody: jsonSchemaOf(registerBody, "input"),
  loginBody: jsonSchemaOf(loginBody, "input"),
  sessionParams: jsonSchemaOf(sessionParams, "input"),
  idParam: jsonSchemaOf(idParam, "input"),
  needBody: jsonSchemaOf(needBody, "input"),
  needPatchBody: jsonSchemaOf(needPatchBody, "input"),
  expertPatchBody: jsonSchemaOf(expertPatchBody, "input"),
  needListQuery: jsonSchemaOf(needListQuery, "input"),
  searchQuery: jsonSchemaOf(searchQuery, "input"),
  matchesQuery: jsonSchemaOf(matchesQuery, "input"),
  createSalonBody: jsonSchemaOf(createSalonBody, "input"),
  sessionResponse: jsonSchemaOf(sessionResponse, "output"),
  needResponse: jsonSchemaOf(needResponse, "output"),
  minutesResponse: jsonSchemaOf(minutesResponse, "output"),
  bounded: { type: "integer", exclusiveMinimum: 0, maximum: 10 },
  nullableText: { anyOf: [{ type: "string", maxLength: 3 }, { type: "null" }] },
  listOfEnums: { type: "array", maxItems: 2, items: { type: "string", enum: ["a", "b"] } },
  constant: { type: "boolean", const: false },
};

const settings = { seed: 11, numRuns: 150 };

describe("arbitraries from JSON Schema", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    const validate = compileSchema(schema);
    it(`generates values ${name} accepts, values it refuses, and accepted hostile text`, () => {
      fc.assert(
        fc.property(validFor(schema), (value) => {
          expect(validate(value), JSON.stringify(value)).toBe(true);
        }),
        settings,
      );
      fc.assert(
        fc.property(hostileFor(schema), (value) => {
          expect(validate(value), JSON.stringify(value)).toBe(true);
        }),
        settings,
      );
      const invalid = invalidFor(schema);
      expect(invalid, "every schema here refuses something").not.toBeNull();
      fc.assert(
        fc.property(invalid!, (value) => {
          expect(validate(value), JSON.stringify(value)).toBe(false);
        }),
        settings,
      );
    });
  }

  it("tries the longest string allowed and one past it", () => {
    const schema: JsonSchema = { type: "string", maxLength: 300 };
    const valid = fc.sample(validFor(schema), { seed: 1, numRuns: 200 });
    const invalid = fc.sample(invalidFor(schema)!, { seed: 1, numRuns: 50 });
    expect(valid.some((value) => (value as string).length === 300)).toBe(true);
    expect(invalid.some((value) => (value as string).length === 301)).toBe(true);
  });

  it("puts the hostile strings into some text field of an object", () => {
    const values = fc.sample(hostileFor(schemas.registerBody!), { seed: 2, numRuns: 100 });
    const texts = values.flatMap((value) => Object.values(value as Record<string, unknown>));
    expect(texts.some((text) => hostileStrings.includes(text as string))).toBe(true);
  });

  it("drops a required property, and only sometimes includes an optional one", () => {
    const invalid = fc.sample(invalidFor(schemas.registerBody!)!, { seed: 3, numRuns: 300 });
    expect(invalid.some((value) => typeof value === "object" && value !== null && !("email" in value))).toBe(true);
    const valid = fc.sample(validFor(schemas.registerBody!), { seed: 3, numRuns: 100 }) as Record<string, unknown>[];
    expect(valid.every((value) => "email" in value)).toBe(true);
    expect(new Set(valid.map((value) => "organizationName" in value))).toEqual(new Set([true, false]));
  });
});
