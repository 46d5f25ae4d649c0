import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { addMeeting, addParticipant, createEvent, createNeedRow } from "../support/event-factories.js";
import { eventBody } from "../support/event-fixtures.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { salonInput } from "../support/salon-clients.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/**
 * Every signed-in form that carries typed text keeps it when the post cannot be saved for a
 * reason that is not the input's: a CSRF token of an earlier session (the form comes back, 403,
 * filled, with the current token), or an expired session (the sign-in page carries the post;
 * after signing in, the form comes back filled for review). Nothing is saved either way.
 */

let t: TestApp;
let users: Record<"organizer" | "enterprise" | "expert", SignedInAgent>;
const ids = {
  event: 0,
  registeringEvent: 0,
  liveEvent: 0,
  meeting: 0,
  engagement: 0,
  pendingInvitation: 0,
  confidentialNeed: 0,
  salon: 0,
  question: 0,
  technology: 0,
};

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
/** An attribute's text as the browser reads it (Handlebars escapes & < > " ' ` =). */
const attributeText = (escaped: string) =>
  escaped.replace(
    /&(#x3D|#x27|#x60|quot|lt|gt|amp);/g,
    (_, name: string) => ({ "#x3D": "=", "#x27": "'", "#x60": "`", quot: '"', lt: "<", gt: ">", amp: "&" })[name]!,
  );
/** A hidden field's value on the page. */
const hiddenField = (html: string, name: string) => {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return value === undefined ? undefined : attributeText(value);
};

/** Signs in again in the same browser (as in another tab): the earlier session and its token end. */
async function signInAgain(user: SignedInAgent): Promise<{ stale: string; fresh: string }> {
  const stale = user.csrfToken;
  const login = await user.agent
    .post("/login")
    .type("form")
    .send({ email: user.email, password: user.password, _csrf: stale });
  expect(login.status).toBe(303);
  const fresh = csrfIn((await user.agent.get("/")).text)!;
  user.csrfToken = fresh;
  expect(fresh).not.toBe(stale);
  return { stale, fresh };
}

/** One form: who posts it, where, what was typed, what the page must show again, and what must stay unsaved. */
interface KeptCase {
  name: string;
  user: () => SignedInAgent;
  path: () => string;
  typed: () => Record<string, string | string[]>;
  shown: () => string[];
  /** A reading of the stored data that the refused post must not change. */
  stored: () => Promise<unknown>;
}

const cases: KeptCase[] = [
  {
    name: "the expert's profile, with its publication rows",
    user: () => users.expert,
    path: () => `/experts/${users.expert.expertId}`,
    typed: () => ({
      name: "江研究员",
      title: "研究员",
      bio: "长期从事大黄鱼 <病害> 防控。\n第二行。",
      keywords: "大黄鱼、病害",
      publicationType: ["paper", "paper"],
      publicationYear: ["2024", ""],
      publicationTitle: ["深远海网箱养殖大黄鱼的病害监测", "刚加的一条论文"],
      publicationKeywords: ["大黄鱼", ""],
      publicationAbstract: ["摘要第一段。", ""],
    }),
    shown: () => [
      ">长期从事大黄鱼 &lt;病害&gt; 防控。\n第二行。</textarea>",
      'value="深远海网箱养殖大黄鱼的病害监测"',
      'value="刚加的一条论文"',
      ">摘要第一段。</textarea>",
      `action="/experts/`,
    ],
    stored: async () => {
      const expert = await t.container.db.expert.findUniqueOrThrow({ where: { id: users.expert.expertId! } });
      return [expert.bio, await t.container.db.publication.count({ where: { expertId: expert.id } })];
    },
  },
  {
    name: "the new technology",
    user: () => users.expert,
    path: () => "/technologies",
    typed: () => ({
      title: "大黄鱼疫苗口服递送技术",
      abstract: "以微胶囊包被疫苗，\n投喂即可免疫。",
      keywords: "疫苗、微胶囊",
      discipline: "水产",
      maturity: "3",
      transferModes: ["license", "cooperation"],
    }),
    shown: () => [
      'value="大黄鱼疫苗口服递送技术"',
      ">以微胶囊包被疫苗，\n投喂即可免疫。</textarea>",
      'value="疫苗、微胶囊"',
    ],
    stored: () => t.container.db.technology.count(),
  },
  {
    name: "the technology's edit form",
    user: () => users.expert,
    path: () => `/technologies/${ids.technology}`,
    typed: () => ({
      title: "大黄鱼疫苗注射递送技术",
      abstract: "改为注射，\n一次免疫。",
      keywords: "疫苗、注射",
      maturity: "5",
      transferModes: ["service"],
    }),
    shown: () => [
      'value="大黄鱼疫苗注射递送技术"',
      ">改为注射，\n一次免疫。</textarea>",
      'value="疫苗、注射"',
      `action="/technologies/${ids.technology}"`,
    ],
    stored: async () => (await t.container.db.technology.findUniqueOrThrow({ where: { id: ids.technology } })).title,
  },
  {
    name: "the new docking event",
    user: () => users.organizer,
    path: () => "/events",
    typed: () => ({
      title: "宁德大黄鱼产业对接会",
      kind: "matchmaking",
      venue: "宁德市会展中心 3 号厅",
      description: "上午产业对接，\n下午专家答疑。",
      startsAt: "2027-03-18T09:00",
      slotMinutes: "25",
      slotCount: "7",
      tableCount: "5",
    }),
    shown: () => [
      'value="宁德大黄鱼产业对接会"',
      'value="宁德市会展中心 3 号厅"',
      ">上午产业对接，\n下午专家答疑。</textarea>",
      'value="2027-03-18T09:00"',
      'value="25"',
      'action="/events"',
    ],
    stored: () => t.container.db.dockingEvent.count(),
  },
  {
    name: "the docking event's edit form",
    user: () => users.organizer,
    path: () => `/events/${ids.event}`,
    typed: () => ({ title: "改过的对接会名称", kind: "matchmaking", venue: "新的场地", startsAt: "2027-03-19T09:00" }),
    shown: () => ['value="改过的对接会名称"', 'value="新的场地"', `action="/events/${ids.event}"`],
    stored: async () => (await t.container.db.dockingEvent.findUniqueOrThrow({ where: { id: ids.event } })).title,
  },
  {
    name: "an expert's registration on a docking event's join page",
    user: () => users.expert,
    path: () => `/events/${ids.registeringEvent}/join`,
    typed: () => ({ maxMeetings: "3", slots: ["1", "2"] }),
    shown: () => ['value="3"', 'value="1" checked', 'value="2" checked'],
    stored: () => t.container.db.eventParticipant.count({ where: { eventId: ids.registeringEvent } }),
  },
  {
    name: "a message in an engagement's thread",
    user: () => users.enterprise,
    path: () => `/engagements/${ids.engagement}/messages`,
    typed: () => ({ body: "江老师您好，\n下周二上午方便来厂里看看网箱吗？" }),
    shown: () => [">江老师您好，\n下周二上午方便来厂里看看网箱吗？</textarea>"],
    stored: () => t.container.db.engagementMessage.count(),
  },
  {
    name: "a meeting's outcome",
    user: () => users.expert,
    path: () => `/events/${ids.liveEvent}/meetings/${ids.meeting}/outcome`,
    typed: () => ({ result: "contract", contractValueYuan: "120000", note: "签了技术服务合同，\n下月进场。" }),
    shown: () => ['value="120000"', ">签了技术服务合同，\n下月进场。</textarea>"],
    stored: () => t.container.db.eventOutcome.count(),
  },
  {
    name: "an invitation's decline reason",
    user: () => users.expert,
    path: () => `/invitations/${ids.pendingInvitation}/decline`,
    typed: () => ({ reason: "这个月在外地出差，无法承接" }),
    shown: () => ['value="这个月在外地出差，无法承接"'],
    stored: async () =>
      (await t.container.db.invitation.findUniqueOrThrow({ where: { id: ids.pendingInvitation } })).status,
  },
  {
    name: "the person picker granting access to a confidential need",
    user: () => users.enterprise,
    path: () => `/needs/${ids.confidentialNeed}/access`,
    typed: () => ({ expertId: "江研究" }),
    shown: () => ['id="access-expert" name="expertId" type="text" data-expert-picker value="江研究"'],
    stored: async () => (await t.container.db.needAccess.findMany({ where: { needId: ids.confidentialNeed } })).length,
  },
  {
    name: "the organizers' pin box under a need's ranking",
    user: () => users.organizer,
    path: () => `/needs/${ids.confidentialNeed}/pins`,
    typed: () => ({ expertId: "江研究员" }),
    shown: () => ['id="pin-expert" name="expertId" type="text" data-expert-picker value="江研究员"'],
    stored: () => t.container.db.matchOverride.count(),
  },
  {
    name: "forwarding a salon question from the minutes",
    user: () => users.organizer,
    path: () => `/salons/${ids.salon}/questions/${ids.question}/forward`,
    typed: () => ({ expertId: "江研究员" }),
    shown: () => ['value="江研究员"'],
    stored: () => t.container.db.salonQuestionForward.count(),
  },
];

beforeAll(async () => {
  t = await createTestApp();
  users = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "宁德某水产有限公司" },
    expert: { name: "江研究员" },
  });
  const { organizer, enterprise, expert } = users;
  const db = t.container.db;
  ids.technology = (await write(expert, "post", "/api/technologies").send({ title: "原来的疫苗递送技术" }).expect(201))
    .body.id as number;
  ids.event = (
    await write(organizer, "post", "/api/events")
      .send(eventBody({ title: "原来的对接会" }))
      .expect(201)
  ).body.id as number;
  ids.registeringEvent = await createEvent(db, { title: "海峡论坛对接日", status: "registration" });
  // A meeting under way at a live event, open to outcomes.
  const liveEvent = (ids.liveEvent = await createEvent(db, {
    title: "宁德水产对接日",
    status: "live",
    startsAt: new Date(Date.now() - 30 * 60_000),
    slotMinutes: 20,
    slotCount: 3,
  }));
  const need = await createNeedRow(db, {
    title: "大黄鱼病害防控",
    ownerId: enterprise.userId,
    enterprise: "宁德某水产",
  });
  await addParticipant(db, liveEvent, { needId: need }, { checkedIn: true });
  await addParticipant(db, liveEvent, { expertId: expert.expertId! }, { checkedIn: true });
  ids.meeting = await addMeeting(db, {
    eventId: liveEvent,
    needId: need,
    expertId: expert.expertId!,
    slot: 0,
    tableNo: 0,
  });
  // An accepted invitation (its engagement) and a pending one.
  const invite = async (title: string) => {
    const needId = (await write(enterprise, "post", "/api/needs").send(buildNeed({ title })).expect(201)).body
      .id as number;
    return (
      await write(enterprise, "post", `/api/needs/${needId}/invitations`)
        .send({ expertId: expert.expertId })
        .expect(201)
    ).body.id as number;
  };
  ids.engagement = await invite("大黄鱼深远海养殖");
  await write(expert, "post", `/api/invitations/${ids.engagement}/accept`).expect(200);
  ids.pendingInvitation = await invite("大黄鱼苗种繁育");
  ids.confidentialNeed = (
    await write(enterprise, "post", "/api/needs")
      .send(buildNeed({ title: "保密的网箱设计", confidential: true }))
      .expect(201)
  ).body.id as number;
  // A salon with one question, for the minutes' forward box.
  const memberOf = async (user: SignedInAgent) => salonActorOf(await t.container.accounts.findUser(user.userId))!;
  const host = await memberOf(organizer);
  ids.salon = (await t.container.salons.create(host, salonInput({ title: "深远海养殖沙龙" }))).salon.id;
  await t.container.salons.open(host, ids.salon);
  const asked = await t.container.salons.perform(await memberOf(enterprise), ids.salon, "ask-1", {
    kind: "ask",
    text: "大黄鱼病害如何早期预警？",
    anonymous: false,
  });
  ids.question = (asked as { questionId: number }).questionId;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe.each(cases)("$name", (form) => {
  it("refused by its CSRF check: comes back filled, 403, with the current token and the notice; nothing saved", async () => {
    const user = form.user();
    const before = await form.stored();
    const { stale, fresh } = await signInAgain(user);
    const refused = await user.agent
      .post(form.path())
      .type("form")
      .send({ ...form.typed(), _csrf: stale });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("表单没有保存：页面的安全校验已过期");
    for (const shown of form.shown()) expect(refused.text).toContain(shown);
    expect(csrfIn(refused.text)).toBe(fresh);
    expect(refused.text).not.toContain(stale);
    expect(await form.stored()).toEqual(before);
  });

  it("posted after the session expired: the sign-in page carries it, and signing in shows it filled; nothing saved", async () => {
    const user = form.user();
    const before = await form.stored();
    // The session ends on the server (expired, or signed out elsewhere); the page still has its form.
    await t.container.db.session.deleteMany({ where: { userId: user.userId } });
    const signedOut = await user.agent
      .post(form.path())
      .set("Sec-Fetch-Site", "same-origin")
      .type("form")
      .send({ ...form.typed(), _csrf: user.csrfToken, password: "never-carried" });
    expect(signedOut.status).toBe(401);
    expect(signedOut.text).toContain("登录已过期，刚才的表单还没有保存");
    expect(signedOut.text).not.toContain("never-carried");
    const keptBody = hiddenField(signedOut.text, "keptBody");
    expect(keptBody).toBeDefined();
    expect(hiddenField(signedOut.text, "keptAction")).toBe(form.path());

    const signedIn = await user.agent.post("/login").type("form").send({
      email: user.email,
      password: user.password,
      keptAction: form.path(),
      keptBody,
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain("表单没有保存：登录已过期。您已重新登录");
    for (const shown of form.shown()) expect(signedIn.text).toContain(shown);
    const fresh = csrfIn(signedIn.text)!;
    expect(fresh).not.toBe(user.csrfToken);
    user.csrfToken = fresh;
    expect(await form.stored()).toEqual(before);
  });
});

describe("a signed-out post that did not come from our pages", () => {
  it("is sent to sign in as before, carrying nothing", async () => {
    const { enterprise } = users;
    await t.container.db.session.deleteMany({ where: { userId: enterprise.userId } });
    for (const headers of [{ "Sec-Fetch-Site": "cross-site" }, { Origin: "https://elsewhere.example" }, {}]) {
      const response = await enterprise.agent
        .post("/needs")
        .set(headers)
        .type("form")
        .send({ title: "别的网站替你填的需求" });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe("/login");
    }
    expect(await t.container.db.need.count({ where: { title: "别的网站替你填的需求" } })).toBe(0);
  });

  it("a kept action that is no form of ours signs in and goes on as usual", async () => {
    const { enterprise } = users;
    const response = await enterprise.agent.post("/login").type("form").send({
      email: enterprise.email,
      password: enterprise.password,
      keptAction: "/needs/1/status",
      keptBody: "status=closed",
      next: "/needs",
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("/needs");
    enterprise.csrfToken = csrfIn((await enterprise.agent.get("/")).text)!;
  });
});
