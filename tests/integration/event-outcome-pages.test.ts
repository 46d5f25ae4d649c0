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
let otherExpert: SignedInAgent;
const ids = { event: 0, needA: 0, needB: 0, begun: 0, later: 0, othersMeeting: 0 };
const page = (meetingId: number, eventId = ids.event) => `/events/${eventId}/meetings/${meetingId}/outcome`;
const flashOf = (html: string) => /<p class="flash" role="status">([^<]*)<\/p>/.exec(html)?.[1];
const fieldError = (html: string, field: string) =>
  new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(html)?.[1];
const outcomeRows = (meetingId: number) => t.container.db.eventOutcome.findMany({ where: { meetingId } });

/** A form post from a signed-in agent's page, with its CSRF token. */
const submit = (user: SignedInAgent, path: string, fields: Record<string, string>) =>
  user.agent
    .post(path)
    .type("form")
    .send({ _csrf: user.csrfToken, ...fields });

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise, expert, stranger: otherExpert } = await meetingParties(t.app, t.container));
  const db = t.container.db;
  const owned = { ownerId: enterprise.userId, enterprise: "宁德某水产有限公司" };
  ids.needA = await createNeedRow(db, { title: "大黄鱼深远海网箱养殖病害防控", ...owned });
  ids.needB = await createNeedRow(db, { title: "大黄鱼苗种繁育技术", ...owned });
  const someoneElse = await createExpertRow(db, { name: "陈教授" });
  // Live since 30 minutes: slot 1 (0) is over, slot 2 is under way, slot 3 starts in 10 minutes.
  ids.event = await createEvent(db, {
    title: "宁德水产对接日",
    status: "live",
    startsAt: new Date(Date.now() - 30 * 60_000),
    slotMinutes: 20,
    slotCount: 3,
  });
  for (const side of [{ needId: ids.needA }, { needId: ids.needB }, { expertId: expert.expertId! }]) {
    await addParticipant(t.container.db, ids.event, side, { checkedIn: true });
  }
  await addParticipant(db, ids.event, { expertId: someoneElse });
  ids.begun = await addMeeting(db, {
    eventId: ids.event,
    needId: ids.needA,
    expertId: expert.expertId!,
    slot: 0,
    tableNo: 0,
  });
  ids.later = await addMeeting(db, {
    eventId: ids.event,
    needId: ids.needB,
    expertId: expert.expertId!,
    slot: 2,
    tableNo: 0,
  });
  ids.othersMeeting = await addMeeting(db, {
    eventId: ids.event,
    needId: ids.needB,
    expertId: someoneElse,
    slot: 1,
    tableNo: 1,
  });
});

afterAll(async () => {
  await t?.close();
});

describe("a meeting's outcome page", () => {
  it("links the meetings that have begun from the expert's agenda, and records the expert's contract", async () => {
    const agenda = await expert.agent.get(`/events/${ids.event}/agenda`);
    expect(agenda.status).toBe(200);
    expect(agenda.text).toContain(`href="${page(ids.begun)}"`);
    expect(agenda.text).not.toContain(`href="${page(ids.later)}"`);
    // The day's live page links them the same way.
    const today = await expert.agent.get(`/events/${ids.event}/today`);
    expect(today.text).toContain(`href="${page(ids.begun)}"`);
    expect(today.text).not.toContain(`href="${page(ids.later)}"`);

    const form = await expert.agent.get(page(ids.begun));
    expect(form.status).toBe(200);
    expect(form.text).toContain("大黄鱼深远海网箱养殖病害防控");
    expect(form.text).toContain("记录本场结果（专家方）");
    expect(form.text).toContain('name="_csrf"');

    const posted = await submit(expert, page(ids.begun), {
      result: "contract",
      contractValueYuan: "1,200,000",
      note: "  合作开发病害快检试剂盒 ",
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(page(ids.begun));
    const shown = await expert.agent.get(posted.headers.location as string);
    expect(flashOf(shown.text)).toBe("会谈结果已保存。");
    expect(shown.text).toMatch(
      /data-recorded-side="expert"[^>]*><th scope="row">专家方<\/th><td data-recorded-result>签约<\/td><td>1,200,000<\/td>/,
    );
    expect(shown.text).toMatch(
      /data-recorded-side="need" class="muted"><th scope="row">需求方（企业）<\/th><td data-recorded-result>尚未记录/,
    );
    // The form shows what the expert recorded, ready to be changed.
    expect(shown.text).toContain('value="contract" checked');

    expect(await outcomeRows(ids.begun)).toMatchObject([
      {
        side: "expert",
        result: "contract",
        contractValueYuan: 1_200_000,
        note: "合作开发病害快检试剂盒",
        recordedById: expert.userId,
      },
    ]);
    // A contract solves the need (through in progress).
    expect((await t.container.db.need.findUnique({ where: { id: ids.needA } }))?.status).toBe("solved");

    // The enterprise records its side of the same meeting; each side sees both.
    const byEnterprise = await submit(enterprise, page(ids.begun), { result: "intention", contractValueYuan: "" });
    expect(byEnterprise.status).toBe(303);
    const both = await expert.agent.get(page(ids.begun));
    expect(both.text).toMatch(
      /data-recorded-side="need"><th scope="row">需求方（企业）<\/th><td data-recorded-result>达成意向/,
    );
    expect((await outcomeRows(ids.begun)).map((o) => [o.side, o.result]).sort()).toEqual([
      ["expert", "contract"],
      ["need", "intention"],
    ]);
  });

  it("shows the form again with a clear message beside each mistake, and records nothing", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ result: "contract", contractValueYuan: "" }, "contractValueYuan", "签约请填写合同金额（元）。"],
      [
        { result: "follow_up", contractValueYuan: "5000" },
        "contractValueYuan",
        "只有签约需要填写金额；其他结果请留空。",
      ],
      [{ result: "contract", contractValueYuan: "五十万" }, "contractValueYuan", "请填写整数金额（元），如 500000。"],
      [{ result: "contract", contractValueYuan: "-3" }, "contractValueYuan", "请填写整数金额（元），如 500000。"],
      [{ contractValueYuan: "" }, "result", "请选择一个有效的选项。"],
    ];
    const before = await outcomeRows(ids.begun);
    for (const [fields, field, message] of cases) {
      const response = await submit(enterprise, page(ids.begun), { ...fields, note: "保留这段备注" });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(fieldError(response.text, field), JSON.stringify(fields)).toBe(message);
      expect(response.text).toContain('role="alert"');
      // What was typed stays in the form.
      expect(response.text).toContain(">保留这段备注</textarea>");
    }
    expect(await outcomeRows(ids.begun)).toEqual(before);
  });

  it("refuses another participant, a visitor and a post without its CSRF token", async () => {
    const before = await outcomeRows(ids.begun);
    expect((await otherExpert.agent.get(page(ids.begun))).status).toBe(404);
    expect((await submit(otherExpert, page(ids.begun), { result: "no_interest" })).status).toBe(404);
    // The expert is no party to another expert's meeting.
    expect((await expert.agent.get(page(ids.othersMeeting))).status).toBe(404);
    const visitor = await request(t.app).get(page(ids.begun));
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toMatch(/^\/login\?next=/);
    const noToken = await expert.agent.post(page(ids.begun)).type("form").send({ result: "no_interest" });
    expect(noToken.status).toBe(403);
    // A meeting id under another event's address is no page at all.
    const elsewhere = await createEvent(t.container.db, { status: "live" });
    expect((await expert.agent.get(page(ids.begun, elsewhere))).status).toBe(404);
    expect(await outcomeRows(ids.begun)).toEqual(before);
  });

  it("offers no form before the meeting has begun, and the API refuses it too", async () => {
    const early = await expert.agent.get(page(ids.later));
    expect(early.status).toBe(200);
    expect(early.text).toContain("这场会谈还没有开始，开始后即可记录结果。");
    expect(early.text).not.toContain("data-outcome-form");
    const posted = await submit(expert, page(ids.later), { result: "follow_up" });
    expect(posted.status).toBe(409);
    // The page says why, in the page's language.
    expect(posted.text).toContain("这场会谈还没有开始，开始后即可记录结果。");
    const api = await write(expert, "put", `/api/meetings/${ids.later}/outcomes`).send({ result: "follow_up" });
    expect(api.status).toBe(409);
    expect(api.body.error.details).toEqual({ reason: "not_begun" });
    expect(await outcomeRows(ids.later)).toEqual([]);
  });

  it("lets organizers record either side from the event page, naming the side, in English too", async () => {
    const console = await organizer.agent.get(`/events/${ids.event}`);
    expect(console.text).toContain(`href="${page(ids.othersMeeting)}"`);
    const noSide = await submit(organizer, `${page(ids.othersMeeting)}?lang=en`, { result: "no_interest" });
    expect(noSide.status).toBe(400);
    expect(fieldError(noSide.text, "side")).toBe("Choose one of the options.");
    expect(noSide.text).toContain("Meeting outcome");
    const recorded = await submit(organizer, page(ids.othersMeeting), { side: "need", result: "no_interest" });
    expect(recorded.status).toBe(303);
    const shown = await organizer.agent.get(page(ids.othersMeeting));
    expect(flashOf(shown.text)).toBe("Outcome saved.");
    expect(shown.text).toMatch(
      /data-recorded-side="need"><th scope="row">Need \(enterprise\)<\/th><td data-recorded-result>No interest/,
    );
    expect(await outcomeRows(ids.othersMeeting)).toMatchObject([
      { side: "need", result: "no_interest", recordedById: organizer.userId },
    ]);
  });
});
