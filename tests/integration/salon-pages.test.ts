import Handlebars from "handlebars";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { formEntries } from "../support/html-form.js";
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

  it("shows every mistake at once, each beside its field, and keeps what was typed", async () => {
    const response = await organizer.agent
      .post("/salons")
      .type("form")
      .send(
        form({
          title: "",
          endsAt: "2026-06-18T13:00",
          speakerExpertId: ["999999", "", String(speaker.expertId)],
          speakerTalk: ["", "没有选专家的报告", "重复"],
          speakerMinutes: ["", "20", ""],
          moderatorEmails: "nobody@example.cn",
          inviteeEmails: "not-an-email, someone@example.cn",
        }),
      );
    expect(response.status).toBe(400);
    expect(response.text).toContain('id="title-error"');
    expect(response.text).toContain("请填写此项");
    expect(response.text).toMatch(/id="endsAt-error">结束时间必须晚于开始时间/);
    expect(response.text).toMatch(/id="moderatorEmails-error">没有以下邮箱的账号：nobody@example.cn/);
    expect(response.text).toMatch(/id="inviteeEmails-error">以下不是有效的邮箱地址：not-an-email/);
    expect(response.text).toMatch(/id="speaker-1-expert"[^>]*value="999999"[^>]*aria-invalid="true"/);
    expect(response.text).toMatch(/id="speaker-1-expert-error">找不到该编号的专家。/);
    // A talk typed without its expert is refused, not dropped.
    expect(response.text).toMatch(/id="speaker-2-talk"[^>]*value="没有选专家的报告"/);
    expect(response.text).toMatch(/id="speaker-2-expert-error">请为这场报告选择主讲专家。/);
    // A known expert's number shows as their name, with the number behind it for the picker.
    expect(response.text).toMatch(/id="speaker-3-expert"[^>]*value="周教授" data-chosen="\d+"/);
    const twice = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ speakerExpertId: [String(speaker.expertId), String(speaker.expertId), ""] }));
    expect(twice.status).toBe(400);
    expect(twice.text).toMatch(/id="speaker-2-expert-error">这位专家已排在第 1 位。/);
  });

  it("takes a speaker typed by name, as the person picker does without its script", async () => {
    await t.container.indexWorker.drain();
    const created = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ speakerExpertId: ["周教授", "", ""] }));
    expect(created.status).toBe(303);
    const id = Number((created.headers.location as string).split("/").pop());
    const organizerActor = salonActorOf(await t.container.accounts.findUser(organizer.userId));
    expect((await t.container.salons.get(organizerActor, id)).salon.speakers).toMatchObject([
      { expertId: speaker.expertId, name: "周教授" },
    ]);
    // The edit form names the speaker (the number rides along for the picker).
    const edit = await organizer.agent.get(`/salons/${id}/edit`);
    expect(edit.text).toContain(`value="周教授" data-chosen="${speaker.expertId}"`);
  });

  it("keeps a start in the past but says so, and confirms an ordinary save", async () => {
    const past = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ startsAt: "2020-01-10T14:00", endsAt: "2020-01-10T16:00" }));
    expect(past.status).toBe(303);
    const path = past.headers.location as string;
    const shown = await organizer.agent.get(path);
    expect(shown.text).toContain("沙龙已保存。请注意：开始时间早于现在。");
    // Saved again with the same start: a record of a past salon, nothing more to say.
    const edit = await organizer.agent.get(`${path}/edit`);
    const resaved = await organizer.agent
      .post(path)
      .type("form")
      .send(new URLSearchParams(formEntries(edit.text, path)).toString());
    expect(resaved.status).toBe(303);
    const after = (await organizer.agent.get(path)).text;
    expect(after).toContain("沙龙已保存。");
    expect(after).not.toContain("开始时间早于现在");
    const future = await organizer.agent
      .post("/salons")
      .type("form")
      .send(form({ startsAt: "2099-01-10T14:00", endsAt: "2099-01-10T16:00" }));
    expect((await organizer.agent.get(future.headers.location as string)).text).toContain("沙龙已创建。");
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
    expect((await request(t.app).get(path)).text).toContain("回看会场");
    // Nobody is told how to take part in a salon that has ended.
    expect((await request(t.app).get(`${path}/live`)).text).not.toContain("您正在旁听");
  });

  it("keeps talk times set in seconds through the API when the form is saved without touching them", async () => {
    const created = await write(organizer, "post", "/api/salons").send({
      title: "秒级议程沙龙",
      speakers: [
        { expertId: speaker.expertId, talkTitle: "开场", budgetSeconds: 905 },
        { expertId: moderator.expertId, talkTitle: "快问快答", budgetSeconds: 20 },
      ],
    });
    expect(created.status).toBe(201);
    const path = `/salons/${created.body.salon.id as number}`;
    const salonId = created.body.salon.id as number;
    const organizerActor = salonActorOf(await t.container.accounts.findUser(organizer.userId));
    const storedSeconds = async () =>
      (await t.container.salons.get(organizerActor, salonId)).salon.speakers.map((s) => s.budgetSeconds);
    const shown = new URLSearchParams(formEntries((await organizer.agent.get(`${path}/edit`)).text, path));
    expect(shown.getAll("speakerMinutes").slice(0, 2)).toEqual(["15", "1"]);

    await organizer.agent.post(path).type("form").send(shown.toString()).expect(303);
    expect(await storedSeconds()).toEqual([905, 20]);

    // A figure changed on the form is taken as typed, in whole minutes.
    const minutes = shown.getAll("speakerMinutes");
    shown.delete("speakerMinutes");
    for (const value of ["16", ...minutes.slice(1)]) shown.append("speakerMinutes", value);
    await organizer.agent.post(path).type("form").send(shown.toString()).expect(303);
    expect(await storedSeconds()).toEqual([960, 20]);
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
