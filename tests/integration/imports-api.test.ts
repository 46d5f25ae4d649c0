import ExcelJS from "exceljs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { write, type SignedInAgent } from "../support/factories.js";
import { nonConformance } from "../support/openapi-conformance.js";
import { documentedPaths } from "../support/openapi-document.js";
import { repoRoot } from "../support/paths.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";
import type { ImportReport } from "../../server/knowledge/import/import.service.js";

const fixture = (name: string) => path.join(repoRoot, "tests", "fixtures", "import", name);

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let bearer: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise } = await signUpUsers(t, {
    organizer: {},
    enterprise: {},
  }));
  const token = await write(organizer, "post", "/api/tokens").send({ name: "import script" });
  bearer = (token.body as { token: string }).token;
});
afterAll(async () => {
  await t.close();
});

type JobBody = {
  id: number;
  status: string;
  records: number;
  report: Omit<ImportReport, "kind" | "durationMs"> | null;
  progress: unknown;
  message: string;
};

const uploadWithToken = (kind: string, file: string | Buffer, name?: string) =>
  request(t.app)
    .post("/api/imports")
    .set("Authorization", `Bearer ${bearer}`)
    .field("kind", kind)
    .attach("file", file, name);

async function finished(id: number): Promise<JobBody> {
  await t.container.imports.whenIdle();
  const response = await request(t.app).get(`/api/imports/${id}`).set("Authorization", `Bearer ${bearer}`);
  expect(response.status).toBe(200);
  return response.body as JobBody;
}

describe("POST /api/imports", () => {
  it("queues the upload as a job, answers 202 with its address, and the job ends with the report", async () => {
    const response = await uploadWithToken("experts", fixture("experts.jsonl"));
    expect(response.status).toBe(202);
    const job = response.body as JobBody;
    expect(response.headers.location).toBe(`/api/imports/${job.id}`);
    expect(["queued", "running"]).toContain(job.status);
    const done = await finished(job.id);
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBeNull();
    expect(done.report!.imported).toBe(7);
    expect(
      await t.database.db.expert.count({ where: { externalId: { in: ["SE000000", "FX-E001", "FX-E003"] } } }),
    ).toBe(3);
    expect(done.records).toBe(done.report!.imported + done.report!.rejected);
  });

  it("imports kinds in the order they are sent, and a rerun changes nothing", async () => {
    const technologies = await uploadWithToken("technologies", fixture("technologies.jsonl"));
    const needs = await uploadWithToken("needs", fixture("needs.csv"));
    const again = await uploadWithToken("experts", fixture("experts.jsonl"));
    const [tech, need, rerun] = (await Promise.all(
      [technologies, needs, again].map((response) => finished((response.body as JobBody).id)),
    )) as [JobBody, JobBody, JobBody];
    expect(tech.status).toBe("succeeded");
    expect(tech.report!.imported).toBeGreaterThan(0);
    expect(need.report!.imported).toBeGreaterThan(0);
    expect(rerun.report).toMatchObject({ imported: 0, updated: 0 });
    expect(rerun.report!.unchanged).toBeGreaterThan(0);
  });

  it("reports rejected lines with their line numbers", async () => {
    const job = await finished(
      ((await uploadWithToken("experts", fixture("experts-with-errors.jsonl"))).body as JobBody).id,
    );
    expect(job.report!.rejected).toBeGreaterThan(0);
    expect(job.report!.errors.map((error) => error.line)).toEqual(
      [...job.report!.errors.map((error) => error.line)].sort((a, b) => a - b),
    );
  });

  it("reports a line that repeats an earlier line's externalId as a warning with its code, stored with the job", async () => {
    const csv = Buffer.from("externalId,name\nDUP-1,第一行\nDUP-2,第二行\nDUP-1,第四行\n");
    const job = await finished(((await uploadWithToken("experts", csv, "repeated.csv")).body as JobBody).id);
    expect(job.report).toMatchObject({ imported: 2, updated: 1, rejected: 0, warned: 1 });
    const warning = {
      line: 4,
      externalId: "DUP-1",
      reason: "repeats the externalId of line 2; the later line was kept",
      reasons: [
        {
          code: "repeated_external_id",
          params: { earlier: 2 },
          message: "repeats the externalId of line 2; the later line was kept",
        },
      ],
    };
    expect(job.report!.warnings).toEqual([warning]);
    // The answer is what /api/openapi.json documents, warnings included.
    const answer = await request(t.app).get(`/api/imports/${job.id}`).set("Authorization", `Bearer ${bearer}`);
    const operation = (await documentedPaths(t.app))["/api/imports/{id}"]!.get!;
    expect(
      nonConformance(operation, { status: 200, type: "application/json", body: answer.body, text: answer.text }),
    ).toEqual([]);
    const row = await t.database.db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.warned).toBe(1);
    expect(JSON.parse(row.warnings)).toEqual([warning]);
    expect((await t.database.db.expert.findUniqueOrThrow({ where: { externalId: "DUP-1" } })).name).toBe("第四行");
  });

  it("takes uploads from a signed-in page session with its CSRF token, and refuses them without it", async () => {
    const withToken = await write(organizer, "post", "/api/imports")
      .field("kind", "needs")
      .attach("file", fixture("needs.jsonl"));
    expect(withToken.status).toBe(202);
    const forged = await organizer.agent
      .post("/api/imports")
      .field("kind", "needs")
      .attach("file", fixture("needs.jsonl"));
    expect(forged.status).toBe(403);
    await finished((withToken.body as JobBody).id);
  });

  it("imports an .xlsx workbook with Chinese headers, with rejected rows numbered as Excel shows them", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("需求").addRows([
      ["需求编号", "需求名称", "企业名称", "关键词", "是否保密"],
      ["API-N1", "污水处理厂除臭工艺改进", "某环保公司", "除臭; 生物滤池", "否"],
      ["API-N2", "", "某公司", "", ""],
      ["API-N3", "涉密工艺", "某军工企业", "", "也许"],
    ]);
    const response = await uploadWithToken("needs", Buffer.from(await book.xlsx.writeBuffer()), "需求.xlsx");
    expect(response.status).toBe(202);
    expect((response.body as { format: string }).format).toBe("xlsx");
    const job = await finished((response.body as JobBody).id);
    expect(job.report).toMatchObject({ imported: 1, rejected: 2 });
    // Each reason also comes with its code and values, which clients may rely on.
    expect(job.report!.errors).toEqual([
      {
        line: 3,
        externalId: "API-N2",
        reason: "title: required",
        reasons: [{ code: "required", field: "title", params: {}, message: "required" }],
      },
      {
        line: 4,
        externalId: "API-N3",
        reason: "confidential: expected true or false",
        reasons: [{ code: "not_boolean", field: "confidential", params: {}, message: "expected true or false" }],
      },
    ]);
    const need = await t.database.db.need.findUniqueOrThrow({ where: { externalId: "API-N1" } });
    expect(need).toMatchObject({ title: "污水处理厂除臭工艺改进", enterprise: "某环保公司", confidential: false });
  });

  it("takes the CSRF token of a page session from the form field that precedes the file", async () => {
    const accepted = await organizer.agent
      .post("/api/imports")
      .field("_csrf", organizer.csrfToken)
      .field("kind", "needs")
      .attach("file", fixture("needs.jsonl"));
    expect(accepted.status).toBe(202);
    await finished((accepted.body as JobBody).id);
    const forged = await organizer.agent
      .post("/api/imports")
      .field("_csrf", "forged")
      .field("kind", "needs")
      .attach("file", fixture("needs.jsonl"));
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe("csrf_failed");
  });

  it("refuses a missing file, an unknown kind and a file of unknown format with 400", async () => {
    const noFile = await request(t.app)
      .post("/api/imports")
      .set("Authorization", `Bearer ${bearer}`)
      .field("kind", "experts");
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.message).toMatch(/file/);
    const badKind = await uploadWithToken("salons", fixture("experts.jsonl"));
    expect(badKind.status).toBe(400);
    const badFormat = await uploadWithToken("experts", Buffer.from("a,b\n"), "experts.xls");
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toContain("experts.xls");
    const json = await request(t.app)
      .post("/api/imports")
      .set("Authorization", `Bearer ${bearer}`)
      .send({ kind: "experts" });
    expect(json.status).toBe(400);
  });

  it("is for organizers: anonymous callers get 401, other roles 403, and their upload is never read", async () => {
    const anonymous = await request(t.app)
      .post("/api/imports")
      .field("kind", "experts")
      .attach("file", fixture("experts.jsonl"));
    expect(anonymous.status).toBe(401);
    const other = await write(enterprise, "post", "/api/imports")
      .field("kind", "experts")
      .attach("file", fixture("experts.jsonl"));
    expect(other.status).toBe(403);
    expect((await enterprise.agent.get("/api/imports")).status).toBe(403);
    expect((await request(t.app).get("/api/imports/1")).status).toBe(401);
  });
});

describe("GET /api/imports", () => {
  it("lists recent jobs newest first and 404s an unknown one", async () => {
    const list = await request(t.app).get("/api/imports?limit=3").set("Authorization", `Bearer ${bearer}`);
    expect(list.status).toBe(200);
    const ids = (list.body.items as JobBody[]).map((job) => job.id);
    expect(ids).toHaveLength(3);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const missing = await request(t.app).get("/api/imports/999999").set("Authorization", `Bearer ${bearer}`);
    expect(missing.status).toBe(404);
  });
});

describe("jobs that do not finish", () => {
  it("cancels a queued job", async () => {
    const blocker = await uploadWithToken("experts", fixture("experts.jsonl"));
    const queued = await uploadWithToken("experts", fixture("experts.csv"));
    const id = (queued.body as JobBody).id;
    const cancel = await request(t.app).post(`/api/imports/${id}/cancel`).set("Authorization", `Bearer ${bearer}`);
    expect(cancel.status).toBe(200);
    expect((await finished(id)).status).toBe("cancelled");
    expect((await finished((blocker.body as JobBody).id)).status).toBe("succeeded");
  });

  it("marks a job whose server process is gone as interrupted, with what to do next", async () => {
    const row = await t.database.db.importJob.create({
      data: {
        kind: "experts",
        format: "jsonl",
        fileName: "big.jsonl",
        totalBytes: 100,
        status: "running",
        // A pid that is not running on this machine.
        runner: `${os.hostname()}:2147483646`,
      },
    });
    expect(await t.container.imports.recoverInterrupted()).toBe(1);
    const job = await finished(row.id);
    expect(job.status).toBe("interrupted");
    expect(job.message).toMatch(/import the file again/);
    expect(await t.container.imports.recoverInterrupted()).toBe(0);
  });
});
