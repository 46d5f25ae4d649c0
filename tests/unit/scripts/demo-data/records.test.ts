import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MalformedInputError } from "../../../../scripts/cli/line-files.js";
import { FUJIAN_INSTITUTIONS } from "../../../../scripts/demo-data/fujian-institutions.js";
import { loadNeeds, readRecordFile } from "../../../../scripts/demo-data/records.js";
import { needLineSchema } from "../../../../server/knowledge/import/import-records.schemas.js";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-demo-records-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const fileWith = (lines: string[]) => {
  const file = path.join(directory, `needs-${Math.random().toString(36).slice(2)}.jsonl`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
};

describe("the hand-written demo records", () => {
  it("load as data: 60 needs and every Fujian institution, each line accepted by the importer's schema", () => {
    const needs = loadNeeds();
    expect(needs).toHaveLength(60);
    expect(needs[0]).toMatchObject({ externalId: "DEMO-N001", track: "assist", status: "open" });
    for (const need of needs) expect(needLineSchema.safeParse(need).success).toBe(true);
    expect(FUJIAN_INSTITUTIONS.map((institution) => institution.name)).toContain("福州大学");
  });

  it("stop at a bad line with its number and the field at fault", () => {
    const good = JSON.stringify({ externalId: "N1", title: "需求" });
    const file = fileWith([good, "", '{"externalId": "N2"}', "{not json"]);
    let caught: unknown;
    try {
      readRecordFile(file, needLineSchema);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MalformedInputError);
    const message = (caught as Error).message;
    expect(message).toContain("2 malformed lines");
    expect(message).toMatch(/needs-\w+\.jsonl:3: title: required/);
    expect(message).toMatch(/needs-\w+\.jsonl:4: not valid JSON/);
  });

  it("return the records of a clean file in their order", () => {
    const file = fileWith([
      JSON.stringify({ externalId: "N1", title: "甲" }),
      JSON.stringify({ externalId: "N2", title: "乙" }),
    ]);
    expect(readRecordFile(file, needLineSchema).map((need) => need.externalId)).toEqual(["N1", "N2"]);
  });
});
