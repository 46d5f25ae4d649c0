import fc from "fast-check";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roles, type Role } from "../../server/accounts/accounts.types.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { hostileFor, invalidFor, outOfBoundsFor, validFor, type JsonSchema } from "../support/json-schema-arbitrary.js";
import { nonConformance } from "../support/openapi-conformance.js";
import { documentedPaths, type DocumentedOperation, type DocumentedPaths } from "../support/openapi-document.js";
import { signUpEveryRole } from "../support/users.js";
import { salonInput } from "../support/salon-clients.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/**
 * The property-based half of the attack suite (issue 11): for every operation in
 * `/api/openapi.json` and every caller (anonymous, expert, enterprise, organizer, admin),
 * requests generated from the operation's own schemas — the JSON Schema `z.toJSONSchema`
 * makes of the zod schemas the route validates with — some valid, some with hostile text,
 * some breaking the schema, some not even JSON. Every answer must be
 *   - never 5xx,
 *   - a status the document lists for the operation, its body valid against the documented
 *     schema for that status and media type,
 *   - a refusal (4xx) whenever the request breaks the documented request schema.
 * Fixed seeds: a failure names its seed and shrunk counterexample and replays exactly.
 */

type Caller = "anonymous" | Role;
const callers: Caller[] = ["anonymous", "expert", "enterprise", "organizer", "admin"];
/** Requests per operation and caller. */
const runsPerCaller = 8;
const baseSeed = 11_2024;

type Kind = "valid" | "hostile" | "invalid path" | "invalid query" | "invalid body" | "broken request";
/** A request that breaks the documented request schema (or HTTP's), which must be refused. */
const mustRefuse = new Set<Kind>(["invalid path", "invalid query", "invalid body", "broken request"]);

interface Generated {
  kind: Kind;
  /** Path parameters as percent-encoded segments. */
  path: Record<string, string>;
  query: [string, string][];
  /** JSON text, or a raw body for a broken request. */
  body?: string;
  contentType?: string;
  /** An upload instead of a JSON body: text fields and, unless left out on purpose, a file. */
  multipart?: { fields: Record<string, string>; file?: { name: string; content: string } };
  /** Signed-in callers: with the session cookie or with an API token. */
  via: "session" | "token";
}

interface Credentials {
  userId: number;
  cookie: string;
  csrfToken: string;
  bearer: string;
}

let t: TestApp;
let paths: DocumentedPaths;
let users: Record<Role, SignedInAgent>;
const credentials = {} as Record<Role, Credentials>;

/** A fresh session and API token for the user, made directly (no sign-in throttle in the way). */
async function refreshCredentials(role: Role): Promise<void> {
  const { userId } = users[role];
  const { sessionId } = await t.container.accounts.startSession(userId, "api-properties");
  const issued = await t.container.accounts.issueToken(userId, "api-properties", 1);
  credentials[role] = {
    userId,
    cookie: `sb_session=${encodeURIComponent(sessionId)}`,
    csrfToken: t.container.accounts.csrfTokenFor(sessionId),
    bearer: issued.token,
  };
}

/** Records for generated ids (small integers) to point at: needs, profiles, salons, invitations… */
async function seedRecords(): Promise<void> {
  const { enterprise, expert, organizer } = users;
  const ok = async (test: request.Test) => {
    const response = await test;
    if (response.status >= 300) throw new Error(`fixture failed: ${response.status} ${response.text}`);
    return response.body as { id: number; salon?: { id: number } };
  };
  const need = await ok(write(enterprise, "post", "/api/needs").send(buildNeed()));
  await ok(write(enterprise, "post", "/api/needs").send(buildNeed({ confidential: true, title: "保密需求" })));
  await ok(write(enterprise, "post", "/api/needs").send(buildNeed({ status: "draft", title: "草稿需求" })));
  await ok(write(expert, "post", "/api/technologies").send({ title: "低温烧结工艺" }));
  await ok(write(organizer, "post", "/api/experts").send({ name: "候选专家", capacity: 5 }));
  await ok(write(organizer, "post", "/api/societies").send({ name: "材料学会" }));
  await ok(write(organizer, "post", "/api/tracks").send({ code: "api-properties", name: "测试赛道" }));
  await ok(write(enterprise, "post", `/api/needs/${need.id}/invitations`).send({ expertId: expert.expertId }));
  await ok(
    write(organizer, "post", `/api/experts/${expert.expertId}/conflicts`).send({
      organization: "某大学",
      kind: "employer",
    }),
  );
  const salon = await ok(write(organizer, "post", "/api/salons").send(salonInput()));
  const host = salonActorOf(await t.container.accounts.findUser(organizer.userId))!;
  const guest = salonActorOf(await t.container.accounts.findUser(enterprise.userId))!;
  await t.container.salons.open(host, salon.salon!.id);
  await t.container.salons.perform(guest, salon.salon!.id, "api-properties-question", {
    kind: "ask",
    text: "界面稳定性如何提升？",
    anonymous: false,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  users = await signUpEveryRole(t);
  for (const role of roles) await refreshCredentials(role);
  await seedRecords();
  paths = await documentedPaths(t.app);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Query values as a client sends them: arrays as repeated parameters, the rest as text. */
function queryPairs(name: string, value: unknown): [string, string][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((item) => [name, typeof item === "string" ? item : JSON.stringify(item)]);
  return [[name, typeof value === "string" ? value : JSON.stringify(value)]];
}

/** Operations that can end the caller's session or token. */
const endsCredentials = new Set([
  "post /api/auth/logout",
  "delete /api/sessions/{id}",
  "delete /api/tokens/{id}",
  "post /api/me/password",
]);

/** Path segments as sent (already percent-encoded): a NUL, a lone surrogate, a bare "%"… */
const badPathSegments = [
  "0",
  "-1",
  "abc",
  "1.5",
  "1e3",
  "0x1f",
  "99999999999999999999",
  "%00",
  "%ED%A0%80",
  "%",
  "%201",
];
const brokenBodies = ['{"title": ', "{'a': 1}", "[", "\u0000", "null", "42", '"text"', "[]"];

/**
 * Query values the parameter's schema refuses once they arrive as text: a bound crossed (a
 * wrong JSON type is no wrong type in a query string, where everything is text).
 */
function queryOutOfBounds(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  if (schema.type !== "array" || !schema.items) return outOfBoundsFor(schema);
  const ways: fc.Arbitrary<unknown>[] = [];
  const badItem = outOfBoundsFor(schema.items);
  if (badItem) ways.push(badItem.map((item) => [item]));
  if (schema.maxItems !== undefined) {
    const item = validFor(schema.items);
    ways.push(fc.array(item, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
  }
  return ways.length > 0 ? fc.oneof(...ways) : null;
}

/** Requests for one operation, valid and otherwise, from its documented parameters and body. */
function requestsFor(operation: DocumentedOperation): fc.Arbitrary<Generated> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === "path");
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === "query");
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  const uploadSchema = operation.requestBody?.content["multipart/form-data"]?.schema;

  const validPath = fc.record(
    Object.fromEntries(
      pathParameters.map((parameter) => [
        parameter.name,
        validFor(parameter.schema).map((value) => encodeURIComponent(String(value))),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const validQuery = fc
    .record(Object.fromEntries(queryParameters.map((parameter) => [parameter.name, validFor(parameter.schema)])), {
      requiredKeys: queryParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    })
    .map((values) => Object.entries(values).flatMap(([name, value]) => queryPairs(name, value)));
  const validBody = bodySchema ? validFor(bodySchema).map((value) => JSON.stringify(value)) : fc.constant(undefined);
  const base = { via: fc.constantFrom("session" as const, "token" as const) };
  const variants: fc.Arbitrary<Generated>[] = [
    fc.record({ kind: fc.constant("valid" as const), path: validPath, query: validQuery, body: validBody, ...base }),
  ];
  if (bodySchema) {
    variants.push(
      fc.record({
        kind: fc.constant("hostile" as const),
        path: validPath,
        query: validQuery,
        body: hostileFor(bodySchema).map((value) => JSON.stringify(value)),
        ...base,
      }),
    );
    const invalid = invalidFor(bodySchema);
    if (invalid) {
      variants.push(
        fc.record({
          kind: fc.constant("invalid body" as const),
          path: validPath,
          query: validQuery,
          body: invalid.map((value) => JSON.stringify(value)),
          ...base,
        }),
      );
    }
    variants.push(
      fc.record({
        kind: fc.constant("broken request" as const),
        path: validPath,
        query: validQuery,
        body: fc.constantFrom(...brokenBodies),
        contentType: fc.constant("application/json"),
        ...base,
      }),
      fc.record({
        kind: fc.constant("broken request" as const),
        path: validPath,
        query: validQuery,
        body: validBody,
        contentType: fc.constantFrom("application/json; charset=utf-16", "application/json; charset=latin1"),
        ...base,
      }),
    );
  }
  if (uploadSchema) variants.push(...uploadsFor(uploadSchema, validPath, validQuery, base.via));
  if (pathParameters.length > 0) {
    const spoiled = fc.constantFrom(...pathParameters.map((parameter) => parameter.name));
    variants.push(
      fc.record({
        kind: fc.constant("invalid path" as const),
        path: fc
          .tuple(validPath, spoiled, fc.constantFrom(...badPathSegments))
          .map(([path, name, bad]) => ({ ...path, [name]: bad })),
        query: validQuery,
        body: validBody,
        ...base,
      }),
    );
  }
  for (const parameter of queryParameters) {
    const outOfBounds = queryOutOfBounds(parameter.schema);
    const types = ([] as (string | undefined)[]).concat(parameter.schema.type);
    // Given twice, a single-valued parameter arrives as a list.
    const twice = types.includes("array")
      ? null
      : validFor(parameter.schema).map((value) => [value, value] as unknown[]);
    const bad = [outOfBounds, twice].filter((arbitrary): arbitrary is fc.Arbitrary<unknown> => arbitrary !== null);
    if (bad.length === 0) continue;
    variants.push(
      fc.record({
        kind: fc.constant("invalid query" as const),
        path: validPath,
        query: fc
          .tuple(validQuery, fc.oneof(...bad))
          .map(([query, value]) => [
            ...query.filter(([name]) => name !== parameter.name),
            ...queryPairs(parameter.name, value),
          ]),
        body: validBody,
        ...base,
      }),
    );
  }
  return fc.oneof(...variants);
}

/**
 * Uploads for a multipart operation: valid text fields with a file of arbitrary content and a
 * name the server reads (.jsonl, .csv, .xlsx); then the file left out, or named so its format is unknown,
 * both of which must be refused.
 */
function uploadsFor(
  schema: JsonSchema,
  path: fc.Arbitrary<Record<string, string>>,
  query: fc.Arbitrary<[string, string][]>,
  via: fc.Arbitrary<"session" | "token">,
): fc.Arbitrary<Generated>[] {
  const fileField = Object.entries(schema.properties ?? {}).find(([, property]) => property.contentMediaType)?.[0];
  const textProperties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([name]) => name !== fileField),
  );
  const textSchema: JsonSchema = {
    type: "object",
    properties: textProperties,
    required: (schema.required ?? []).filter((name) => name !== fileField),
  };
  const fields = validFor(textSchema).map((value) =>
    Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, field]) => [name, String(field)])),
  );
  const content = fc.string({ unit: "grapheme", maxLength: 300 });
  const upload = (kind: Kind, file: fc.Arbitrary<{ name: string; content: string } | undefined>) =>
    fc.record({ kind: fc.constant(kind), path, query, via, multipart: fc.record({ fields, file }) });
  return [
    upload("valid", fc.record({ name: fc.constantFrom("records.jsonl", "records.csv", "records.xlsx"), content })),
    upload("invalid body", fc.constant(undefined)),
    upload("invalid body", fc.record({ name: fc.constantFrom("records.xls", "records", "records.json"), content })),
  ];
}

function urlOf(template: string, generated: Generated): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => generated.path[name] ?? "");
  const query = generated.query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return query.length > 0 ? `${path}?${query.join("&")}` : path;
}

function send(caller: Caller, method: string, url: string, generated: Generated): request.Test {
  const test = request(t.app)[method as "post"](url);
  if (caller !== "anonymous") {
    const own = credentials[caller];
    if (generated.via === "token") test.set("Authorization", `Bearer ${own.bearer}`);
    else test.set("Cookie", own.cookie).set("X-CSRF-Token", own.csrfToken);
  }
  if (generated.multipart) {
    const { fields, file } = generated.multipart;
    for (const [name, value] of Object.entries(fields)) test.field(name, value);
    return file ? test.attach("file", Buffer.from(file.content), file.name) : test;
  }
  if (generated.body === undefined) return test;
  return test.set("Content-Type", generated.contentType ?? "application/json").send(generated.body);
}

/** Operations that change data run after those that read it, and deletions last. */
function operationsInOrder(): [string, string, DocumentedOperation][] {
  const rank = (method: string) => (method === "get" ? 0 : method === "delete" ? 2 : 1);
  return Object.entries(paths)
    .flatMap(([template, operations]) =>
      Object.entries(operations).map(([method, operation]): [string, string, DocumentedOperation] => [
        template,
        method,
        operation,
      ]),
    )
    .sort((a, b) => rank(a[1]) - rank(b[1]));
}

describe("generated requests to every API operation, anonymous and as each role", () => {
  it(
    "answers every one with a documented status and body, never 5xx, refusing what breaks the schema",
    {
      timeout: 240_000,
    },
    async () => {
      const operations = operationsInOrder();
      expect(operations.length).toBeGreaterThan(50);
      let requests = 0;
      const kinds = new Map<Kind, number>();
      const statuses = new Map<number, number>();
      for (const [index, [template, method, operation]] of operations.entries()) {
        for (const [callerIndex, caller] of callers.entries()) {
          await fc.assert(
            fc.asyncProperty(requestsFor(operation), async (generated) => {
              const url = urlOf(template, generated);
              const response = await send(caller, method, url, generated);
              requests += 1;
              kinds.set(generated.kind, (kinds.get(generated.kind) ?? 0) + 1);
              statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
              const where = [
                `${caller} ${method.toUpperCase()} ${url} (${generated.kind}, ${generated.via})`,
                generated.body === undefined ? "" : `request body: ${generated.body.slice(0, 300)}`,
                `answer: ${response.status} ${response.type} ${response.text.slice(0, 300)}`,
              ].join("\n");
              // A call that ended the caller's session or token: sign in again for the next one.
              const ending = endsCredentials.has(`${method} ${template}`) && response.status < 300;
              if (caller !== "anonymous" && (response.status === 401 || ending)) {
                const me = await send(caller, "get", "/api/me", { ...generated, body: undefined });
                if (me.status === 401) await refreshCredentials(caller);
              }
              expect(response.status, where).toBeLessThan(500);
              const problems = nonConformance(operation, {
                status: response.status,
                type: response.text.length > 0 ? response.type : "",
                body: response.body,
                text: response.text,
              });
              expect(problems, where).toEqual([]);
              if (mustRefuse.has(generated.kind)) expect(response.status, where).toBeGreaterThanOrEqual(400);
            }),
            { seed: baseSeed + index * callers.length + callerIndex, numRuns: runsPerCaller },
          );
        }
      }
      expect(requests).toBeGreaterThanOrEqual(operations.length * callers.length * runsPerCaller);
      // Each kind of request was tried, and the answers were not all refusals.
      expect([...kinds.keys()].sort()).toEqual([...mustRefuse, "valid", "hostile"].sort());
      expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await request(t.app).get("/healthz")).status).toBe(200);
      console.log(
        `api-properties: ${requests} requests, ${operations.length} operations × ${callers.length} callers; statuses`,
        Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      );
    },
  );
});
