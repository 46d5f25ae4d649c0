import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedInAgent } from "../support/factories.js";
import { repoRoot } from "../support/paths.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

const fixture = (name: string) => path.join(repoRoot, "tests", "fixtures", "import", name);

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  [organizer, enterprise] = await Promise.all([
    signUp(t.app, t.container, { role: "organizer" }),
    signUp(t.app, t.container, { role: "enterprise" }),
  ]);
});
afterAll(async () => {
  await t.close();
});

const upload = (user: SignedInAgent, kind: string, file: string, csrf = user.csrfToken) =>
  user.agent
    .post(`/organizer/import?_csrf=${encodeURIComponent(csrf)}`)
    .field("kind", kind)
    .attach("file", fixture(file));

/** Uploads through the page, follows it to the job's page and returns that page once the job has ended. */
async function importThroughPage(kind: string, file: string): Promise<string> {
  const submitted = await upload(organizer, kind, file);
  expect(submitted.status).toBe(303);
  const jobPage = submitted.headers.location!;
  expect(jobPage).toMatch(/^\/organizer\/import\/\d+$/);
  await t.container.imports.whenIdle();
  const page = await organizer.agent.get(jobPage);
  expect(page.status).toBe(200);
  return page.text;
}

describe("organizer import page", () => {
  it("shows the upload form to organizers", async () => {
    const page = await organizer.agent.get("/organizer/import");
    expect(page.status).toBe(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain(`_csrf=${organizer.csrfToken}`);
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
    const wrong = await organizer.agent
      .post(`/organizer/import?_csrf=${encodeURIComponent(organizer.csrfToken)}`)
      .field("kind", "experts")
      .attach("file", Buffer.from("a,b\n"), "experts.xlsx");
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("experts.xlsx");
    const none = await organizer.agent
      .post(`/organizer/import?_csrf=${encodeURIComponent(organizer.csrfToken)}`)
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
