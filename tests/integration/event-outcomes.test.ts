import ExcelJS from "exceljs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { meetingParties } from "../support/event-fixtures.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
let stranger: SignedInAgent;
const ids = { event: 0, live: 0, needA: 0, needB: 0, needC: 0, e2: 0, e3: 0, meetingA: 0, meetingC: 0, noShow: 0 };

interface MatchItem {
  id: number;
  score: number;
  explanation: { feedback: { factor: number; reasons: string[] } | null };
}
const matchOf = async (needId: number, expertId: number) =>
  ((await organizer.agent.get(`/api/needs/${needId}/matches?limit=50`)).body.items as MatchItem[]).find(
    (item) => item.id === expertId,
  );

async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("outcomes");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise, expert, stranger } = await meetingParties(t.app, t.container));
  const db = t.container.db;
  await db.expert.update({
    where: { id: expert.expertId! },
    data: {
      organization: "自然资源部第三海洋研究所",
      keywords: JSON.stringify(["大黄鱼", "网箱", "养殖"]),
      publications: {
        create: [
          { title: "大黄鱼深远海网箱养殖病害防控", year: 2023, position: 0 },
          { title: "大黄鱼网箱养殖配合饲料研究", year: 2022, position: 1 },
        ],
      },
    },
  });
  ids.e2 = await createExpertRow(db, {
    name: "陈教授",
    organization: "集美大学",
    keywords: ["大黄鱼", "苗种"],
    publications: ["大黄鱼苗种繁育与选育"],
  });
  ids.e3 = await createExpertRow(db, { name: "周教授", keywords: ["海带"], publications: ["海带养殖技术"] });
  const owned = { ownerId: enterprise.userId, enterprise: "宁德某水产有限公司" };
  ids.needA = await createNeedRow(db, {
    title: "大黄鱼深远海网箱养殖病害防控",
    keywords: ["大黄鱼", "病害"],
    ...owned,
  });
  ids.needB = await createNeedRow(db, { title: "大黄鱼深远海网箱养殖病害监测", keywords: ["大黄鱼", "病害"] });
  ids.needC = await createNeedRow(db, { title: "大黄鱼苗种繁育技术", keywords: ["大黄鱼", "苗种"], ...owned });
  ids.event = await createEvent(db, { status: "closed" });
  for (const side of [
    { needId: ids.needA },
    { needId: ids.needC },
    { expertId: expert.expertId! },
    { expertId: ids.e2 },
  ]) {
    await addParticipant(db, ids.event, side);
  }
  ids.meetingA = await addMeeting(db, {
    eventId: ids.event,
    needId: ids.needA,
    expertId: expert.expertId!,
    slot: 0,
    tableNo: 1,
  });
  ids.meetingC = await addMeeting(db, { eventId: ids.event, needId: ids.needC, expertId: ids.e2, slot: 0, tableNo: 2 });
  ids.noShow = await addMeeting(db, { eventId: ids.event, needId: ids.needC, expertId: ids.e3, slot: 1, tableNo: 1 });
  await db.eventMeeting.update({ where: { id: ids.noShow }, data: { status: "no_show" } });
  await t.container.matches.settled();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe("recording a meeting's outcome", () => {
  it("lets each party record its own side and read both, and hides the meeting from anyone else", async () => {
    const bySide = await write(expert, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({ result: "follow_up" });
    expect(bySide.status).toBe(200);
    expect(bySide.body).toMatchObject({ side: "expert", result: "follow_up", contractValueYuan: null });
    const wrongSide = await write(expert, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({
      side: "need",
      result: "intention",
    });
    expect(wrongSide.status).toBe(403);
    const byNeed = await write(enterprise, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({
      result: "intention",
      note: "下月到企业现场调研",
    });
    expect(byNeed.body).toMatchObject({ side: "need", result: "intention" });
    const read = await expert.agent.get(`/api/meetings/${ids.meetingA}/outcomes`);
    expect(read.body.outcomes.map((o: { side: string; result: string }) => [o.side, o.result])).toEqual([
      ["expert", "follow_up"],
      ["need", "intention"],
    ]);
    expect((await stranger.agent.get(`/api/meetings/${ids.meetingA}/outcomes`)).status).toBe(404);
    expect(
      (await write(stranger, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({ result: "no_interest" })).status,
    ).toBe(404);
    expect((await request(t.app).get(`/api/meetings/${ids.meetingA}/outcomes`)).status).toBe(401);
  });

  it("needs a value for a contract (and none otherwise), and refuses outcomes for meetings that did not happen", async () => {
    const noValue = await write(enterprise, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({
      result: "contract",
    });
    expect(noValue.status).toBe(400);
    const valued = await write(enterprise, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({
      result: "intention",
      contractValueYuan: 100,
    });
    expect(valued.status).toBe(400);
    const noShow = await write(organizer, "put", `/api/meetings/${ids.noShow}/outcomes`).send({
      side: "need",
      result: "no_interest",
    });
    expect(noShow.status).toBe(409);
    const organizerWithoutSide = await write(organizer, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({
      result: "intention",
    });
    expect(organizerWithoutSide.status).toBe(400);
  });

  it("moves the need along: an intention puts it in progress, a contract solves it", async () => {
    expect((await t.container.db.need.findUnique({ where: { id: ids.needA } }))?.status).toBe("in_progress");
    const contract = await write(organizer, "put", `/api/meetings/${ids.meetingA}/outcomes`).send({
      side: "need",
      result: "contract",
      contractValueYuan: 850_000,
    });
    expect(contract.body).toMatchObject({ result: "contract", contractValueYuan: 850_000 });
    expect((await t.container.db.need.findUnique({ where: { id: ids.needA } }))?.status).toBe("solved");
  });

  it("feeds the matcher: the contract lifts the expert for a similar need, no interest sinks the pair", async () => {
    const lifted = await matchOf(ids.needB, expert.expertId!);
    expect(lifted?.explanation.feedback?.factor).toBeGreaterThan(1);
    expect(lifted?.explanation.feedback?.reasons.join(" ")).toContain("solved");

    const before = await matchOf(ids.needC, ids.e2);
    expect(before?.explanation.feedback).toBeNull();
    await write(enterprise, "put", `/api/meetings/${ids.meetingC}/outcomes`).send({ result: "no_interest" });
    const after = await matchOf(ids.needC, ids.e2);
    expect(after?.explanation.feedback?.factor).toBeLessThan(1);
    expect(after!.score).toBeLessThan(before!.score);
  });
});

describe("organizers' workbooks", () => {
  it("offers a template prefilled with the event's meetings, one line per side", async () => {
    const response = await organizer.agent
      .get(`/api/events/${ids.event}/outcomes/template.xlsx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("meetingId");
    const meetingIds = Array.from({ length: sheet.rowCount - 1 }, (_, k) => sheet.getRow(k + 2).getCell(1).value);
    expect(meetingIds).toEqual([ids.meetingA, ids.meetingA, ids.meetingC, ids.meetingC]);
    // Slots and tables count from 1 in the workbook, as on every page (meeting C: slot 0, table 2).
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const meetingC = sheet.getRow(4);
    expect(meetingC.getCell(header.indexOf("slot") + 1).value).toBe(1);
    expect(meetingC.getCell(header.indexOf("table") + 1).value).toBe(3);
    expect((await expert.agent.get(`/api/events/${ids.event}/outcomes/template.xlsx`)).status).toBe(403);
  });

  it("reports every bad line by number and records nothing; a good file records every line", async () => {
    const bad = await workbook([
      ["meetingId", "needId", "expertId", "side", "result", "value"],
      [ids.meetingC, null, null, "expert", "intention", null],
      [null, ids.needC, ids.e2, "need", "contract", null],
      [999_999, null, null, "need", "意向", null],
      [ids.meetingC, null, null, "nobody", "maybe", "12x"],
    ]);
    const refused = await write(organizer, "post", `/api/events/${ids.event}/outcomes/import`).attach(
      "file",
      bad,
      "outcomes.xlsx",
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5]);
    expect(refused.body.error.details.errors[0].message).toContain("contract");
    expect(await t.container.db.eventOutcome.count({ where: { meetingId: ids.meetingC, side: "expert" } })).toBe(0);

    const good = await workbook([
      ["meetingId", "needId", "expertId", "side", "result", "value", "note"],
      [ids.meetingC, null, null, "expert", "继续跟进", null, "再约时间"],
      [null, ids.needC, ids.e2, "need", "contract", "1,200,000", ""],
    ]);
    const recorded = await write(organizer, "post", `/api/events/${ids.event}/outcomes/import`).attach(
      "file",
      good,
      "outcomes.xlsx",
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body).toEqual({ recorded: 2, errors: [] });
    const rows = await t.container.db.eventOutcome.findMany({
      where: { meetingId: ids.meetingC },
      orderBy: { side: "asc" },
    });
    expect(rows.map((r) => [r.side, r.result, r.contractValueYuan])).toEqual([
      ["expert", "follow_up", null],
      ["need", "contract", 1_200_000],
    ]);
    const notXlsx = await write(organizer, "post", `/api/events/${ids.event}/outcomes/import`).attach(
      "file",
      Buffer.from("meetingId,side\n1,need\n"),
      "outcomes.xlsx",
    );
    expect(notXlsx.status).toBe(400);
    const asParty = await write(enterprise, "post", `/api/events/${ids.event}/outcomes/import`).attach(
      "file",
      good,
      "o.xlsx",
    );
    expect(asParty.status).toBe(403);
  });

  it("gives every bad line's reasons with codes, as import reports do, and keeps the English message", async () => {
    type Reason = { code: string; field?: string; params: Record<string, string | number>; message: string };
    type Refused = { line: number; message: string; reasons: Reason[] };
    const refusedBook = async (rows: (string | number | null)[][]) => {
      const refused = await write(organizer, "post", `/api/events/${ids.event}/outcomes/import`).attach(
        "file",
        await workbook(rows),
        "outcomes.xlsx",
      );
      expect(refused.status).toBe(400);
      return refused.body.error.details.errors as Refused[];
    };
    const coded = (errors: Refused[]) =>
      errors.map(({ line, reasons }) => ({
        line,
        reasons: reasons.map(({ code, field, params }) => ({ code, field, params })),
      }));

    const errors = await refusedBook([
      ["会谈编号", "需求编号", "专家编号", "一方", "结果", "金额"],
      [ids.meetingC, null, null, "专家", "意向", null],
      [null, ids.needC, ids.e2, "need", "contract", null],
      [999_999, null, null, "need", "意向", null],
      [ids.meetingC, null, null, "nobody", "", "12x"],
      [ids.meetingC, null, null, "expert", "无意向", null],
      [null, ids.needC, null, "need", "intention", null],
      ["C-7", null, null, "need", "intention", null],
      [ids.noShow, null, null, "need", "no_interest", null],
    ]);
    expect(coded(errors)).toEqual([
      { line: 3, reasons: [{ code: "contract_needs_value", field: "value", params: {} }] },
      { line: 4, reasons: [{ code: "unknown_meeting", field: undefined, params: {} }] },
      {
        line: 5,
        reasons: [
          { code: "one_of", field: "side", params: { values: "need, expert" } },
          { code: "required", field: "result", params: {} },
          { code: "not_integer", field: "value", params: {} },
        ],
      },
      {
        line: 6,
        reasons: [
          { code: "repeated_side", field: undefined, params: { meeting: ids.meetingC, side: "expert", earlier: 2 } },
        ],
      },
      { line: 7, reasons: [{ code: "no_meeting_named", field: undefined, params: {} }] },
      { line: 8, reasons: [{ code: "not_integer", field: "meetingId", params: {} }] },
      {
        line: 9,
        reasons: [{ code: "meeting_not_held", field: undefined, params: { meeting: ids.noShow, status: "no_show" } }],
      },
    ]);
    // The English stays in `message`, every reason joined as the other file reports join them.
    expect(errors[0]!.message).toBe("value: a contract needs its value in yuan");
    expect(errors[2]!.message).toBe(
      "side: expected one of need, expert; result: required; value: expected a whole number",
    );
    expect(errors[6]!.message).toBe(`meeting ${ids.noShow} did not take place (no_show)`);
    expect(await t.container.db.eventOutcome.count({ where: { meetingId: ids.noShow } })).toBe(0);

    // Whole-file problems carry codes too: the header's missing columns, a file that is no workbook.
    const noColumns = await refusedBook([
      ["needId", "result"],
      [ids.needC, "intention"],
    ]);
    expect(coded(noColumns)).toEqual([
      {
        line: 1,
        reasons: [
          { code: "missing_meeting_columns", field: undefined, params: {} },
          { code: "missing_column", field: undefined, params: { column: "side" } },
        ],
      },
    ]);
    const notXlsx = await write(organizer, "post", `/api/events/${ids.event}/outcomes/import`).attach(
      "file",
      Buffer.from("meetingId,side\n1,need\n"),
      "outcomes.xlsx",
    );
    expect(coded(notXlsx.body.error.details.errors)).toEqual([
      { line: 0, reasons: [{ code: "not_xlsx", field: undefined, params: {} }] },
    ]);
  });
});
