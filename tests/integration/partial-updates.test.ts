import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedPaths } from "../support/openapi-document.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise } = await signUpUsers(t, {
    organizer: {},
    enterprise: {},
  }));
});
afterAll(async () => {
  await t.close();
});

/** Everything but the fields a PATCH is expected to change. */
function unchangedPart(body: Record<string, unknown>, changed: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !["updatedAt", ...changed].includes(key)));
}

describe("PATCH changes only the fields it is given", () => {
  it("keeps every other field of an expert profile on a title-only edit", async () => {
    const society = await write(organizer, "post", "/api/societies").send({ name: "福建省力学学会" });
    const created = await write(organizer, "post", "/api/experts").send({
      name: "林工程师",
      organization: "福州大学",
      title: "教授",
      region: "福州",
      disciplines: ["力学"],
      keywords: ["复合材料"],
      bio: "长期从事复合材料力学研究。",
      languages: ["zh", "en"],
      capacity: 7,
      societyIds: [society.body.id],
      publications: [{ type: "paper", title: "层合板损伤", abstract: "摘要", year: 2020, keywords: ["损伤"] }],
    });
    expect(created.status).toBe(201);
    const patched = await write(organizer, "patch", `/api/experts/${created.body.id}`).send({ title: "研究员" });
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe("研究员");
    expect(unchangedPart(patched.body, ["title"])).toEqual(unchangedPart(created.body, ["title"]));
    // Read back anonymously: the same profile, without the contact data only staff and the person see.
    const stored = await request(t.app).get(`/api/experts/${created.body.id}`);
    expect(stored.body.contact).toBeUndefined();
    expect(unchangedPart(stored.body, ["title"])).toEqual(unchangedPart(created.body, ["title", "contact"]));
  });

  it("keeps every other field of a need, a technology, a society and a track", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed());
    const patchedNeed = await write(enterprise, "patch", `/api/needs/${need.body.id}`).send({ title: "新标题" });
    expect(unchangedPart(patchedNeed.body, ["title"])).toEqual(unchangedPart(need.body, ["title"]));

    const technology = await write(organizer, "post", "/api/technologies").send({
      title: "低温烧结工艺",
      abstract: "一种低温烧结方法。",
      keywords: ["烧结"],
      discipline: "材料",
      maturity: 6,
      transferModes: ["license"],
    });
    expect(technology.status).toBe(201);
    const patchedTechnology = await write(organizer, "patch", `/api/technologies/${technology.body.id}`).send({
      title: "低温烧结工艺（二代）",
    });
    expect(unchangedPart(patchedTechnology.body, ["title"])).toEqual(unchangedPart(technology.body, ["title"]));

    const society = await write(organizer, "post", "/api/societies").send({
      name: "福建省声学学会",
      discipline: "声学",
      description: "声学研究者的学会。",
    });
    const patchedSociety = await write(organizer, "patch", `/api/societies/${society.body.id}`).send({
      name: "福建省声学与振动学会",
    });
    expect(patchedSociety.body).toMatchObject({ discipline: "声学", description: "声学研究者的学会。" });

    const track = await write(organizer, "post", "/api/tracks").send({
      code: "patch-keeps",
      name: "保留字段",
      description: "说明",
    });
    const patchedTrack = await write(organizer, "patch", `/api/tracks/${track.body.id}`).send({ name: "新名称" });
    expect(patchedTrack.body).toMatchObject({ code: "patch-keeps", description: "说明" });
  });

  it("answers an empty PATCH body with 400 and changes nothing", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ confidential: true }));
    for (const path of [`/api/needs/${need.body.id}`, `/api/experts/1`, `/api/societies/1`, `/api/tracks/1`]) {
      const response = await write(organizer, "patch", path).send({});
      expect(response.status, path).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
      expect(JSON.stringify(response.body.error)).toContain("at least one field");
    }
    const row = await t.database.db.need.findUniqueOrThrow({ where: { id: need.body.id } });
    expect(row.confidential).toBe(true);
    expect(row.description).toBe(need.body.description);
  });

  it("keeps a confidential need confidential when only its description changes", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ confidential: true }));
    const patched = await write(enterprise, "patch", `/api/needs/${need.body.id}`).send({
      description: "新的保密细节：供应商名单",
    });
    expect(patched.status).toBe(200);
    expect(patched.body.confidential).toBe(true);
    const row = await t.database.db.need.findUniqueOrThrow({ where: { id: need.body.id } });
    expect(row.confidential).toBe(true);
    const anonymous = await request(t.app).get(`/api/needs/${need.body.id}`);
    expect(anonymous.body).toMatchObject({ redacted: true, confidential: true });
    expect(JSON.stringify(anonymous.body)).not.toContain("供应商名单");
  });

  it("documents the PATCH bodies without defaults and with at least one property", async () => {
    const paths = await documentedPaths(t.app);
    for (const path of ["/api/experts/{id}", "/api/needs/{id}", "/api/technologies/{id}", "/api/societies/{id}"]) {
      const schema = paths[path]?.patch?.requestBody?.content["application/json"]?.schema;
      if (!schema) throw new Error(`${path}: no PATCH body documented`);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        expect(property, `${path} ${name}`).not.toHaveProperty("default");
      }
      expect(schema.minProperties, path).toBe(1);
    }
  });
});
