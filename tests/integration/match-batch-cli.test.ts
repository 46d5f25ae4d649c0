import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../support/cli-process.js";
import { repoRoot } from "../support/paths.js";

const fixtures = path.join(repoRoot, "tests", "fixtures", "match");

const runCli = (args: string[]) => runScript("match-batch.ts", args);

function readLines(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const experts = path.join(fixtures, "experts.jsonl");
const needs = path.join(fixtures, "needs.jsonl");
let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-match-cli-"));
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("npm run match:batch", () => {
  it("writes each need's best experts in the contract's format, sorted, with the obvious answers first", async () => {
    const out = path.join(directory, "needs.jsonl");
    const result = await runCli([
      "--experts",
      experts,
      "--needs",
      needs,
      "--mode",
      "needs",
      "--top",
      "3",
      "--out",
      out,
      "--now",
      "2026-01-01",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = readLines(out);
    expect(lines.map((l) => l.needExternalId)).toEqual(["FX-N1", "FX-N2", "FX-N3", "FX-N4"]);
    const best: Record<string, string> = {};
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(["matches", "needExternalId"]);
      const matches = line.matches as { expertExternalId: string; score: number }[];
      expect(matches.length).toBeGreaterThan(0);
      expect(matches.length).toBeLessThanOrEqual(3);
      for (const match of matches) {
        expect(Object.keys(match).sort()).toEqual(["expertExternalId", "score"]);
        expect(typeof match.score).toBe("number");
      }
      const scores = matches.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      best[line.needExternalId as string] = matches[0]!.expertExternalId;
    }
    expect(best).toEqual({ "FX-N1": "FX-E1", "FX-N2": "FX-E2", "FX-N3": "FX-E3", "FX-N4": "FX-E4" });
    // The expert employed by the enterprise that posted FX-N1 is a conflict of interest.
    const n1 = lines[0]!.matches as { expertExternalId: string }[];
    expect(n1.map((m) => m.expertExternalId)).not.toContain("FX-E5");
    // The malformed line is reported with its number, and the rest of the file is imported.
    expect(result.stdout).toMatch(/line 3:/);
    expect(result.stdout).toMatch(/experts 6, needs 4/);
    expect(result.stdout).toMatch(/time: import [\d.]+ s, engine build [\d.]+ s, matching [\d.]+ s/);
  }, 60_000);

  it("writes each expert's best needs in --mode experts", async () => {
    const out = path.join(directory, "experts.jsonl");
    const result = await runCli([
      "--experts",
      experts,
      "--needs",
      needs,
      "--mode",
      "experts",
      "--top",
      "2",
      "--out",
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = readLines(out);
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(["expertExternalId", "matches"]);
      for (const match of line.matches as object[])
        expect(Object.keys(match).sort()).toEqual(["needExternalId", "score"]);
    }
    const byExpert = Object.fromEntries(
      lines.map((l) => [l.expertExternalId, (l.matches as { needExternalId: string }[]).map((m) => m.needExternalId)]),
    );
    expect(byExpert["FX-E2"]![0]).toBe("FX-N2");
    expect(byExpert["FX-E4"]![0]).toBe("FX-N4");
    expect(byExpert["FX-E5"]).not.toContain("FX-N1");
  }, 60_000);

  it("exits with 2 and a clear message on a bad flag", async () => {
    const unknown = await runCli([
      "--experts",
      experts,
      "--needs",
      needs,
      "--mode",
      "needs",
      "--top",
      "3",
      "--out",
      "x",
      "--bogus",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/bogus/);
    const badMode = await runCli([
      "--experts",
      experts,
      "--needs",
      needs,
      "--mode",
      "both",
      "--top",
      "3",
      "--out",
      "x",
    ]);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/--mode must be needs or experts/);
    const badTop = await runCli([
      "--experts",
      experts,
      "--needs",
      needs,
      "--mode",
      "needs",
      "--top",
      "0",
      "--out",
      "x",
    ]);
    expect(badTop.code).toBe(2);
    expect(badTop.stderr).toMatch(/--top must be at least 1/);
    const missing = await runCli([
      "--experts",
      path.join(directory, "nope.jsonl"),
      "--needs",
      needs,
      "--mode",
      "needs",
      "--top",
      "3",
      "--out",
      "x",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--experts: file not found/);
  }, 60_000);
});
