import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, importExperts, signUp, write, type SignedInAgent } from "../support/factories.js";
import { formBody, formEntries } from "../support/html-form.js";
import { salonInput } from "../support/salon-clients.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

/**
 * List fields (disciplines, keywords, working languages) are typed as text on the edit forms. A
 * form shows a stored list joined the page's way (、 in Chinese, ", " in English) and reads either
 * back as the same items, so a user who saves a form without touching it changes nothing, terms
 * with spaces included (machine learning, Mini LED).
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

const keywords = ["machine learning", "Mini LED", "氮化铝"];
const languages = ["zh-CN", "en"] as const;
const joined = { "zh-CN": "machine learning、Mini LED、氮化铝", en: "machine learning, Mini LED, 氮化铝" };

/** The edit page's form as a browser would submit it untouched. */
async function editForm(editPath: string, action: string): Promise<[string, string][]> {
  const page = await organizer.agent.get(editPath);
  expect(page.status).toBe(200);
  return formEntries(page.text, action);
}

const valuesOf = (entries: [string, string][], name: string) =>
  entries.filter(([field]) => field === name).map(([, value]) => value);

async function postUnchanged(action: string, entries: [string, string][]): Promise<void> {
  const saved = await organizer.agent.post(action).type("form").send(formBody(entries));
  expect(saved.status, saved.status === 400 ? saved.text.match(/field-error[^<]*<\/p>/g)?.join("\n") : "").toBe(303);
}

/** The record as the API shows it, without the time of the last change. */
async function apiView(path: string): Promise<Record<string, unknown>> {
  const response = await organizer.agent.get(path);
  expect(response.status).toBe(200);
  const { updatedAt: _updatedAt, ...rest } = response.body as Record<string, unknown>;
  return rest;
}

describe("list fields on edit forms", () => {
  it("shows an expert's lists joined the page's way and keeps them when the form is saved unchanged", async () => {
    const [id] = await importExperts(t.container.db, [
      {
        externalId: "LIST-EXPERT",
        name: "Lin Wei",
        disciplines: ["Computer Science", "材料科学与工程"],
        keywords,
        languages: ["en", "zh"],
        publications: [{ title: "Thin films", keywords: ["thin films", "烧结"] }],
      },
    ]);
    const before = await apiView(`/api/experts/${id}`);
    const english = await editForm(`/experts/${id}/edit?lang=en`, `/experts/${id}`);
    expect(valuesOf(english, "disciplines")).toEqual(["Computer Science, 材料科学与工程"]);
    expect(valuesOf(english, "keywords")).toEqual([joined.en]);
    expect(valuesOf(english, "languages")).toEqual(["English, Chinese"]);
    expect(valuesOf(english, "publicationKeywords")[0]).toBe("thin films, 烧结");
    await postUnchanged(`/experts/${id}`, english);
    expect(await apiView(`/api/experts/${id}`)).toEqual(before);

    const chinese = await editForm(`/experts/${id}/edit?lang=zh-CN`, `/experts/${id}`);
    expect(valuesOf(chinese, "keywords")).toEqual([joined["zh-CN"]]);
    expect(valuesOf(chinese, "languages")).toEqual(["英语、中文"]);
    await postUnchanged(`/experts/${id}`, chinese);
    expect(await apiView(`/api/experts/${id}`)).toEqual(before);
  });

  it("stores working languages typed by name as codes, which the profile names in the page's language", async () => {
    const [id] = await importExperts(t.container.db, [
      { externalId: "LANG-EXPERT", name: "Wang Fang", languages: ["zh-Hant"], email: "wang.fang@example.org" },
    ]);
    const entries = (await editForm(`/experts/${id}/edit?lang=zh-CN`, `/experts/${id}`)).map(
      ([field, value]): [string, string] => [field, field === "languages" ? "中文、English、日文、闽南话" : value],
    );
    await postUnchanged(`/experts/${id}`, entries);
    expect((await apiView(`/api/experts/${id}`)).languages).toEqual(["zh", "en", "ja", "闽南话"]);
    expect(
      (await organizer.agent.get(`/api/experts?language=en`)).body.items.map((e: { id: number }) => e.id),
    ).toContain(id);
    const chinese = await organizer.agent.get(`/experts/${id}?lang=zh-CN`);
    expect(chinese.text).toContain("中文、英语、日语、闽南话");
    const english = await organizer.agent.get(`/experts/${id}?lang=en`);
    expect(english.text).toContain("Chinese, English, Japanese, 闽南话");
  });

  it("shows a need's keywords joined the page's way and keeps them when the form is saved unchanged", async () => {
    const created = await write(organizer, "post", "/api/needs").send(buildNeed({ keywords }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: number }).id;
    const before = await apiView(`/api/needs/${id}`);
    for (const lang of languages) {
      const entries = await editForm(`/needs/${id}/edit?lang=${lang}`, `/needs/${id}`);
      expect(valuesOf(entries, "keywords"), lang).toEqual([joined[lang]]);
      await postUnchanged(`/needs/${id}`, entries);
      expect(await apiView(`/api/needs/${id}`), lang).toEqual(before);
    }
  });

  it("shows a salon's disciplines joined the page's way and keeps them when the form is saved unchanged", async () => {
    const disciplines = ["Materials Science", "固态电池"];
    const created = await write(organizer, "post", "/api/salons").send(salonInput({ disciplines }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { salon: { id: number } }).salon.id;
    for (const lang of languages) {
      const entries = await editForm(`/salons/${id}/edit?lang=${lang}`, `/salons/${id}`);
      expect(valuesOf(entries, "disciplines"), lang).toEqual([
        lang === "en" ? "Materials Science, 固态电池" : "Materials Science、固态电池",
      ]);
      await postUnchanged(`/salons/${id}`, entries);
      expect((await t.container.db.salon.findUniqueOrThrow({ where: { id } })).disciplines, lang).toBe(
        JSON.stringify(disciplines),
      );
    }
  });

  it("shows list items sent one by one again joined the page's way when the form is refused", async () => {
    const refused = await organizer.agent
      .post("/needs?lang=en")
      .type("form")
      .send(
        formBody([
          ["_csrf", organizer.csrfToken],
          ["title", ""],
          ["keywords", "machine learning"],
          ["keywords", "Mini LED"],
        ]),
      );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="machine learning, Mini LED"');
  });
});
