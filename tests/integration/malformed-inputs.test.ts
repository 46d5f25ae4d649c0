import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/accounts/accounts.types.js";
import { errorResponse } from "../../server/http/platform/common.schemas.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { documentedPaths, type DocumentedPaths, type JsonSchema } from "../support/openapi-document.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpEveryRole } from "../support/users.js";

/** An object whose own key is `__proto__` (an object literal would set its prototype instead). */
const prototypePollution = () =>
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');

/** A value of the wrong JSON type for `schema`. */
function wrongType(schema: JsonSchema): unknown {
  const type = schema.type ?? schema.anyOf?.[0]?.type;
  if (type === "string") return 12345;
  if (type === "array") return { not: "a list" };
  if (type === "object") return ["not", "an", "object"];
  return "not a number or boolean";
}

/** Values that have broken parsers before: too long, invisible, lone surrogates, extremes. */
function nastyValues(schema: JsonSchema): unknown[] {
  const type = schema.type ?? schema.anyOf?.[0]?.type;
  if (type === "string") {
    return ["", "\u0000", "\ud800", "\u202e\u200b", "x".repeat((schema.maxLength ?? 20_000) + 1), "{{constructor}}"];
  }
  if (type === "integer" || type === "number") return [-1, 0, 1.5, 2 ** 53, Number.MAX_VALUE, -(2 ** 31)];
  if (type === "array") return [[], Array.from({ length: 2000 }, () => 1), [null], [["nested"]]];
  if (type === "object") return [{}, prototypePollution()];
  return [null];
}

/** Bodies for an operation: whole-body shapes that are wrong, then each property spoiled in turn. */
function malformedBodies(schema: JsonSchema): unknown[] {
  const bodies: unknown[] = [null, [], "text", 42, prototypePollution()];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    bodies.push({ [name]: wrongType(property) });
    for (const value of nastyValues(property)) bodies.push({ [name]: value });
  }
  return bodies;
}

const badIds = ["0", "-1", "abc", "1.5", "99999999999999999999", "%00", "%F0%9F%98%80"];
const badQueryValues = ["", "-1", "abc", "x".repeat(2000), "%00", "%ED%A0%80"];

let t: TestApp;
let users: Record<Role, SignedInAgent>;
let paths: DocumentedPaths;

beforeAll(async () => {
  t = await createTestApp();
  users = await signUpEveryRole(t);
  // Something to point the ids at.
  await write(users.enterprise, "post", "/api/needs").send(buildNeed());
  paths = await documentedPaths(t.app);
});
afterAll(async () => {
  await t?.close();
});

/** Calls one operation as one caller (null: anonymous) and checks the answer is a documented 4xx or a success. */
async function expectNo5xx(
  caller: SignedInAgent | null,
  method: string,
  path: string,
  body: unknown,
  where: string,
): Promise<void> {
  const verb = method as "post";
  const call = caller ? write(caller, verb, path) : request(t.app)[verb](path);
  if (method !== "get" && method !== "delete") call.set("Content-Type", "application/json");
  const response = await (method === "get" || body === undefined ? call : call.send(JSON.stringify(body)));
  expect(response.status, where).toBeLessThan(500);
  if (response.status >= 400 && response.type === "application/json") {
    expect(errorResponse.safeParse(response.body).success, `${where}: ${JSON.stringify(response.body)}`).toBe(true);
  }
}

describe("malformed input to every API operation, anonymous and as each role", () => {
  it("never answers 5xx, and every refusal is the documented error body", { timeout: 120_000 }, async () => {
    const callers: [string, SignedInAgent | null][] = [
      ["anonymous", null],
      ...Object.entries(users).map(([role, user]): [string, SignedInAgent] => [role, user]),
    ];
    let calls = 0;
    for (const [template, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const concrete = template.replace(/\{\w+\}/g, "1");
        const pathVariants = template.includes("{") ? badIds.map((id) => template.replace(/\{\w+\}/g, id)) : [];
        const queryVariants = operation.parameters
          .filter((parameter) => parameter.in === "query")
          .flatMap((parameter) =>
            badQueryValues.map((value) => `${concrete}?${parameter.name}=${value}&${parameter.name}=${value}`),
          );
        const content = operation.requestBody?.content;
        const schema = (content?.["application/json"] ?? content?.["multipart/form-data"])?.schema;
        const bodies = schema ? malformedBodies(schema) : [];
        // Every variant anonymously and as the role the operation is for; the plain body `{}`
        // under every role.
        const role = (/Roles: (\w+)/.exec(operation.description ?? "")?.[1] ?? "organizer") as Role;
        const variantCallers: [string, SignedInAgent | null][] = [
          ["anonymous", null],
          [role, users[role]],
        ];
        for (const [who, caller] of callers) {
          await expectNo5xx(caller, method, concrete, schema ? {} : undefined, `${who} ${method} ${concrete}`);
          calls += 1;
        }
        for (const [who, caller] of variantCallers) {
          for (const path of [...pathVariants, ...queryVariants]) {
            await expectNo5xx(caller, method, path, schema ? {} : undefined, `${who} ${method} ${path}`);
            calls += 1;
          }
        }
        for (const [who, caller] of variantCallers) {
          for (const body of bodies) {
            const where = `${who} ${method} ${template} ${JSON.stringify(body)?.slice(0, 80)}`;
            await expectNo5xx(caller, method, concrete, body, where);
            calls += 1;
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(2000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await request(t.app).get("/healthz")).status).toBe(200);
  });
});
