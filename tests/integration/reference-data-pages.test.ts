import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { formBody, formEntries } from "../support/html-form.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/**
 * The organizer's pages for learned societies and programme tracks: list, add, edit, delete,
 * with refusals beside their field; English pages name a society by its English name.
 */

let t: TestApp;
let organizer: SignedInAgent;
let expert: SignedInAgent;
let enterprise: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, expert, enterprise } = await signUpUsers(t, {
    organizer: {},
    expert: { name: "江澜" },
    enterprise: {},
  }));
});
afterAll(async () => {
  await t.close();
});

const flashOf = (html: string) => /<p class="flash" role="status">([^<]*)<\/p>/.exec(html)?.[1];
const fieldError = (html: string, field: string) => new RegExp(`id="${field}-error">([^<]*)<`).exec(html)?.[1];

/** Posts a page form as the organizer, with the session's CSRF token. */
const post = (path: string, fields: Record<string, string>) =>
  organizer.agent
    .post(path)
    .type("form")
    .send({ ...fields, _csrf: organizer.csrfToken });

async function societyNamed(name: string): Promise<number> {
  return (await t.container.db.society.findUniqueOrThrow({ where: { name }, select: { id: true } })).id;
}

describe("learned societies", () => {
  it("adds a society with its English name, which English pages show for its members", async () => {
    const added = await post("/organizer/societies?lang=zh-CN", {
      name: "福建省海洋学会",
      nameEn: "Fujian Society of Oceanography",
      discipline: "海洋科学",
      description: "海洋科技交流",
      descriptionEn: "",
    });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe("/organizer/societies");
    const list = await organizer.agent.get("/organizer/societies");
    expect(flashOf(list.text)).toBe("学会已添加。");
    expect(list.text).toContain("福建省海洋学会");
    expect(list.text).toContain("Fujian Society of Oceanography");

    const societyId = await societyNamed("福建省海洋学会");
    const joined = await write(expert, "patch", `/api/experts/${expert.expertId}`).send({ societyIds: [societyId] });
    expect(joined.status).toBe(200);
    expect(joined.body.societies).toEqual([
      { id: societyId, name: "福建省海洋学会", nameEn: "Fujian Society of Oceanography" },
    ]);
    const english = await request(t.app).get(`/experts/${expert.expertId}?lang=en`);
    expect(english.text).toContain("Fujian Society of Oceanography");
    expect(english.text).not.toContain("福建省海洋学会");
    const chinese = await request(t.app).get(`/experts/${expert.expertId}?lang=zh-CN`);
    expect(chinese.text).toContain("福建省海洋学会");
    const filter = await request(t.app).get("/experts?lang=en");
    expect(filter.text).toContain(`<option value="${societyId}">Fujian Society of Oceanography</option>`);
    // The members link of the list filters the directory by the society.
    // The search index files the member under both names, so the society filter takes either.
    await t.container.indexWorker.drain();
    for (const society of ["福建省海洋学会", "Fujian Society of Oceanography"]) {
      const found = await request(t.app).get("/api/search").query({ type: "experts", society });
      expect(found.body.items.map((item: { id: number }) => item.id)).toEqual([expert.expertId]);
    }
    // (Handlebars writes the = of an attribute as &#x3D;, which the browser reads back as =.)
    expect(list.text).toContain(`href="/experts?societyId&#x3D;${societyId}"`);
  });

  it("refuses a name another society has, or one too long, beside the field, keeping what was typed", async () => {
    await post("/organizer/societies", { name: "福建省药学会", nameEn: "" });
    const taken = await post("/organizer/societies?lang=zh-CN", {
      name: "福建省药学会",
      nameEn: "Pharmaceutical Association",
    });
    expect(taken.status).toBe(409);
    expect(fieldError(taken.text, "name")).toBe("已有同名学会。");
    expect(taken.text).toContain('value="Pharmaceutical Association"');

    const long = await post("/organizer/societies?lang=en", { name: "长名学会", nameEn: "x".repeat(101) });
    expect(long.status).toBe(400);
    expect(fieldError(long.text, "nameEn")).toMatch(/100/);
    expect(await t.container.db.society.count({ where: { name: "长名学会" } })).toBe(0);
  });

  it("saves the edit form as shown, changes a name, and deletes a society with its memberships only", async () => {
    await post("/organizer/societies", { name: "福建省林学会", nameEn: "Fujian Forestry Society" });
    const id = await societyNamed("福建省林学会");
    const form = await organizer.agent.get(`/organizer/societies/${id}/edit`);
    const entries = formEntries(form.text, `/organizer/societies/${id}`).map(([name, value]): [string, string] =>
      name === "nameEn" ? [name, "Fujian Society of Forestry"] : [name, value],
    );
    const saved = await organizer.agent.post(`/organizer/societies/${id}`).type("form").send(formBody(entries));
    expect(saved.status).toBe(303);
    const society = await t.container.referenceData.getSociety(id);
    expect(society).toMatchObject({ name: "福建省林学会", nameEn: "Fujian Society of Forestry" });

    await write(expert, "patch", `/api/experts/${expert.expertId}`).send({ societyIds: [id] });
    const list = await organizer.agent.get("/organizer/societies?lang=zh-CN");
    expect(list.text).toContain("删除福建省林学会？1 位专家将不再列为该学会会员。");
    const deleted = await post(`/organizer/societies/${id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(await t.container.db.society.count({ where: { id } })).toBe(0);
    expect(await t.container.db.expert.count({ where: { id: expert.expertId! } })).toBe(1);
  });

  it("is for organizers only: others are refused, anonymous visitors sent to sign in", async () => {
    expect((await expert.agent.get("/organizer/societies")).status).toBe(403);
    expect((await enterprise.agent.get("/organizer/tracks")).status).toBe(403);
    const anonymous = await request(t.app).get("/organizer/societies");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    expect((await organizer.agent.get("/organizer/societies/999999/edit")).status).toBe(404);
  });
});

describe("programme tracks", () => {
  it("lists the default tracks, adds one and edits its English name", async () => {
    const list = await organizer.agent.get("/organizer/tracks?lang=en");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Overseas Expert Programme (HAIZHI)");

    const added = await post("/organizer/tracks", { code: "youth", name: "青年科技人才托举", nameEn: "" });
    expect(added.status).toBe(303);
    const track = await t.container.db.track.findUniqueOrThrow({ where: { code: "youth" } });
    const edited = await post(`/organizer/tracks/${track.id}`, {
      code: "youth",
      name: "青年科技人才托举",
      nameEn: "Young Talent Support",
      description: "",
      descriptionEn: "",
    });
    expect(edited.status).toBe(303);
    const english = await organizer.agent.get("/organizer/tracks?lang=en");
    expect(flashOf(english.text)).toBe("Track saved.");
    expect(english.text).toContain("Young Talent Support");
  });

  it("refuses a code in use or badly formed beside the code box", async () => {
    const taken = await post("/organizer/tracks?lang=zh-CN", { code: "assist", name: "重复代码" });
    expect(taken.status).toBe(409);
    expect(fieldError(taken.text, "code")).toBe("已有专项使用这个代码。");
    const bad = await post("/organizer/tracks?lang=en", { code: "Bad Code", name: "坏代码" });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.text, "code")).toBeTruthy();
  });

  it("refuses to delete a track that needs use, saying how many, and deletes one no need uses", async () => {
    await post("/organizer/tracks", { code: "in-use", name: "在用专项" });
    const inUse = await t.container.db.track.findUniqueOrThrow({ where: { code: "in-use" } });
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ track: "in-use" }));
    expect(need.status).toBe(201);
    const refused = await post(`/organizer/tracks/${inUse.id}/delete?lang=en`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("1 need still uses this track, so it cannot be deleted.");
    expect(await t.container.db.track.count({ where: { id: inUse.id } })).toBe(1);

    await post("/organizer/tracks", { code: "unused", name: "未用专项" });
    const unused = await t.container.db.track.findUniqueOrThrow({ where: { code: "unused" } });
    const deleted = await post(`/organizer/tracks/${unused.id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(await t.container.db.track.count({ where: { id: unused.id } })).toBe(0);
  });
});
