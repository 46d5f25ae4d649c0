import { Readable } from "node:stream";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expertFields } from "../../server/knowledge/experts.fields.js";
import { expertLimits, publicationLimits } from "../../server/knowledge/experts.limits.js";
import { importStream } from "../../server/knowledge/import/import.service.js";
import type { ImportKind } from "../../server/knowledge/import/import-records.schemas.js";
import { publicationTypes, transferModes } from "../../server/knowledge/knowledge.types.js";
import { needFields } from "../../server/knowledge/needs.fields.js";
import { needLimits } from "../../server/knowledge/needs.limits.js";
import { technologyFields } from "../../server/knowledge/technologies.fields.js";
import { technologyLimits } from "../../server/knowledge/technologies.limits.js";
import { importExperts, signUp, write, type SignedInAgent } from "../support/factories.js";
import { formBody, formEntries } from "../support/html-form.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/**
 * A record imported with every field at its limit (issue 12: an imported expert with a
 * 150-character name could not be saved back) is saved back unchanged through its edit form
 * and through the API.
 */
let t: TestApp;
let organizer: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  organizer = await signUp(t.app, t.container, { role: "organizer" });
});
afterAll(async () => {
  await t.close();
});

/** `length` characters of Chinese text with a line break every 100 characters (never at the end, which is trimmed). */
function longText(length: number, character = "长"): string {
  return Array.from({ length }, (_, index) => (index % 100 === 99 && index < length - 1 ? "\n" : character)).join("");
}

/** `items` distinct terms of exactly `characters` characters, with nothing a form splits terms on. */
function terms({ items, characters }: { items: number; characters: number }, character = "词"): string[] {
  return Array.from({ length: items }, (_, index) => `${index}`.padEnd(characters, character));
}

const line = (characters: number, character = "名") => character.repeat(characters);

function maximalExpert(externalId: string) {
  return {
    externalId: externalId.padEnd(expertLimits.externalId, "0"),
    name: line(expertLimits.name),
    organization: line(expertLimits.organization, "单"),
    title: line(expertLimits.title, "职"),
    region: line(expertLimits.region, "区"),
    disciplines: terms(expertLimits.terms, "科"),
    keywords: terms(expertLimits.terms),
    bio: longText(expertLimits.bio),
    languages: terms(expertLimits.languages, "x"),
    societies: terms(expertLimits.societies, "会"),
    capacity: expertLimits.capacity.max,
    email: `${"a".repeat(expertLimits.email - "@ex.org".length)}@ex.org`,
    phone: "1".repeat(expertLimits.phone),
    publications: Array.from({ length: expertLimits.publications }, (_, index) => ({
      type: publicationTypes[index % publicationTypes.length],
      title: line(publicationLimits.title, "题"),
      abstract: longText(publicationLimits.abstract, "摘"),
      year: index % 2 === 0 ? publicationLimits.year.max : publicationLimits.year.min,
      keywords: terms(publicationLimits.keywords, "键"),
    })),
  };
}

async function importOne(kind: ImportKind, record: Record<string, unknown>): Promise<void> {
  const input = Readable.from([Buffer.from(JSON.stringify(record))]);
  const report = await importStream(t.container.db, input, { kind, format: "jsonl" });
  expect(report.errors).toEqual([]);
  expect(report.imported).toBe(1);
}

/** The record as the API shows it to an organizer, without the time of the last change. */
async function apiView(path: string): Promise<Record<string, unknown>> {
  const response = await organizer.agent.get(path);
  expect(response.status).toBe(200);
  const { updatedAt: _updatedAt, ...rest } = response.body as Record<string, unknown>;
  return rest;
}

/** Opens the edit page and posts back everything it shows, as a browser does when nothing is changed. */
async function saveThroughForm(editPath: string, action: string): Promise<void> {
  const page = await organizer.agent.get(editPath);
  expect(page.status).toBe(200);
  const saved = await organizer.agent
    .post(action)
    .type("form")
    .send(formBody(formEntries(page.text, action)));
  expect(saved.status, saved.status === 400 ? saved.text.match(/field-error[^<]*<\/p>/g)?.join("\n") : "").toBe(303);
}

/**
 * PATCHes the record with its own values of every field of the entity's field set the API shows
 * as it is (`extra` gives the others, e.g. societies by id), and expects it unchanged.
 */
async function saveThroughPatch(
  path: string,
  imported: Record<string, unknown>,
  fieldSet: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const fields = Object.keys(fieldSet).filter((field) => field in imported && !(field in extra));
  const body = { ...Object.fromEntries(fields.map((field) => [field, imported[field]])), ...extra };
  const patched = await write(organizer, "patch", path).send(body);
  expect(patched.status, JSON.stringify(patched.body.error)).toBe(200);
  expect(await apiView(path)).toEqual(imported);
}

describe("records at every maximum length", () => {
  it("import an expert at every limit and save it back unchanged through the edit form and the API", async () => {
    const record = maximalExpert("MAX-EXPERT");
    const [id] = await importExperts(t.container.db, [record]);
    const path = `/api/experts/${id}`;
    const imported = await apiView(path);
    expect(imported).toMatchObject({
      name: record.name,
      bio: record.bio,
      publications: record.publications,
      contact: { email: record.email, phone: record.phone },
    });
    expect(imported.societies).toHaveLength(expertLimits.societies.items);

    await saveThroughForm(`/experts/${id}/edit?lang=zh-CN`, `/experts/${id}`);
    expect(await apiView(path)).toEqual(imported);

    await saveThroughPatch(path, imported, expertFields, {
      societyIds: (imported.societies as { id: number }[]).map((society) => society.id),
      email: record.email,
      phone: record.phone,
    });
    // A profile at every limit is megabytes of form and JSON; the machine may be busy.
  }, 120_000);

  it("import a need at every limit and save it back unchanged through the edit form and the API", async () => {
    const externalId = "MAX-NEED".padEnd(needLimits.externalId, "0");
    await importOne("needs", {
      externalId,
      title: line(needLimits.title, "题"),
      description: longText(needLimits.description, "述"),
      difficulty: longText(needLimits.difficulty, "难"),
      target: longText(needLimits.target, "标"),
      discipline: line(needLimits.discipline, "科"),
      industry: line(needLimits.industry, "业"),
      keywords: terms(needLimits.terms),
      region: line(needLimits.region, "区"),
      enterprise: line(needLimits.enterprise, "企"),
      track: "assist",
      status: "open",
      confidential: true,
    });
    const { id } = await t.container.db.need.findUniqueOrThrow({ where: { externalId }, select: { id: true } });
    const path = `/api/needs/${id}`;
    const imported = await apiView(path);
    expect(imported).toMatchObject({ title: line(needLimits.title, "题"), track: { code: "assist" } });

    await saveThroughForm(`/needs/${id}/edit?lang=zh-CN`, `/needs/${id}`);
    expect(await apiView(path)).toEqual(imported);

    await saveThroughPatch(path, imported, needFields, { track: "assist" });
  });

  it("import a technology at every limit and save it back unchanged through the edit form and the API", async () => {
    const externalId = "MAX-TECH".padEnd(technologyLimits.externalId, "0");
    await importOne("technologies", {
      externalId,
      title: line(technologyLimits.title, "题"),
      abstract: longText(technologyLimits.abstract, "摘"),
      keywords: terms(technologyLimits.terms),
      discipline: line(technologyLimits.discipline, "科"),
      maturity: technologyLimits.maturity.max,
      transferModes: [...transferModes],
    });
    const { id } = await t.container.db.technology.findUniqueOrThrow({ where: { externalId }, select: { id: true } });
    const path = `/api/technologies/${id}`;
    const imported = await apiView(path);

    await saveThroughForm(`/technologies/${id}/edit?lang=zh-CN`, `/technologies/${id}`);
    expect(await apiView(path)).toEqual(imported);

    await saveThroughPatch(path, imported, technologyFields);
  });

  it("refuses a profile one character over a limit through the form, naming the field", async () => {
    const [id] = await importExperts(t.container.db, [{ externalId: "MAX-OVER", name: "林" }]);
    const page = await organizer.agent.get(`/experts/${id}/edit?lang=zh-CN`);
    const entries = formEntries(page.text, `/experts/${id}`).map(([name, value]): [string, string] =>
      name === "name" ? [name, line(expertLimits.name + 1)] : [name, value],
    );
    const refused = await organizer.agent.post(`/experts/${id}`).type("form").send(formBody(entries));
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(new RegExp(`id="name-error">不能超过 ${expertLimits.name} 个字符。`));
  });
  it("reads a profile's large body only for a signed-in user: anyone else is refused at 1 MB", async () => {
    const [expertId] = await importExperts(t.container.db, [{ externalId: "BODY-SIZE", name: "体量测试" }]);
    const body = { bio: "长".repeat(600_000) }; // about 1.8 MB of UTF-8
    const anonymous = await request(t.app).patch(`/api/experts/${expertId}`).send(body);
    expect(anonymous.status).toBe(413);
    const signedIn = await write(organizer, "patch", `/api/experts/${expertId}`).send({ bio: "长".repeat(20_000) });
    expect(signedIn.status).toBe(200);
  });
});
