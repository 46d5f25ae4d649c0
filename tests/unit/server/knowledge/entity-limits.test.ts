import { describe, expect, it } from "vitest";
import { expertBody, expertPatchBody } from "../../../../server/http/experts/experts.schemas.js";
import { needBody, needPatchBody } from "../../../../server/http/needs/needs.schemas.js";
import { technologyBody, technologyPatchBody } from "../../../../server/http/technologies/technologies.schemas.js";
import { expertLimits, publicationLimits } from "../../../../server/knowledge/experts.limits.js";
import {
  expertLineSchema,
  needLineSchema,
  technologyLineSchema,
} from "../../../../server/knowledge/import/import-records.schemas.js";
import { needLimits } from "../../../../server/knowledge/needs.limits.js";
import { technologyLimits } from "../../../../server/knowledge/technologies.limits.js";

/**
 * One limits table per entity: the import line and the API body accept a field at exactly its
 * limit and refuse one character (or item) more. A record that imports can be saved back.
 */
const long = (length: number) => "长".repeat(length);
const terms = (count: number, characters: number) =>
  Array.from({ length: count }, (_, index) => `${index}`.padEnd(characters, "词"));

interface Case {
  field: string;
  atLimit: unknown;
  overLimit: unknown;
}

function textCases(limits: Record<string, number>): Case[] {
  return Object.entries(limits).map(([field, max]) => ({ field, atLimit: long(max), overLimit: long(max + 1) }));
}

function termCases(fields: string[], limits: { items: number; characters: number }): Case[] {
  return fields.flatMap((field) => [
    { field, atLimit: terms(limits.items, limits.characters), overLimit: terms(limits.items + 1, limits.characters) },
    { field, atLimit: terms(1, limits.characters), overLimit: terms(1, limits.characters + 1) },
  ]);
}

function expectSameBoundaries(
  base: { api: Record<string, unknown>; line: Record<string, unknown> },
  schemas: {
    create: { safeParse(v: unknown): { success: boolean } };
    patch: { safeParse(v: unknown): { success: boolean } };
    line: { safeParse(v: unknown): { success: boolean } };
  },
  cases: Case[],
) {
  for (const { field, atLimit, overLimit } of cases) {
    const label = `${field} (${JSON.stringify(atLimit).length} characters of JSON)`;
    expect(schemas.line.safeParse({ ...base.line, [field]: atLimit }).success, `import ${label}`).toBe(true);
    expect(schemas.create.safeParse({ ...base.api, [field]: atLimit }).success, `API ${label}`).toBe(true);
    expect(schemas.patch.safeParse({ [field]: atLimit }).success, `PATCH ${label}`).toBe(true);
    expect(schemas.line.safeParse({ ...base.line, [field]: overLimit }).success, `import over ${field}`).toBe(false);
    expect(schemas.create.safeParse({ ...base.api, [field]: overLimit }).success, `API over ${field}`).toBe(false);
    expect(schemas.patch.safeParse({ [field]: overLimit }).success, `PATCH over ${field}`).toBe(false);
  }
}

describe("entity limits", () => {
  it("let the API take every expert field the import takes, and refuse what the import refuses", () => {
    const publication = (changes: Record<string, unknown>) => [{ title: "论文", ...changes }];
    expectSameBoundaries(
      { api: { name: "林" }, line: { externalId: "E1", name: "林" } },
      { create: expertBody, patch: expertPatchBody, line: expertLineSchema },
      [
        ...textCases({
          name: expertLimits.name,
          organization: expertLimits.organization,
          title: expertLimits.title,
          region: expertLimits.region,
          bio: expertLimits.bio,
        }),
        ...termCases(["disciplines", "keywords"], expertLimits.terms),
        {
          field: "languages",
          atLimit: terms(expertLimits.languages.items, expertLimits.languages.characters),
          overLimit: terms(1, expertLimits.languages.characters + 1),
        },
        {
          field: "capacity",
          atLimit: expertLimits.capacity.max,
          overLimit: expertLimits.capacity.max + 1,
        },
        {
          field: "publications",
          atLimit: Array.from({ length: expertLimits.publications }, () => ({ title: "论文" })),
          overLimit: Array.from({ length: expertLimits.publications + 1 }, () => ({ title: "论文" })),
        },
        {
          field: "publications",
          atLimit: publication({
            title: long(publicationLimits.title),
            abstract: long(publicationLimits.abstract),
            keywords: terms(publicationLimits.keywords.items, publicationLimits.keywords.characters),
            year: publicationLimits.year.max,
          }),
          overLimit: publication({ abstract: long(publicationLimits.abstract + 1) }),
        },
        {
          field: "publications",
          atLimit: publication({ type: "patent" }),
          overLimit: publication({ title: long(publicationLimits.title + 1) }),
        },
        {
          field: "publications",
          atLimit: publication({ year: publicationLimits.year.min }),
          overLimit: publication({
            keywords: terms(publicationLimits.keywords.items + 1, publicationLimits.keywords.characters),
          }),
        },
        {
          field: "email",
          atLimit: `${"a".repeat(expertLimits.email - 7)}@ex.org`,
          overLimit: `${"a".repeat(expertLimits.email - 6)}@ex.org`,
        },
      ],
    );
  });

  it("let the API take every need field the import takes, and refuse what the import refuses", () => {
    const { title, description, difficulty, target, discipline, industry, region, enterprise } = needLimits;
    expectSameBoundaries(
      { api: { title: "需求" }, line: { externalId: "N1", title: "需求" } },
      { create: needBody, patch: needPatchBody, line: needLineSchema },
      [
        ...textCases({ title, description, difficulty, target, discipline, industry, region, enterprise }),
        ...termCases(["keywords"], needLimits.terms),
      ],
    );
  });

  it("let the API take every technology field the import takes, and refuse what the import refuses", () => {
    const { title, abstract, discipline } = technologyLimits;
    expectSameBoundaries(
      { api: { title: "技术" }, line: { externalId: "T1", title: "技术" } },
      { create: technologyBody, patch: technologyPatchBody, line: technologyLineSchema },
      [
        ...textCases({ title, abstract, discipline }),
        ...termCases(["keywords"], technologyLimits.terms),
        { field: "maturity", atLimit: technologyLimits.maturity.max, overLimit: technologyLimits.maturity.max + 1 },
      ],
    );
  });
});
