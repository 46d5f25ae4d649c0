import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { salonInput } from "../support/salon-clients.js";
import { documentedPaths, type DocumentedPaths } from "../support/openapi-document.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let paths: DocumentedPaths;

beforeAll(async () => {
  t = await createTestApp();
  paths = await documentedPaths(t.app);
});
afterAll(async () => {
  await t.close();
});

describe("the OpenAPI document", () => {
  it("documents 413 and 415 for every operation that takes a body, and only for those", async () => {
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        const documented = Object.keys(operation.responses);
        if (operation.requestBody) expect(documented, where).toEqual(expect.arrayContaining(["413", "415"]));
        else expect(documented, where).not.toContain("415");
      }
    }
    const latin1 = await request(t.app)
      .post("/api/needs")
      .set("Content-Type", "application/json; charset=latin1")
      .send("{}");
    expect(latin1.status).toBe(415);
    expect(latin1.body.error.code).toBe("unsupported_media_type");
  });

  it("documents 429 where the server limits attempts", () => {
    for (const [path, method] of [
      ["/api/auth/login", "post"],
      ["/api/tokens", "post"],
    ] as const) {
      expect(paths[path]![method]!.responses, `${method} ${path}`).toHaveProperty("429");
    }
    expect(paths["/api/needs"]!.get!.responses).not.toHaveProperty("429");
  });

  it("documents the minutes as the 200 they are, in each of their formats", async () => {
    const minutes = paths["/api/salons/{id}/minutes"]!.get!;
    expect(minutes.responses).not.toHaveProperty("204");
    expect(Object.keys(minutes.responses["200"]!.content ?? {}).sort()).toEqual([
      "application/json",
      "text/html",
      "text/markdown",
    ]);
    const organizer = await t.container.accounts.createStaff({
      email: "minutes-doc@example.cn",
      password: "correct horse battery",
      name: "组织者",
      role: "organizer",
    });
    const detail = await t.container.salons.create(salonActorOf(organizer)!, salonInput());
    for (const [format, type] of [
      ["json", "application/json"],
      ["md", "text/markdown"],
      ["html", "text/html"],
    ]) {
      const response = await request(t.app).get(`/api/salons/${detail.salon.id}/minutes?format=${format}`);
      expect(response.status, format).toBe(200);
      expect(response.headers["content-type"], format).toContain(type);
    }
  });
});
