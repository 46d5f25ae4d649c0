import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildNeed, importExperts, signUp, write, type SignedInAgent } from "../support/factories.js";
import { chromiumFor, launchBrowser, recordProblems, screenshotPath, signInThroughPage } from "../support/browser.js";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { tearDown } from "../support/teardown.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

const expertAddress = "huang.zhiming@fjut.example.cn";

describe.skipIf(!chromiumFor("the claim flow"))(
  "an imported expert without an account: invited, claims the profile from the email, accepts, and the two sides talk",
  () => {
    let smtp: SmtpSink;
    let server: RunningTestServer;
    let browser: Browser;
    let enterprise: SignedInAgent;
    let expertId: number;
    let needId: number;
    const problems: string[] = [];

    beforeAll(async () => {
      smtp = await startSmtpSink();
      server = await startTestServer({ SMTP_URL: smtp.url }, { email: { pollMs: 100, retryBaseMs: 200 } });
      server.container.emailWorker.start();
      browser = await launchBrowser();
      [expertId = 0] = await importExperts(server.container.db, [
        {
          externalId: "FJ-E-0420",
          name: "黄志明",
          organization: "福建理工大学",
          region: "福州",
          disciplines: ["材料科学与工程"],
          keywords: ["氮化铝", "陶瓷基板", "低温烧结"],
          publications: [{ title: "氮化铝陶瓷低温烧结助剂与热导率", year: 2022 }],
          email: expertAddress,
          phone: "0591-22863000",
        },
      ]);
      enterprise = await signUp(server.app, server.container, {
        role: "enterprise",
        name: "陈经理",
        organizationName: "福州某电子陶瓷有限公司",
      });
      await write(enterprise, "patch", "/api/me/organization").send({ phone: "0591-88880000" });
      const need = await write(enterprise, "post", "/api/needs").send(buildNeed());
      needId = need.body.id as number;
    });

    // Closing the suite's own browser disposes of its contexts (closing them one by one hung in CI).
    afterAll(() =>
      tearDown([
        ["browser", () => browser?.close()],
        ["server", () => server?.close()],
        ["smtp", () => smtp?.close()],
      ]),
    );

    async function newPage(timezoneId?: string): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId });
      const page = await context.newPage();
      recordProblems(page, problems);
      return page;
    }

    async function signedInPage(user: SignedInAgent, timezoneId?: string): Promise<Page> {
      const page = await newPage(timezoneId);
      await signInThroughPage(page, server.baseUrl, user);
      return page;
    }

    it("goes from an invitation email to a live conversation with contacts exchanged", async () => {
      expect(await server.container.db.expert.findUniqueOrThrow({ where: { id: expertId } })).toMatchObject({
        userId: null,
      });

      // The enterprise invites the imported expert, top of the need's ranking. Its browser is set
      // to New York: the pages still show Beijing time, live messages included.
      const enterprisePage = await signedInPage(enterprise, "America/New_York");
      await enterprisePage.goto(`${server.baseUrl}/needs/${needId}`);
      const top = enterprisePage.locator(".match-row").first();
      await expect(top.locator(".match-name").textContent()).resolves.toBe("黄志明");
      await top.getByPlaceholder("留言（可选）").fill("诚邀指导低温烧结工艺");
      await Promise.all([
        enterprisePage.waitForURL(/#matches$/),
        top.getByRole("button", { name: "邀请黄志明", exact: true }).click(),
      ]);

      // The claim link arrives by email, with the invitation in it.
      const mail = await smtp.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes(expertAddress));
      expect(mail.subject).toContain("高导热氮化铝陶瓷基板烧结工艺优化");
      expect(mail.text).toContain("诚邀指导低温烧结工艺");
      expect(mail.headerLines.map((line) => line.key)).toContain("list-unsubscribe");
      const claimLink = linkIn(mail, "/claim");
      expect(claimLink.origin).toBe(server.baseUrl);

      // The expert follows it, chooses a password and lands in the inbox with the invitation.
      const expertPage = await newPage();
      await expertPage.goto(claimLink.toString());
      await expect(expertPage.getByLabel("邮箱").inputValue()).resolves.toBe(expertAddress);
      await expertPage.getByLabel("设置密码").fill("a new password 42");
      await expertPage.getByLabel("再次输入密码").fill("a new password 42");
      await Promise.all([
        expertPage.waitForURL(/\/inbox$/),
        expertPage.getByRole("button", { name: "认领并登录" }).click(),
      ]);
      const invitation = expertPage.locator(".inbox-item").first();
      await expect(invitation.textContent()).resolves.toContain("高导热氮化铝陶瓷基板烧结工艺优化");
      const bound = await server.container.db.expert.findUniqueOrThrow({ where: { id: expertId } });
      expect(bound.userId).not.toBeNull();
      expect(await server.container.db.expert.count({ where: { name: "黄志明" } })).toBe(1);

      // Accepting opens the engagement: both sides see each other's contacts.
      await Promise.all([expertPage.waitForURL(/\/inbox$/), invitation.getByRole("button", { name: "接受" }).click()]);
      await Promise.all([
        expertPage.waitForURL(/\/engagements\/\d+$/),
        expertPage.getByRole("link", { name: "联系方式与留言" }).click(),
      ]);
      const engagementPath = new URL(expertPage.url()).pathname;
      await expect(expertPage.locator(".engagement-contacts").textContent()).resolves.toContain(enterprise.email);
      await expect(expertPage.locator(".engagement-contacts").textContent()).resolves.toContain("0591-88880000");

      await enterprisePage.goto(`${server.baseUrl}${engagementPath}`);
      const contacts = await enterprisePage.locator(".engagement-contacts").textContent();
      expect(contacts).toContain(expertAddress);
      expect(contacts).toContain("0591-22863000");

      // Both pages are open: each message appears on the other without a reload.
      await expertPage.getByLabel("写留言").fill("您好，我下周二可以到厂里看烧结炉。");
      await expertPage.getByRole("button", { name: "发送" }).click();
      const arrived = enterprisePage.locator(".thread-message", { hasText: "我下周二可以到厂里看烧结炉" });
      await arrived.waitFor();
      const liveTime = await arrived.locator(".muted").textContent();
      await enterprisePage.reload();
      await expect(arrived.locator(".muted").textContent()).resolves.toBe(liveTime);
      await enterprisePage.getByLabel("写留言").fill("好的，周二上午九点见。");
      await enterprisePage.getByRole("button", { name: "发送" }).click();
      await expertPage.locator(".thread-message", { hasText: "周二上午九点见" }).waitFor();
      await expect(expertPage.locator(".thread-message").count()).resolves.toBe(2);
      await expertPage.screenshot({ path: screenshotPath("engagement-thread"), fullPage: true });
      expect(problems).toEqual([]);
    });
  },
);
