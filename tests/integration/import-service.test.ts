import ExcelJS from "exceljs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/prisma.js";
import { templateCsv, templateXlsx } from "../../server/knowledge/import/import-templates.js";
import { importFile, importFiles, importStream } from "../../server/knowledge/import/import.service.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { repoRoot } from "../support/paths.js";
import { englishReasons } from "../support/import-reports.js";

const fixtures = path.join(repoRoot, "tests", "fixtures", "import");
const fixture = (name: string) => path.join(fixtures, name);

let database: TestDatabase;
let db: Db;

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterEach(async () => {
  await database.close();
});

async function createTracks() {
  await db.track.createMany({
    data: [
      { code: "assist", name: "科技助企" },
      { code: "618", name: "6·18 成果对接" },
      { code: "straits", name: "海峡项目" },
    ],
  });
}

async function expertByExternalId(externalId: string) {
  return db.expert.findUniqueOrThrow({
    where: { externalId },
    include: {
      publications: { orderBy: { position: "asc" } },
      societies: { include: { society: true }, orderBy: { society: { name: "asc" } } },
    },
  });
}

async function rowCounts() {
  const [experts, publications, societies, memberships, technologies, needs] = await Promise.all([
    db.expert.count(),
    db.publication.count(),
    db.society.count(),
    db.expertSociety.count(),
    db.technology.count(),
    db.need.count(),
  ]);
  return { experts, publications, societies, memberships, technologies, needs };
}

describe("importing experts", () => {
  it("writes experts with their publications and societies", async () => {
    const report = await importFile(db, "experts", fixture("experts.jsonl"));

    expect(report).toMatchObject({ kind: "experts", imported: 7, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);

    const lin = await expertByExternalId("FX-E001");
    expect(lin).toMatchObject({
      name: "林晓岚",
      organization: "福州大学",
      title: "教授",
      region: "福建",
      bio: "长期从事储能材料研究。",
      capacity: 5,
    });
    expect(JSON.parse(lin.disciplines)).toEqual(["材料科学与工程", "化学工程"]);
    expect(JSON.parse(lin.languages)).toEqual(["zh", "en"]);
    expect(lin.contentHash).not.toBe("");
    expect(
      lin.publications.map(({ position, type, title, year, abstract }) => ({ position, type, title, year, abstract })),
    ).toEqual([
      {
        position: 0,
        type: "paper",
        title: "固态电解质界面稳定性研究",
        year: 2021,
        abstract: "研究了硫化物固态电解质的界面问题。",
      },
      { position: 1, type: "patent", title: "一种复合固态电解质及其制备方法", year: 2022, abstract: "" },
    ]);
    expect(JSON.parse(lin.publications[0]!.keywords)).toEqual(["固态电解质"]);
    expect(lin.societies.map(({ society }) => society.name)).toEqual(["中国化学会", "福建省材料学会"]);

    // Absent/null capacity takes the default; a society shared by two experts exists once.
    const chen = await expertByExternalId("FX-E002");
    expect(chen.capacity).toBe(3);
    expect(chen.publications[0]).toMatchObject({ title: "Ultra-precision machining of optical molds", year: null });
    expect(await db.society.count({ where: { name: "福建省材料学会" } })).toBe(1);

    // Untrimmed id and name, a repeated society: stored trimmed and once.
    const wang = await expertByExternalId("FX-E003");
    expect(wang.name).toBe("王海");
    expect(JSON.parse(wang.disciplines)).toEqual(["海洋科学"]);
    expect(wang.societies).toHaveLength(1);

    // Source junk such as "0" and null years is imported as is, not rejected.
    const junk = await expertByExternalId("SE000002");
    expect(junk.region).toBe("0");
    expect(junk.publications.map((publication) => publication.year)).toEqual([null, null]);

    expect(await rowCounts()).toMatchObject({ experts: 7, publications: 9, societies: 3, memberships: 4 });

    // Every imported expert is queued for the search index.
    const experts = await db.expert.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const queued = await db.searchOutbox.findMany({
      select: { index: true, documentId: true },
      orderBy: { id: "asc" },
    });
    expect(queued).toEqual(experts.map(({ id }) => ({ index: "experts", documentId: id })));
  });

  it("reports bad lines with their line numbers and reasons while the good lines import", async () => {
    const report = await importFile(db, "experts", fixture("experts-with-errors.jsonl"));

    // Line 11 repeats line 1's externalId: the later line updates the record, with a warning.
    expect(report).toMatchObject({ imported: 2, updated: 1, unchanged: 0, rejected: 7, warned: 1 });
    expect(englishReasons(report.warnings)).toEqual([
      { line: 11, externalId: "FX-B001", reason: "repeats the externalId of line 1; the later line was kept" },
    ]);
    expect(englishReasons(report.errors)).toEqual([
      { line: 2, reason: expect.stringMatching(/^invalid JSON: /) },
      { line: 3, externalId: "FX-B003", reason: "name: required" },
      { line: 4, externalId: "FX-B004", reason: "capacity: expected an integer from 0 to 100" },
      { line: 6, externalId: "FX-B005", reason: "publications[0].year: expected an integer from 1900 to 2100" },
      {
        line: 7,
        externalId: "FX-B006",
        reason: "publications[0].type: expected one of paper, project, patent, output",
      },
      { line: 8, externalId: "X".repeat(100), reason: "externalId: longer than 100 characters" },
      { line: 10, reason: "expected a JSON object" },
    ]);

    const revised = await expertByExternalId("FX-B001");
    expect(revised.name).toBe("好记录一（修订）");
    expect(revised.publications.map((publication) => publication.title)).toEqual(["项目一", "项目二"]);
    expect(await db.expert.count()).toBe(2);
  });

  it("reads CSV as spreadsheets save it: BOM, CRLF, quoted multi-line cells, ; lists", async () => {
    // Through importStream, the entry point of the upload page.
    const upload = Readable.from(fs.readFileSync(fixture("experts.csv")));
    const report = await importStream(db, upload, { kind: "experts", format: "csv" });

    expect(report).toMatchObject({ imported: 3, updated: 0, rejected: 1 });
    expect(englishReasons(report.errors)).toEqual([
      { line: 6, externalId: "FX-C003", reason: "capacity: expected an integer from 0 to 100" },
    ]);

    const lin = await expertByExternalId("FX-C001");
    expect(lin).toMatchObject({
      organization: "福州大学, 材料学院",
      bio: '第一行\n第二行, 带逗号\n第三行 "引号"',
      capacity: 5,
    });
    expect(JSON.parse(lin.keywords)).toEqual(["锂电池", "固态电解质"]);
    expect(JSON.parse(lin.languages)).toEqual(["zh", "en"]);
    expect(lin.publications.map(({ title, type }) => ({ title, type }))).toEqual([
      { title: "固态电解质界面稳定性研究", type: "paper" },
      { title: "一种复合固态电解质及其制备方法", type: "paper" },
    ]);
    expect(lin.societies.map(({ society }) => society.name)).toEqual(["中国化学会", "福建省材料学会"]);

    const chen = await expertByExternalId("FX-C002");
    expect(chen.publications[0]).toMatchObject({ title: "Ultra-precision machining", year: 2019 });
    expect((await expertByExternalId("FX-C004")).capacity).toBe(0);
  });
});

describe("an externalId repeated within one file", () => {
  const expertLine = (externalId: string, name: string, capacity = 3) => JSON.stringify({ externalId, name, capacity });
  const repeatedWarning = (line: number, externalId: string, earlier: number) => ({
    line,
    externalId,
    reason: `repeats the externalId of line ${earlier}; the later line was kept`,
    reasons: [
      {
        code: "repeated_external_id",
        params: { earlier },
        message: `repeats the externalId of line ${earlier}; the later line was kept`,
      },
    ],
  });

  it("keeps the later line and warns on each repeat, naming the line whose record it replaced", async () => {
    // Line 302 reuses line 1's id by mistake, a batch later; line 303 repeats it again at once.
    const lines = [
      expertLine("BULK00001", "第一行"),
      ...Array.from({ length: 300 }, (_, index) => expertLine(`BULK${String(index + 2).padStart(5, "0")}`, "专家")),
      expertLine("BULK00001", "第三〇二行"),
      expertLine("BULK00001", "第三〇三行"),
    ];
    const report = await importStream(db, Readable.from([`${lines.join("\n")}\n`]), {
      kind: "experts",
      format: "jsonl",
    });

    expect(report).toMatchObject({ imported: 301, updated: 2, unchanged: 0, rejected: 0, warned: 2 });
    expect(report.warnings).toEqual([repeatedWarning(302, "BULK00001", 1), repeatedWarning(303, "BULK00001", 302)]);
    expect((await expertByExternalId("BULK00001")).name).toBe("第三〇三行");
    expect(await db.expert.count()).toBe(301);
  });

  it("warns only about lines that replaced a written record: rejected lines replace nothing", async () => {
    const lines = [
      expertLine("KEEP-1", "甲"),
      expertLine("KEEP-1", "甲（容量有误）", 500), // rejected: KEEP-1 stays line 1's
      expertLine("LATE-1", "乙", 500), // rejected: LATE-1 is not written yet
      expertLine("LATE-1", "乙"), // the first line to write LATE-1
      expertLine("KEEP-1", "甲（修订）"),
      expertLine("SAME-1", "丙"),
      expertLine("SAME-1", "丙"), // identical: unchanged, but still a repeat worth a look
    ];
    const report = await importStream(db, Readable.from([lines.join("\n")]), { kind: "experts", format: "jsonl" });

    expect(report).toMatchObject({ imported: 3, updated: 1, unchanged: 1, rejected: 2, warned: 2 });
    expect(report.warnings).toEqual([repeatedWarning(5, "KEEP-1", 1), repeatedWarning(7, "SAME-1", 6)]);
  });

  it("names spreadsheet rows by the line numbers of the file, in CSV and in .xlsx", async () => {
    await createTracks();
    const csv = "编号,标题,专项\nRN-1,旧标题,618\nRN-2,另一个需求,\nRN-1,新标题,assist\n";
    const fromCsv = await importBuffer("needs", "csv", csv);
    expect(fromCsv).toMatchObject({ imported: 2, updated: 1, warned: 1 });
    expect(fromCsv.warnings).toEqual([repeatedWarning(4, "RN-1", 2)]);
    expect(await db.need.findUniqueOrThrow({ where: { externalId: "RN-1" } })).toMatchObject({ title: "新标题" });

    // Excel's row numbers: a blank first row pushes the header to row 2.
    const workbook = await xlsxOf([[], ["编号", "姓名"], ["RX-1", "陈一"], ["RX-1", "陈一（修订）"]]);
    const fromXlsx = await importBuffer("experts", "xlsx", workbook);
    expect(fromXlsx.warnings).toEqual([repeatedWarning(4, "RX-1", 3)]);
  });

  it("does not warn when a technology line whose owner is unknown is followed by a good one", async () => {
    await importFile(db, "experts", fixture("experts.jsonl"));
    const lines = [
      JSON.stringify({ externalId: "RT-1", title: "无主成果", ownerExternalId: "NO-SUCH-EXPERT" }),
      JSON.stringify({ externalId: "RT-1", title: "有主成果", ownerExternalId: "FX-E001" }),
      JSON.stringify({ externalId: "RT-1", title: "有主成果（修订）", ownerExternalId: "FX-E001" }),
    ];
    const report = await importStream(db, Readable.from([lines.join("\n")]), {
      kind: "technologies",
      format: "jsonl",
    });
    expect(report).toMatchObject({ imported: 1, updated: 1, rejected: 1, warned: 1 });
    expect(report.warnings).toEqual([repeatedWarning(3, "RT-1", 2)]);
  });

  it("keeps the first maxWarnings warnings and counts them all", async () => {
    const lines = ["A", "B", "C"].flatMap((id) => [expertLine(id, "一"), expertLine(id, "二")]);
    const report = await importStream(db, Readable.from([lines.join("\n")]), {
      kind: "experts",
      format: "jsonl",
      maxWarnings: 1,
    });
    expect(report.warned).toBe(3);
    expect(report.warnings).toEqual([repeatedWarning(2, "A", 1)]);
  });
});

describe("importing technologies", () => {
  it("links each technology to its owner expert and rejects unknown owners", async () => {
    await importFile(db, "experts", fixture("experts.jsonl"));
    const report = await importFile(db, "technologies", fixture("technologies.jsonl"));

    expect(report).toMatchObject({ kind: "technologies", imported: 2, rejected: 2 });
    expect(englishReasons(report.errors)).toEqual([
      { line: 2, externalId: "FX-T002", reason: "maturity: expected an integer from 1 to 9" },
      {
        line: 4,
        externalId: "FX-T004",
        reason: 'ownerExternalId: no expert with externalId "NO-SUCH-EXPERT" (import the experts first)',
      },
    ]);

    const owner = await db.expert.findUniqueOrThrow({ where: { externalId: "FX-E001" } });
    const owned = await db.technology.findUniqueOrThrow({ where: { externalId: "FX-T001" } });
    expect(owned).toMatchObject({ ownerId: owner.id, maturity: 6, discipline: "兵器科学与技术" });
    expect(JSON.parse(owned.transferModes)).toEqual(["license", "transfer"]);
    expect(JSON.parse(owned.keywords)).toContain("平方和优化");

    const unowned = await db.technology.findUniqueOrThrow({ where: { externalId: "FX-T003" } });
    expect(unowned).toMatchObject({ ownerId: null, maturity: null });
  });
});

describe("importing needs", () => {
  it("resolves tracks by code or name and rejects unknown tracks, naming the known codes", async () => {
    await createTracks();
    const report = await importFile(db, "needs", fixture("needs.jsonl"));

    expect(report).toMatchObject({ kind: "needs", imported: 4, rejected: 2 });
    expect(englishReasons(report.errors)).toEqual([
      { line: 5, externalId: "FX-N003", reason: 'track: unknown track "moon"; known codes: 618, assist, straits' },
      {
        line: 6,
        externalId: "FX-N004",
        reason: "status: expected one of draft, open, in_progress, solved, closed",
      },
    ]);

    const battery = await db.need.findUniqueOrThrow({ where: { externalId: "FX-N001" }, include: { track: true } });
    expect(battery).toMatchObject({
      status: "open",
      confidential: true,
      difficulty: "电解液低温粘度大",
      target: "零下20度容量保持率80%",
      enterprise: "宁德某新能源公司",
    });
    expect(battery.track?.code).toBe("618");

    const tea = await db.need.findUniqueOrThrow({ where: { externalId: "FX-N002" }, include: { track: true } });
    expect(tea).toMatchObject({ status: "draft", confidential: false });
    expect(tea.track?.code).toBe("straits");

    const plain = await db.need.findUniqueOrThrow({ where: { externalId: "SN00000" } });
    expect(plain).toMatchObject({ status: "open", trackId: null, title: "宋明道学核心价值研究" });
  });

  it("resolves a track by its English name, which an overseas partner's file may use", async () => {
    await db.track.create({ data: { code: "overseas", name: "海智计划", nameEn: "Overseas Expert Programme" } });
    const line = { externalId: "OV-1", title: "Fish health in cage culture", track: "overseas expert programme" };
    const report = await importStream(db, Readable.from([JSON.stringify(line)]), { kind: "needs", format: "jsonl" });
    expect(report).toMatchObject({ imported: 1, rejected: 0 });
    const need = await db.need.findUniqueOrThrow({ where: { externalId: "OV-1" }, include: { track: true } });
    expect(need.track?.code).toBe("overseas");
  });

  it("stores working languages an overseas partner's file names (English, 英语) as codes", async () => {
    const line = { externalId: "OV-E1", name: "Dr. Ana Lim", languages: ["English", "英语", "zh", "闽南话"] };
    const report = await importStream(db, Readable.from([JSON.stringify(line)]), { kind: "experts", format: "jsonl" });
    expect(report).toMatchObject({ imported: 1, rejected: 0 });
    expect(JSON.parse((await expertByExternalId("OV-E1")).languages)).toEqual(["en", "zh", "闽南话"]);
  });

  it("reads needs from CSV with 是/否 booleans and a track code in another case", async () => {
    await createTracks();
    const report = await importFile(db, "needs", fixture("needs.csv"));

    expect(report).toMatchObject({ imported: 2, rejected: 1 });
    expect(englishReasons(report.errors)).toEqual([
      { line: 5, externalId: "FX-NC03", reason: "confidential: expected true or false" },
    ]);
    const wind = await db.need.findUniqueOrThrow({ where: { externalId: "FX-NC01" }, include: { track: true } });
    expect(wind).toMatchObject({ confidential: true, description: '"盐雾"环境下的防腐涂层\n寿命不足' });
    expect(wind.track?.code).toBe("assist");
    expect(JSON.parse(wind.keywords)).toEqual(["防腐", "涂层"]);
    const tea = await db.need.findUniqueOrThrow({ where: { externalId: "FX-NC02" } });
    expect(tea).toMatchObject({ confidential: false, status: "in_progress", trackId: null });
  });

  it("keeps the status a need reached on the platform when an edited line gives none", async () => {
    await createTracks();
    await importFile(db, "needs", fixture("needs.jsonl"));
    await db.need.update({ where: { externalId: "SN00001" }, data: { status: "in_progress" } });

    const edited = '{"externalId": "SN00001", "title": "公司决议瑕疵法律规制研究（修订）", "discipline": "法学"}\n';
    const report = await importStream(db, Readable.from([edited]), { kind: "needs", format: "jsonl" });

    expect(report).toMatchObject({ imported: 0, updated: 1 });
    expect(await db.need.findUniqueOrThrow({ where: { externalId: "SN00001" } })).toMatchObject({
      title: "公司决议瑕疵法律规制研究（修订）",
      status: "in_progress",
    });
  });
});

describe("re-importing", () => {
  let directory: string;

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-import-test-"));
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("changes nothing when the same files are imported again", async () => {
    await createTracks();
    const files = {
      experts: fixture("experts.jsonl"),
      technologies: fixture("technologies.jsonl"),
      needs: fixture("needs.jsonl"),
    };
    const first = await importFiles(db, files);
    const countsAfterFirst = await rowCounts();
    const stampsAfterFirst = await db.expert.findMany({
      select: { id: true, updatedAt: true },
      orderBy: { id: "asc" },
    });

    const queuedAfterFirst = await db.searchOutbox.count();
    const second = await importFiles(db, files);

    expect(first.map(({ kind, imported }) => [kind, imported])).toEqual([
      ["experts", 7],
      ["technologies", 2],
      ["needs", 4],
    ]);
    for (const [index, report] of second.entries()) {
      expect(report).toMatchObject({ imported: 0, updated: 0, unchanged: first[index]!.imported });
      expect(report.rejected).toBe(first[index]!.rejected);
    }
    expect(await rowCounts()).toEqual(countsAfterFirst);
    expect(queuedAfterFirst).toBe(7 + 2 + 4);
    expect(await db.searchOutbox.count()).toBe(queuedAfterFirst);
    expect(await db.expert.findMany({ select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(
      stampsAfterFirst,
    );
  });

  it("updates exactly the record whose line was edited, replacing its publications and societies", async () => {
    await importFile(db, "experts", fixture("experts.jsonl"));
    await importFile(db, "technologies", fixture("technologies.jsonl"));
    const before = await db.expert.findMany({ orderBy: { id: "asc" } });
    const lastQueued = (await db.searchOutbox.aggregate({ _max: { id: true } }))._max.id ?? 0;

    const lines = fs.readFileSync(fixture("experts.jsonl"), "utf8").trimEnd().split("\n");
    const editedIndex = lines.findIndex((line) => line.includes('"FX-E001"'));
    const edited = JSON.parse(lines[editedIndex]!) as Record<string, unknown>;
    lines[editedIndex] = JSON.stringify({
      ...edited,
      organization: "厦门大学",
      societies: ["中国物理学会"],
      publications: [{ title: "新型电解质", year: 2024, type: "output" }],
    });
    const editedFile = path.join(directory, "experts-edited.jsonl");
    fs.writeFileSync(editedFile, `${lines.join("\n")}\n`);

    const report = await importFile(db, "experts", editedFile);

    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 6, rejected: 0 });
    const lin = await expertByExternalId("FX-E001");
    expect(lin.organization).toBe("厦门大学");
    expect(lin.publications.map(({ title, type, year }) => ({ title, type, year }))).toEqual([
      { title: "新型电解质", type: "output", year: 2024 },
    ]);
    expect(lin.societies.map(({ society }) => society.name)).toEqual(["中国物理学会"]);
    const after = await db.expert.findMany({ orderBy: { id: "asc" } });
    const changed = after.filter((expert, index) => JSON.stringify(expert) !== JSON.stringify(before[index]));
    expect(changed.map((expert) => expert.externalId)).toEqual(["FX-E001"]);
    expect(await db.publication.count()).toBe(8);

    // The edited expert and the technology indexed under their name are queued again, nothing else.
    const owned = await db.technology.findUniqueOrThrow({ where: { externalId: "FX-T001" } });
    const queued = await db.searchOutbox.findMany({
      where: { id: { gt: lastQueued } },
      select: { index: true, documentId: true },
      orderBy: { id: "asc" },
    });
    expect(queued).toEqual([
      { index: "experts", documentId: lin.id },
      { index: "technologies", documentId: owned.id },
    ]);
  });
});

describe("batches", () => {
  it("hands each batch's created and updated ids to afterBatch inside its transaction", async () => {
    const seen: Array<{ kind: string; created: number; updated: number; visible: number }> = [];
    await importFile(db, "experts", fixture("experts.jsonl"), {
      batchSize: 3,
      afterBatch: async (tx, written) => {
        const visible = await tx.expert.count({ where: { id: { in: written.createdIds } } });
        seen.push({
          kind: written.kind,
          created: written.createdIds.length,
          updated: written.updatedIds.length,
          visible,
        });
      },
    });
    expect(seen).toEqual([
      { kind: "experts", created: 3, updated: 0, visible: 3 },
      { kind: "experts", created: 3, updated: 0, visible: 3 },
      { kind: "experts", created: 1, updated: 0, visible: 1 },
    ]);
  });

  it("commits batches atomically: a failing batch leaves the earlier ones and nothing of itself", async () => {
    let batches = 0;
    const failing = importFile(db, "experts", fixture("experts.jsonl"), {
      batchSize: 3,
      afterBatch: async () => {
        batches += 1;
        if (batches === 2) throw new Error("disk full");
      },
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(await rowCounts()).toMatchObject({ experts: 3, publications: 5 });

    // Rerunning finishes the job without duplicating the committed batch.
    const rerun = await importFile(db, "experts", fixture("experts.jsonl"), { batchSize: 3 });
    expect(rerun).toMatchObject({ imported: 4, unchanged: 3 });
    expect(await rowCounts()).toMatchObject({ experts: 7, publications: 9, societies: 3, memberships: 4 });
  });
});

describe("sharing the process and the database", () => {
  it("lets the event loop run between batches, however fast the input arrives", async () => {
    const lines = Array.from({ length: 200 }, (_, index) =>
      JSON.stringify({ externalId: `TURN-${index}`, name: `专家${index}`, societies: [`学会${index % 3}`] }),
    );
    // Everything at once, from memory: no file I/O that would let other work in by chance.
    let turns = 0;
    let pending: NodeJS.Immediate | undefined;
    const turn = () => {
      turns += 1;
      pending = setImmediate(turn);
    };
    pending = setImmediate(turn);
    const turnsAtBatch: number[] = [];
    try {
      const report = await importStream(db, Readable.from([`${lines.join("\n")}\n`]), {
        kind: "experts",
        format: "jsonl",
        batchSize: 20,
        afterBatch: async () => {
          turnsAtBatch.push(turns);
        },
      });
      expect(report).toMatchObject({ imported: 200, rejected: 0 });
    } finally {
      clearImmediate(pending);
    }
    expect(turnsAtBatch).toHaveLength(10);
    // Other callbacks (HTTP requests, socket messages) ran before each next batch began.
    for (let index = 1; index < turnsAtBatch.length; index += 1) {
      expect(turnsAtBatch[index]).toBeGreaterThan(turnsAtBatch[index - 1]!);
    }
  });
});

async function xlsxOf(rows: unknown[][], extraSheet = false): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("专家");
  for (const row of rows) sheet.addRow(row);
  if (extraSheet) workbook.addWorksheet("说明").addRow(["编号", "姓名"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const importBuffer = (kind: "experts" | "technologies" | "needs", format: "csv" | "xlsx", content: Buffer | string) =>
  importStream(db, Readable.from([typeof content === "string" ? Buffer.from(content) : content]), { kind, format });

describe("spreadsheets with Chinese headers", () => {
  it("imports a CSV whose headers are Chinese (simplified and traditional), ignoring unknown columns", async () => {
    const csv = [
      "编号,姓名,單位,职称,地区,学科,关键词,简介,語言,备注",
      "ZH-1,黄志明,福建农林大学,研究员,福州,作物学;植物保护,水稻；抗病育种,从事水稻抗病研究。,zh;en,内部备注",
    ].join("\n");
    const report = await importBuffer("experts", "csv", csv);
    expect(report).toMatchObject({ imported: 1, rejected: 0 });
    const expert = await db.expert.findUniqueOrThrow({ where: { externalId: "ZH-1" } });
    expect(expert).toMatchObject({ name: "黄志明", organization: "福建农林大学", title: "研究员", region: "福州" });
    expect(JSON.parse(expert.keywords)).toEqual(["水稻", "抗病育种"]);
    expect(JSON.parse(expert.languages)).toEqual(["zh", "en"]);
  });

  it("names the id of a refused row whatever header holds it, also when the row cannot be read or mapped", async () => {
    // Line 2 has a cell too many; line 3's publications cell is broken JSON; line 4 is fine.
    const csv = ["编号*,姓名,论文", "ZH-2,林海,,多出的一格", 'ZH-3,陈洁,"[{""title"": "', "ZH-4,王宁,"].join("\n");
    const report = await importBuffer("experts", "csv", csv);
    expect(report).toMatchObject({ imported: 1, rejected: 2 });
    expect(
      report.errors.map(({ line, externalId, reasons }) => ({ line, externalId, code: reasons[0]!.code })),
    ).toEqual([
      { line: 2, externalId: "ZH-2", code: "too_many_cells" },
      { line: 3, externalId: "ZH-3", code: "not_json_array" },
    ]);
  });

  it("imports the first worksheet of an .xlsx file and reports bad rows by the row numbers Excel shows", async () => {
    const file = await xlsxOf(
      [
        [],
        ["编号*", "姓名（必填）", "单位", "可承接数量", "学科"],
        ["X-1", "陈建华", "厦门大学", 4, "海洋科学; 环境科学"],
        ["X-2", "", "集美大学", 2, ""],
        ["X-3", "王丽", "华侨大学", "很多", ""],
        [],
        [
          "X-4",
          { richText: [{ text: "郑" }, { text: "海" }] },
          { formula: '"福"&"州大学"', result: "福州大学" },
          1,
          "",
        ],
      ],
      true,
    );
    const report = await importBuffer("experts", "xlsx", file);
    expect(report).toMatchObject({ imported: 2, rejected: 2 });
    expect(englishReasons(report.errors)).toEqual([
      { line: 4, externalId: "X-2", reason: "name: required" },
      { line: 5, externalId: "X-3", reason: "capacity: expected an integer from 0 to 100" },
    ]);
    const experts = await db.expert.findMany({ orderBy: { externalId: "asc" } });
    expect(experts.map((e) => [e.externalId, e.name, e.organization, e.capacity])).toEqual([
      ["X-1", "陈建华", "厦门大学", 4],
      ["X-4", "郑海", "福州大学", 1],
    ]);
  });

  it("reports a file that is not a workbook at line 1 instead of failing the import", async () => {
    const report = await importBuffer("experts", "xlsx", "编号,姓名\nE1,张三\n");
    expect(report.imported).toBe(0);
    expect(report.rejected).toBe(1);
    expect(report.errors[0]).toMatchObject({ line: 1 });
    expect(report.errors[0]!.reason).toMatch(/unreadable \.xlsx/);
  });

  it.each(["experts", "technologies", "needs"] as const)(
    "serves %s templates whose example row imports as it is, as CSV and as .xlsx",
    async (kind) => {
      if (kind === "technologies") await importBuffer("experts", "csv", templateCsv("experts"));
      const csv = templateCsv(kind);
      expect(csv.startsWith("\uFEFF编号,")).toBe(true);
      expect(await importBuffer(kind, "csv", csv)).toMatchObject({ imported: 1, rejected: 0 });
      // The same example again from the workbook: identical content, so nothing changes.
      expect(await importBuffer(kind, "xlsx", await templateXlsx(kind))).toMatchObject({
        imported: 0,
        unchanged: 1,
        rejected: 0,
      });
    },
  );
});
