import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { runScript, useTempFolder } from "../support/cli-process.js";

const runCli = runScript;
const { at, file } = useTempFolder("scibridge-assign-cli-");

describe("npm run assign", () => {
  it("writes one line per need and a report; honours conflicts and the atMostSame quota", async () => {
    const needs = file("n.jsonl", '{"id":"P1","demand":2,"attrs":{"track":"straits"}}\n{"id":"P2","demand":1}\n');
    const experts = file(
      "e.jsonl",
      '{"id":"R1","maxLoad":1,"attrs":{"region":"台湾","organization":"A"}}\n{"id":"R2","maxLoad":2,"attrs":{"organization":"A"}}\n{"id":"R3","maxLoad":1,"attrs":{"organization":"B"}}\n{"id":"R4","maxLoad":1}\n',
    );
    const scores = file("s.tsv", "P1\tR1\t0.9\nP1\tR2\t0.8\nP1\tR3\t0.1\nP2\tR1\t0.95\nP2\tR2\t0.2\nP2\tR4\t0.99\n");
    const conflicts = file("c.tsv", "P2\tR4\n");
    const rules = file("q.json", '[{"kind":"atMostSame","attr":"organization","count":1}]');
    const out = at("a.jsonl");
    const report = at("r.json");
    const result = await runCli("assign.ts", [
      "--needs",
      needs,
      "--experts",
      experts,
      "--scores",
      scores,
      "--conflicts",
      conflicts,
      "--constraints",
      rules,
      "--out",
      out,
      "--report",
      report,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/%/);
    const lines = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      {
        needId: "P1",
        experts: [
          { expertId: "R2", score: 0.8 },
          { expertId: "R3", score: 0.1 },
        ],
      },
      { needId: "P2", experts: [{ expertId: "R1", score: 0.95 }] },
    ]);
    const written = JSON.parse(fs.readFileSync(report, "utf8")) as Record<string, unknown>;
    expect(written).toMatchObject({
      status: "optimal",
      objective: 1.85,
      minNeedScore: 0.9,
      diagnosis: null,
      gapPercent: 0,
    });
    expect(typeof written.seconds).toBe("number");
  });

  it("re-solves near a previous assignment: keeps it within a wide tolerance, the optimum at tolerance 0", async () => {
    const needs = file("cn.jsonl", '{"id":"P1","demand":2}\n{"id":"P2","demand":1}\n');
    const experts = file(
      "ce.jsonl",
      '{"id":"R1","maxLoad":1}\n{"id":"R2","maxLoad":2}\n{"id":"R3","maxLoad":1}\n{"id":"R4","maxLoad":1}\n',
    );
    const scores = file("cs.tsv", "P1\tR1\t0.9\nP1\tR2\t0.8\nP1\tR3\t0.1\nP2\tR1\t0.95\nP2\tR2\t0.2\nP2\tR4\t0.99\n");
    // Score 1.2 against the optimum 2.69 (P1: R1, R2; P2: R4).
    const previous = file(
      "prev.jsonl",
      '{"needId":"P1","experts":[{"expertId":"R1"},{"expertId":"R3"}]}\n{"needId":"P2","experts":[{"expertId":"R2"}]}\n',
    );
    const reportFor = async (tolerance: string) => {
      const report = at(`churn-${tolerance}.json`);
      const args = ["--needs", needs, "--experts", experts, "--scores", scores, "--previous", previous];
      const result = await runCli("assign.ts", [
        ...args,
        "--churn-tolerance",
        tolerance,
        "--out",
        at("ca.jsonl"),
        "--report",
        report,
      ]);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(fs.readFileSync(report, "utf8")) as Record<string, unknown>;
    };
    expect(await reportFor("0.6")).toMatchObject({
      kept: 3,
      added: 0,
      removed: 0,
      keptBound: 3,
      fewestChangesProven: true,
    });
    const strict = await reportFor("0");
    expect(strict).toMatchObject({ status: "optimal", kept: 1, removed: 2, keptBound: 1, fewestChangesProven: true });
    expect(strict.objective).toBeCloseTo(2.69, 9);
  });

  it("exits 3 with a diagnosis and no assignment when demand exceeds the shared experts' capacity", async () => {
    const needs = file("n3.jsonl", '{"id":"P1","demand":1}\n{"id":"P2","demand":1}\n');
    const experts = file("e3.jsonl", '{"id":"R1","maxLoad":1}\n');
    const scores = file("s3.tsv", "P1\tR1\t0.5\nP2\tR1\t0.4\n");
    const out = file("a3.jsonl", "stale\n");
    const report = at("r3.json");
    const result = await runCli("assign.ts", [
      "--needs",
      needs,
      "--experts",
      experts,
      "--scores",
      scores,
      "--out",
      out,
      "--report",
      report,
    ]);
    expect(result.code).toBe(3);
    expect(fs.existsSync(out)).toBe(false);
    const written = JSON.parse(fs.readFileSync(report, "utf8")) as {
      status: string;
      diagnosis: { reasons: { relaxation: string }[] };
    };
    expect(written.status).toBe("infeasible");
    expect(written.diagnosis.reasons[0]!.relaxation).toContain("Raise the maxLoad of R1 from 1 to 2");
    expect(result.stderr).toContain("maxLoad of R1");
  });

  it("rejects malformed lines with their line numbers and exit status 2", async () => {
    const needs = file("n2.jsonl", '{"id":"P1","demand":1}\n{"id":"P2","demand":-1}\nnot json\n');
    const experts = file("e2.jsonl", '{"id":"R1","maxLoad":1}\n');
    const scores = file("s2.tsv", "P1\tR1\t0.5\n");
    const result = await runCli("assign.ts", [
      "--needs",
      needs,
      "--experts",
      experts,
      "--scores",
      scores,
      "--out",
      at("x.jsonl"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("n2.jsonl:2: demand");
    expect(result.stderr).toContain("n2.jsonl:3: not valid JSON");

    const badScores = file("s4.tsv", "P1\tR1\t0.5\nP1\tR9\t0.1\nP1\tR1\tabc\n");
    const okNeeds = file("n4.jsonl", '{"id":"P1","demand":1}\n');
    const second = await runCli("assign.ts", [
      "--needs",
      okNeeds,
      "--experts",
      experts,
      "--scores",
      badScores,
      "--out",
      at("x.jsonl"),
    ]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("s4.tsv:2: unknown expert R9");
    expect(second.stderr).toContain("s4.tsv:3: score is not a number");
  });
});
