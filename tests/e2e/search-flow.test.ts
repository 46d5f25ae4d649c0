import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildNeed, signUp, write } from "../support/factories.js";
import { chromiumAvailable, chromiumPath, launchBrowser, screenshotPath } from "../support/browser.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const hasChromium = chromiumAvailable();
if (!hasChromium) {
  console.warn(
    `[e2e] Skipping the search flow: no Chromium at ${chromiumPath} (set CHROMIUM_PATH or apt-get install chromium).`,
  );
}

/** A small, realistic knowledge base: Traditional and Simplified records, a confidential need. */
async function seed(server: RunningTestServer): Promise<void> {
  const { app, container } = server;
  const organizer = await signUp(app, container, { role: "organizer", name: "省科协管理员" });
  const enterprise = await signUp(app, container, { role: "enterprise", organizationName: "宁德时新能源材料有限公司" });
  const expert = await signUp(app, container, { role: "expert", name: "陳建宏" });
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
    title: "教授",
    organization: "國立成功大學化學工程學系",
    region: "台湾",
    disciplines: ["材料科学与工程", "化学工程"],
    keywords: ["固態電解質", "鋰電池", "正極材料", "電池安全"],
    bio: "長期從事鋰離子電池正極材料與固態電解質研究，主持多項產學合作計畫，協助企業改善電池循環壽命與熱失控安全性，近年關注鈉離子電池與電池回收。",
  });
  const experts = [
    {
      name: "林晓峰",
      title: "研究员",
      organization: "中国科学院福建物质结构研究所",
      region: "福州",
      disciplines: ["材料科学与工程"],
      keywords: ["锂电池", "电解液", "界面化学"],
      bio: "从事锂电池电解液与电极界面研究，开发高电压电解液添加剂，与省内多家电池企业开展合作。",
    },
    {
      name: "黄志明",
      title: "教授级高级工程师",
      organization: "厦门钨业股份有限公司",
      region: "厦门",
      disciplines: ["冶金工程"],
      keywords: ["正极材料", "钴酸锂", "湿法冶金"],
      bio: "长期负责锂电池正极材料产业化，熟悉前驱体共沉淀、烧结与废旧电池回收工艺。",
    },
    {
      name: "Dr. Alice Tan",
      title: "Associate Professor",
      organization: "National University of Singapore",
      region: "新加坡",
      disciplines: ["计算机科学与技术"],
      keywords: ["battery health", "machine learning"],
      bio: "Works on machine learning for lithium battery health estimation and fault diagnosis.",
    },
  ];
  for (const fields of experts) await write(organizer, "post", "/api/experts").send(fields);
  await write(enterprise, "post", "/api/needs").send(
    buildNeed({
      title: "锂电池正极材料低成本制备工艺",
      description:
        "企业计划扩产磷酸铁锂正极材料，现有固相烧结工艺能耗高、批次一致性差，希望与高校专家合作优化锂电池正极材料烧结曲线与包覆工艺，降低单位能耗 15% 以上。",
      keywords: ["锂电池", "正极材料", "烧结"],
      discipline: "化学工程",
      industry: "新能源",
      region: "宁德",
      track: "assist",
    }),
  );
  await write(enterprise, "post", "/api/needs").send(
    buildNeed({
      title: "动力电池热失控预警算法",
      description: "需要基于电池管理系统数据，提前识别动力电池热失控风险，误报率低于 1%。",
      keywords: ["电池管理", "热失控"],
      discipline: "计算机科学与技术",
      industry: "新能源汽车",
      region: "福州",
      track: "assist",
    }),
  );
  await write(enterprise, "post", "/api/needs").send(
    buildNeed({
      title: "退役电池回收关键技术",
      description: "保密背景：含商业秘密的湿法冶金流程。",
      difficulty: "保密难点：锂回收率不足。",
      keywords: ["回收"],
      region: "宁德",
      confidential: true,
    }),
  );
  await write(expert, "post", "/api/technologies").send({
    title: "固態電解質鋰電池技術",
    abstract:
      "以硫化物固態電解質取代液態電解液，在不犧牲倍率性能的前提下提升鋰電池能量密度與安全性，已完成軟包電芯百次循環驗證，可提供技術授權與合作開發。",
    maturity: 6,
    discipline: "材料科学与工程",
    transferModes: ["license", "cooperation"],
  });
  await write(organizer, "post", "/api/technologies").send({
    title: "锂电池健康状态在线评估系统",
    abstract: "基于电化学阻抗与机器学习的锂电池健康状态评估，已在储能电站试运行。",
    maturity: 7,
    discipline: "计算机科学与技术",
    transferModes: ["transfer"],
  });
  await container.indexWorker.drain();
}

describe.skipIf(!hasChromium)("search flow in Chromium", () => {
  let server: RunningTestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await seed(server);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
    // Console errors include CSP violations; failed requests are reported with their URL.
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
  const headerBox = () => page.getByRole("combobox", { name: "搜索专家、需求与成果" });

  it("suggests names and titles in the header box as the user types, with keyboard support", async () => {
    await page.goto(url("/"));
    const box = headerBox();
    await box.click();
    await box.pressSequentially("锂电池", { delay: 30 });
    const listbox = page.getByRole("listbox", { name: "搜索建议" });
    await listbox.waitFor({ state: "visible" });
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const options = listbox.getByRole("option");
    expect(await options.count()).toBeGreaterThan(1);
    expect(await listbox.innerText()).toContain("锂电池正极材料低成本制备工艺");
    await box.press("ArrowDown");
    const first = await options.first().getAttribute("id");
    expect(await box.getAttribute("aria-activedescendant")).toBe(first);
    expect(await options.first().getAttribute("aria-selected")).toBe("true");
    await page.screenshot({ path: screenshotPath("search-suggest"), clip: { x: 0, y: 0, width: 1280, height: 460 } });
    await box.press("Escape");
    expect(await listbox.isHidden()).toBe(true);
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.inputValue()).toBe("锂电池");
  });

  it("submits the header box and shows highlighted results of every kind", async () => {
    await Promise.all([page.waitForURL(/\/search\?q=/), headerBox().press("Enter")]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("锂电池");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("搜索");
    expect(await page.locator("#search-q").inputValue()).toBe("锂电池");
    expect(await headerBox().inputValue()).toBe("锂电池");
    const marks = await page.locator(".search-result mark").allTextContents();
    expect(marks).toContain("鋰電池"); // Traditional text found by a Simplified query
    expect(marks).toContain("锂电池");
    const kinds = new Set(await page.locator(".search-result .kind-badge").allTextContents());
    expect(kinds).toEqual(new Set(["专家", "技术需求", "科技成果"]));
    expect(await page.locator(".results-summary").textContent()).toMatch(/找到 \d+ 条与“锂电池”相关的结果/);
    await page.screenshot({ path: screenshotPath("search-results"), fullPage: true });
  });

  it("narrows the results with a facet and clears it again", async () => {
    const taiwan = page.locator(".facet-option", { hasText: "台湾" });
    await Promise.all([page.waitForURL(/region=/), taiwan.click()]);
    expect(new URL(page.url()).searchParams.getAll("region")).toEqual(["台湾"]);
    const regions = await page.locator(".search-result").count();
    expect(regions).toBeGreaterThan(0);
    expect(await page.locator(".search-result-title", { hasText: "陳建宏" }).count()).toBe(1);
    expect(await page.locator(".search-result-title", { hasText: "林晓峰" }).count()).toBe(0);
    expect(await page.locator(".facet-option.is-selected").first().textContent()).toContain("台湾");
    expect(await page.locator(".filter-chip").textContent()).toContain("台湾");
    await page.screenshot({ path: screenshotPath("search-facet"), fullPage: true });

    await Promise.all([page.waitForURL((u) => !u.searchParams.has("region")), page.locator(".filter-chip").click()]);
    expect(await page.locator(".search-result-title", { hasText: "林晓峰" }).count()).toBe(1);
  });

  it("switches to one type with the tabs", async () => {
    await Promise.all([
      page.waitForURL(/type=technologies/),
      page.getByRole("navigation", { name: "结果类型" }).getByRole("link", { name: "科技成果" }).click(),
    ]);
    const kinds = new Set(await page.locator(".search-result .kind-badge").allTextContents());
    expect(kinds).toEqual(new Set(["科技成果"]));
    expect(await page.locator(".facet-option", { hasText: "TRL 6" }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath("search-technologies"), fullPage: true });
  });

  it("opens a result's detail page", async () => {
    await page.goto(url(`/search?q=${encodeURIComponent("锂电池")}&type=experts`));
    await Promise.all([
      page.waitForURL(/\/experts\/\d+$/),
      page.locator(".search-result-title a", { hasText: "陳建宏" }).click(),
    ]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("陳建宏");
    expect(await headerBox().inputValue()).toBe("");
  });

  it("goes straight to a record chosen among the suggestions", async () => {
    const box = headerBox();
    await box.fill("固態");
    const option = page
      .getByRole("listbox", { name: "搜索建议" })
      .getByRole("option", { name: /固態電解質鋰電池技術/ });
    await option.waitFor({ state: "visible" });
    await Promise.all([page.waitForURL(/\/technologies\/\d+$/), option.click()]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("固態電解質鋰電池技術");
  });

  it("shows a confidential need in results without its hidden text", async () => {
    await page.goto(url(`/search?q=${encodeURIComponent("电池回收")}&type=needs`));
    const card = page.locator(".search-result--redacted", { hasText: "退役电池回收关键技术" });
    expect(await card.count()).toBe(1);
    const main = await page.locator("main").innerText();
    expect(main).toContain("保密需求");
    expect(main).not.toContain("湿法冶金");
    expect(main).not.toContain("宁德时新能源材料有限公司");
    await page.screenshot({ path: screenshotPath("search-confidential"), fullPage: true });
  });

  it("explains a query that is too long instead of failing", async () => {
    const before = problems.length;
    const response = await page.goto(url(`/search?q=${"长".repeat(501)}`));
    expect(response?.status()).toBe(400);
    // The 400 is the point of this step; anything else is still a problem.
    expect(problems.slice(before).every((problem) => problem.startsWith("400 "))).toBe(true);
    problems.splice(before);
    expect(await page.getByRole("alert").innerText()).toContain("搜索词过长");
  });

  it("works on a phone: the header box sits on its own row and results stack", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", isMobile: true });
    const mobile = await phone.newPage();
    try {
      await mobile.goto(url("/"));
      const box = mobile.getByRole("combobox", { name: "搜索专家、需求与成果" });
      const boxSize = await box.boundingBox();
      expect(boxSize!.width).toBeGreaterThan(300);
      await box.fill("电池");
      await Promise.all([mobile.waitForURL(/\/search\?q=/), box.press("Enter")]);
      expect(await mobile.locator(".search-result").count()).toBeGreaterThan(2);
      const overflow = (await mobile.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
      expect(overflow).toBeLessThanOrEqual(0);
      await mobile.screenshot({ path: screenshotPath("search-mobile"), fullPage: true });
      await mobile.screenshot({ path: screenshotPath("search-mobile-top") });
    } finally {
      await phone.close();
    }
  });

  it("raised no console errors, CSP violations or failed requests", () => {
    expect(problems).toEqual([]);
  });
});
