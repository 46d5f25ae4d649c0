import Handlebars from "handlebars";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, signUp, uniqueEmail } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
});

afterAll(async () => {
  await testApp.close();
});

const password = "correct horse battery";

/** An attribute value as the templates write it (Handlebars escapes `=`, `&` and quotes). */
const attr = (value: string) => Handlebars.Utils.escapeExpression(value);

/** The CSRF token a rendered page put into its forms. */
function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no _csrf field in the page");
  return match[1]!;
}

/** Registers through the register page and returns the signed-in agent. */
async function registerThroughPage(role: "enterprise" | "expert", extra: Record<string, string> = {}) {
  const agent = request.agent(testApp.app);
  const email = uniqueEmail(role);
  const response = await agent
    .post("/register")
    .type("form")
    .send({
      role,
      name: role === "enterprise" ? "闽江新材料有限公司联系人" : "林教授",
      email,
      password,
      organizationName: "闽江新材料有限公司",
      ...extra,
    });
  expect(response.status).toBe(303);
  return { agent, email, location: response.headers.location as string };
}

async function csrfOf(agent: request.Agent, path = "/"): Promise<string> {
  return csrfFrom((await agent.get(path)).text);
}

function needForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "高导热氮化铝陶瓷基板烧结工艺优化",
    description: "企业生产功率模块用陶瓷基板，现有产品导热率偏低。",
    difficulty: "低温烧结时致密度不足。",
    target: "热导率 ≥ 170 W/(m·K)",
    discipline: "材料科学与工程",
    industry: "电子信息",
    keywords: "氮化铝，陶瓷基板、烧结；功率模块",
    region: "福州",
    track: "assist",
    status: "open",
    ...overrides,
  };
}

describe("layout and home page", () => {
  it("renders the home page in Simplified Chinese with counts, latest needs and the programme tracks", async () => {
    const enterprise = await signUp(testApp.app, testApp.container);
    await enterprise.agent
      .post("/api/needs")
      .set("X-CSRF-Token", enterprise.csrfToken)
      .send(buildNeed({ title: "首页展示的开放需求" }));

    const response = await request(testApp.app).get("/");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.text).toContain('<html lang="zh-CN">');
    expect(response.text).toContain("科桥");
    expect(response.text).toContain("让企业技术难题遇见对口专家");
    expect(response.text).toContain("征集中的需求");
    expect(response.text).toContain("首页展示的开放需求");
    expect(response.text).toContain("科技创新助力工程");
    expect(response.text).toContain(`href="${attr("/needs?track=assist")}"`);
    expect(response.text).toContain('href="/login"');
    expect(response.text).toContain('href="/register"');
    expect(response.text).toContain('<link rel="stylesheet" href="/assets/app.css">');
  });

  it("shows the signed-in user's name, role and a logout form with the CSRF token", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const response = await agent.get("/");
    expect(response.text).toContain("闽江新材料有限公司联系人");
    expect(response.text).toContain("企业用户");
    expect(response.text).toMatch(/<form method="post" action="\/logout"[\s\S]*?name="_csrf" value="[^"]+"/);
    expect(response.text).not.toContain('href="/organizer/import"');
  });

  it("links organizers to the data import page", async () => {
    const organizer = await signUp(testApp.app, testApp.container, { role: "organizer", name: "省科协管理员" });
    const response = await organizer.agent.get("/");
    expect(response.text).toContain('href="/organizer/import"');
    expect(response.text).toContain("数据导入");
    expect(response.text).toContain("科协工作人员");
  });

  it("switches to English with ?lang=en and remembers it in a cookie", async () => {
    const agent = request.agent(testApp.app);
    const english = await agent.get("/?lang=en");
    expect(english.status).toBe(200);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain("Connect enterprises");
    expect(english.headers["set-cookie"]?.[0]).toMatch(/^sb_lang=en;/);

    const remembered = await agent.get("/needs");
    expect(remembered.text).toContain('<html lang="en">');
    expect(remembered.text).toContain("Technical needs");

    const back = await agent.get("/needs?lang=zh-CN");
    expect(back.text).toContain('<html lang="zh-CN">');
  });

  it("follows Accept-Language when no language was chosen, defaulting to Chinese", async () => {
    const english = await request(testApp.app).get("/experts").set("Accept-Language", "en-US,en;q=0.9");
    expect(english.text).toContain('<html lang="en">');
    const chinese = await request(testApp.app).get("/experts").set("Accept-Language", "zh-TW,zh;q=0.9");
    expect(chinese.text).toContain('<html lang="zh-CN">');
    const unknown = await request(testApp.app).get("/experts").set("Accept-Language", "fr");
    expect(unknown.text).toContain('<html lang="zh-CN">');
  });

  it("keeps the current page and filters in the language switch links", async () => {
    const response = await request(testApp.app).get("/needs?q=%E9%99%B6%E7%93%B7");
    expect(response.text).toContain(`href="${attr("/needs?q=%E9%99%B6%E7%93%B7&lang=en")}"`);
  });

  it("renders 404 and 403 as the HTML error page", async () => {
    const missing = await request(testApp.app).get("/needs/999999").set("Accept", "text/html");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("页面不存在");
    const notAnId = await request(testApp.app).get("/experts/abc").set("Accept", "text/html");
    expect(notAnId.status).toBe(404);
  });
});

describe("sign-in and registration pages", () => {
  it("renders the login and register forms with labelled inputs", async () => {
    const login = await request(testApp.app).get("/login");
    expect(login.status).toBe(200);
    expect(login.text).toContain('<label for="login-email">邮箱</label>');
    expect(login.text).toContain('<label for="login-password">密码</label>');
    const register = await request(testApp.app).get("/register");
    expect(register.status).toBe(200);
    expect(register.text).toContain('name="role" value="enterprise" checked');
    expect(register.text).toContain('<label for="register-organization">单位名称</label>');
  });

  it("refuses posts that start a session when another site's page sent them (login CSRF), and starts none", async () => {
    const { email } = await registerThroughPage("expert");
    const usersBefore = await testApp.database.db.user.count();
    const sessionsBefore = await testApp.database.db.session.count();
    const anonymous = request(testApp.app);
    const posts = [
      () => anonymous.post("/login").type("form").send({ email, password }),
      () => anonymous.post("/api/auth/login").type("form").send({ email, password }),
      () =>
        anonymous
          .post("/register")
          .type("form")
          .send({
            role: "enterprise",
            name: "某公司",
            email: uniqueEmail("csrf"),
            password,
            organizationName: "某公司",
          }),
      () =>
        anonymous
          .post("/api/auth/register")
          .type("form")
          .send({ role: "expert", name: "某专家", email: uniqueEmail("csrf"), password }),
      () => anonymous.post("/claim").type("form").send({ token: "t", password, passwordAgain: password }),
      () => anonymous.post("/api/auth/claim").type("form").send({ token: "t", password }),
      () => anonymous.post("/salons/1/guest").type("form").send({ name: "冒名者" }),
    ];
    const otherSites = [
      { "Sec-Fetch-Site": "cross-site", Origin: "https://attacker.example" },
      { "Sec-Fetch-Site": "same-site", Origin: "https://attacker.scibridge.example" },
      { Origin: "https://attacker.example" },
      { Origin: "null" },
      { Host: "127.0.0.1:3000", Origin: "https://127.0.0.1:3000" }, // the same host under another scheme
    ];
    for (const [index, post] of posts.entries()) {
      for (const headers of otherSites) {
        const response = await post().set(headers);
        expect(response.status, `post ${index} ${JSON.stringify(headers)}`).toBe(403);
        expect(String(response.headers["set-cookie"] ?? "")).toBe("");
      }
    }
    const api = await posts[1]!().set(otherSites[0]!);
    expect(api.body.error.code).toBe("csrf_failed");
    expect(await testApp.database.db.user.count()).toBe(usersBefore);
    expect(await testApp.database.db.session.count()).toBe(sessionsBefore);

    // From this site's own page, or from a client that says nothing of where it comes from, it signs in.
    const ownOrigin = new URL(testApp.container.config.publicUrl).origin;
    for (const headers of [
      { "Sec-Fetch-Site": "same-origin" },
      { "Sec-Fetch-Site": "none" },
      { Host: "127.0.0.1:3000", Origin: "http://127.0.0.1:3000" },
      { Host: "10.0.0.5:8080", Origin: ownOrigin }, // behind a proxy that rewrites Host: PUBLIC_URL decides
      {},
    ]) {
      const login = await posts[0]!().set(headers);
      expect(login.status, JSON.stringify(headers)).toBe(303);
    }
  });

  it("re-renders the login form with a generic error and status 401 on bad credentials", async () => {
    const { email } = await registerThroughPage("enterprise");
    const response = await request(testApp.app)
      .post("/login")
      .type("form")
      .send({ email, password: "wrong password!" });
    expect(response.status).toBe(401);
    expect(response.text).toContain("邮箱或密码不正确。");
    expect(response.text).toContain(`value="${email}"`);
    const unknown = await request(testApp.app)
      .post("/login")
      .type("form")
      .send({ email: "nobody@example.cn", password: "whatever1" });
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain("邮箱或密码不正确。");
  });

  it("signs in and redirects to a same-site next path", async () => {
    const { email } = await registerThroughPage("enterprise");
    const form = await request(testApp.app).get("/login?next=%2Fneeds%3Fmine%3D1");
    expect(form.text).toContain(`name="next" value="${attr("/needs?mine=1")}"`);
    const agent = request.agent(testApp.app);
    const response = await agent.post("/login").type("form").send({ email, password, next: "/needs?mine=1" });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("/needs?mine=1");
    const mine = await agent.get("/needs?mine=1");
    expect(mine.status).toBe(200);
    expect(mine.text).toContain("我的需求");
  });

  it.each(["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "needs"])(
    "refuses to redirect to %s after signing in",
    async (next) => {
      const { email } = await registerThroughPage("enterprise");
      const response = await request(testApp.app).post("/login").type("form").send({ email, password, next });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe("/");
    },
  );

  it("re-renders the register form with field messages and the user's input (status 400)", async () => {
    const response = await request(testApp.app)
      .post("/register")
      .type("form")
      .send({ role: "enterprise", name: "", email: "not-an-email", password: "short", organizationName: "榕城智造" });
    expect(response.status).toBe(400);
    expect(response.text).toContain("请检查表单。");
    expect(response.text).toContain("请填写此项。");
    expect(response.text).toContain("请输入有效的邮箱地址。");
    expect(response.text).toContain("至少需要 8 个字符。");
    expect(response.text).toContain('value="not-an-email"');
    expect(response.text).toContain('value="榕城智造"');
    expect(response.text).toContain('name="role" value="enterprise" checked');
    expect(response.text).toContain('aria-invalid="true" aria-describedby="email-error"');
  });

  it("registers an enterprise, signs it in and sends it to the need form", async () => {
    const { agent, email, location } = await registerThroughPage("enterprise");
    expect(location).toBe("/needs/new");
    const user = await testApp.database.db.user.findUnique({ where: { email }, include: { organization: true } });
    expect(user?.role).toBe("enterprise");
    expect(user?.organization?.name).toBe("闽江新材料有限公司");
    const form = await agent.get("/needs/new");
    expect(form.status).toBe(200);
    expect(form.text).toContain("发布技术需求");
  });

  it("registers an expert and sends them to their profile edit page", async () => {
    const { agent, email, location } = await registerThroughPage("expert");
    const user = await testApp.database.db.user.findUnique({ where: { email }, include: { expert: true } });
    expect(location).toBe(`/experts/${user!.expert!.id}/edit`);
    const edit = await agent.get(location);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain("编辑专家档案");
  });

  it("tells the user when the email is already registered", async () => {
    const { email } = await registerThroughPage("enterprise");
    const response = await request(testApp.app)
      .post("/register")
      .type("form")
      .send({ role: "expert", name: "重复", email, password });
    expect(response.status).toBe(409);
    expect(response.text).toContain("该邮箱已注册");
  });

  it("logs out with a POST carrying the CSRF token", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const csrf = await csrfOf(agent);
    const response = await agent.post("/logout").type("form").send({ _csrf: csrf });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("/");
    const after = await agent.get("/needs/new");
    expect(after.status).toBe(303);
  });

  it("sends signed-out visitors of signed-in-only pages to the login page and back", async () => {
    const response = await request(testApp.app).get("/needs/new");
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("/login?next=%2Fneeds%2Fnew");
    const mine = await request(testApp.app).get("/needs?mine=1");
    expect(mine.headers.location).toBe("/login?next=%2Fneeds%3Fmine%3D1");
  });
});

describe("need pages", () => {
  it("posts a need through the form (CSRF token from the form), redirects to it and lists it", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const formPage = await agent.get("/needs/new");
    expect(formPage.text).toContain('<option value="assist">科技创新助力工程</option>');
    expect(formPage.text).toContain('name="status" value="draft"');
    expect(formPage.text).toContain('name="status" value="open"');
    const response = await agent
      .post("/needs")
      .type("form")
      .send({ ...needForm(), _csrf: csrfFrom(formPage.text) });
    expect(response.status).toBe(303);
    const id = Number(/^\/needs\/(\d+)$/.exec(response.headers.location as string)?.[1]);

    const row = await testApp.database.db.need.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("open");
    expect(row.enterprise).toBe("闽江新材料有限公司");
    expect(JSON.parse(row.keywords)).toEqual(["氮化铝", "陶瓷基板", "烧结", "功率模块"]);
    expect(row.confidential).toBe(false);

    const detail = await agent.get(`/needs/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain("高导热氮化铝陶瓷基板烧结工艺优化");
    expect(detail.text).toContain("低温烧结时致密度不足。");
    expect(detail.text).toContain("征集中");
    expect(detail.text).toContain("科技创新助力工程");
    expect(detail.text).toContain(`href="/needs/${id}/edit"`);
    // the owner can move it on: open → in progress / closed
    expect(detail.text).toContain('name="status" value="in_progress"');
    expect(detail.text).toContain('name="status" value="closed"');

    const list = await request(testApp.app).get("/needs");
    expect(list.text).toContain(`href="/needs/${id}"`);
    expect(list.text).toContain('class="badge status-open"');
    expect(list.text).toContain('class="badge badge-track"');
  });

  it("saves a draft that only its owner can see; to others it does not exist (404)", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const csrf = await csrfOf(agent, "/needs/new");
    const response = await agent
      .post("/needs")
      .type("form")
      .send({ ...needForm({ title: "尚未公开的草稿需求", status: "draft" }), _csrf: csrf });
    const path = response.headers.location as string;
    expect((await agent.get(path)).text).toContain("草稿");
    const other = await registerThroughPage("expert");
    const hidden = await other.agent.get(path).set("Accept", "text/html");
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain("没有访问权限");
    expect((await request(testApp.app).get(path)).status).toBe(404);
    expect((await request(testApp.app).get("/needs")).text).not.toContain("尚未公开的草稿需求");
  });

  it("re-renders the need form with messages and the user's input when it has mistakes", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const csrf = await csrfOf(agent, "/needs/new");
    const before = await testApp.database.db.need.count();
    const response = await agent
      .post("/needs")
      .type("form")
      .send({ ...needForm({ title: "   ", track: "no-such-track", confidential: "on" }), _csrf: csrf });
    expect(response.status).toBe(400);
    expect(response.text).toContain("请检查表单。");
    expect(response.text).toMatch(/id="title-error">请填写此项。/);
    expect(response.text).toContain("企业生产功率模块用陶瓷基板，现有产品导热率偏低。");
    expect(response.text).toContain('value="氮化铝，陶瓷基板、烧结；功率模块"');
    expect(response.text).toContain('name="confidential" type="checkbox" value="on" checked');
    expect(await testApp.database.db.need.count()).toBe(before);

    const unknownTrack = await agent
      .post("/needs")
      .type("form")
      .send({ ...needForm({ track: "no-such-track" }), _csrf: csrf });
    expect(unknownTrack.status).toBe(400);
    expect(unknownTrack.text).toMatch(/id="track-error">请选择一个有效的选项。/);
  });

  it("refuses form posts without a valid CSRF token (403) and writes nothing", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const before = await testApp.database.db.need.count();
    const missing = await agent.post("/needs").type("form").set("Accept", "text/html").send(needForm());
    expect(missing.status).toBe(403);
    // The need form comes back with what was typed and why it was not saved (kept-input.test.ts).
    expect(missing.text).toContain("表单没有保存：页面的安全校验已过期");
    const wrong = await agent
      .post("/needs")
      .type("form")
      .send({ ...needForm(), _csrf: "forged-token" });
    expect(wrong.status).toBe(403);
    const logout = await agent.post("/logout").type("form").send({});
    expect(logout.status).toBe(403);
    expect(await testApp.database.db.need.count()).toBe(before);
  });

  it("escapes user text containing <script> everywhere it is shown", async () => {
    const { agent } = await registerThroughPage("enterprise", { organizationName: "<b>坏公司</b>" });
    const csrf = await csrfOf(agent, "/needs/new");
    const response = await agent
      .post("/needs")
      .type("form")
      .send({
        ...needForm({
          title: '<script>alert("x")</script>需求',
          description: "<img src=x onerror=alert(1)>",
          keywords: "<i>k</i>",
        }),
        _csrf: csrf,
      });
    const path = response.headers.location as string;
    for (const page of [
      await agent.get(path),
      await request(testApp.app).get("/needs"),
      await request(testApp.app).get("/"),
    ]) {
      expect(page.text).not.toContain("<script>alert");
      expect(page.text).not.toContain("<img src=x");
      expect(page.text).not.toContain("<b>坏公司</b>");
      expect(page.text).toContain(attr('<script>alert("x")</script>需求'));
    }
    const detail = await agent.get(path);
    expect(detail.text).toContain(attr("<img src=x onerror=alert(1)>"));
  });

  it("shows a confidential need to others as title, discipline and region with a notice", async () => {
    const owner = await registerThroughPage("enterprise");
    const csrf = await csrfOf(owner.agent, "/needs/new");
    const response = await owner.agent
      .post("/needs")
      .type("form")
      .send({
        ...needForm({
          title: "保密的电池隔膜涂覆需求",
          description: "机密背景描述文字",
          difficulty: "机密技术难点文字",
          target: "机密指标",
          confidential: "on",
        }),
        _csrf: csrf,
      });
    const path = response.headers.location as string;
    const ownerView = await owner.agent.get(path);
    expect(ownerView.text).toContain("机密背景描述文字");
    expect(ownerView.text).toContain("授权专家");

    const expert = await registerThroughPage("expert");
    for (const viewer of [expert.agent, request(testApp.app)]) {
      const page = await viewer.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain("保密的电池隔膜涂覆需求");
      expect(page.text).toContain("材料科学与工程");
      expect(page.text).toContain("福州");
      expect(page.text).toContain("这是一条保密需求");
      expect(page.text).not.toContain("机密背景描述文字");
      expect(page.text).not.toContain("机密技术难点文字");
      expect(page.text).not.toContain("机密指标");
      expect(page.text).not.toContain("闽江新材料有限公司");
      expect(page.text).not.toContain("/edit");
    }
    const list = await expert.agent.get("/needs");
    expect(list.text).toContain("保密的电池隔膜涂覆需求");
    expect(list.text).toContain("need-card--redacted");
    expect(list.text).not.toContain("机密背景描述文字");

    // the owner approves the expert by id; then the expert reads it in full
    const expertUser = await testApp.database.db.user.findUniqueOrThrow({
      where: { email: expert.email },
      include: { expert: true },
    });
    const expertId = expertUser.expert!.id;
    const approve = await owner.agent
      .post(`${path}/access`)
      .type("form")
      .send({ expertId: String(expertId), _csrf: csrfFrom(ownerView.text) });
    expect(approve.status).toBe(303);
    const approvedList = await owner.agent.get(path);
    expect(approvedList.text).toContain(`href="/experts/${expertId}"`);
    expect((await expert.agent.get(path)).text).toContain("机密背景描述文字");

    const unknown = await owner.agent
      .post(`${path}/access`)
      .type("form")
      .send({ expertId: "99999999", _csrf: csrfFrom(ownerView.text) });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("找不到该编号的专家。");
    const notANumber = await owner.agent
      .post(`${path}/access`)
      .type("form")
      .send({ expertId: "abc", _csrf: csrfFrom(ownerView.text) });
    // Not a number: the picker's no-script path looks the text up as a name.
    expect(notANumber.status).toBe(400);
    expect(notANumber.text).toContain("没有找到名为“abc”的专家。");

    const revoke = await owner.agent
      .post(`${path}/access/${expertId}/revoke`)
      .type("form")
      .send({ _csrf: csrfFrom(ownerView.text) });
    expect(revoke.status).toBe(303);
    expect((await expert.agent.get(path)).text).not.toContain("机密背景描述文字");
  });

  it("moves a need through the status workflow with the buttons the owner sees", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const csrf = await csrfOf(agent, "/needs/new");
    const path = (
      await agent
        .post("/needs")
        .type("form")
        .send({ ...needForm({ status: "draft" }), _csrf: csrf })
    ).headers.location as string;
    expect((await agent.get(path)).text).toContain('name="status" value="open"');
    expect((await agent.post(`${path}/status`).type("form").send({ status: "open", _csrf: csrf })).status).toBe(303);
    expect((await agent.post(`${path}/status`).type("form").send({ status: "in_progress", _csrf: csrf })).status).toBe(
      303,
    );
    const detail = await agent.get(path);
    expect(detail.text).toContain("对接中");
    expect(detail.text).toContain('name="status" value="solved"');
    const id = Number(path.split("/").pop());
    expect((await testApp.database.db.need.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");
    const invalid = await agent
      .post(`${path}/status`)
      .type("form")
      .set("Accept", "text/html")
      .send({ status: "draft", _csrf: csrf });
    expect(invalid.status).toBe(409);
    // Not a bare error page: the need's page as it is now, saying why nothing changed.
    expect(invalid.text).toContain("状态未变更：这条需求现在是“对接中”，可能刚在其他页面中改过。");
    expect(invalid.text).toContain('name="status" value="solved"');
    // A page left open while the need was closed elsewhere (or a second click) says the same in English.
    expect((await agent.post(`${path}/status`).type("form").send({ status: "closed", _csrf: csrf })).status).toBe(303);
    const stale = await agent.post(`${path}/status?lang=en`).type("form").send({ status: "solved", _csrf: csrf });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("The status was not changed: this need is now “Closed”");
    expect(stale.text).toContain('name="status" value="open"');
    expect((await testApp.database.db.need.findUniqueOrThrow({ where: { id } })).status).toBe("closed");

    const stranger = await registerThroughPage("enterprise");
    const strangerCsrf = await csrfOf(stranger.agent);
    const refused = await stranger.agent
      .post(`${path}/status`)
      .type("form")
      .send({ status: "closed", _csrf: strangerCsrf });
    expect(refused.status).toBe(403);
    expect((await stranger.agent.get(path)).text).not.toContain(`action="${path}/status"`);
  });

  it("edits a need through its form and refuses the edit form to others", async () => {
    const { agent } = await registerThroughPage("enterprise");
    const csrf = await csrfOf(agent, "/needs/new");
    const path = (
      await agent
        .post("/needs")
        .type("form")
        .send({ ...needForm(), _csrf: csrf })
    ).headers.location as string;
    const edit = await agent.get(`${path}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="高导热氮化铝陶瓷基板烧结工艺优化"');
    expect(edit.text).toContain('value="氮化铝、陶瓷基板、烧结、功率模块"');
    const invalid = await agent
      .post(path)
      .type("form")
      .send({ ...needForm({ title: "" }), _csrf: csrf });
    expect(invalid.status).toBe(400);
    const saved = await agent
      .post(path)
      .type("form")
      .send({ ...needForm({ title: "修改后的需求标题", region: "厦门" }), _csrf: csrf });
    expect(saved.status).toBe(303);
    const id = Number(path.split("/").pop());
    const row = await testApp.database.db.need.findUniqueOrThrow({ where: { id } });
    expect(row.title).toBe("修改后的需求标题");
    expect(row.region).toBe("厦门");
    expect(row.enterprise).toBe("闽江新材料有限公司");

    const other = await registerThroughPage("enterprise");
    expect((await other.agent.get(`${path}/edit`)).status).toBe(403);
    const expert = await registerThroughPage("expert");
    expect((await expert.agent.get("/needs/new")).status).toBe(403);
  });

  it("filters the list and keeps the filters in the pagination links", async () => {
    const enterprise = await signUp(testApp.app, testApp.container);
    for (let i = 1; i <= 12; i += 1) {
      await enterprise.agent
        .post("/api/needs")
        .set("X-CSRF-Token", enterprise.csrfToken)
        .send(buildNeed({ title: `分页测试需求 ${i}`, region: "宁德", discipline: "电化学" }));
    }
    const first = await request(testApp.app).get("/needs?region=%E5%AE%81%E5%BE%B7&status=open");
    expect(first.status).toBe(200);
    expect(first.text).toContain("共 12 条 · 第 1/2 页");
    expect(first.text).toContain(`href="${attr("/needs?status=open&region=%E5%AE%81%E5%BE%B7&page=2")}"`);
    expect(first.text).toContain('<option value="open" selected>征集中</option>');
    const second = await request(testApp.app).get("/needs?region=%E5%AE%81%E5%BE%B7&status=open&page=2");
    expect(second.text).toContain("共 12 条 · 第 2/2 页");
    expect(second.text).toContain("分页测试需求 1");
    const none = await request(testApp.app).get("/needs?region=%E5%AE%81%E5%BE%B7&status=solved");
    expect(none.text).toContain("没有符合条件的需求");
    const badFilters = await request(testApp.app).get("/needs?status=bogus&page=-3&track=nope");
    expect(badFilters.status).toBe(200);
  });
});

describe("expert pages", () => {
  it("lists experts with filters and shows a profile with publications and technologies", async () => {
    const society = await testApp.container.referenceData.createSociety(
      { userId: 0, role: "organizer", expertId: null },
      { name: "省材料学会", nameEn: "", discipline: "材料", description: "", descriptionEn: "" },
    );
    const expert = await testApp.container.experts.create(
      { userId: 0, role: "organizer", expertId: null },
      {
        name: "陈立新",
        organization: "福州大学",
        title: "教授",
        region: "福州",
        disciplines: ["材料科学与工程"],
        keywords: ["陶瓷材料", "烧结"],
        bio: "长期从事先进陶瓷研究。",
        languages: ["中文", "英语"],
        capacity: 4,
        societyIds: [society.id],
        publications: [
          { type: "paper", title: "氮化铝低温烧结研究", abstract: "", year: 2021, keywords: [] },
          { type: "patent", title: "一种陶瓷基板制备方法", abstract: "", year: 2023, keywords: [] },
        ],
      },
    );
    await testApp.container.technologies.create(
      { userId: 0, role: "organizer", expertId: null },
      {
        title: "低温共烧陶瓷技术",
        abstract: "可用于功率模块。",
        keywords: ["LTCC"],
        discipline: "材料",
        maturity: 6,
        transferModes: ["license", "cooperation"],
        ownerId: expert.id,
      },
    );

    const list = await request(testApp.app).get(`/experts?societyId=${society.id}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain("陈立新");
    expect(list.text).toContain(`<option value="${society.id}" selected>省材料学会</option>`);
    expect((await request(testApp.app).get("/experts?region=%E5%8E%A6%E9%97%A8")).text).not.toContain("陈立新");

    const profile = await request(testApp.app).get(`/experts/${expert.id}`);
    expect(profile.status).toBe(200);
    for (const text of [
      "福州大学",
      "教授",
      "陶瓷材料",
      "长期从事先进陶瓷研究。",
      "中文、英语",
      "省材料学会",
      "可同时对接 4 项需求",
    ]) {
      expect(profile.text).toContain(text);
    }
    expect(profile.text).toMatch(/论文[\s\S]*氮化铝低温烧结研究[\s\S]*2021/);
    expect(profile.text).toMatch(/专利[\s\S]*一种陶瓷基板制备方法/);
    expect(profile.text).toContain("低温共烧陶瓷技术");
    expect(profile.text).toContain("技术成熟度 TRL 6/9");
    expect(profile.text).not.toContain(`/experts/${expert.id}/edit`);
  });

  it("lets an expert edit their own profile through the form", async () => {
    const { agent, location } = await registerThroughPage("expert");
    const id = Number(location.split("/")[2]);
    const society = await testApp.container.referenceData.createSociety(
      { userId: 0, role: "organizer", expertId: null },
      { name: `省化学会 ${id}`, nameEn: "", discipline: "化学", description: "", descriptionEn: "" },
    );
    const form = await agent.get(location);
    expect(form.text).toContain(`省化学会 ${id}`);
    const csrf = csrfFrom(form.text);
    const invalid = await agent
      .post(`/experts/${id}`)
      .type("form")
      .send({ name: "林教授", capacity: "很多", _csrf: csrf });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain("请输入数字。");
    expect(invalid.text).toContain('value="很多"');
    const saved = await agent
      .post(`/experts/${id}`)
      .type("form")
      .send({
        name: "林教授",
        organization: "厦门大学",
        title: "研究员",
        region: "厦门",
        disciplines: "化学工程，材料",
        keywords: "膜分离 催化",
        bio: "研究膜材料。",
        languages: "中文、英语",
        capacity: "5",
        societyIds: String(society.id),
        _csrf: csrf,
      });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/experts/${id}`);
    const updated = await testApp.container.experts.get(id);
    expect(updated).toMatchObject({
      organization: "厦门大学",
      disciplines: ["化学工程", "材料"],
      keywords: ["膜分离", "催化"],
      capacity: 5,
    });
    expect(updated.societies.map((s) => s.id)).toEqual([society.id]);
    const profile = await agent.get(`/experts/${id}`);
    expect(profile.text).toContain(`href="/experts/${id}/edit"`);

    const other = await registerThroughPage("expert");
    expect((await other.agent.get(`/experts/${id}/edit`)).status).toBe(403);
  });
});

describe("a page past the last of a list", () => {
  it("says so and links the last page on the experts, needs and technologies lists, in both languages", async () => {
    const organizer = await signUp(testApp.app, testApp.container, { role: "organizer" });
    await organizer.agent.post("/api/experts").set("X-CSRF-Token", organizer.csrfToken).send({ name: "页码测试专家" });
    await organizer.agent
      .post("/api/technologies")
      .set("X-CSRF-Token", organizer.csrfToken)
      .send({ title: "页码测试成果" });
    // More than a page of needs, so that the last page's link carries ?page= (whatever else the file made).
    for (let i = 0; i < 11; i++) {
      await organizer.agent.post("/api/needs").set("X-CSRF-Token", organizer.csrfToken).send(buildNeed());
    }
    for (const list of ["experts", "needs", "technologies"]) {
      const zh = await request(testApp.app).get(`/${list}?page=5000`);
      const pages = Number(/第 5000\/(\d+) 页/.exec(zh.text)?.[1]);
      const lastHref = pages > 1 ? `/${list}?page=${pages}` : `/${list}`;
      expect(zh.status, list).toBe(200);
      expect(zh.text, list).toContain("没有第 5000 页");
      expect(zh.text, list).toContain(`href="${attr(lastHref)}">查看最后一页</a>`);
      expect(zh.text, list).not.toMatch(/没有符合条件的|还没有/);
      const en = await request(testApp.app).get(`/${list}?page=5000&lang=en`);
      expect(en.text, list).toContain("There is no page 5000");
      expect(en.text, list).toContain(`href="${attr(lastHref)}">Go to the last page</a>`);
    }
  });
});

describe("technology pages", () => {
  it("lets an expert add a technology and shows readiness and transfer modes in Chinese", async () => {
    const { agent } = await registerThroughPage("expert");
    const form = await agent.get("/technologies/new");
    expect(form.status).toBe(200);
    const csrf = csrfFrom(form.text);
    const invalid = await agent.post("/technologies").type("form").send({ title: "", maturity: "12", _csrf: csrf });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toMatch(/id="title-error">请填写此项。/);
    const response = await agent
      .post("/technologies")
      .type("form")
      .send({
        title: "膜蒸馏海水淡化装置",
        abstract: "低能耗。",
        keywords: "膜蒸馏、海水淡化",
        discipline: "化学工程",
        maturity: "6",
        transferModes: ["license", "service"],
        _csrf: csrf,
      });
    expect(response.status).toBe(303);
    const detail = await agent.get(response.headers.location as string);
    expect(detail.text).toContain("膜蒸馏海水淡化装置");
    expect(detail.text).toContain("技术成熟度 TRL 6/9");
    expect(detail.text).toContain("专利许可");
    expect(detail.text).toContain("技术服务");
    expect(detail.text).toContain('href="/experts/');

    const list = await request(testApp.app).get("/technologies?maturityMin=5");
    expect(list.text).toContain("膜蒸馏海水淡化装置");
    expect((await request(testApp.app).get("/technologies?maturityMin=7")).text).not.toContain("膜蒸馏海水淡化装置");

    const enterprise = await registerThroughPage("enterprise");
    expect((await enterprise.agent.get("/technologies/new")).status).toBe(403);
  });

  it("lets the owner edit a technology from its page, keeping what was typed when a field is refused", async () => {
    const owner = await signUp(testApp.app, testApp.container, { role: "expert", name: "郑海燕" });
    const created = await owner.agent
      .post("/api/technologies")
      .set("X-CSRF-Token", owner.csrfToken)
      .send({ title: "海水淡化膜组件", keywords: ["膜蒸馏"], maturity: 4, transferModes: ["license"] });
    const id = (created.body as { id: number }).id;

    const detail = await owner.agent.get(`/technologies/${id}`);
    expect(detail.text).toContain(`href="/technologies/${id}/edit"`);
    expect((await request(testApp.app).get(`/technologies/${id}`)).text).not.toContain(`/technologies/${id}/edit`);

    const form = await owner.agent.get(`/technologies/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain("编辑科技成果");
    expect(form.text).toContain(`action="/technologies/${id}"`);
    expect(form.text).toContain('value="海水淡化膜组件"');
    expect(form.text).toMatch(/<option value="4" selected>/);
    expect(form.text).not.toContain('name="ownerId"');
    const csrf = csrfFrom(form.text);

    const refused = await owner.agent
      .post(`/technologies/${id}`)
      .type("form")
      .send({ title: "", keywords: "膜蒸馏、反渗透", maturity: "6", _csrf: csrf });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="title-error">请填写此项。/);
    expect(refused.text).toContain('value="膜蒸馏、反渗透"');
    expect(refused.text).toContain(`<a href="/technologies/${id}">海水淡化膜组件</a>`);

    const saved = await owner.agent.post(`/technologies/${id}`).type("form").send({
      title: "低能耗海水淡化膜组件",
      keywords: "膜蒸馏、反渗透",
      maturity: "6",
      transferModes: "service",
      _csrf: csrf,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/technologies/${id}`);
    expect((await owner.agent.get(`/technologies/${id}`)).text).toContain("科技成果已保存。");
    const stored = await testApp.container.technologies.get(id);
    expect(stored).toMatchObject({
      title: "低能耗海水淡化膜组件",
      keywords: ["膜蒸馏", "反渗透"],
      maturity: 6,
      transferModes: ["service"],
      owner: { id: owner.expertId },
    });

    const other = await signUp(testApp.app, testApp.container, { role: "expert" });
    expect((await other.agent.get(`/technologies/${id}/edit`)).status).toBe(403);
    const otherCsrf = csrfFrom((await other.agent.get("/technologies/new")).text);
    const forbidden = await other.agent
      .post(`/technologies/${id}`)
      .type("form")
      .send({ title: "改名", _csrf: otherCsrf });
    expect(forbidden.status).toBe(403);
    expect((await testApp.container.technologies.get(id)).title).toBe("低能耗海水淡化膜组件");
  });

  it("lets an organizer change or clear a technology's owner, and names a wrong owner beside the other problems", async () => {
    const organizer = await signUp(testApp.app, testApp.container, { role: "organizer" });
    const expert = await signUp(testApp.app, testApp.container, { role: "expert", name: "吴承泽" });
    const created = await organizer.agent
      .post("/api/technologies")
      .set("X-CSRF-Token", organizer.csrfToken)
      .send({ title: "茶叶智能揉捻机", ownerId: expert.expertId });
    const id = (created.body as { id: number }).id;
    const form = await organizer.agent.get(`/technologies/${id}/edit`);
    expect(form.text).toContain(`name="ownerId" type="text" data-expert-picker value="${expert.expertId}"`);
    const csrf = csrfFrom(form.text);

    const refused = await organizer.agent
      .post(`/technologies/${id}`)
      .type("form")
      .send({ title: "", ownerId: "查无此人的名字", _csrf: csrf });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="title-error">请填写此项。/);
    expect(refused.text).toMatch(/id="ownerId-error">[^<]*查无此人的名字/);

    const cleared = await organizer.agent
      .post(`/technologies/${id}`)
      .type("form")
      .send({ title: "茶叶智能揉捻机", ownerId: "", _csrf: csrf });
    expect(cleared.status).toBe(303);
    expect((await testApp.container.technologies.get(id)).owner).toBeNull();
  });
});
