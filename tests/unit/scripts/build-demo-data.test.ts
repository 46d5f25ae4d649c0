/**
 * Validates the committed demo data in prisma/seed/ (see
 * ../shared/data/FORMATS.md and scripts/build-demo-data.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CSL_FILE, buildDemoData, parseCsl, renderFiles } from "../../../scripts/build-demo-data.js";
import { FUJIAN_CITIES } from "../../../scripts/demo-data/fujian-institutions.js";
import { NEED_STATUSES, TRACK_CODES, TRANSFER_MODES } from "../../../scripts/demo-data/types.js";

const seedDir = path.resolve(import.meta.dirname, "..", "..", "..", "prisma", "seed");

type Row = Record<string, unknown>;

function readJsonl(name: string): Row[] {
  const text = fs.readFileSync(path.join(seedDir, name), "utf8");
  expect(text.endsWith("\n"), `${name} ends with a newline`).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, i) => {
      expect(line.trim(), `${name}:${i + 1} is not blank`).not.toBe("");
      const value: unknown = JSON.parse(line);
      expect(
        typeof value === "object" && value !== null && !Array.isArray(value),
        `${name}:${i + 1} is an object`,
      ).toBe(true);
      return value as Row;
    });
}

const experts = readJsonl("experts.jsonl");
const needs = readJsonl("needs.jsonl");
const technologies = readJsonl("technologies.jsonl");
const societies = readJsonl("societies.jsonl");

const str = (row: Row, key: string): string => {
  const v = row[key];
  if (typeof v !== "string") throw new Error(`${String(row.externalId ?? row.name)}.${key} is not a string`);
  return v;
};
const strings = (row: Row, key: string): string[] => {
  const v = row[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw new Error(`${String(row.externalId ?? row.name)}.${key} is not a string array`);
  }
  return v as string[];
};

/** Every string inside a value, with its path. */
function allStrings(value: unknown, where: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === "string") out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => allStrings(v, `${where}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) allStrings(v, `${where}.${k}`, out);
  }
  return out;
}

const HAN = /[\u4e00-\u9fff]/;
/** Characters that exist only in Traditional Chinese. */
const TRADITIONAL_ONLY = /[體學與術電導資訊軟網廣錄衛鋰韓裝統氣車開發養質製魚臺灣龍點蘭]/;
const isFujianExpert = (e: Row) => /^DEMO-E\d{4}$/.test(str(e, "externalId"));

describe("demo data files", () => {
  it("are well-formed: trimmed, non-empty strings and no HTML-like characters", () => {
    for (const [name, rows] of Object.entries({ experts, needs, technologies, societies })) {
      for (const [i, row] of rows.entries()) {
        for (const [where, s] of allStrings(row, `${name}[${i}]`)) {
          expect(s, where).toBe(s.trim());
          expect(s, where).not.toBe("");
          expect(s, where).not.toMatch(/[<>]/);
        }
      }
    }
  });

  it("have unique externalIds, sorted, in every file and across kinds", () => {
    const all: string[] = [];
    for (const rows of [experts, needs, technologies]) {
      const ids = rows.map((r) => str(r, "externalId"));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      all.push(...ids);
    }
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("experts.jsonl", () => {
  it("has the required fields and valid optional ones", () => {
    for (const e of experts) {
      const id = str(e, "externalId");
      expect(str(e, "name"), id).not.toBe("");
      for (const key of ["organization", "title", "region", "bio"])
        expect(typeof e[key], `${id}.${key}`).toBe("string");
      for (const key of ["disciplines", "keywords", "languages", "societies"]) strings(e, key);
      expect(strings(e, "disciplines").length, `${id} has a discipline`).toBeGreaterThan(0);
      expect(strings(e, "keywords").length, id).toBeLessThanOrEqual(8);
      expect(Number.isInteger(e.capacity) && (e.capacity as number) >= 1 && (e.capacity as number) <= 5, id).toBe(true);
      const pubs = e.publications as Row[];
      expect(Array.isArray(pubs) && pubs.length >= 2 && pubs.length <= 9, `${id} publications`).toBe(true);
      for (const p of pubs) {
        expect(str(p, "title"), id).not.toBe("");
        expect(["paper", "project", "patent", "output"]).toContain(p.type);
        expect(Number.isInteger(p.year) && (p.year as number) >= 2012 && (p.year as number) <= 2024, id).toBe(true);
        if (p.keywords !== undefined) strings(p, "keywords");
      }
    }
  });

  it("has 250–350 Fujian experts in Fujian cities, each with 2–8 papers and 1–2 known societies", () => {
    const fujian = experts.filter(isFujianExpert);
    expect(fujian.length).toBeGreaterThanOrEqual(250);
    expect(fujian.length).toBeLessThanOrEqual(350);
    const societyNames = new Set(societies.map((s) => str(s, "name")));
    const cities = new Set<string>(FUJIAN_CITIES);
    for (const e of fujian) {
      const id = str(e, "externalId");
      expect(cities.has(str(e, "region")), `${id} region ${str(e, "region")}`).toBe(true);
      const pubs = e.publications as Row[];
      expect(pubs.length, id).toBeGreaterThanOrEqual(2);
      expect(pubs.length, id).toBeLessThanOrEqual(8);
      const s = strings(e, "societies");
      expect(s.length, id).toBeGreaterThanOrEqual(1);
      expect(s.length, id).toBeLessThanOrEqual(2);
      for (const name of s) expect(societyNames.has(name), `${id}: ${name}`).toBe(true);
      expect(str(e, "bio"), id).toContain(str(e, "organization"));
      expect(str(e, "bio"), id).toContain(str(e, "title"));
    }
    // The experts come from many institutions and every Fujian city.
    expect(new Set(fujian.map((e) => str(e, "organization"))).size).toBeGreaterThanOrEqual(20);
    expect(new Set(fujian.map((e) => str(e, "region")))).toEqual(cities);
  });

  it("includes 8–12 Taiwan experts with Traditional-Chinese profiles", () => {
    const taiwan = experts.filter((e) => str(e, "region") === "台湾");
    expect(taiwan.length).toBeGreaterThanOrEqual(8);
    expect(taiwan.length).toBeLessThanOrEqual(12);
    for (const e of taiwan) {
      const id = str(e, "externalId");
      expect(strings(e, "languages"), id).toContain("zh-Hant");
      expect(str(e, "bio"), id).toMatch(TRADITIONAL_ONLY);
      const pubs = e.publications as Row[];
      expect(pubs.length, id).toBeGreaterThanOrEqual(2);
      expect(pubs.length, id).toBeLessThanOrEqual(4);
    }
  });

  it("includes 8–12 overseas experts with English profiles", () => {
    const english = experts.filter((e) => strings(e, "languages").includes("en") && !HAN.test(str(e, "bio")));
    expect(english.length).toBeGreaterThanOrEqual(8);
    expect(english.length).toBeLessThanOrEqual(12);
    for (const e of english) {
      expect(str(e, "name")).toMatch(/^[A-Za-z][A-Za-z .'-]+$/);
      expect(["台湾", ...FUJIAN_CITIES]).not.toContain(str(e, "region"));
    }
  });
});

describe("technologies.jsonl", () => {
  const expertIds = new Set(experts.map((e) => str(e, "externalId")));

  it("has 80–120 records whose owners are existing experts of the same discipline", () => {
    expect(technologies.length).toBeGreaterThanOrEqual(80);
    expect(technologies.length).toBeLessThanOrEqual(120);
    const byId = new Map(experts.map((e) => [str(e, "externalId"), e]));
    for (const t of technologies) {
      const id = str(t, "externalId");
      expect(str(t, "title"), id).not.toBe("");
      expect(str(t, "abstract"), id).not.toBe("");
      strings(t, "keywords");
      const owner = str(t, "ownerExternalId");
      expect(expertIds.has(owner), `${id} owner ${owner}`).toBe(true);
      expect(strings(byId.get(owner) as Row, "disciplines"), id).toContain(str(t, "discipline"));
    }
  });

  it("has maturity 1–9 and known transfer modes", () => {
    for (const t of technologies) {
      const id = str(t, "externalId");
      expect(Number.isInteger(t.maturity), id).toBe(true);
      expect(t.maturity as number, id).toBeGreaterThanOrEqual(1);
      expect(t.maturity as number, id).toBeLessThanOrEqual(9);
      const modes = strings(t, "transferModes");
      expect(modes.length, id).toBeGreaterThan(0);
      for (const m of modes) expect(TRANSFER_MODES as readonly string[], id).toContain(m);
    }
  });

  it("includes hand-written technologies of Taiwan and overseas experts", () => {
    const owners = new Map(experts.map((e) => [str(e, "externalId"), str(e, "region")]));
    const regions = technologies.map((t) => owners.get(str(t, "ownerExternalId")));
    expect(regions.filter((r) => r === "台湾").length).toBeGreaterThanOrEqual(3);
    expect(
      regions.filter((r) => r !== "台湾" && !(FUJIAN_CITIES as readonly string[]).includes(r ?? "")).length,
    ).toBeGreaterThanOrEqual(3);
  });
});

describe("needs.jsonl", () => {
  it("has about 60 needs with the required and extra fields", () => {
    expect(needs.length).toBeGreaterThanOrEqual(55);
    expect(needs.length).toBeLessThanOrEqual(65);
    for (const n of needs) {
      const id = str(n, "externalId");
      expect(id).toMatch(/^DEMO-N\d{3}$/);
      for (const key of [
        "title",
        "description",
        "difficulty",
        "target",
        "discipline",
        "industry",
        "region",
        "enterprise",
      ]) {
        expect(str(n, key), `${id}.${key}`).not.toBe("");
      }
      const keywords = strings(n, "keywords");
      expect(keywords.length, id).toBeGreaterThanOrEqual(3);
      expect(keywords.length, id).toBeLessThanOrEqual(6);
      expect(typeof n.confidential, id).toBe("boolean");
      expect(NEED_STATUSES as readonly string[], id).toContain(n.status);
      const description = str(n, "description");
      if (HAN.test(description)) {
        expect(description.length, id).toBeGreaterThanOrEqual(80);
        expect(description.length, id).toBeLessThanOrEqual(250);
      }
    }
  });

  it("uses only allowed track codes, assist the most, and marks about 8 as confidential", () => {
    const counts = new Map<string, number>();
    for (const n of needs) {
      const track = str(n, "track");
      expect(TRACK_CODES as readonly string[]).toContain(track);
      counts.set(track, (counts.get(track) ?? 0) + 1);
    }
    for (const track of TRACK_CODES) expect(counts.get(track) ?? 0, track).toBeGreaterThan(0);
    const assist = counts.get("assist") ?? 0;
    for (const [track, count] of counts) if (track !== "assist") expect(assist, track).toBeGreaterThan(count);
    const confidential = needs.filter((n) => n.confidential === true).length;
    expect(confidential).toBeGreaterThanOrEqual(6);
    expect(confidential).toBeLessThanOrEqual(10);
    expect(needs.filter((n) => n.status === "open").length).toBeGreaterThan(needs.length / 2);
  });

  it("has needs in Fujian cities, including Traditional-Chinese (straits) and English (overseas) ones", () => {
    for (const n of needs) expect(FUJIAN_CITIES as readonly string[], str(n, "externalId")).toContain(str(n, "region"));
    const traditional = needs.filter((n) => TRADITIONAL_ONLY.test(str(n, "description")));
    expect(traditional.length).toBeGreaterThanOrEqual(2);
    for (const n of traditional) expect(n.track).toBe("straits");
    const english = needs.filter((n) => !HAN.test(str(n, "title")) && !HAN.test(str(n, "description")));
    expect(english.length).toBeGreaterThanOrEqual(2);
    for (const n of english) expect(n.track).toBe("overseas");
  });
});

describe("societies.jsonl", () => {
  it("lists about 20 distinct provincial societies with an English name, a discipline and a description", () => {
    expect(societies.length).toBeGreaterThanOrEqual(15);
    expect(societies.length).toBeLessThanOrEqual(30);
    const names = societies.map((s) => str(s, "name"));
    expect(new Set(names).size).toBe(names.length);
    for (const s of societies) {
      expect(str(s, "name")).toMatch(/^福建省.+会$/);
      expect(str(s, "discipline")).not.toBe("");
      expect(str(s, "description")).not.toBe("");
      expect(str(s, "nameEn")).toMatch(/^Fujian [A-Z][A-Za-z ]+$/);
      expect(Object.keys(s).sort()).toEqual(["description", "discipline", "name", "nameEn"]);
    }
  });
});

describe.runIf(fs.existsSync(CSL_FILE))("scripts/build-demo-data.ts", () => {
  it("reproduces the committed files exactly (deterministic, and not stale)", () => {
    const csl = parseCsl(fs.readFileSync(CSL_FILE, "utf8"));
    const first = renderFiles(buildDemoData(csl));
    const second = renderFiles(buildDemoData(csl));
    expect(second).toEqual(first);
    for (const [name, content] of Object.entries(first)) {
      expect(fs.readFileSync(path.join(seedDir, name), "utf8"), name).toBe(content);
    }
  });
});
