import ExcelJS from "exceljs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/prisma.js";
import { createTestDatabase } from "../support/database.js";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { startScript, startUpProbe } from "../support/cli-process.js";
import { startUpReportIn } from "../support/start-up-report.js";
import { repoRoot } from "../support/paths.js";
import { startTestServer } from "../support/test-app.js";

const fixtures = path.join(repoRoot, "tests", "fixtures", "import");

const startCli = (args: string[], options: { preload?: string } = {}) => startScript("import.ts", args, options);
const runCli = (args: string[], options: { preload?: string } = {}) => startCli(args, options).result;
/** Runs the command with the start-up probe, answering also what the probe saw it load. */
async function runProbedCli(args: string[]) {
  const result = await runCli(args, { preload: startUpProbe });
  return { ...result, loaded: startUpReportIn(result.stderr) };
}

async function counts(db: Db) {
  const [experts, distinctIds, publications, memberships, societies] = await Promise.all([
    db.expert.count(),
    db.expert.groupBy({ by: ["externalId"] }).then((groups) => groups.length),
    db.publication.count(),
    db.expertSociety.count(),
    db.society.count(),
  ]);
  return { experts, distinctIds, publications, memberships, societies };
}

/** A JSONL file of `total` generated experts, each with two publications and two of seven societies. */
function writeGeneratedExperts(file: string, total: number): void {
  const lines = Array.from({ length: total }, (_, index) =>
    JSON.stringify({
      externalId: `GEN-${String(index).padStart(5, "0")}`,
      name: `专家${index}`,
      organization: `机构${index % 50}`,
      disciplines: [`学科${index % 20}`],
      societies: [`学会${index % 7}`, `学会${(index + 3) % 7}`],
      publications: [
        { title: `论文${index}-甲`, year: 2001, type: "paper" },
        { title: `项目${index}-乙`, year: 2011, type: "project" },
      ],
    }),
  );
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

/** What a clean import of `total` generated experts leaves. */
const importedExperts = (total: number) => ({
  experts: total,
  distinctIds: total,
  publications: 2 * total,
  memberships: 2 * total,
  societies: 7,
});

/** Externally visible state of the imported experts, for comparing two databases. */
async function experts(db: Db) {
  const rows = await db.expert.findMany({
    select: {
      externalId: true,
      name: true,
      contentHash: true,
      publications: { select: { title: true, position: true }, orderBy: { position: "asc" } },
      societies: { select: { society: { select: { name: true } } }, orderBy: { society: { name: "asc" } } },
    },
    orderBy: { externalId: "asc" },
  });
  return rows;
}

/**
 * Two clients posting needs through the live server's API, one after another each, until
 * `stop()` (and at least ten each): the server's own writes while an import runs.
 */
function keepPostingNeeds(enterprise: SignedInAgent) {
  let stopped = false;
  const statuses: number[] = [];
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const writer = async (name: string) => {
    for (let index = 0; !stopped || index < 10; index += 1) {
      const startedAt = performance.now();
      const response = await write(enterprise, "post", "/api/needs").send(
        buildNeed({ title: `导入期间发布的需求 ${name}-${index}` }),
      );
      latenciesMs.push(performance.now() - startedAt);
      statuses.push(response.status);
      if (response.status !== 201) failures.push(`${response.status} ${JSON.stringify(response.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 10)); // clients, not a flood
    }
  };
  const done = Promise.all([writer("a"), writer("b")]);
  return {
    statuses,
    latenciesMs,
    failures,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-import-cli-"));
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("npm run import", () => {
  it("exits with 2 and names the flag when a flag is unknown", async () => {
    const result = await runCli(["--expert", path.join(fixtures, "experts.jsonl")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--expert'");
    expect(result.stderr).toContain("Usage: npm run import");
  });

  it("exits with 2 and names the file when a file is missing", async () => {
    const result = await runCli(["--experts", "no-such-file.jsonl"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--experts: file not found: no-such-file.jsonl");
  });

  it("exits with 2 when there is nothing to import or the format is unknown", async () => {
    expect((await runCli([])).code).toBe(2);
    const result = await runCli(["--needs", path.join(fixtures, "README.md")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("name it .jsonl, .csv or .xlsx");
  });

  it("imports into --db, prints the summary, the rejected lines and the warnings, and exits with 0", async () => {
    const database = await createTestDatabase();
    try {
      const result = await runProbedCli([
        "--db",
        database.file,
        "--experts",
        path.join(fixtures, "experts-with-errors.jsonl"),
        "--technologies",
        path.join(fixtures, "technologies.jsonl"),
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^file\s+kind\s+imported\s+updated\s+unchanged\s+rejected\s+warnings\s+time$/m);
      expect(result.stdout).toMatch(/^experts-with-errors\.jsonl\s+experts\s+2\s+1\s+0\s+7\s+1\s+[\d.]+ s$/m);
      // Experts run first, so nothing owns FX-T001; the file's other faults are reported too.
      expect(result.stdout).toMatch(/^technologies\.jsonl\s+technologies\s+1\s+0\s+0\s+3\s+0\s+[\d.]+ s$/m);
      expect(result.stdout).toContain("  line 4: capacity: expected an integer from 0 to 100  (FX-B004)");
      expect(result.stdout).toContain("  line 3: name: required  (FX-B003)");
      // Line 11 repeats line 1's externalId: imported as an update of that record, and said so.
      expect(result.stdout).toContain(
        [
          "experts-with-errors.jsonl: 1 warning",
          "  line 11: repeats the externalId of line 1; the later line was kept  (FX-B001)",
        ].join("\n"),
      );
      // Not a terminal: plain progress lines, no carriage-return redraws.
      expect(result.stderr).toMatch(/^experts-with-errors\.jsonl:\s+100%\s+10 records/m);
      expect(result.stderr).not.toContain("\r");
      expect(await database.db.expert.count()).toBe(2);
      // A technology's transfer modes are read through the text analyser, so it was built: the probe sees that.
      expect(result.loaded).toEqual({ exceljs: false, textAnalyser: true });
    } finally {
      await database.close();
    }
  });

  it("imports an .xlsx workbook with Chinese headers and reports rows by their Excel row number", async () => {
    const database = await createTestDatabase();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "import-xlsx-"));
    try {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet("专家");
      sheet.addRows([
        ["编号", "姓名", "单位", "学科"],
        ["CLI-X1", "林晓岚", "福州大学", "材料科学; 化学工程"],
        ["CLI-X2", "", "厦门大学", ""],
      ]);
      const file = path.join(directory, "专家名单.xlsx");
      await book.xlsx.writeFile(file);
      const result = await runProbedCli(["--db", database.file, "--experts", file]);
      expect(result.code).toBe(0);
      expect(result.loaded.exceljs).toBe(true);
      expect(result.stdout).toMatch(/^专家名单\.xlsx\s+experts\s+1\s+0\s+0\s+1\s+0\s+[\d.]+ s$/m);
      expect(result.stdout).toContain("  line 3: name: required  (CLI-X2)");
      const expert = await database.db.expert.findUniqueOrThrow({ where: { externalId: "CLI-X1" } });
      expect(expert).toMatchObject({ name: "林晓岚", organization: "福州大学" });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
      await database.close();
    }
  });

  it("reads a JSONL experts file without loading the .xlsx reader or the text analyser", async () => {
    // Both take a quarter of a second to load, and every run of the command would pay for them.
    const database = await createTestDatabase();
    try {
      const result = await runProbedCli(["--db", database.file, "--experts", path.join(fixtures, "experts.jsonl")]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^experts\.jsonl\s+experts\s+7\s+0\s+0\s/m);
      expect(result.loaded).toEqual({ exceljs: false, textAnalyser: false });
    } finally {
      await database.close();
    }
  });

  it("exits with 1 on a fatal error such as an unmigrated database", async () => {
    const empty = path.join(directory, "empty.db");
    fs.writeFileSync(empty, "");
    const result = await runCli(["--db", empty, "--experts", path.join(fixtures, "experts.jsonl")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Is the database migrated?");
  });

  it("finishes a run killed halfway beside a live server without duplicates, matching a clean import", async () => {
    const total = 2_000;
    const batchSize = 20;
    const file = path.join(directory, "generated-experts.jsonl");
    writeGeneratedExperts(file, total);

    // The killed import and its rerun write into a live server's database while it takes writes.
    const server = await startTestServer();
    const interrupted = server.database;
    const clean = await createTestDatabase();
    try {
      const posting = keepPostingNeeds(await signUp(server.app, server.container, { role: "enterprise" }));
      const args = ["--db", interrupted.file, "--experts", file, "--batch-size", String(batchSize)];
      const { child, result } = startCli(args);
      // Kill as soon as a couple of batches are committed, mid-file.
      let seen = 0;
      while (seen < 2 * batchSize) {
        if (child.exitCode !== null) {
          const early = await result;
          throw new Error(`the import ended before it could be interrupted (exit ${early.code}): ${early.stderr}`);
        }
        seen = await interrupted.db.expert.count();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill("SIGKILL");
      expect((await result).signal).toBe("SIGKILL");

      const afterKill = await counts(interrupted.db);
      expect(afterKill.experts).toBeGreaterThanOrEqual(2 * batchSize);
      expect(afterKill.experts).toBeLessThan(total);
      // Whole batches only: every committed expert came with its publications and societies.
      expect(afterKill.experts % batchSize).toBe(0);
      expect(afterKill.publications).toBe(2 * afterKill.experts);
      expect(afterKill.memberships).toBe(2 * afterKill.experts);

      const rerun = await runCli(args);
      await posting.stop();
      expect(rerun.stderr).not.toMatch(/database is locked|SQLITE_BUSY/i);
      expect(rerun.code).toBe(0);
      const imported = (total - afterKill.experts).toLocaleString("en-US");
      const unchanged = afterKill.experts.toLocaleString("en-US");
      expect(rerun.stdout).toMatch(
        new RegExp(`^generated-experts\\.jsonl\\s+experts\\s+${imported}\\s+0\\s+${unchanged}\\s+0\\s`, "m"),
      );

      const cleanRun = await runCli(["--db", clean.file, "--experts", file]);
      expect(cleanRun.code).toBe(0);
      const expected = importedExperts(total);
      expect(await counts(clean.db)).toEqual(expected);
      expect(await counts(interrupted.db)).toEqual(expected);
      expect(await experts(interrupted.db)).toEqual(await experts(clean.db));
      // And the server lost none of the writes it took meanwhile.
      expect(posting.failures).toEqual([]);
      expect(await interrupted.db.need.count()).toBe(posting.statuses.length);
    } finally {
      await server.close();
      await clean.close();
    }
  }, 120_000);

  it("finishes beside a running server that keeps writing, and every write of both lands", async () => {
    const total = 5_000;
    const file = path.join(directory, "live-experts.jsonl");
    writeGeneratedExperts(file, total);
    // The live server and the import share one database file, as in production.
    const server = await startTestServer();
    try {
      const posting = keepPostingNeeds(await signUp(server.app, server.container, { role: "enterprise" }));
      const result = await runCli(["--db", server.database.file, "--experts", file]);
      await posting.stop();

      expect(result.stderr).not.toMatch(/database is locked|SQLITE_BUSY/i);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^live-experts\\.jsonl\\s+experts\\s+${total.toLocaleString("en-US")}\\s+0\\s+0\\s+0\\s`, "m"),
      );
      expect(await counts(server.database.db)).toEqual(importedExperts(total));
      expect(posting.failures).toEqual([]);
      expect(posting.statuses.length).toBeGreaterThanOrEqual(20);
      expect(await server.database.db.need.count()).toBe(posting.statuses.length);
      // The server kept answering: no write came near waiting out the 10 s busy timeout.
      expect(Math.max(...posting.latenciesMs)).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("imports through the running server with --url and an organizer's token, in dependency order", async () => {
    const server = await startTestServer();
    try {
      const organizer = await signUp(server.app, server.container, { role: "organizer" });
      const token = (await write(organizer, "post", "/api/tokens").send({ name: "cli" })).body.token as string;
      const args = ["--url", server.baseUrl, "--token", token];
      const result = await runCli([
        ...args,
        "--experts",
        path.join(fixtures, "experts.jsonl"),
        "--technologies",
        path.join(fixtures, "technologies.jsonl"),
      ]);
      expect(result.stderr).not.toMatch(/import failed/);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^experts\.jsonl\s+experts\s+7\s+0\s+0\s+\d+\s/m);
      expect(result.stdout).toMatch(/^technologies\.jsonl\s+technologies\s+[1-9]/m);
      expect(await server.database.db.importJob.count({ where: { status: "succeeded" } })).toBe(2);

      // The job's warnings come back through the API and print as a local import prints them.
      const repeated = await runCli([...args, "--experts", path.join(fixtures, "experts-with-errors.jsonl")]);
      expect(repeated.code).toBe(0);
      expect(repeated.stdout).toMatch(/^experts-with-errors\.jsonl\s+experts\s+2\s+1\s+0\s+7\s+1\s/m);
      expect(repeated.stdout).toContain(
        "  line 11: repeats the externalId of line 1; the later line was kept  (FX-B001)",
      );

      const refused = await runCli([
        ...args.slice(0, 2),
        "--token",
        "not-a-token",
        "--needs",
        path.join(fixtures, "needs.jsonl"),
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/answered 401/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("says when --url cannot be reached, and refuses --url without --token or with --db", async () => {
    const experts = path.join(fixtures, "experts.jsonl");
    const unreachable = await runCli(["--url", "http://127.0.0.1:9", "--token", "x", "--experts", experts]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    const noToken = await runCli(["--url", "http://127.0.0.1:9", "--experts", experts]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--url needs --token/);
  });
});
