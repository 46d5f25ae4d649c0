import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
let needId: number;

/** A page form post as a browser sends it: urlencoded, with the CSRF field. */
const submit = (user: SignedInAgent, path: string, fields: Record<string, string> = {}) =>
  user.agent
    .post(path)
    .type("form")
    .send({ ...fields, _csrf: user.csrfToken });

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise, expert } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "漳州某食品有限公司" },
    expert: { name: "蔡研究员" },
  }));
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
    organization: "福建省农业科学院",
    region: "福州",
    disciplines: ["食品科学与工程"],
    keywords: ["柚子", "果胶提取", "精油"],
    publications: [{ title: "琯溪蜜柚果皮果胶提取工艺优化", year: 2022 }],
  });
  await write(organizer, "post", "/api/technologies").send({
    ownerId: expert.expertId,
    title: "蜜柚果皮果胶与精油联产技术",
    keywords: ["柚子", "果胶提取", "精油"],
    maturity: 6,
  });
  const need = await write(enterprise, "post", "/api/needs").send(
    buildNeed({ title: "蜜柚果皮果胶提取与综合利用", keywords: ["柚子", "果胶提取"], discipline: "食品科学与工程" }),
  );
  needId = need.body.id as number;
});
afterAll(async () => {
  await t.close();
});

describe("a need's page", () => {
  it("shows ranked experts and technologies with their reasons, and invite forms to the need's enterprise", async () => {
    const page = await enterprise.agent.get(`/needs/${needId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="matches"');
    expect(page.text).toMatch(/<a class="match-name" href="\/experts\/\d+">蔡研究员<\/a>/);
    expect(page.text).toContain("琯溪蜜柚果皮果胶提取工艺优化");
    expect(page.text).toContain("蜜柚果皮果胶与精油联产技术");
    expect(page.text).toContain(`action="/needs/${needId}/invitations"`);
    expect(page.text).not.toContain("match.");
  });

  it("shows no invite or organizer forms to visitors, and organizer actions to organizers", async () => {
    const visitor = await request(t.app).get(`/needs/${needId}`);
    expect(visitor.text).toContain("蔡研究员");
    expect(visitor.text).not.toContain(`action="/needs/${needId}/invitations"`);
    expect(visitor.text).not.toContain('class="curate"');
    const organizerPage = await organizer.agent.get(`/needs/${needId}`);
    expect(organizerPage.text).toContain('class="curate"');
  });

  it("invites from the ranking, then shows the invitation instead of the form", async () => {
    const invited = await submit(enterprise, `/needs/${needId}/invitations`, {
      expertId: String(expert.expertId),
      message: "期待合作",
    });
    expect(invited.status).toBe(303);
    expect(invited.headers.location).toBe(`/needs/${needId}#matches`);
    const page = await enterprise.agent.get(`/needs/${needId}`);
    expect(page.text).toContain("invitation-pending");
    expect(page.text).not.toContain(`name="expertId" value="${expert.expertId}"`);
    const again = await submit(enterprise, `/needs/${needId}/invitations`, { expertId: String(expert.expertId) });
    expect(again.status).toBe(409);
    expect(again.text).toContain('role="alert"');
    // A second click on Invite says what happened, not "reload and try again".
    expect(again.text).toContain("已经邀请过该专家（待回复），同一需求不能重复邀请。");
  });

  it("tells a draft's enterprise that publishing it brings the Invite buttons, and says nothing once it is published", async () => {
    const draft = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "蜜柚精油低温提取", keywords: ["柚子", "精油"], status: "draft" }),
    );
    const page = await enterprise.agent.get(`/needs/${draft.body.id as number}`);
    expect(page.text).toMatch(/<a class="match-name" href="\/experts\/\d+">蔡研究员<\/a>/);
    expect(page.text).not.toContain(`action="/needs/${draft.body.id as number}/invitations"`);
    expect(page.text).toContain("这是一份草稿：发布需求后即可邀请这些专家。");
    const english = await enterprise.agent.get(`/needs/${draft.body.id as number}?lang=en`);
    expect(english.text).toContain("This need is a draft: publish it to invite these experts.");
    // Published, the buttons are there and the hint is gone, for its enterprise and for organizers.
    expect((await enterprise.agent.get(`/needs/${needId}?lang=zh-CN`)).text).not.toContain("这是一份草稿");
    expect((await organizer.agent.get(`/needs/${needId}?lang=zh-CN`)).text).not.toContain("这是一份草稿");
  });

  it("says why a need that is closed takes no invitation", async () => {
    const closed = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "柚子果酒酿造" }));
    await write(enterprise, "post", `/api/needs/${closed.body.id}/status`).send({ status: "closed" });
    const refused = await submit(enterprise, `/needs/${closed.body.id}/invitations`, {
      expertId: String(expert.expertId),
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("需求当前为“已关闭”，只有征集中或对接中的需求可以邀请专家。");
  });

  it("lets organizers exclude and restore an expert through the page", async () => {
    const other = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "柚子果胶提取工艺改进", keywords: ["柚子", "果胶提取"] }),
    );
    const path = `/needs/${other.body.id}/matches/${expert.expertId}`;
    expect((await submit(organizer, path, { kind: "exclude", note: "利益相关" })).status).toBe(303);
    const page = await organizer.agent.get(`/needs/${other.body.id}`);
    expect(page.text).toContain("利益相关");
    expect(page.text).not.toMatch(/class="match-name" href="\/experts\/\d+">蔡研究员/);
    expect((await submit(enterprise, path, { kind: "clear" })).status).toBe(403);
    expect((await submit(organizer, path, { kind: "clear" })).status).toBe(303);
    expect((await organizer.agent.get(`/needs/${other.body.id}`)).text).toMatch(/class="match-name"[^>]*>蔡研究员/);
  });
});

describe("a need's engaged experts", () => {
  it("link the need's enterprise and the expert to the engagement, and stay listed once the need is solved", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "柚子皮渣饲料化利用", keywords: ["柚子"] }),
    );
    const invitation = await write(enterprise, "post", `/api/needs/${need.body.id}/invitations`).send({
      expertId: expert.expertId,
    });
    expect((await submit(expert, `/invitations/${invitation.body.id}/accept`)).status).toBe(303);
    const engagementLink = `href="/engagements/${invitation.body.id}"`;
    expect((await enterprise.agent.get(`/needs/${need.body.id}`)).text).toContain(engagementLink);
    expect((await expert.agent.get(`/needs/${need.body.id}`)).text).toContain(engagementLink);
    // Someone else reading the need sees who is engaged, but not a link to a page they cannot open.
    const visitor = await request(t.app).get(`/needs/${need.body.id}`);
    expect(visitor.text).toContain('aria-labelledby="engaged-title"');
    expect(visitor.text).not.toContain(engagementLink);

    for (const status of ["in_progress", "solved"]) {
      expect((await submit(enterprise, `/needs/${need.body.id}/status`, { status })).status).toBe(303);
    }
    const solved = await enterprise.agent.get(`/needs/${need.body.id}`);
    expect(solved.text).toContain('aria-labelledby="engaged-title"');
    expect(solved.text).toContain(engagementLink);
  });
});

describe("the expert inbox", () => {
  it("lists the pending invitation with its message and suggested needs, and accepts it", async () => {
    const inbox = await expert.agent.get("/inbox");
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain("期待合作");
    // Its Accept and Decline are told apart from another invitation's by the need they answer for.
    expect(inbox.text).toContain('role="group" aria-label="回复邀请：蜜柚果皮果胶提取与综合利用"');
    expect((await expert.agent.get("/inbox?lang=en")).text).toContain(
      'aria-label="Answer the invitation: 蜜柚果皮果胶提取与综合利用"',
    );
    await expert.agent.get("/inbox?lang=zh-CN"); // the language sticks: back to Chinese for what follows
    const match = /action="\/invitations\/(\d+)\/accept"/.exec(inbox.text);
    expect(match).not.toBeNull();
    const accepted = await submit(expert, `/invitations/${match![1]}/accept`);
    expect(accepted.status).toBe(303);
    const after = await expert.agent.get("/inbox");
    expect(after.text).not.toContain(`/invitations/${match![1]}/accept`);
    expect(after.text).toContain("invitation-accepted");
    expect((await enterprise.agent.get(`/needs/${needId}`)).text).toContain('aria-labelledby="engaged-title"');
  });

  it("asks for a reason before declining, keeping the invitation pending", async () => {
    const need = await write(organizer, "post", "/api/needs").send(
      buildNeed({ title: "柚子精油提取", enterprise: "平和某柚业合作社", keywords: ["精油"] }),
    );
    const invitation = await write(organizer, "post", `/api/needs/${need.body.id}/invitations`).send({
      expertId: expert.expertId,
    });
    const empty = await submit(expert, `/invitations/${invitation.body.id}/decline`, { reason: "  " });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('aria-invalid="true"');
    expect(empty.text).toContain("请填写婉拒原因");
    const long = await submit(expert, `/invitations/${invitation.body.id}/decline`, { reason: "因".repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.text).not.toContain("请填写婉拒原因");
    expect(long.text).toMatch(/2,?000/);
    const declined = await submit(expert, `/invitations/${invitation.body.id}/decline`, { reason: "近期出国交流" });
    expect(declined.status).toBe(303);
    expect((await expert.agent.get("/inbox")).text).toContain("近期出国交流");
    // On the need's page the declined expert is listed among the invited, not the engaged.
    const needPage = async (lang: string) => (await organizer.agent.get(`/needs/${need.body.id}?lang=${lang}`)).text;
    const listed = (html: string) => /<h2 class="aside-title" id="engaged-title">([^<]*)<\/h2>/.exec(html)?.[1];
    const chinese = await needPage("zh-CN");
    expect(listed(chinese)).toBe("已邀请的专家");
    expect(chinese).toContain("原因：近期出国交流");
    expect(listed(await needPage("en"))).toBe("Invited experts");
  });

  it("answers an accept at full capacity, or a second answer, with the inbox and the reason, not an error page", async () => {
    const invite = async (title: string) => {
      const need = await write(organizer, "post", "/api/needs").send(
        buildNeed({ title, enterprise: "平和某柚业合作社" }),
      );
      const invitation = await write(organizer, "post", `/api/needs/${need.body.id}/invitations`).send({
        expertId: expert.expertId,
      });
      return invitation.body.id as number;
    };
    const first = await invite("柚子果脯低糖工艺");
    const second = await invite("柚子茶灌装杀菌");
    expect((await submit(expert, `/invitations/${first}/accept`)).status).toBe(303);

    const again = await submit(expert, `/invitations/${first}/accept`);
    expect(again.status).toBe(409);
    expect(again.text).toContain("data-answer-refused");
    expect(again.text).toContain("这项邀请已经回复过了");
    expect(again.text).toContain(`action="/invitations/${second}/accept"`);

    const { capacity } = (await expert.agent.get(`/api/experts/${expert.expertId}`)).body as { capacity: number };
    await write(expert, "patch", `/api/experts/${expert.expertId}`).send({ capacity: 1 });
    const full = await submit(expert, `/invitations/${second}/accept`);
    await write(expert, "patch", `/api/experts/${expert.expertId}`).send({ capacity });
    expect(full.status).toBe(409);
    expect(full.text).toContain("data-answer-refused");
    expect(full.text).toContain("已达个人资料中设定的上限（1 项）");
    expect(full.text).toContain(`href="/experts/${expert.expertId}/edit"`);
    expect(full.text).toContain(`action="/invitations/${second}/accept"`);
  });

  it("is for experts: others are refused and visitors are sent to sign in", async () => {
    expect((await enterprise.agent.get("/inbox")).status).toBe(403);
    const visitor = await request(t.app).get("/inbox");
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toContain("/login");
  });
});
