import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/accounts/accounts.types.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { buildNeed, uniqueEmail, write, type SignedInAgent } from "../support/factories.js";
import { documentedPaths, type JsonSchema } from "../support/openapi-document.js";
import { SalonClient, salonInput, tokenUser, type TokenUser } from "../support/salon-clients.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpEveryRole } from "../support/users.js";

const loneSurrogate = "\ud800";

/**
 * A value for `schema` with a lone surrogate in every free-text string it holds, and the
 * paths of those strings (as zod reports them: `publications.0.title`).
 */
function surrogateProbe(schema: JsonSchema, path: string[] = []): { value: unknown; paths: string[] } | null {
  if (schema.anyOf) {
    for (const option of schema.anyOf) {
      const probe = surrogateProbe(option, path);
      if (probe) return probe;
    }
    return null;
  }
  if (schema.type === "string" && !schema.enum && !schema.pattern && !schema.format) {
    return { value: `a${loneSurrogate}`, paths: [path.join(".")] };
  }
  if (schema.type === "array" && schema.items) {
    const item = surrogateProbe(schema.items, [...path, "0"]);
    return item && { value: [item.value], paths: item.paths };
  }
  if (schema.type === "object" && schema.properties) {
    const value: Record<string, unknown> = {};
    const paths: string[] = [];
    for (const [name, property] of Object.entries(schema.properties)) {
      const probe = surrogateProbe(property, [...path, name]);
      if (!probe) continue;
      value[name] = probe.value;
      paths.push(...probe.paths);
    }
    return paths.length > 0 ? { value, paths } : null;
  }
  return null;
}

let server: RunningTestServer;
let users: Record<Role, SignedInAgent>;
let organizer: TokenUser;
let alice: TokenUser;
const clients: SalonClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  users = await signUpEveryRole(server);
  organizer = await tokenUser(server.container, "organizer", "组织者");
  alice = await tokenUser(server.container, "enterprise", "Alice");
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server?.close();
});

describe("a lone UTF-16 surrogate", () => {
  it("is a 400 naming the field in every JSON body the API takes", async () => {
    let probed = 0;
    for (const [template, operations] of Object.entries(await documentedPaths(server.app))) {
      for (const [method, operation] of Object.entries(operations)) {
        const schema = operation.requestBody?.content["application/json"]?.schema;
        const probe = schema && surrogateProbe(schema);
        if (!probe) continue;
        probed += 1;
        const path = template.replace(/\{\w+\}/g, "1");
        const roles = /Roles: ([\w, ]+)/.exec(operation.description ?? "")?.[1]?.split(", ") as Role[] | undefined;
        const user = users[roles?.[0] ?? "organizer"];
        const call = operation.security
          ? write(user, method as "post", path)
          : request(server.app)[method as "post"](path);
        const response = await call.send(probe.value as object);
        const where = `${method.toUpperCase()} ${template}`;
        expect(response.status, where).toBe(400);
        expect(response.body.error.code, where).toBe("validation_failed");
        const flagged = (response.body.error.details.issues as { path: string; message: string }[])
          .filter((issue) => issue.message.includes("lone UTF-16 surrogate"))
          .map((issue) => issue.path);
        expect(flagged.sort(), where).toEqual([...probe.paths].sort());
      }
    }
    expect(probed).toBeGreaterThanOrEqual(20);
  });

  it("is a 400 on sign-in and registration sent as raw JSON", async () => {
    const login = await request(server.app)
      .post("/api/auth/login")
      .set("Content-Type", "application/json")
      .send('{"email":"\\ud800@example.cn","password":"x"}');
    expect(login.status).toBe(400);
    expect(login.body.error.message).toBe("Invalid body");
    const register = await request(server.app)
      .post("/api/auth/register")
      .send({ email: uniqueEmail(), password: "correct horse battery", name: "\udfff", role: "expert" });
    expect(register.status).toBe(400);
  });

  it("is refused in socket payloads with validation_failed", async () => {
    const actor = salonActorOf(organizer.user)!;
    const detail = await server.container.salons.create(actor, salonInput());
    await server.container.salons.open(actor, detail.salon.id);
    const client = await SalonClient.connect(server.baseUrl, { token: alice.token });
    clients.push(client);
    await client.join(detail.salon.id);
    for (const [event, payload] of [
      ["question:ask", { text: `问题${loneSurrogate}` }],
      ["chat:send", { text: loneSurrogate }],
      ["poll:open", { question: "选哪个", options: ["甲", `乙${loneSurrogate}`] }],
    ] as const) {
      const ack = await client.emit(event, { salonId: detail.salon.id, clientMutationId: `m-${event}`, ...payload });
      expect(ack, event).toMatchObject({ ok: false, error: { code: "validation_failed" } });
      expect(JSON.stringify(ack), event).toContain("lone UTF-16 surrogate");
    }
  });
});

describe("invisible and spoofing text", () => {
  it("refuses titles and names that show nothing once invisible and control characters are removed", async () => {
    for (const title of ["\u0000\u0000", "\u200b", "\u202e", " \u200b\u200c\u200d\ufeff ", "\u2066\u2069"]) {
      const response = await write(users.enterprise, "post", "/api/needs").send(buildNeed({ title }));
      expect(response.status, JSON.stringify(title)).toBe(400);
      expect(response.body.error.details.issues).toContainEqual({ path: "title", message: "Enter some visible text" });
    }
    const register = await request(server.app)
      .post("/api/auth/register")
      .send({ email: uniqueEmail(), password: "correct horse battery", name: "\u200b", role: "expert" });
    expect(register.status).toBe(400);
    expect(register.body.error.details.issues).toContainEqual({ path: "name", message: "Enter some visible text" });
    const society = await write(users.organizer, "patch", "/api/societies/1").send({ name: "\u200b\u0007" });
    expect(society.status).toBe(400);
  });

  it("strips bidirectional overrides and control characters before storing, so they never reach a page", async () => {
    const response = await write(users.enterprise, "post", "/api/needs").send(
      buildNeed({ title: "\u202egnp.exe\u202c 陶瓷\u0000基板", keywords: ["\u2067氮化铝\u2069"] }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ title: "gnp.exe 陶瓷基板", keywords: ["氮化铝"] });
    const row = await server.database.db.need.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row.title).toBe("gnp.exe 陶瓷基板");
    const page = await users.enterprise.agent.get(`/needs/${response.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<title>gnp.exe 陶瓷基板");
    expect(page.text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it("cleans page forms the same way", async () => {
    const response = await users.enterprise.agent
      .post("/needs")
      .type("form")
      .send({ _csrf: users.enterprise.csrfToken, title: "\u202e\u200b", status: "draft" });
    expect(response.status).toBe(400);
    expect(await server.database.db.need.count({ where: { title: { contains: "\u202e" } } })).toBe(0);
  });

  it("keeps text that shows something exactly, zero-width joiners inside emoji included", async () => {
    const title = "👩‍🔬 科研团队 — ⅰ";
    const response = await write(users.enterprise, "post", "/api/needs").send(buildNeed({ title }));
    expect(response.body.title).toBe(title);
  });
});
