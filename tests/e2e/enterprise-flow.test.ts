import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { uniqueEmail } from "../support/factories.js";
import { chromiumAvailable, chromiumPath, launchBrowser, screenshotPath } from "../support/browser.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumAvailable();
if (!hasChromium) {
  console.warn(
    `[e2e] Skipping the enterprise flow: no Chromium at ${chromiumPath} (set CHROMIUM_PATH or apt-get install chromium).`,
  );
}

const password = "correct horse battery";

describe.skipIf(!hasChromium)("enterprise flow in Chromium", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let openNeedPath = "";
  let confidentialNeedPath = "";

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
    // Console errors include CSP violations (inline scripts or styles would show up here);
    // failed requests are reported with their URL (browsers ask for /favicon.ico on their own).
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
        problems.push(message.text());
    });
    page.on("response", (response) => {
      if (response.status() >= 400 && !response.url().endsWith("/favicon.ico"))
        problems.push(`${response.status()} ${response.url()}`);
    });
    page.on("pageerror", (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const url = (path: string) => `${server.baseUrl}${path}`;
  const heading = async () => (await page.getByRole("heading", { level: 1 }).textContent())?.trim();

  async function postNeed(fields: { title: string; description: string; difficulty: string; confidential?: boolean }) {
    await page.goto(url("/needs/new"));
    await page.getByLabel("需求名称").fill(fields.title);
    await page.getByLabel("所属学科").fill("材料科学与工程");
    await page.getByLabel("所属行业").fill("电子信息");
    await page.getByLabel("所在地区").fill("福州");
    await page.getByLabel("服务项目").selectOption("assist");
    await page.getByLabel("关键词").fill("氮化铝，陶瓷基板、烧结");
    await page.getByLabel("需求背景").fill(fields.description);
    await page.getByLabel("技术难点").fill(fields.difficulty);
    await page.getByLabel("目标指标").fill("热导率 ≥ 170 W/(m·K)");
    if (fields.confidential) await page.getByLabel("设为保密需求").check();
    await Promise.all([
      page.waitForURL(/\/needs\/\d+$/),
      page.getByRole("button", { name: "发布", exact: true }).click(),
    ]);
    return new URL(page.url()).pathname;
  }

  it("registers an enterprise through the register page", async () => {
    await page.goto(url("/"));
    await page.screenshot({ path: screenshotPath("home"), fullPage: true });
    await page.getByRole("link", { name: "注册", exact: true }).click();
    await page.getByRole("radio", { name: /^企业用户/ }).check();
    await page.getByLabel("姓名").fill("王经理");
    await page.getByLabel("单位名称").fill("闽江新材料有限公司");
    await page.getByLabel("邮箱").fill(uniqueEmail("e2e-enterprise"));
    await page.getByLabel("密码").fill(password);
    await Promise.all([page.waitForURL(/\/needs\/new$/), page.getByRole("button", { name: "注册并登录" }).click()]);
    expect(await page.locator(".user-name").textContent()).toBe("王经理");
  });

  it("posts an open need through the form and sees it on the needs list", async () => {
    openNeedPath = await postNeed({
      title: "高导热氮化铝陶瓷基板烧结工艺优化",
      description: "企业生产功率模块用陶瓷基板，现有产品导热率偏低。",
      difficulty: "低温烧结时致密度不足，晶界相控制困难。",
    });
    expect(await heading()).toBe("高导热氮化铝陶瓷基板烧结工艺优化");
    expect(await page.locator(".detail-header .status-open").textContent()).toBe("征集中");
    await page.screenshot({ path: screenshotPath("need-detail-owner"), fullPage: true });

    await page.getByRole("link", { name: "技术需求", exact: true }).first().click();
    await page.waitForURL(url("/needs"));
    expect(await page.getByRole("link", { name: "高导热氮化铝陶瓷基板烧结工艺优化" }).isVisible()).toBe(true);
  });

  it("posts a second need marked confidential", async () => {
    confidentialNeedPath = await postNeed({
      title: "新能源电池隔膜陶瓷涂覆技术攻关",
      description: "保密背景：现有隔膜热收缩率过高。",
      difficulty: "保密难点：涂层附着力与透气度难以兼顾。",
      confidential: true,
    });
    expect(await page.locator(".detail-header .badge-confidential").isVisible()).toBe(true);
    await page.goto(url("/needs"));
    expect(await page.locator(".need-card").count()).toBe(2);
    await page.screenshot({ path: screenshotPath("needs-list"), fullPage: true });
  });

  it("logs out", async () => {
    await Promise.all([page.waitForURL(url("/")), page.getByRole("button", { name: "退出" }).click()]);
    expect(await page.getByRole("link", { name: "登录", exact: true }).isVisible()).toBe(true);
    expect(await page.locator(".user-name").count()).toBe(0);
  });

  it("registers an expert who sees only the public part of the confidential need", async () => {
    await page.goto(url("/register"));
    await page.getByRole("radio", { name: /^专家/ }).check();
    expect(await page.getByLabel("单位名称").isHidden()).toBe(true);
    await page.getByLabel("姓名").fill("林晓峰");
    await page.getByLabel("邮箱").fill(uniqueEmail("e2e-expert"));
    await page.getByLabel("密码").fill(password);
    await Promise.all([
      page.waitForURL(/\/experts\/\d+\/edit$/),
      page.getByRole("button", { name: "注册并登录" }).click(),
    ]);
    await page.screenshot({ path: screenshotPath("expert-edit"), fullPage: true });

    await page.getByLabel("职称").fill("教授");
    await page.getByLabel("工作单位").fill("福州大学材料科学与工程学院");
    await page.getByLabel("所在地区").fill("福州");
    await page.getByLabel("研究领域").fill("材料科学与工程、无机非金属材料");
    await page.getByLabel("专长关键词").fill("先进陶瓷 烧结 氮化铝 热管理");
    await page
      .getByLabel("个人简介")
      .fill("长期从事先进结构与功能陶瓷研究，主持国家自然科学基金项目多项，与多家企业开展产学研合作。");
    await page.getByLabel("工作语言").fill("中文，英语");
    await Promise.all([page.waitForURL(/\/experts\/\d+$/), page.getByRole("button", { name: "保存修改" }).click()]);
    expect(await heading()).toBe("林晓峰");
    await page.screenshot({ path: screenshotPath("expert-profile"), fullPage: true });

    await page.goto(url(confidentialNeedPath));
    expect(await heading()).toBe("新能源电池隔膜陶瓷涂覆技术攻关");
    const main = await page.locator("main").innerText();
    expect(main).toContain("材料科学与工程");
    expect(main).toContain("福州");
    expect(main).toContain("这是一条保密需求");
    expect(main).not.toContain("保密背景");
    expect(main).not.toContain("保密难点");
    expect(main).not.toContain("闽江新材料有限公司");
    await page.screenshot({ path: screenshotPath("need-detail-confidential"), fullPage: true });

    await page.goto(url(openNeedPath));
    expect(await page.locator("main").innerText()).toContain("低温烧结时致密度不足");
    await page.screenshot({ path: screenshotPath("need-detail-expert"), fullPage: true });

    await page.goto(url("/"));
    expect(await page.locator(".need-card").count()).toBe(2);
    expect(await page.locator(".need-card--redacted").count()).toBe(1);
    await page.screenshot({ path: screenshotPath("home-signed-in"), fullPage: true });
  });

  it("raised no console errors, CSP violations or failed requests", () => {
    expect(problems).toEqual([]);
  });
});
