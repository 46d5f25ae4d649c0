import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expertLimits, publicationLimits } from "../../server/knowledge/experts.limits.js";
import { formBody, formEntries } from "../support/html-form.js";
import { importExperts, signUp, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let organizer: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  organizer = await signUp(t.app, t.container, { role: "organizer" });
});
afterAll(async () => {
  await t.close();
});

const paper = {
  type: "paper",
  title: "氮化铝低温烧结研究",
  abstract: "第一段。\n第二段。",
  year: 2021,
  keywords: ["氮化铝", "烧结"],
};
const output = { type: "output", title: "陶瓷基板中试线", abstract: "", year: null, keywords: [] };

async function importedExpert(externalId: string): Promise<number> {
  const [id] = await importExperts(t.container.db, [
    {
      externalId,
      name: "陈立新",
      organization: "福州大学",
      bio: "长期从事先进陶瓷研究。",
      societies: ["省材料学会"],
      publications: [paper, output],
      email: `${externalId.toLowerCase()}@example.cn`,
      phone: "0591-12345678",
    },
  ]);
  return id!;
}

async function editPage(id: number, lang: "zh-CN" | "en" = "zh-CN") {
  // ?lang= also sets the language cookie: later posts are answered in this language.
  const page = await organizer.agent.get(`/experts/${id}/edit?lang=${lang}`);
  expect(page.status).toBe(200);
  return { html: page.text, entries: formEntries(page.text, `/experts/${id}`) };
}

function post(id: number, entries: [string, string][]) {
  return organizer.agent.post(`/experts/${id}`).type("form").send(formBody(entries));
}

/** The entries with the n-th value of each named input replaced (n counts from 0 per name). */
function withValues(entries: [string, string][], changes: Record<string, Record<number, string>>): [string, string][] {
  const seen = new Map<string, number>();
  return entries.map(([name, value]) => {
    const index = seen.get(name) ?? 0;
    seen.set(name, index + 1);
    return [name, changes[name]?.[index] ?? value];
  });
}

async function stored(id: number) {
  const expert = await t.container.experts.get(id);
  return {
    expert,
    contact: await t.container.experts.contactFor({ userId: organizer.userId, role: "organizer", expertId: null }, id),
  };
}

describe("the expert edit form's publications, projects and patents", () => {
  it("shows each publication as a row with its type, year, title, keywords and abstract, and blank rows to add", async () => {
    const id = await importedExpert("PUB-SHOW");
    const { html, entries } = await editPage(id);
    expect(html).toContain("论文、项目与专利");
    expect(entries.filter(([name]) => name === "publicationTitle").map(([, v]) => v)).toEqual([
      paper.title,
      output.title,
      "",
      "",
      "",
    ]);
    expect(entries.filter(([name]) => name === "publicationType").map(([, v]) => v)).toEqual([
      "paper",
      "output",
      "paper",
      "paper",
      "paper",
    ]);
    expect(entries.filter(([name]) => name === "publicationKeywords")[0]).toEqual([
      "publicationKeywords",
      "氮化铝、烧结",
    ]);
    expect(entries.filter(([name]) => name === "publicationAbstract")[0]).toEqual([
      "publicationAbstract",
      "第一段。\r\n第二段。",
    ]);
    expect(html).toContain(`maxlength="${publicationLimits.title}"`);
    expect(html).toContain(`maxlength="${expertLimits.name}"`);
  });

  it("adds a project and a patent, edits a paper and deletes an output, keeping every other field", async () => {
    const id = await importedExpert("PUB-EDIT");
    const before = await stored(id);
    const { entries } = await editPage(id);
    const saved = await post(
      id,
      withValues(entries, {
        publicationYear: { 0: "2022", 1: "", 2: "2019", 3: "2023" },
        publicationTitle: { 1: "", 2: "海洋装备耐蚀涂层", 3: "一种陶瓷基板的制备方法" },
        publicationType: { 2: "project", 3: "patent" },
        publicationKeywords: { 2: "涂层，耐蚀", 3: "" },
        publicationAbstract: { 1: "", 2: "省重点项目。" },
      }),
    );
    expect(saved.status).toBe(303);
    const after = await stored(id);
    expect(after.expert.publications).toEqual([
      { ...paper, year: 2022 },
      { type: "project", title: "海洋装备耐蚀涂层", abstract: "省重点项目。", year: 2019, keywords: ["涂层", "耐蚀"] },
      { type: "patent", title: "一种陶瓷基板的制备方法", abstract: "", year: 2023, keywords: [] },
    ]);
    const { publications: _before, updatedAt: _b, ...restBefore } = before.expert;
    const { publications: _after, updatedAt: _a, ...restAfter } = after.expert;
    expect(restAfter).toEqual(restBefore);
    expect(after.contact).toEqual(before.contact);
    const profile = await organizer.agent.get(`/experts/${id}`);
    expect(profile.text).toMatch(/科研项目[\s\S]*海洋装备耐蚀涂层/);
    expect(profile.text).toMatch(/专利[\s\S]*一种陶瓷基板的制备方法/);
  });

  it("keeps the publications when a form post carries no publication inputs, and the API PATCH keeps them too", async () => {
    const id = await importedExpert("PUB-KEEP");
    const { entries } = await editPage(id);
    const withoutRows = entries.filter(([name]) => !name.startsWith("publication"));
    expect((await post(id, withValues(withoutRows, { name: { 0: "陈立新教授" } }))).status).toBe(303);
    const afterForm = await stored(id);
    expect(afterForm.expert.name).toBe("陈立新教授");
    expect(afterForm.expert.publications).toEqual([paper, output]);

    const patched = await write(organizer, "patch", `/api/experts/${id}`).send({ title: "教授" });
    expect(patched.status).toBe(200);
    expect(patched.body.publications).toEqual([paper, output]);
    expect(patched.body.contact).toEqual(afterForm.contact);
  });

  it("refuses a row without a title or with a too long title, naming the row, in Chinese and in English, and saves nothing", async () => {
    const id = await importedExpert("PUB-BAD");
    const before = await stored(id);
    const { entries } = await editPage(id);
    const untitled = await post(
      id,
      withValues(entries, { publicationTitle: { 1: "" }, publicationYear: { 1: "2020" } }),
    );
    expect(untitled.status).toBe(400);
    expect(untitled.text).toContain("第 2 条有误，请检查标出的内容。");
    expect(untitled.text).toMatch(/id="publication-1-title-error">请填写此项。/);
    expect(untitled.text).toContain('value="2020"');

    const badYear = await post(id, withValues(entries, { publicationYear: { 0: "1800" } }));
    expect(badYear.status).toBe(400);
    expect(badYear.text).toMatch(/id="publication-0-year-error">不能小于 1900。/);

    const english = await editPage(id, "en");
    const tooLong = await post(
      id,
      withValues(english.entries, { publicationTitle: { 0: "题".repeat(publicationLimits.title + 1) } }),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain("Row 1 has a problem; see the marked field.");
    expect(tooLong.text).toMatch(
      new RegExp(`id="publication-0-title-error">Use at most ${publicationLimits.title} characters.`),
    );
    expect((await stored(id)).expert).toEqual(before.expert);
  });

  it("names the profile by its stored name in the breadcrumbs when the name was cleared, and asks for a whole year", async () => {
    const id = await importedExpert("PUB-NAMELESS");
    const { entries } = await editPage(id);
    const refused = await post(id, withValues(entries, { name: { 0: "" }, publicationYear: { 0: "2021.5" } }));
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="name-error">请填写此项。/);
    expect(refused.text).toMatch(/id="publication-0-year-error">请输入整数。/);
    expect(refused.text).toContain(`<a href="/experts/${id}">陈立新</a>`);
    expect(refused.text).toContain('id="expert-name" name="name" type="text" required maxlength="100" value=""');
  });

  it("offers no blank row once the limit is reached and refuses one publication more", async () => {
    const publications = Array.from({ length: expertLimits.publications }, (_, index) => ({ title: `论文 ${index}` }));
    const [id] = await importExperts(t.container.db, [{ externalId: "PUB-FULL", name: "林", publications }]);
    const { html, entries } = await editPage(id!);
    expect(entries.filter(([name]) => name === "publicationTitle")).toHaveLength(expertLimits.publications);
    expect(html).toContain(`已达到 ${expertLimits.publications} 条的上限`);
    const oneMore: [string, string][] = [
      ...entries,
      ["publicationType", "paper"],
      ["publicationYear", ""],
      ["publicationTitle", "又一篇"],
      ["publicationKeywords", ""],
      ["publicationAbstract", ""],
    ];
    const refused = await post(id!, oneMore);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`最多填写 ${expertLimits.publications} 项。`);
    expect((await t.container.experts.get(id!)).publications).toHaveLength(expertLimits.publications);
  });
});
