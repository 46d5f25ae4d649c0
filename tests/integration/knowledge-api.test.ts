import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";
import { addMeeting, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let otherEnterprise: SignedInAgent;
let expert: SignedInAgent;
let otherExpert: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise, otherEnterprise, expert, otherExpert } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "厦门某新材料有限公司" },
    otherEnterprise: {},
    expert: { name: "黄研究员" },
    otherExpert: { name: "郑教授" },
  }));
});
afterAll(async () => {
  await t.close();
});

describe("needs", () => {
  it("lets an enterprise post a need that records its owner, organization and track", async () => {
    const response = await write(enterprise, "post", "/api/needs").send(buildNeed());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: "高导热氮化铝陶瓷基板烧结工艺优化",
      enterprise: "厦门某新材料有限公司",
      ownerId: enterprise.userId,
      status: "open",
      track: { code: "assist" },
      keywords: ["氮化铝", "陶瓷基板", "烧结"],
      editable: true,
    });
    const row = await t.database.db.need.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row.ownerId).toBe(enterprise.userId);
  });

  it("rejects a need with a missing title, an unknown track or a bad status", async () => {
    const invalid = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "  ", status: "solved" }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["title", "status"]);
    const unknownTrack = await write(enterprise, "post", "/api/needs").send(buildNeed({ track: "mars" }));
    expect(unknownTrack.status).toBe(400);
    expect(unknownTrack.body.error.message).toContain("mars");
  });

  it("does not let experts or anonymous callers post needs", async () => {
    expect((await write(expert, "post", "/api/needs").send(buildNeed())).status).toBe(403);
    const anonymous = await request(t.app).post("/api/needs").send(buildNeed());
    expect(anonymous.status).toBe(401);
  });

  it("lets only the owner and organizers edit or delete a need", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(buildNeed());
    const id = created.body.id as number;
    const denied = await write(otherEnterprise, "patch", `/api/needs/${id}`).send({ title: "改掉" });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");
    expect((await t.database.db.need.findUniqueOrThrow({ where: { id } })).title).toBe(created.body.title);
    const byOwner = await write(enterprise, "patch", `/api/needs/${id}`).send({ keywords: ["AlN"], track: null });
    expect(byOwner.body).toMatchObject({ keywords: ["AlN"], track: null });
    const byOrganizer = await write(organizer, "patch", `/api/needs/${id}`).send({ region: "泉州" });
    expect(byOrganizer.body.region).toBe("泉州");
    expect((await write(otherEnterprise, "delete", `/api/needs/${id}`)).status).toBe(403);
    expect((await write(enterprise, "delete", `/api/needs/${id}`)).status).toBe(204);
    expect(await t.database.db.need.count({ where: { id } })).toBe(0);
    expect((await request(t.app).get(`/api/needs/${id}`)).status).toBe(404);
  });

  it("moves a need through the status workflow and refuses transitions that skip steps", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(buildNeed({ status: "draft" }));
    const id = created.body.id as number;
    const skip = await write(enterprise, "post", `/api/needs/${id}/status`).send({ status: "solved" });
    expect(skip.status).toBe(409);
    expect(skip.body.error.details).toMatchObject({ from: "draft", allowed: ["open", "closed"] });
    for (const status of ["open", "in_progress", "solved"]) {
      const moved = await write(enterprise, "post", `/api/needs/${id}/status`).send({ status });
      expect(moved.status).toBe(200);
      expect(moved.body.status).toBe(status);
    }
    expect((await t.database.db.need.findUniqueOrThrow({ where: { id } })).status).toBe("solved");
    const bogus = await write(enterprise, "post", `/api/needs/${id}/status`).send({ status: "archived" });
    expect(bogus.status).toBe(400);
  });

  it("keeps drafts private to their owner and organizers, answering others as if there were none", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ status: "draft", title: "草稿需求" }),
    );
    const id = created.body.id as number;
    const anonymous = await request(t.app).get(`/api/needs/${id}`);
    expect(anonymous.status).toBe(404);
    expect(anonymous.body).toEqual({ error: { code: "not_found", message: `Need ${id} not found` } });
    expect((await otherEnterprise.agent.get(`/api/needs/${id}`)).status).toBe(404);
    expect((await write(otherEnterprise, "patch", `/api/needs/${id}`).send({ title: "x" })).status).toBe(404);
    expect((await enterprise.agent.get(`/api/needs/${id}`)).status).toBe(200);
    expect((await organizer.agent.get(`/api/needs/${id}`)).status).toBe(200);
    const publicList = await request(t.app).get("/api/needs").query({ pageSize: 100 });
    expect(publicList.body.items.map((n: { id: number }) => n.id)).not.toContain(id);
    const ownList = await enterprise.agent.get("/api/needs").query({ mine: "true", status: "draft" });
    expect(ownList.body.items.map((n: { id: number }) => n.id)).toContain(id);
  });

  it("redacts a confidential need for everyone but its owner, organizers and approved experts", async () => {
    const created = await write(enterprise, "post", "/api/needs").send(
      buildNeed({
        confidential: true,
        title: "保密：新型电池隔膜",
        description: "涉及核心工艺",
        difficulty: "秘密难点",
      }),
    );
    const id = created.body.id as number;
    const redacted = {
      id,
      title: "保密：新型电池隔膜",
      discipline: "材料科学与工程",
      region: "福州",
      confidential: true,
      redacted: true,
    };
    for (const viewer of [request(t.app), otherEnterprise.agent, expert.agent]) {
      const response = await viewer.get(`/api/needs/${id}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject(redacted);
      expect(JSON.stringify(response.body)).not.toContain("核心工艺");
      expect(JSON.stringify(response.body)).not.toContain("秘密难点");
    }
    const listed = await request(t.app).get("/api/needs").query({ q: "保密" });
    expect(JSON.stringify(listed.body)).not.toContain("核心工艺");

    const approve = await write(enterprise, "post", `/api/needs/${id}/access`).send({ expertId: expert.expertId });
    expect(approve.status).toBe(200);
    expect(approve.body.approvedExpertIds).toEqual([expert.expertId]);
    const approvedView = await expert.agent.get(`/api/needs/${id}`);
    expect(approvedView.body).toMatchObject({ redacted: false, description: "涉及核心工艺" });
    expect(approvedView.body.approvedExpertIds).toBeUndefined();
    expect((await otherExpert.agent.get(`/api/needs/${id}`)).body.redacted).toBe(true);
    expect((await organizer.agent.get(`/api/needs/${id}`)).body.redacted).toBe(false);

    const byOther = await write(otherEnterprise, "post", `/api/needs/${id}/access`).send({
      expertId: otherExpert.expertId,
    });
    expect(byOther.status).toBe(403);
    const revoke = await write(enterprise, "delete", `/api/needs/${id}/access/${expert.expertId}`);
    expect(revoke.body.approvedExpertIds).toEqual([]);
    expect((await expert.agent.get(`/api/needs/${id}`)).body.redacted).toBe(true);
  });

  it("paginates, filters and sorts the list", async () => {
    for (const title of ["茶叶加工甲", "茶叶加工乙", "茶叶加工丙"]) {
      await write(otherEnterprise, "post", "/api/needs").send(buildNeed({ title, track: "618", region: "安溪" }));
    }
    const page1 = await request(t.app)
      .get("/api/needs")
      .query({ track: "618", region: "安溪", pageSize: 2, sort: "title", order: "asc" });
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await request(t.app)
      .get("/api/needs")
      .query({ track: "618", region: "安溪", pageSize: 2, page: 2, sort: "title", order: "asc" });
    expect(page2.body.items).toHaveLength(1);
    const titles = [...page1.body.items, ...page2.body.items].map((n: { title: string }) => n.title);
    expect(titles).toEqual([...titles].sort());
    const tooBig = await request(t.app).get("/api/needs").query({ pageSize: 101 });
    expect(tooBig.status).toBe(400);
    const unknownTrack = await request(t.app).get("/api/needs").query({ track: "mars" });
    expect(unknownTrack.status).toBe(400);
    const repeated = await request(t.app).get("/api/needs?status=open&status=solved&pageSize=100");
    expect(repeated.status).toBe(200);
    expect(new Set(repeated.body.items.map((n: { status: string }) => n.status))).toEqual(new Set(["open", "solved"]));
  });

  it("answers 404 with a code for unknown ids and 400 for malformed ones", async () => {
    const missing = await request(t.app).get("/api/needs/999999");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    expect((await request(t.app).get("/api/needs/abc")).status).toBe(400);
    expect((await request(t.app).get("/api/needs/-1")).status).toBe(400);
    expect((await request(t.app).get("/api/needs/99999999999999")).status).toBe(400);
  });
});

describe("experts", () => {
  it("lets an expert edit their own profile, replacing publications and societies", async () => {
    const society = await write(organizer, "post", "/api/societies").send({
      name: "福建省材料研究学会",
      discipline: "材料科学与工程",
    });
    const response = await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
      organization: "福州大学",
      region: "福州",
      disciplines: ["材料科学与工程"],
      capacity: 2,
      societyIds: [society.body.id],
      publications: [{ title: "氮化铝陶瓷低温烧结研究", year: 2021, keywords: ["氮化铝"] }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      organization: "福州大学",
      capacity: 2,
      societies: [{ name: "福建省材料研究学会" }],
      publications: [{ title: "氮化铝陶瓷低温烧结研究", type: "paper", year: 2021 }],
    });
    expect(await t.database.db.publication.count({ where: { expertId: expert.expertId! } })).toBe(1);
    const society2 = await request(t.app).get(`/api/societies/${society.body.id}`);
    expect(society2.body.memberCount).toBe(1);
  });

  it("refuses edits to another expert's profile and unknown society ids", async () => {
    const denied = await write(otherExpert, "patch", `/api/experts/${expert.expertId}`).send({ bio: "冒名" });
    expect(denied.status).toBe(403);
    const unknownSociety = await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
      societyIds: [424242],
    });
    expect(unknownSociety.status).toBe(400);
    expect(unknownSociety.body.error.details).toEqual({ societyIds: [424242] });
    const badCapacity = await write(expert, "patch", `/api/experts/${expert.expertId}`).send({ capacity: -1 });
    expect(badCapacity.status).toBe(400);
  });

  it("lets only organizers create and delete expert profiles", async () => {
    const body = {
      name: "Dr. Alice Tan",
      organization: "National University of Singapore",
      region: "新加坡",
      languages: ["en"],
    };
    expect((await write(expert, "post", "/api/experts").send(body)).status).toBe(403);
    const created = await write(organizer, "post", "/api/experts").send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Dr. Alice Tan", capacity: 3, externalId: null });
    const filtered = await request(t.app).get("/api/experts").query({ region: "新加坡", language: "en" });
    expect(filtered.body.items.map((e: { id: number }) => e.id)).toEqual([created.body.id]);
    expect((await write(enterprise, "delete", `/api/experts/${created.body.id}`)).status).toBe(403);
    expect((await write(organizer, "delete", `/api/experts/${created.body.id}`)).status).toBe(204);
    expect((await request(t.app).get(`/api/experts/${created.body.id}`)).status).toBe(404);
  });

  it("refuses to delete an expert or a need whose docking-event meetings and contracts would go with it", async () => {
    const db = t.database.db;
    const expertId = await createExpertRow(db, { name: "吴晖忠" });
    const needId = await createNeedRow(db, { title: "琯溪蜜柚果皮综合利用", ownerId: enterprise.userId });
    const eventId = await createEvent(db, { status: "closed" });
    const meetingId = await addMeeting(db, { eventId, needId, expertId, slot: 0, tableNo: 0 });
    await db.eventOutcome.create({
      data: { meetingId, side: "need", result: "contract", contractValueYuan: 1_770_000 },
    });

    const expertDeletion = await write(organizer, "delete", `/api/experts/${expertId}`);
    expect(expertDeletion.status).toBe(409);
    expect(expertDeletion.body.error).toMatchObject({ code: "conflict", details: { meetings: 1 } });
    const needDeletion = await write(enterprise, "delete", `/api/needs/${needId}`);
    expect(needDeletion.status).toBe(409);
    expect(needDeletion.body.error.details).toEqual({ meetings: 1 });
    // Nothing went: the meeting keeps its contract, so the dashboard's figures stay as they were.
    expect(await db.eventOutcome.count({ where: { meetingId, result: "contract" } })).toBe(1);
    expect(await db.expert.count({ where: { id: expertId } })).toBe(1);
    expect(await db.need.count({ where: { id: needId } })).toBe(1);
  });

  it("stores working languages given by name as codes, so the language filter finds them by code or name", async () => {
    const created = await write(organizer, "post", "/api/experts").send({
      name: "Dr. Maria Chen",
      region: "德国",
      languages: ["English", "中文", "德语", "闽南话"],
    });
    expect(created.status).toBe(201);
    // A name nobody can read as a language stays as typed, as the profile shows it.
    expect(created.body.languages).toEqual(["en", "zh", "de", "闽南话"]);
    for (const language of ["en", "English", "英语"]) {
      const filtered = await request(t.app).get("/api/experts").query({ region: "德国", language });
      expect(filtered.body.items.map((e: { id: number }) => e.id)).toEqual([created.body.id]);
    }
    // A profile saved before languages were stored as codes keeps the name typed then; the filter finds it too.
    const older = await t.database.db.expert.create({
      data: { name: "Prof. Old Record", region: "德国", languages: JSON.stringify(["English", "中文"]) },
    });
    const byCode = await request(t.app).get("/api/experts").query({ region: "德国", language: "en" });
    expect(byCode.body.items.map((e: { id: number }) => e.id).sort()).toEqual([created.body.id, older.id].sort());
    const patched = await write(organizer, "patch", `/api/experts/${created.body.id}`).send({ languages: ["French"] });
    expect(patched.body.languages).toEqual(["fr"]);
    await t.container.indexWorker.drain();
    const searched = await request(t.app).get("/api/search").query({ type: "experts", language: "法语" });
    expect(searched.body.items.map((item: { id: number }) => item.id)).toEqual([created.body.id]);
  });

  it("filters experts by discipline as a whole list element", async () => {
    await write(organizer, "post", "/api/experts").send({ name: "甲", disciplines: ["材料科学与工程"] });
    await write(organizer, "post", "/api/experts").send({ name: "乙", disciplines: ["材料科学"] });
    const response = await request(t.app).get("/api/experts").query({ discipline: "材料科学", pageSize: 100 });
    expect(response.body.items.map((e: { name: string }) => e.name)).toEqual(["乙"]);
  });
});

describe("technologies", () => {
  it("lets an expert add technologies to their own profile only", async () => {
    const created = await write(expert, "post", "/api/technologies").send({
      title: "低温共烧氮化铝陶瓷基板制备技术",
      maturity: 6,
      transferModes: ["license", "cooperation"],
    });
    expect(created.status).toBe(201);
    expect(created.body.owner).toEqual({ id: expert.expertId, name: "黄研究员" });
    const forSomeoneElse = await write(expert, "post", "/api/technologies").send({
      title: "x",
      ownerId: otherExpert.expertId,
    });
    expect(forSomeoneElse.status).toBe(403);
    expect(
      (await write(otherExpert, "patch", `/api/technologies/${created.body.id}`).send({ maturity: 9 })).status,
    ).toBe(403);
    expect((await write(enterprise, "post", "/api/technologies").send({ title: "企业成果" })).status).toBe(403);
    const edited = await write(expert, "patch", `/api/technologies/${created.body.id}`).send({ maturity: 7 });
    expect(edited.body.maturity).toBe(7);
  });

  it("validates readiness levels and transfer modes and filters by them", async () => {
    const bad = await write(organizer, "post", "/api/technologies").send({
      title: "x",
      maturity: 10,
      transferModes: ["gift"],
    });
    expect(bad.status).toBe(400);
    await write(organizer, "post", "/api/technologies").send({
      title: "成熟技术",
      maturity: 8,
      ownerId: otherExpert.expertId,
    });
    const mature = await request(t.app).get("/api/technologies").query({ maturityMin: 8 });
    expect(mature.body.items.every((item: { maturity: number }) => item.maturity >= 8)).toBe(true);
    expect(mature.body.total).toBeGreaterThan(0);
    const unknownOwner = await write(organizer, "post", "/api/technologies").send({ title: "x", ownerId: 987654 });
    expect(unknownOwner.status).toBe(404);
  });
});

describe("societies and tracks", () => {
  it("lists the default programme tracks", async () => {
    const response = await request(t.app).get("/api/tracks");
    expect(response.body.items.map((track: { code: string }) => track.code)).toEqual([
      "assist",
      "618",
      "straits",
      "overseas",
      "jinqiao",
    ]);
    const overseas = response.body.items.find((track: { code: string }) => track.code === "overseas");
    expect(overseas).toMatchObject({ name: "海智计划", nameEn: "Overseas Expert Programme (HAIZHI)" });
  });

  it("lets organizers manage tracks and refuses to delete one in use", async () => {
    expect((await write(enterprise, "post", "/api/tracks").send({ code: "x", name: "x" })).status).toBe(403);
    const created = await write(organizer, "post", "/api/tracks").send({ code: "expo-2027", name: "2027 成果展" });
    expect(created.status).toBe(201);
    expect((await write(organizer, "post", "/api/tracks").send({ code: "expo-2027", name: "dup" })).status).toBe(409);
    expect((await write(organizer, "post", "/api/tracks").send({ code: "Bad Code", name: "x" })).status).toBe(400);
    await write(enterprise, "post", "/api/needs").send(buildNeed({ track: "expo-2027" }));
    const inUse = await write(organizer, "delete", `/api/tracks/${created.body.id}`);
    expect(inUse.status).toBe(409);
    const renamed = await write(organizer, "patch", `/api/tracks/${created.body.id}`).send({ name: "2027 成果交易会" });
    expect(renamed.body).toMatchObject({ name: "2027 成果交易会", nameEn: "" });

    // Without an English name, English pages show the Chinese one; with it, the English one.
    const need = (await request(t.app).get("/api/needs").query({ track: "expo-2027" })).body.items[0];
    const needPage = (lang: string) => request(t.app).get(`/needs/${need.id}`).query({ lang });
    expect((await needPage("en")).text).toContain("2027 成果交易会");
    const english = await write(organizer, "patch", `/api/tracks/${created.body.id}`).send({ nameEn: "2027 Expo" });
    expect(english.body).toMatchObject({ name: "2027 成果交易会", nameEn: "2027 Expo" });
    expect((await needPage("en")).text).toContain("2027 Expo");
    expect((await needPage("en")).text).not.toContain("2027 成果交易会");
    expect((await needPage("zh-CN")).text).toContain("2027 成果交易会");
  });

  it("lets organizers manage societies with unique names", async () => {
    const created = await write(organizer, "post", "/api/societies").send({
      name: "福建省茶叶学会",
      discipline: "园艺学",
    });
    expect(created.status).toBe(201);
    expect((await write(organizer, "post", "/api/societies").send({ name: "福建省茶叶学会" })).status).toBe(409);
    expect((await write(expert, "patch", `/api/societies/${created.body.id}`).send({ name: "x" })).status).toBe(403);
    const listed = await request(t.app).get("/api/societies").query({ q: "茶叶" });
    expect(listed.body.items.map((s: { name: string }) => s.name)).toContain("福建省茶叶学会");
    expect((await write(organizer, "delete", `/api/societies/${created.body.id}`)).status).toBe(204);
    expect((await request(t.app).get(`/api/societies/${created.body.id}`)).status).toBe(404);
  });
});
