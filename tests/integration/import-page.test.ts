import ExcelJS from "exceljs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedInAgent } from "../support/factories.js";
import { repoRoot } from "../support/paths.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

const fixture = (name: string) => path.join(repoRoot, "tests", "fixtures", "import", name);

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise } = await signUpUsers(t, {
    organizer: {},
    enterprise: {},
  }));
});
afterAll(async () => {
  await t.close();
});

/** Posts the upload form as the page does: the CSRF token in its hidden field, before the file. */
const upload = (user: SignedInAgent, kind: string, file: string | Buffer, csrf = user.csrfToken, name?: string) =>
  user.agent
    .post("/organizer/import")
    .field("_csrf", csrf)
    .field("kind", kind)
    .attach("file", typeof file === "string" ? fixture(file) : file, name);

/** Uploads through the page, follows it to the job's page and returns that page once the job has ended. */
async function importThroughPage(kind: string, file: string | Buffer, name?: string, lang = "zh-CN"): Promise<string> {
  const submitted = await upload(organizer, kind, file, organizer.csrfToken, name);
  expect(submitted.status).toBe(303);
  const jobPage = submitted.headers.location!;
  expect(jobPage).toMatch(/^\/organizer\/import\/\d+$/);
  await t.container.imports.whenIdle();
  const page = await organizer.agent.get(`${jobPage}?lang=${lang}`);
  expect(page.status).toBe(200);
  return page.text;
}

/** An .xlsx workbook with these rows on its first sheet. */
async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("专家");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The rows of one table of a job's page: the rejected lines' (`import-errors`) or the warnings' (`import-warnings`). */
const reportRows = (page: string, table: "import-errors" | "import-warnings") =>
  [
    ...(new RegExp(`<table class="[^"]*\\b${table}"[\\s\\S]*?</table>`).exec(page)?.[0] ?? "").matchAll(
      /<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
    ),
  ].map((m) => ({
    line: Number(m[1]),
    externalId: m[2],
    reason: m[3],
  }));
const rejectedRows = (page: string) => reportRows(page, "import-errors");
const warningRows = (page: string) => reportRows(page, "import-warnings");

/** The headings of the rejected-lines table (the only table on a job's page). */
const rejectedHeadings = (page: string) =>
  [...(/<thead>(.*?)<\/thead>/s.exec(page)?.[1] ?? "").matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);

describe("organizer import page", () => {
  it("shows the upload form to organizers", async () => {
    const page = await organizer.agent.get("/organizer/import");
    expect(page.status).toBe(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    // The token travels in a hidden field placed before the file input, never in the address.
    expect(page.text).toContain('action="/organizer/import"');
    expect(page.text).not.toContain("_csrf=");
    expect(page.text).toMatch(
      new RegExp(`name="_csrf" value="${organizer.csrfToken}"[\\s\\S]*name="kind"[\\s\\S]*type="file"`),
    );
  });

  it("names a missing or unreadable file under the file field, keeping the kind chosen", async () => {
    const none = await organizer.agent
      .post("/organizer/import")
      .field("_csrf", organizer.csrfToken)
      .field("kind", "technologies");
    expect(none.status).toBe(400);
    expect(none.text).toMatch(/aria-describedby="import-file-hint file-error" aria-invalid="true">/);
    expect(none.text).toMatch(/<p class="field-error" id="file-error">请选择要上传的文件。<\/p>/);
    expect(none.text).toMatch(/<option value="technologies" selected>/);
    const text = await upload(organizer, "needs", Buffer.from("hello"), organizer.csrfToken, "notes.txt");
    expect(text.status).toBe(400);
    expect(text.text).toContain('id="file-error">无法识别 notes.txt 的格式：请使用 .xlsx、.csv 或 .jsonl 文件。');
    expect(text.text).toContain("请检查表单。");
  });

  it("points the file hint at the templates the page serves, not at a file of the repository", async () => {
    for (const lang of ["zh-CN", "en"]) {
      const page = await organizer.agent.get(`/organizer/import?lang=${lang}`);
      expect(page.text, lang).not.toMatch(/docs\/|\.md\b/);
      const hint = /<p class="hint" id="import-file-hint">([\s\S]*?)<\/p>/.exec(page.text)?.[1] ?? "";
      const target = /<a href="#([\w-]+)">/.exec(hint)?.[1];
      expect(target, lang).toBeDefined();
      // The link lands on the section that offers each kind's template, and the templates download.
      const section = new RegExp(`<section[^>]* id="${target}"[\\s\\S]*?</section>`).exec(page.text)?.[0] ?? "";
      const templates = [...section.matchAll(/href="(\/organizer\/import\/templates\/[\w.]+)"/g)].map((m) => m[1]!);
      expect(templates, lang).toHaveLength(6);
      // Each kind's line starts "专家：" in Chinese and "Experts: " in English.
      expect(section, lang).toContain(lang === "en" ? "<li>Experts: <a" : "<li>专家：<a");
      for (const template of templates) expect((await organizer.agent.get(template)).status, template).toBe(200);
    }
  });

  it("keeps the CSRF token out of every address: the redirect after an upload and a token in the query are refused", async () => {
    const small = Buffer.from("externalId,name\nCSRF-1,张三\n");
    const submitted = await upload(organizer, "experts", small, organizer.csrfToken, "small.csv");
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).not.toContain("csrf");
    await t.container.imports.whenIdle();
    const inQuery = await organizer.agent
      .post(`/organizer/import?_csrf=${encodeURIComponent(organizer.csrfToken)}`)
      .field("kind", "experts")
      .attach("file", small, "small.csv");
    expect(inQuery.status).toBe(403);
    // A token after the file is too late: the file would already be on disk.
    const afterFile = await organizer.agent
      .post("/organizer/import")
      .field("kind", "experts")
      .attach("file", small, "small.csv")
      .field("_csrf", organizer.csrfToken);
    expect(afterFile.status).toBe(403);
  });

  it("imports an .xlsx file with Chinese headers and lists rejected rows by Excel row number, in Chinese", async () => {
    const file = await workbook([
      ["编号", "姓名", "单位", "职称", "地区", "学科", "关键词", "简介", "语言", "邮箱", "电话", "可承接数量"],
      [
        "XP-1",
        "黄志明",
        "福建农林大学",
        "研究员",
        "福州",
        "作物学",
        "水稻; 抗病育种",
        "水稻抗病研究",
        "zh",
        "h@example.cn",
        "0591-1",
        3,
      ],
      ["XP-2", "", "厦门大学", "", "", "", "", "", "", "", "", 2],
      ["XP-3", "陈一", "", "", "", "", "", "", "", "", "", "很多"],
    ]);
    const page = await importThroughPage("experts", file, "专家.xlsx");
    expect(page).toContain('data-import-status="succeeded"');
    expect(page).toMatch(/data-count="imported">1</);
    expect(rejectedRows(page)).toEqual([
      { line: 3, externalId: "XP-2", reason: "姓名：必填，不能为空" },
      { line: 4, externalId: "XP-3", reason: "可承接数量：应为 0 到 100 之间的整数" },
    ]);
    // The table speaks the page's language, headings included (编号 is the template's own header).
    expect(rejectedHeadings(page)).toEqual(["行号", "编号", "原因"]);
    const expert = await t.database.db.expert.findUniqueOrThrow({ where: { externalId: "XP-1" } });
    expect(expert).toMatchObject({ name: "黄志明", organization: "福建农林大学", title: "研究员", region: "福州" });
  });

  it("shows rejection reasons in English on the English page", async () => {
    const csv = Buffer.from("编号,姓名,可承接数量\nEN-1,,3\n");
    const page = await importThroughPage("experts", csv, "experts-en.csv", "en");
    expect(rejectedRows(page)).toEqual([{ line: 2, externalId: "EN-1", reason: "name: required" }]);
    expect(rejectedHeadings(page)).toEqual(["Line", "External ID", "Reason"]);
  });

  describe("a line that repeats an earlier line's externalId, as a warning in the page's language", () => {
    // Line 4 reuses line 2's id by mistake: the later line is kept, and the page says so.
    const csv = Buffer.from("编号,姓名\nWN-1,林一\nWN-2,林二\nWN-1,林三\n");

    it("on the Chinese page", async () => {
      const page = await importThroughPage("experts", csv, "repeated-zh.csv", "zh-CN");
      expect(page).toMatch(/<dt>警告<\/dt><dd data-count="warned">1</);
      expect(page).toMatch(/data-count="updated">1</);
      expect(page).toContain("<h3>已导入但有警告的行</h3>");
      expect(warningRows(page)).toEqual([
        { line: 4, externalId: "WN-1", reason: "与第 2 行的编号重复，已覆盖该行导入的记录（保留后一行）" },
      ]);
      expect(rejectedRows(page)).toEqual([]);
    });

    it("on the English page", async () => {
      const page = await importThroughPage("experts", csv, "repeated-en.csv", "en");
      expect(page).toMatch(/<dt>Warnings<\/dt><dd data-count="warned">1</);
      expect(page).toContain("<h3>Lines kept with a warning</h3>");
      expect(warningRows(page)).toEqual([
        {
          line: 4,
          externalId: "WN-1",
          reason: "repeats the External ID of line 2, whose record it replaced (the later line was kept)",
        },
      ]);
    });
  });

  describe("every reason of a line in the page's language, each with its code in the API", () => {
    // The reviewer's file: a missing name, a capacity in words and a malformed email on one line.
    const csv = Buffer.from(
      "编号,姓名,单位,可承接数量,邮箱\nRV-E1,测试专家甲,福州大学,3,rv1@example.edu.cn\nRV-E2,,厦门大学,abc,bad-email\n",
    );

    it("on the Chinese page", async () => {
      const page = await importThroughPage("experts", csv, "experts-zh.csv", "zh-CN");
      expect(rejectedRows(page)).toEqual([
        {
          line: 3,
          externalId: "RV-E2",
          reason:
            "姓名：必填，不能为空；可承接数量：应为 0 到 100 之间的整数；邮箱：不是有效的邮箱地址（应形如 name@example.com）",
        },
      ]);
    });

    it("on the English page, and as codes with their English messages in the job's JSON", async () => {
      const page = await importThroughPage("experts", csv, "experts-en.csv", "en");
      expect(rejectedRows(page)).toEqual([
        {
          line: 3,
          externalId: "RV-E2",
          reason:
            "name: required; capacity: expected an integer from 0 to 100; email: not an email address (expected the form name@example.com)",
        },
      ]);
      const [job] = (await organizer.agent.get("/api/imports?limit=1")).body.items;
      expect(job.report.errors).toEqual([
        {
          line: 3,
          externalId: "RV-E2",
          reason: "name: required; capacity: expected an integer from 0 to 100; email: not an email address",
          reasons: [
            { code: "required", field: "name", params: {}, message: "required" },
            {
              code: "integer_range",
              field: "capacity",
              params: { min: 0, max: 100 },
              message: "expected an integer from 0 to 100",
            },
            { code: "email", field: "email", params: {}, message: "not an email address" },
          ],
        },
      ]);
    });
  });

  describe("a report stored before reasons had codes (decisions §46)", () => {
    // Lines as the importer stored them then: English text only, no `reasons`.
    const legacyErrors = [
      {
        line: 3,
        externalId: "OLD-2",
        reason:
          "name: required (empty after trimming); languages: Invalid input: expected array, received string; capacity: expected an integer from 0 to 100",
      },
      { line: 4, reason: "3 cells but the header names 2 fields" },
      { line: 5, externalId: "OLD-4", reason: "bio: some message no importer form knows" },
    ];
    let jobId = 0;

    beforeAll(async () => {
      const job = await t.database.db.importJob.create({
        data: {
          kind: "experts",
          format: "csv",
          fileName: "old-report.csv",
          totalBytes: 100,
          status: "succeeded",
          createdById: organizer.userId,
          startedAt: new Date("2026-12-01T08:00:00Z"),
          finishedAt: new Date("2026-12-01T08:00:02Z"),
          records: 4,
          imported: 1,
          rejected: 3,
          errors: JSON.stringify(legacyErrors),
        },
      });
      jobId = job.id;
    });

    it("is shown in Chinese on the Chinese page, a reason of no known form as it is", async () => {
      const page = await organizer.agent.get(`/organizer/import/${jobId}?lang=zh-CN`);
      expect(page.status).toBe(200);
      expect(rejectedRows(page.text)).toEqual([
        {
          line: 3,
          externalId: "OLD-2",
          reason:
            "姓名：必填，不能为空；语言：应为列表（单元格内用 ; 分隔，JSONL 中为 JSON 数组）；可承接数量：应为 0 到 100 之间的整数",
        },
        { line: 4, externalId: "", reason: "该行有 3 个单元格，但表头只有 2 列" },
        { line: 5, externalId: "OLD-4", reason: "bio: some message no importer form knows" },
      ]);
    });

    it("is shown in the page's English, and keeps its stored text in the API with the codes read from it", async () => {
      const page = await organizer.agent.get(`/organizer/import/${jobId}?lang=en`);
      expect(rejectedRows(page.text).map((row) => row.reason)).toEqual([
        "name: required; languages: expected a list (items separated by ; in a cell, a JSON array in JSONL); capacity: expected an integer from 0 to 100",
        "more cells (3) than the header names columns (2)",
        "bio: some message no importer form knows",
      ]);
      const job = await organizer.agent.get(`/api/imports/${jobId}`);
      expect(job.status).toBe(200);
      const errors = job.body.report.errors as { reason: string; reasons: { code: string }[] }[];
      expect(errors.map((error) => error.reason)).toEqual(legacyErrors.map((error) => error.reason));
      expect(errors.map((error) => error.reasons.map((reason) => reason.code))).toEqual([
        ["required", "not_list", "integer_range"],
        ["too_many_cells"],
        [],
      ]);
      // Nothing is rewritten: the row holds what it held.
      const row = await t.database.db.importJob.findUniqueOrThrow({ where: { id: jobId } });
      expect(JSON.parse(row.errors)).toEqual(legacyErrors);
    });
  });

  it("offers a CSV and an .xlsx template per kind, with Chinese headers and one example row", async () => {
    const page = await organizer.agent.get("/organizer/import");
    for (const kind of ["experts", "technologies", "needs"]) {
      expect(page.text).toContain(`href="/organizer/import/templates/${kind}.csv"`);
      expect(page.text).toContain(`href="/organizer/import/templates/${kind}.xlsx"`);
    }
    const csv = await organizer.agent.get("/organizer/import/templates/experts.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toMatch(/attachment/);
    const lines = csv.text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^编号,姓名,单位,职称,地区,学科,关键词,简介,语言/);
    const xlsx = await organizer.agent
      .get("/organizer/import/templates/needs.xlsx")
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(xlsx.body as Buffer).buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("编号");
    expect(sheet.getRow(1).getCell(2).value).toBe("标题");
    expect(sheet.rowCount).toBe(2);
    expect((await organizer.agent.get("/organizer/import/templates/salons.csv")).status).toBe(404);
    expect((await enterprise.agent.get("/organizer/import/templates/experts.csv")).status).toBe(403);
    expect((await request(t.app).get("/organizer/import/templates/experts.csv")).status).toBe(303);
  });

  it("imports an uploaded CSV with a BOM and reports the counts, then changes nothing on a second upload", async () => {
    const first = await importThroughPage("experts", "experts.csv");
    expect(first).toContain('data-import-status="succeeded"');
    const imported = Number(/data-count="imported">(\d+)</.exec(first)![1]);
    expect(imported).toBeGreaterThan(0);
    expect(await t.database.db.expert.count({ where: { externalId: { startsWith: "FX-C" } } })).toBe(imported);
    expect(await t.database.db.searchOutbox.count({ where: { index: "experts" } })).toBeGreaterThanOrEqual(imported);
    const again = await importThroughPage("experts", "experts.csv");
    expect(again).toMatch(/data-count="imported">0</);
    expect(again).toMatch(/data-count="updated">0</);
    expect(await t.database.db.expert.count({ where: { externalId: { startsWith: "FX-C" } } })).toBe(imported);
  });

  it("lists rejected lines with their line numbers while importing the good ones", async () => {
    const page = await importThroughPage("experts", "experts-with-errors.jsonl");
    const rejected = Number(/data-count="rejected">(\d+)</.exec(page)![1]);
    expect(rejected).toBeGreaterThan(0);
    expect(page).toMatch(/<tr><td>\d+<\/td>/);
  });

  it("refuses files of unknown format and missing files with a message", async () => {
    const wrong = await upload(organizer, "experts", Buffer.from("a,b\n"), organizer.csrfToken, "experts.xls");
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("experts.xls");
    const none = await organizer.agent
      .post("/organizer/import")
      .field("_csrf", organizer.csrfToken)
      .field("kind", "experts");
    expect(none.status).toBe(400);
  });

  it("refuses uploads without the CSRF token", async () => {
    const response = await upload(organizer, "experts", "experts.csv", "forged");
    expect(response.status).toBe(403);
  });

  it("lists the recent jobs on the upload page", async () => {
    const page = await organizer.agent.get("/organizer/import");
    expect(page.text).toMatch(/data-import-job="\d+"/);
    expect(page.text).toContain("experts-with-errors.jsonl");
  });

  it("is for organizers only", async () => {
    expect((await enterprise.agent.get("/organizer/import")).status).toBe(403);
    expect((await enterprise.agent.get("/organizer/import/1")).status).toBe(403);
    expect((await upload(enterprise, "experts", "experts.csv")).status).toBe(403);
  });
});
