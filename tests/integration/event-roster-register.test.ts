import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEventWorld, eventBody, type EventWorld } from "../support/event-fixtures.js";
import { write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let world: EventWorld;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildEventWorld(t.app, t.container, { needs: 3, experts: 3, taiwan: 0 });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const upload = (eventId: number, csv: string) =>
  write(world.organizer, "post", `/api/events/${eventId}/participants/import`).attach(
    "file",
    Buffer.from(csv),
    "roster.csv",
  );

describe("registering one participant", () => {
  it("answers 404 not_found for a need or an expert that does not exist, and registers nothing", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    const register = (body: object) => write(world.organizer, "post", `/api/events/${eventId}/participants`).send(body);
    const need = await register({ kind: "need", needId: 999_999 });
    expect(need.status).toBe(404);
    expect(need.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("999999") });
    const expert = await register({ kind: "expert", expertId: 999_998 });
    expect(expert.status).toBe(404);
    expect(expert.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("999998") });
    expect(await t.container.db.eventParticipant.count({ where: { eventId } })).toBe(0);
    // An existing one still registers.
    await register({ kind: "need", needId: world.needIds[0] }).expect(201);
  });
});

describe("registering participants from a file again", () => {
  it("updates the rows already registered in place, adds the new ones, and keeps who registered them", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
    const [n1, n2] = world.needIds;
    const [e1, e2] = world.expertIds;
    const header = "kind,ref,demand,maxMeetings,minMeetings,availability";
    await upload(eventId, `${header}\nneed,${n1},2,,,\nexpert,${e1},,3,0,1-2\n`).expect(200);
    const before = await t.container.db.eventParticipant.findMany({ where: { eventId }, orderBy: { id: "asc" } });
    expect(before).toHaveLength(2);

    const again = await upload(
      eventId,
      `${header}\nneed,${n1},1,,,\nexpert,${e1},,5,1,\nneed,${n2},,,,\nexpert,${e2},,,0,2\n`,
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ rows: 4, registered: 4, errors: [] });
    const after = await t.container.db.eventParticipant.findMany({ where: { eventId }, orderBy: { id: "asc" } });
    expect(after.map((p) => [p.needId ?? p.expertId, p.demand, p.maxMeetings, p.minMeetings, p.availability])).toEqual([
      [n1, 1, null, 0, "[]"],
      [e1, null, 5, 1, "[]"],
      [n2, null, null, 0, "[]"],
      [e2, null, null, 0, "[1]"],
    ]);
    // The rows already there kept their ids and registrant.
    expect(after.slice(0, 2).map((p) => [p.id, p.registeredById])).toEqual(before.map((p) => [p.id, p.registeredById]));
    expect(after.every((p) => p.registeredById === world.organizer.userId)).toBe(true);
  });

  it("registers a file of thousands of rows in one go (more ids than SQLite binds in one statement)", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
    const db = t.container.db;
    await db.need.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({
        title: `批量需求 ${i}`,
        externalId: `bulk-n${i}`,
        status: "open",
      })),
    });
    await db.expert.createMany({
      data: Array.from({ length: 3000 }, (_, i) => ({ name: `专家${i}`, externalId: `bulk-e${i}` })),
    });
    const rows = ["kind,ref,demand,maxMeetings,minMeetings,availability"];
    for (let i = 0; i < 1000; i++) rows.push(`need,bulk-n${i},,,,`);
    for (let i = 0; i < 3000; i++) rows.push(`expert,bulk-e${i},,,0,`);
    const answer = await upload(eventId, rows.join("\n"));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ registered: 4000, errors: [] });
    expect(await db.eventParticipant.count({ where: { eventId } })).toBe(4000);
  }, 120_000);
});

describe("the line-numbered report of a registration file", () => {
  const header = "kind,ref,demand,maxMeetings,minMeetings,availability";
  /** An unknown expert, a demand in words, an unknown kind and a slot that is no number, after one good line. */
  const badRoster = () =>
    [
      header,
      `need,${world.needIds[0]},2,,,`,
      "expert,99999,,2,,",
      "need,abc,x,,,",
      `speaker,${world.expertIds[1]},,,,`,
      `expert,${world.expertIds[2]},,,,x`,
    ].join("\n");

  const draftEvent = async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    return created.body.id as number;
  };

  /** Posts the console's upload form (the CSRF token in its field before the file) and returns the reported lines. */
  const reportedOnPage = async (lang: string) => {
    const eventId = await draftEvent();
    const page = await world.organizer.agent
      .post(`/events/${eventId}/participants/import?lang=${lang}`)
      .field("_csrf", world.organizer.csrfToken)
      .attach("file", Buffer.from(badRoster()), "roster.csv");
    expect(page.status).toBe(400);
    const report = /<div[^>]*data-roster-errors>([\s\S]*?)<\/div>/.exec(page.text)?.[1] ?? "";
    return [...report.matchAll(/<li>([^<]*)<\/li>/g)].map((m) =>
      m[1]!
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, "&"),
    );
  };

  it("is in Chinese on the Chinese console, naming the columns by their Chinese headers", async () => {
    expect(await reportedOnPage("zh-CN")).toEqual([
      "第 3 行：找不到编号或 id 为 99999 的专家",
      "第 4 行：需求人数：应为 0 到 50 之间的整数",
      "第 5 行：类型：应为以下之一：need, expert, 需求, 专家",
      "第 6 行：可参加时段：“x”不是时段号或时段范围（如 1 2 5 或 1-3）",
    ]);
  });

  it("is in English on the English console", async () => {
    expect(await reportedOnPage("en")).toEqual([
      "Line 3: no expert with externalId or id 99999",
      "Line 4: demand: expected an integer from 0 to 50",
      "Line 5: kind: expected one of need, expert, 需求, 专家",
      'Line 6: availability: "x" is not a slot number or range (e.g. 1 2 5 or 1-3)',
    ]);
  });

  it("gives API clients a code per reason beside the English message", async () => {
    const eventId = await draftEvent();
    const refused = await upload(eventId, badRoster()).expect(400);
    const { errors } = refused.body.error.details as {
      errors: { line: number; message: string; reasons: { code: string; field?: string }[] }[];
    };
    expect(
      errors.map(({ line, reasons }) => ({ line, reasons: reasons.map(({ code, field }) => ({ code, field })) })),
    ).toEqual([
      { line: 3, reasons: [{ code: "unknown_expert", field: undefined }] },
      { line: 4, reasons: [{ code: "integer_range", field: "demand" }] },
      { line: 5, reasons: [{ code: "one_of", field: "kind" }] },
      { line: 6, reasons: [{ code: "slot_not_number", field: "availability" }] },
    ]);
    expect(errors.map((error) => error.message)).toEqual([
      "no expert with externalId or id 99999",
      "demand: expected an integer from 0 to 50",
      "kind: expected one of need, expert, 需求, 专家",
      'availability: "x" is not a slot number or range (e.g. 1 2 5 or 1-3)',
    ]);
  });
});

describe("registering oneself on the join page", () => {
  /** The refusal at the top of the join page. */
  const joinError = (html: string) => /<div class="alert alert-error" role="alert">([^<]*)<\/div>/.exec(html)?.[1];
  const join = (user: SignedInAgent, eventId: number, lang: string, fields: Record<string, string> = {}) =>
    user.agent
      .post(`/events/${eventId}/join?lang=${lang}`)
      .type("form")
      .send({ _csrf: user.csrfToken, ...fields });

  it("says why the domain refused a registration in the page's language, and registers nothing", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    const moveTo = (to: string) =>
      write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to }).expect(200);
    await moveTo("registration");
    const needId = world.needIds[2]!;
    await t.container.db.need.update({ where: { id: needId }, data: { status: "in_progress" } });
    const needInProgress = await join(world.enterprise, eventId, "zh-CN", { needId: String(needId) });
    expect(needInProgress.status).toBe(409);
    expect(joinError(needInProgress.text)).toBe("只有“征集中”的需求才能报名。");
    await moveTo("matching");
    const closed = await join(world.expert, eventId, "zh-CN");
    expect(closed.status).toBe(409);
    expect(joinError(closed.text)).toBe("当前不在本活动的报名时间内。");
    expect(joinError((await join(world.expert, eventId, "en")).text)).toBe(
      "Registration for this event is not open now.",
    );
    expect(await t.container.db.eventParticipant.count({ where: { eventId } })).toBe(0);
  });

  it("words a form typed around its own inputs in the page's language, and registers nothing", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
    const tooMany = await join(world.expert, eventId, "zh-CN", { maxMeetings: "9999" });
    expect(tooMany.status).toBe(400);
    expect(joinError(tooMany.text)).toMatch(/^不能大于 [\d,]+。$/);
    const notNumber = await join(world.expert, eventId, "en", { maxMeetings: "many" });
    expect(joinError(notNumber.text)).toBe("Enter a number.");
    expect(await t.container.db.eventParticipant.count({ where: { eventId } })).toBe(0);
    // What was typed is still there to correct, not an empty form.
    const refused = await world.expert.agent
      .post(`/events/${eventId}/join?lang=en`)
      .type("form")
      .send(`_csrf=${world.expert.csrfToken}&maxMeetings=many&slots=1&slots=3`);
    expect(refused.status).toBe(400);
    expect(maxMeetingsInput(refused.text)).toContain('value="many"');
    expect(tickedSlots(refused.text)).toEqual(["1", "3"]);
  });

  const flashOf = (html: string) => /<p class="flash" role="status">([^<]*)<\/p>/.exec(html)?.[1];
  const maxMeetingsInput = (html: string) => /<input id="join-max"[^>]*>/.exec(html)?.[0] ?? "";
  const tickedSlots = (html: string) =>
    [...html.matchAll(/<input type="checkbox" name="slots" value="(\d+)" checked>/g)].map((match) => match[1]);
  const submitLabel = (html: string) =>
    /<button type="submit" class="btn btn-primary">([^<]*)<\/button>/.exec(html)?.[1];

  it("confirms a registration, shows it on the form to change, and confirms a withdrawal", async () => {
    const created = await write(world.organizer, "post", "/api/events").send(eventBody()).expect(201);
    const eventId = created.body.id as number;
    await write(world.organizer, "post", `/api/events/${eventId}/transition`).send({ to: "registration" }).expect(200);
    const before = await world.expert.agent.get(`/events/${eventId}/join?lang=zh-CN`);
    expect(submitLabel(before.text)).toBe("报名");
    expect(tickedSlots(before.text)).toEqual([]);

    const registered = await world.expert.agent
      .post(`/events/${eventId}/join?lang=zh-CN`)
      .type("form")
      .send(`_csrf=${world.expert.csrfToken}&maxMeetings=2&slots=0&slots=2`);
    expect(registered.status).toBe(303);
    const page = await world.expert.agent.get(registered.headers.location as string);
    expect(flashOf(page.text)).toBe("报名信息已保存。");
    // The form holds the registration, so changing one slot does not reset the rest.
    expect(maxMeetingsInput(page.text)).toContain('value="2"');
    expect(tickedSlots(page.text)).toEqual(["0", "2"]);
    expect(submitLabel(page.text)).toBe("更新报名信息");
    const english = await world.expert.agent.get(`/events/${eventId}/join?lang=en`);
    expect(submitLabel(english.text)).toBe("Update registration");

    const entry = await t.container.db.eventParticipant.findFirstOrThrow({
      where: { eventId, expertId: world.expert.expertId! },
    });
    expect([entry.maxMeetings, entry.availability]).toEqual([2, "[0,2]"]);
    const withdrawn = await world.expert.agent
      .post(`/events/${eventId}/participants/${entry.id}/remove?lang=en`)
      .type("form")
      .send({ _csrf: world.expert.csrfToken });
    expect(withdrawn.status).toBe(303);
    const after = await world.expert.agent.get(withdrawn.headers.location as string);
    expect(flashOf(after.text)).toBe("Your registration is withdrawn.");
    expect(submitLabel(after.text)).toBe("Register");
    expect(await t.container.db.eventParticipant.count({ where: { eventId } })).toBe(0);
  });
});
