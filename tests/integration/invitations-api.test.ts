import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let otherEnterprise: SignedInAgent;
let expert: SignedInAgent;
let otherExpert: SignedInAgent;

const teaProfile = {
  organization: "福建农林大学",
  region: "福州",
  disciplines: ["园艺学"],
  keywords: ["白茶", "萎凋", "茶叶加工"],
  publications: [{ title: "福鼎白茶萎凋工艺对品质的影响", year: 2021 }],
};

async function postNeed(user: SignedInAgent, overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await write(user, "post", "/api/needs").send(
    buildNeed({ title: "白茶萎凋工艺智能控制", keywords: ["白茶", "萎凋"], track: "assist", ...overrides }),
  );
  return response.body.id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise, otherEnterprise, expert, otherExpert } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "福鼎某茶业有限公司" },
    otherEnterprise: {},
    expert: { name: "林研究员" },
    otherExpert: { name: "陈教授" },
  }));
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send({ ...teaProfile, capacity: 1 });
  await write(otherExpert, "patch", `/api/experts/${otherExpert.expertId}`).send({ ...teaProfile, capacity: 3 });
});
afterAll(async () => {
  await t.close();
});

describe("invitations", () => {
  it("lets the need's enterprise invite, and the expert accept, which uses up capacity and opens the confidential need", async () => {
    const needId = await postNeed(enterprise, { confidential: true, description: "保密工艺参数" });
    expect((await expert.agent.get(`/api/needs/${needId}`)).body.redacted).toBe(true);
    const invited = await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({
      expertId: expert.expertId,
      message: "诚邀合作",
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ needId, expertId: expert.expertId, status: "pending", message: "诚邀合作" });

    const accepted = await write(expert, "post", `/api/invitations/${invited.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe("accepted");
    expect(
      (await t.database.db.invitation.findUniqueOrThrow({ where: { id: invited.body.id } })).respondedAt,
    ).not.toBeNull();
    expect((await expert.agent.get(`/api/needs/${needId}`)).body).toMatchObject({
      redacted: false,
      description: "保密工艺参数",
    });

    // Capacity 1 is now used: a second invitation is refused.
    const secondNeed = await postNeed(enterprise);
    const full = await write(enterprise, "post", `/api/needs/${secondNeed}/invitations`).send({
      expertId: expert.expertId,
    });
    expect(full.status).toBe(409);
    expect(full.body.error.details).toEqual({ capacity: 1, active: 1 });

    // Solving the first need frees the capacity.
    await write(enterprise, "post", `/api/needs/${needId}/status`).send({ status: "in_progress" });
    await write(enterprise, "post", `/api/needs/${needId}/status`).send({ status: "solved" });
    expect(
      (await write(enterprise, "post", `/api/needs/${secondNeed}/invitations`).send({ expertId: expert.expertId }))
        .status,
    ).toBe(201);
  });

  it("sinks a declined pair in the need's ranking", async () => {
    const needId = await postNeed(organizer, { enterprise: "宁德某茶叶合作社" });
    const before = await request(t.app).get(`/api/needs/${needId}/matches`);
    const rankOf = (body: { items: { id: number; rank: number }[] }, id: number | null) =>
      body.items.find((item) => item.id === id)?.rank ?? Infinity;
    const topBefore = before.body.items[0].id as number;
    const invited = await write(organizer, "post", `/api/needs/${needId}/invitations`).send({ expertId: topBefore });
    const invitee = topBefore === expert.expertId ? expert : otherExpert;
    const declined = await write(invitee, "post", `/api/invitations/${invited.body.id}/decline`).send({
      reason: "时间冲突",
    });
    expect(declined.body).toMatchObject({ status: "declined", reason: "时间冲突" });
    const after = await request(t.app).get(`/api/needs/${needId}/matches`);
    expect(rankOf(after.body, topBefore)).toBeGreaterThan(rankOf(before.body, topBefore));
  });

  it("refuses conflicts of interest, duplicates and needs that are not open", async () => {
    const own = await write(organizer, "post", "/api/experts").send({
      name: "王工",
      organization: "福鼎某茶业有限公司",
    });
    const needId = await postNeed(enterprise);
    const conflict = await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({
      expertId: own.body.id,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toMatch(/Conflict of interest/);
    expect(
      (await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({ expertId: otherExpert.expertId }))
        .status,
    ).toBe(201);
    expect(
      (await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({ expertId: otherExpert.expertId }))
        .status,
    ).toBe(409);
    const draft = await postNeed(enterprise, { status: "draft" });
    expect(
      (await write(enterprise, "post", `/api/needs/${draft}/invitations`).send({ expertId: otherExpert.expertId }))
        .status,
    ).toBe(409);
  });

  it("lets only the need's owner or organizers invite, and only the invited expert answer", async () => {
    const needId = await postNeed(enterprise);
    expect(
      (
        await write(otherEnterprise, "post", `/api/needs/${needId}/invitations`).send({
          expertId: otherExpert.expertId,
        })
      ).status,
    ).toBe(403);
    const invited = await write(organizer, "post", `/api/needs/${needId}/invitations`).send({
      expertId: otherExpert.expertId,
    });
    expect(invited.status).toBe(201);
    expect((await write(expert, "post", `/api/invitations/${invited.body.id}/accept`)).status).toBe(403);
    expect(
      (await write(enterprise, "post", `/api/invitations/${invited.body.id}/decline`).send({ reason: "x" })).status,
    ).toBe(403);
    expect(
      (await write(otherExpert, "post", `/api/invitations/${invited.body.id}/decline`).send({ reason: "" })).status,
    ).toBe(400);
    expect((await write(otherExpert, "post", `/api/invitations/${invited.body.id}/accept`)).status).toBe(200);
    expect((await write(otherExpert, "post", `/api/invitations/${invited.body.id}/accept`)).status).toBe(409);
  });

  it("lists an expert's inbox for the expert and organizers, and a need's engaged experts for its readers", async () => {
    const needId = await postNeed(otherEnterprise, { title: "白茶萎凋车间温湿度控制" });
    const invited = await write(otherEnterprise, "post", `/api/needs/${needId}/invitations`).send({
      expertId: otherExpert.expertId,
      message: "请协助",
    });
    const inboxPath = `/api/experts/${otherExpert.expertId}/invitations`;
    const inbox = await otherExpert.agent.get(inboxPath).query({ status: "pending" });
    expect(inbox.status).toBe(200);
    expect(inbox.body[0]).toMatchObject({ id: invited.body.id, status: "pending", need: { id: needId } });
    expect((await organizer.agent.get(inboxPath)).status).toBe(200);
    expect((await enterprise.agent.get(inboxPath)).status).toBe(403);
    expect((await otherExpert.agent.get(inboxPath).query({ status: "maybe" })).status).toBe(400);

    const needPath = `/api/needs/${needId}/invitations`;
    expect((await otherEnterprise.agent.get(needPath)).body).toEqual([
      expect.objectContaining({ status: "pending", expert: expect.objectContaining({ id: otherExpert.expertId }) }),
    ]);
    expect((await request(t.app).get(needPath)).body).toEqual([]);
    await write(otherExpert, "post", `/api/invitations/${invited.body.id}/accept`);
    expect((await request(t.app).get(needPath)).body).toEqual([
      expect.objectContaining({ status: "accepted", expert: expect.objectContaining({ name: "陈教授" }) }),
    ]);
  });

  it("answers unknown ids with 404 and anonymous callers with 401", async () => {
    expect((await write(otherExpert, "post", "/api/invitations/999999/accept")).status).toBe(404);
    const needId = await postNeed(enterprise);
    expect(
      (await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({ expertId: 999999 })).status,
    ).toBe(404);
    expect(
      (await write(enterprise, "post", "/api/needs/999999/invitations").send({ expertId: otherExpert.expertId }))
        .status,
    ).toBe(404);
    expect(
      (await request(t.app).post(`/api/needs/${needId}/invitations`).send({ expertId: otherExpert.expertId })).status,
    ).toBe(401);
  });
});
