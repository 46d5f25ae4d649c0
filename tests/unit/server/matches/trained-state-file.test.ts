import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../server/config.js";
import { matchingModelFile } from "../../../../server/db/database-files.js";
import { readTrainedState, retrainReason, writeTrainedState } from "../../../../server/matches/trained-state-file.js";

const rule = { maxExpertChange: 0.1, maxAgeDays: 30 };
const now = new Date("2026-12-06T00:00:00Z");
const state = (expertCount: number, trainedAt = "2026-12-01T00:00:00Z") => ({
  format: 1,
  trainedAt,
  expertCount,
  vectors: new Float32Array([0.25, 0.5]),
});

describe("the trained matching state beside the database", () => {
  it("lives next to the SQLite file", () => {
    expect(matchingModelFile("/data/scibridge.db")).toBe("/data/scibridge.matching-model.bin");
    expect(matchingModelFile("/data/app.sqlite")).toBe("/data/app.matching-model.bin");
  });

  it("round-trips typed arrays and replaces the file atomically, leaving no temporary file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-model-"));
    const file = path.join(dir, "app.matching-model.bin");
    writeTrainedState(file, state(100));
    writeTrainedState(file, state(120));
    const read = readTrainedState(file);
    expect(read.problem).toBeNull();
    expect(read.state).toMatchObject({ expertCount: 120, vectors: new Float32Array([0.25, 0.5]) });
    expect(fs.readdirSync(dir)).toEqual(["app.matching-model.bin"]);
  });

  it("reads a missing file as no state, and an unreadable one as no state with the problem", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-model-"));
    expect(readTrainedState(path.join(dir, "none.bin"))).toEqual({ state: null, problem: null });
    fs.writeFileSync(path.join(dir, "bad.bin"), "not a state");
    const bad = readTrainedState(path.join(dir, "bad.bin"));
    expect(bad.state).toBeNull();
    expect(bad.problem).toContain("bad.bin");
  });
});

describe("retrainReason", () => {
  it("reuses a recent state while the collection stays within 10 % of the experts it was trained on", () => {
    expect(retrainReason(state(1000), 1000, now, rule)).toBeNull();
    expect(retrainReason(state(1000), 1100, now, rule)).toBeNull();
    expect(retrainReason(state(1000), 900, now, rule)).toBeNull();
  });

  it("retrains without a state, after the collection grew or shrank by more than 10 %, or after 30 days", () => {
    expect(retrainReason(null, 10, now, rule)).toBe("no trained state");
    expect(retrainReason(state(1000), 1101, now, rule)).toContain("from 1000 to 1101 experts");
    expect(retrainReason(state(1000), 899, now, rule)).toContain("from 1000 to 899 experts");
    expect(retrainReason(state(0), 3, now, rule)).toContain("from 0 to 3 experts");
    expect(retrainReason(state(1000, "2026-11-01T00:00:00Z"), 1000, now, rule)).toContain("35 days old");
  });

  it("takes its limits from the configuration", () => {
    const config = loadConfig({
      DATABASE_URL: `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-config-")), "app.db")}`,
      MATCHING_RETRAIN_EXPERT_CHANGE: "0.25",
      MATCHING_RETRAIN_MAX_AGE_DAYS: "7",
    });
    expect(config.matching.retrain).toEqual({ maxExpertChange: 0.25, maxAgeDays: 7 });
    expect(retrainReason(state(1000), 1200, now, config.matching.retrain)).toBeNull();
    expect(retrainReason(state(1000, "2026-11-28T00:00:00Z"), 1000, now, config.matching.retrain)).toContain(
      "8 days old",
    );
  });
});
