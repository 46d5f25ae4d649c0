import Handlebars from "handlebars";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let speaker: SignedInAgent;
let moderator: SignedInAgent;
let attendee: SignedInAgent;

const attr = (value: string) => Handlebars.Utils.escapeExpression(value);

function form(overrides: Record<string, string | string[]> = {}) {
  return {
    _csrf: organizer.csrfToken,
    title: "数字孪生与智能制造沙龙",
    topic: "产线数字孪生",
    description: "面向制造企业的开放讨论。",
    disciplines: "机械工程、控制科学",
    startsAt: "2026-06-18T14:30",
    endsAt: "2026-06-18T16:30",
    visibility: "members",
    premoderation: "on",
    slowModeSeconds: "10",
    handBudgetSeconds: "90",
    speakerExpertId: [String(speaker.expertId), "", ""],
    speakerTalk: ["数字孪生建模", "", ""],
    speakerMinutes: ["15", "", ""],
    moderatorEmails: moderator.email,
    inviteeEmails: "",
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, speaker, moderator, attendee } = await signUpUsers(t, {
    organizer: { name: "科协组织者" },
    speaker: { role: "expert", name: "周教授" },
    moderator: { role: "expert", name: "吴主持" },
    attendee: { role: "enterprise", name: "企业代表" },
  }));
});

afterAll(async () => {
  await t?.close();
});

describe("salon pages", () => {
  it("creates a salon through the form, in Beijing time, and shows its page", async () => {
    const created = await organizer.agent.post("/salons").type("form").send(form());
    expect(created.status).toBe(303);
    const location = created.headers.location as string;
    expect(location).toMatch(/^\/salons\/\d+$/);
    const id = Number(location.split("/").pop());
    const organizerActor = salonActorOf(await t.container.accounts.findUser(organizer.userId));
    const stored = await t.container.salons.get(organizerActor, id);
    expect(stored.salon).toMatchObject({
      startsAt: "2026-06-18T06:30:00.000Z",
      endsAt: "2026-06-18T08:30:00.000Z",
      visibility: "members",
      disciplines: ["机械工程", "控制科学"],
      speakers: [{ expertId: speaker.expertId, talkTitle: "数字孪生建模", budgetSeconds: 900 }],
    });
    expect(stored.settings).toEqual({ premoderation: true, slowModeSeconds: 10, handBudgetSeconds: 90 });

    const page = await attendee.agent.get(location);
    expect(page.status).toBe(200);
    expect(page.text).toContain("数字孪生与智能制造沙龙");
    expect(page.text).toContain("周教授");
    expect(page.text).toContain("数字孪生建模");
    expect(page.text).toContain("吴主持");
    expect(page.text).toContain(`href="${location}/live"`);
    expect(page.text).not.toContain("编辑沙龙"); // not the organizer's
    expect((await organizer.agent.get(location)).text).toContain("编辑沙龙");
    expect((await request(t.app).get(location)).status).toBe(401);
  });

  it("shows each mistake beside its field and keeps what was typed", async () => {
    const response = await organizer.agent
      .post("/salons")
      .type("form")
      .send(
        form({
          title: "",
          endsAt: "2026-06-18T13:00",
          speakerExpertId: ["999999", "", ""],
          moderatorEmails: "nobody@example.cn",
        }),
      );
    expect(response.status).toBe(400);
    expect(response.text).toContain('id="title-error"');
    expect(response.text).toContain("请填写此项");
    expect(response.text).toContain('value="999999"');
    const unknownEmail = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ moderatorEmails: "nobody@example.cn" }));
    expect(unknownEmail.text).toContain("没有以下邮箱的账号：nobody@example.cn");
    const backwards = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ endsAt: "2026-06-18T13:00" }));
    expect(backwards.text).toContain("结束时间必须晚于开始时间");
    const unknownExpert = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ speakerExpertId: ["999999", "", ""] }));
    expect(unknownExpert.status).toBe(400);
    expect(unknownExpert.text).toContain("找不到以下编号的专家：999999");
  });

  it("lets only organizers reach the form", async () => {
    expect((await attendee.agent.get("/salons/new")).status).toBe(403);
    expect((await request(t.app).get("/salons/new")).headers.location).toBe("/login?next=%2Fsalons%2Fnew");
    expect((await organizer.agent.get("/salons/new")).text).toContain('name="speakerExpertId"');
  });

  it("edits, opens and closes a salon from its page", async () => {
    const created = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ visibility: "public" }));
    const path = created.headers.location as string;
    const edit = await organizer.agent.get(`${path}/edit`);
    expect(edit.text).toContain('value="2026-06-18T14:30"');
    expect(edit.text).toContain(attr(moderator.email));
    const saved = await organizer.agent
      .post(path)
      .type("form")
      .send(form({ visibility: "public", title: "数字孪生沙龙（第二期）" }));
    expect(saved.status).toBe(303);
    expect((await request(t.app).get(path)).text).toContain("数字孪生沙龙（第二期）");

    expect((await write(organizer, "post", `${path}/open`).type("form")).headers.location).toBe(`${path}/live`);
    const live = await request(t.app).get(`${path}/live`);
    expect(live.status).toBe(200);
    expect(live.text).toContain('<script src="/socket.io/socket.io.js" defer></script>');
    expect(live.text).toContain('data-messages="');
    expect(live.text).not.toContain('id="ask-form"'); // anonymous listeners do not ask
    expect((await attendee.agent.get(`${path}/live`)).text).toContain('id="ask-form"');
    expect((await attendee.agent.get(`${path}/live`)).text).not.toContain('id="advance-button"');
    expect((await moderator.agent.get(`${path}/live`)).text).toContain('id="advance-button"');
    await write(organizer, "post", `${path}/close`).type("form").expect(303);
    expect((await request(t.app).get(path)).text).toContain("已结束");
  });

  it("lists salons by status and escapes user text everywhere", async () => {
    const created = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ visibility: "public", title: '<script>alert("x")</script>沙龙', topic: "<b>粗</b>" }));
    const path = created.headers.location as string;
    const list = await request(t.app).get("/salons");
    expect(list.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;沙龙");
    expect(list.text).not.toContain('<script>alert("x")');
    expect((await request(t.app).get(`${path}/live`)).text).not.toContain("<b>粗</b>");
    expect((await request(t.app).get("/salons?status=closed")).text).not.toContain("&lt;script&gt;");
    expect((await request(t.app).get("/salons")).text).toContain('href="/salons" aria-current="page"');
  });
});
