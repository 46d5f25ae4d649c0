import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/**
 * A form whose CSRF check refuses it (the page carried an earlier session's token) is shown
 * again with what was typed, a notice of why it was not saved, and the current token.
 */

let t: TestApp;
let enterprise: SignedInAgent;

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

/** Signs in again in the same browser (as in another tab): the earlier session and its token end. */
async function signInAgain(agent: SignedInAgent): Promise<string> {
  const login = await agent.agent
    .post("/login")
    .type("form")
    .send({ email: agent.email, password: agent.password, _csrf: agent.csrfToken });
  expect(login.status).toBe(303);
  return csrfIn((await agent.agent.get("/needs/new")).text)!;
}

beforeAll(async () => {
  t = await createTestApp();
  enterprise = await signUp(t.app, t.container, { role: "enterprise", organizationName: "福州某陶瓷公司" });
});
afterAll(async () => {
  await t.close();
});

describe("a salon form refused by its CSRF check", () => {
  it("shows the organizer's new-salon form again with the typed title and moderators", async () => {
    const organizer = await signUp(t.app, t.container, { role: "organizer" });
    const stale = organizer.csrfToken;
    const fresh = await signInAgain(organizer);
    const refused = await organizer.agent.post("/salons").type("form").send({
      title: "固态电池界面沙龙",
      description: "讨论硫化物电解质的界面问题。",
      moderatorEmails: organizer.email,
      _csrf: stale,
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("表单没有保存");
    expect(refused.text).toContain('value="固态电池界面沙龙"');
    expect(refused.text).toContain(">讨论硫化物电解质的界面问题。</textarea>");
    expect(refused.text).toContain(organizer.email);
    expect(csrfIn(refused.text)).toBe(fresh);
    expect(await t.database.db.salon.count()).toBe(0);
  });
});

describe("a need form refused by its CSRF check", () => {
  const typed = {
    title: "氮化铝基板 <低温> 烧结致密化",
    description: "现有产品导热率偏低。\n第二行：希望在 1650℃ 以下烧结。",
    discipline: "材料科学与工程",
    keywords: "氮化铝、烧结",
    region: "福州",
    track: "",
    status: "open",
  };

  it("shows the new-need form again with the typed title and description, says why, and saves on the next try", async () => {
    const stale = enterprise.csrfToken;
    const fresh = await signInAgain(enterprise);
    enterprise.csrfToken = fresh;
    expect(fresh).not.toBe(stale);

    const refused = await enterprise.agent
      .post("/needs")
      .type("form")
      .send({ ...typed, _csrf: stale });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("表单没有保存：页面的安全校验已过期");
    expect(refused.text).toMatch(/<p class="alert alert-error kept-input-notice" role="alert">/);
    expect(refused.text).toContain('value="氮化铝基板 &lt;低温&gt; 烧结致密化"');
    expect(refused.text).toContain(">现有产品导热率偏低。\n第二行：希望在 1650℃ 以下烧结。</textarea>");
    expect(refused.text).toContain('value="氮化铝、烧结"');
    expect(refused.text).toContain('action="/needs"');
    // The session's current token, never the refused one.
    expect(csrfIn(refused.text)).toBe(fresh);
    expect(refused.text).not.toContain(stale);
    expect(await t.database.db.need.count()).toBe(0);

    const saved = await enterprise.agent
      .post("/needs")
      .type("form")
      .send({ ...typed, _csrf: csrfIn(refused.text) });
    expect(saved.status).toBe(303);
    const needs = await t.database.db.need.findMany();
    expect(needs.map((need) => [need.title, need.description])).toEqual([[typed.title, typed.description]]);
  });

  it("shows the edit form again with the changes, for the need being edited", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "原来的标题" }));
    const id = (created.body as { id: number }).id;
    const stale = enterprise.csrfToken;
    const fresh = await signInAgain(enterprise);
    enterprise.csrfToken = fresh;
    const refused = await enterprise.agent
      .post(`/needs/${id}`)
      .type("form")
      .send({ ...typed, title: "改过的标题", _csrf: stale });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("表单没有保存");
    expect(refused.text).toContain('value="改过的标题"');
    expect(refused.text).toContain(`action="/needs/${id}"`);
    expect(csrfIn(refused.text)).toBe(fresh);
    expect((await t.database.db.need.findUniqueOrThrow({ where: { id } })).title).toBe("原来的标题");
  });

  it("still refuses a form that is not registered to keep its input with the error page", async () => {
    const status = await enterprise.agent
      .post("/needs/1/status")
      .set("Accept", "text/html")
      .type("form")
      .send({ status: "closed", _csrf: "x" });
    expect(status.status).toBe(403);
    expect(status.text).not.toContain("表单没有保存");
    expect(status.text).toContain("页面已过期或请求来源无法验证");
  });
});
