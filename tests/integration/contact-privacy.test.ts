import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, importExperts, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/**
 * Contact details are private (issue 13): an expert's email and phone reach the expert
 * themself and organizers, and, once an invitation is accepted, the need's enterprise on the
 * engagement. This walks every role over every surface that shows experts and asserts the
 * details appear exactly where they should.
 */

type Viewer = "anonymous" | "self" | "otherExpert" | "enterprise" | "otherEnterprise" | "organizer" | "admin";
const viewers: Viewer[] = ["anonymous", "self", "otherExpert", "enterprise", "otherEnterprise", "organizer", "admin"];

const selfContact = { email: "wu.ling.private@example.cn", phone: "13905910001" };
const importedContact = { email: "imported.private@example.cn", phone: "0591-87650002" };
const enterprisePhone = "0591-66660003";
const secrets = [selfContact.email, selfContact.phone, importedContact.email, importedContact.phone];

let t: TestApp;
let agents: Record<Exclude<Viewer, "anonymous">, SignedInAgent>;
let selfId: number;
let importedId: number;
let needId: number;
let invitationId: number;

function get(viewer: Viewer, path: string): request.Test {
  return viewer === "anonymous" ? request(t.app).get(path) : agents[viewer].agent.get(path);
}

/** Which secrets a response shows. */
function shown(text: string): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

beforeAll(async () => {
  t = await createTestApp();
  agents = await signUpUsers(t, {
    self: { role: "expert", name: "吴凌" },
    otherExpert: { name: "另一位专家" },
    enterprise: { organizationName: "厦门某光电公司" },
    otherEnterprise: { organizationName: "另一家公司" },
    organizer: {},
    admin: {},
  });
  selfId = agents.self.expertId!;
  await write(agents.self, "patch", `/api/experts/${selfId}`)
    .send({ keywords: ["光电探测器", "氧化镓"], disciplines: ["电子科学与技术"], ...selfContact })
    .expect(200);
  [importedId = 0] = await importExperts(t.container.db, [
    {
      externalId: "PRIV-1",
      name: "郑导入",
      keywords: ["光电探测器", "氧化镓"],
      disciplines: ["电子科学与技术"],
      ...importedContact,
    },
  ]);
  await write(agents.enterprise, "patch", "/api/me/organization").send({ phone: enterprisePhone }).expect(200);
  const need = await write(agents.enterprise, "post", "/api/needs").send(
    buildNeed({ title: "日盲紫外光电探测器", keywords: ["光电探测器", "氧化镓"], discipline: "电子科学与技术" }),
  );
  needId = need.body.id as number;
  const invitation = await write(agents.enterprise, "post", `/api/needs/${needId}/invitations`).send({
    expertId: selfId,
  });
  invitationId = invitation.body.id as number;
  await write(agents.self, "post", `/api/invitations/${invitationId}/accept`).expect(200);
  await t.container.indexWorker.drain();
});

afterAll(async () => {
  await t?.close();
});

describe("contact details", () => {
  it("never reach search: not in /api/search results for anyone, and not searchable", async () => {
    for (const viewer of viewers) {
      const byName = await get(viewer, "/api/search?q=光电探测器");
      expect(byName.status).toBe(200);
      expect(JSON.stringify(byName.body)).toContain("郑导入");
      expect(shown(JSON.stringify(byName.body)), viewer).toEqual([]);
      const page = await get(viewer, `/search?q=${encodeURIComponent("光电探测器")}`);
      expect(shown(page.text), viewer).toEqual([]);
    }
    for (const secret of secrets) {
      const bySecret = await get("organizer", `/api/search?q=${encodeURIComponent(secret)}`);
      expect(JSON.stringify(bySecret.body)).not.toContain("郑导入");
      expect(JSON.stringify(bySecret.body)).not.toContain("吴凌");
    }
  });

  it("are in an expert's profile (API and page) only for the expert themself and organizers", async () => {
    const sees: Record<Viewer, boolean> = {
      anonymous: false,
      self: true,
      otherExpert: false,
      enterprise: false,
      otherEnterprise: false,
      organizer: true,
      admin: true,
    };
    for (const viewer of viewers) {
      const api = await get(viewer, `/api/experts/${selfId}`);
      expect(api.status).toBe(200);
      expect(api.body.contact, viewer).toEqual(
        sees[viewer] ? { ...selfContact, accountEmail: agents.self.email } : undefined,
      );
      const page = await get(viewer, `/experts/${selfId}`);
      expect(shown(page.text), viewer).toEqual(sees[viewer] ? [selfContact.email, selfContact.phone] : []);

      const imported = await get(viewer, `/api/experts/${importedId}`);
      const staff = viewer === "organizer" || viewer === "admin";
      expect(imported.body.contact, viewer).toEqual(staff ? { ...importedContact, accountEmail: null } : undefined);
      const importedPage = await get(viewer, `/experts/${importedId}`);
      expect(shown(importedPage.text), viewer).toEqual(staff ? [importedContact.email, importedContact.phone] : []);
    }
  });

  it("tell an expert without a contact email that engagements show their account email, as they do", async () => {
    const expert = agents.otherExpert;
    const account = expert.email;
    const profile = await expert.agent.get(`/experts/${expert.expertId}`);
    expect(profile.text).toContain(
      `<a href="mailto:${account}">${account}</a> <span class="muted small">（账号邮箱）</span>`,
    );
    const form = await expert.agent.get(`/experts/${expert.expertId}/edit`);
    expect(form.text).toMatch(
      /id="expert-email"[^>]*value=""[^>]*placeholder="[^"]+"[^>]*aria-describedby="email-hint"/,
    );
    expect(form.text).toContain(`<p class="hint" id="email-hint">留空时，对接中显示账号邮箱 ${account}。</p>`);
    // Others still see nothing of it.
    expect((await get("enterprise", `/experts/${expert.expertId}`)).text).not.toContain(account);
  });

  it("never appear in lists, rankings or invitation responses", async () => {
    for (const viewer of viewers) {
      for (const path of ["/api/experts?pageSize=100", "/experts", `/needs/${needId}`, "/api/needs"]) {
        const response = await get(viewer, path);
        expect(response.status, `${viewer} ${path}`).toBe(200);
        expect(shown(response.text), `${viewer} ${path}`).toEqual([]);
      }
    }
    for (const viewer of ["enterprise", "organizer", "admin"] as const) {
      const matches = await get(viewer, `/api/needs/${needId}/matches`);
      expect(matches.status).toBe(200);
      expect(JSON.stringify(matches.body)).toContain("郑导入");
      expect(shown(JSON.stringify(matches.body)), viewer).toEqual([]);
      const invitations = await get(viewer, `/api/needs/${needId}/invitations`);
      expect(shown(JSON.stringify(invitations.body)), viewer).toEqual([]);
    }
    const inbox = await get("self", `/api/experts/${selfId}/invitations`);
    expect(shown(JSON.stringify(inbox.body))).toEqual([]);
  });

  it("are exchanged on an accepted engagement, with its two sides and organizers only", async () => {
    const allowed: Viewer[] = ["self", "enterprise", "organizer", "admin"];
    for (const viewer of viewers) {
      const api = await get(viewer, `/api/engagements/${invitationId}`);
      const page = await get(viewer, `/engagements/${invitationId}`);
      if (allowed.includes(viewer)) {
        expect(api.status, viewer).toBe(200);
        expect(api.body.expert).toMatchObject(selfContact);
        expect(api.body.enterprise).toMatchObject({ email: agents.enterprise.email, phone: enterprisePhone });
        expect(page.text).toContain(selfContact.email);
        expect(page.text).toContain(enterprisePhone);
      } else {
        expect(api.status, viewer).toBe(viewer === "anonymous" ? 401 : 403);
        expect(shown(JSON.stringify(api.body)), viewer).toEqual([]);
        expect(shown(page.text), viewer).toEqual([]);
        expect(page.text).not.toContain(enterprisePhone);
      }
    }
    // Before acceptance nothing is exchanged, not even to the need's enterprise.
    const pending = await write(agents.enterprise, "post", `/api/needs/${needId}/invitations`).send({
      expertId: importedId,
    });
    const notYet = await get("enterprise", `/api/engagements/${pending.body.id}`);
    expect(notYet.status).toBe(409);
    expect(shown(JSON.stringify(notYet.body))).toEqual([]);
  });

  it("lets only the two sides and organizers post to the thread", async () => {
    const path = `/api/engagements/${invitationId}/messages`;
    expect((await write(agents.self, "post", path).send({ body: "您好" })).status).toBe(201);
    expect((await write(agents.enterprise, "post", path).send({ body: "您好，吴老师" })).status).toBe(201);
    expect((await write(agents.otherExpert, "post", path).send({ body: "插话" })).status).toBe(403);
    expect((await write(agents.otherEnterprise, "post", path).send({ body: "插话" })).status).toBe(403);
    expect((await request(t.app).post(path).send({ body: "插话" })).status).toBe(401);
    const thread = await get("organizer", `/api/engagements/${invitationId}`);
    expect(thread.body.messages.map((m: { body: string }) => m.body)).toEqual(["您好", "您好，吴老师"]);
    // Neither side had a live channel open: each message was emailed to the other.
    const emails = await t.container.db.emailOutbox.findMany({ where: { kind: "engagement_message" } });
    expect(emails.map((email) => email.toAddress).sort()).toEqual([agents.enterprise.email, agents.self.email].sort());
  });
});
