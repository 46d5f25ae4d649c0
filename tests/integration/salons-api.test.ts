import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { write, type SignedInAgent } from "../support/factories.js";
import { documentedPaths } from "../support/openapi-document.js";
import { SalonClient } from "../support/salon-clients.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: RunningTestServer;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
let speaker: SignedInAgent;
let moderator: SignedInAgent;
let invitee: SignedInAgent;

const salonBody = (overrides: Record<string, unknown> = {}) => ({
  title: "海洋碳汇学术沙龙",
  topic: "蓝碳核算",
  description: "讨论红树林与海草床的碳汇计量方法。",
  disciplines: ["海洋科学"],
  startsAt: "2026-05-18T06:30:00.000Z",
  endsAt: "2026-05-18T08:30:00.000Z",
  visibility: "public",
  speakers: [{ expertId: speaker.expertId, talkTitle: "红树林碳汇计量", budgetSeconds: 900 }],
  moderatorIds: [moderator.userId],
  ...overrides,
});

async function createSalon(overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await write(organizer, "post", "/api/salons").send(salonBody(overrides));
  expect(response.status).toBe(201);
  return response.body.salon.id as number;
}

beforeAll(async () => {
  t = await startTestServer();
  ({ organizer, enterprise, speaker, moderator, invitee } = await signUpUsers(t, {
    organizer: { name: "科协组织者" },
    enterprise: {},
    speaker: { role: "expert", name: "林教授" },
    moderator: { role: "expert", name: "陈主持" },
    invitee: { role: "expert", name: "受邀专家" },
  }));
});

afterAll(async () => {
  await t?.close();
});

describe("salons API", () => {
  it("lets organizers create a salon with speakers chosen from experts and moderators", async () => {
    const response = await write(organizer, "post", "/api/salons").send(salonBody());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      salon: {
        title: "海洋碳汇学术沙龙",
        status: "scheduled",
        visibility: "public",
        startsAt: "2026-05-18T06:30:00.000Z",
        organizer: { userId: organizer.userId, name: "科协组织者" },
        speakers: [{ expertId: speaker.expertId, name: "林教授", talkTitle: "红树林碳汇计量", budgetSeconds: 900 }],
        moderators: [{ userId: moderator.userId, name: "陈主持" }],
        lastSeq: 0,
      },
      canManage: true,
      isModerator: true,
      inviteeIds: [],
    });
  });

  it("refuses other roles, anonymous callers and invalid salons", async () => {
    expect((await write(enterprise, "post", "/api/salons").send(salonBody())).status).toBe(403);
    expect((await request(t.app).post("/api/salons").send(salonBody())).status).toBe(401);
    const unknownExpert = await write(organizer, "post", "/api/salons").send(
      salonBody({ speakers: [{ expertId: 999_999 }] }),
    );
    expect(unknownExpert.status).toBe(400);
    expect(unknownExpert.body.error).toMatchObject({ code: "validation_failed", details: { speakers: [999_999] } });
    const backwards = await write(organizer, "post", "/api/salons").send(
      salonBody({ startsAt: "2026-05-18T08:00:00Z", endsAt: "2026-05-18T07:00:00Z" }),
    );
    expect(backwards.body.error.message).toMatch(/end after it starts/);
    expect((await write(organizer, "post", "/api/salons").send(salonBody({ visibility: "secret" }))).status).toBe(400);
  });

  it("lists and shows salons by visibility: public to all, members to signed-in users, invite-only to invitees", async () => {
    const publicId = await createSalon({ title: "公开沙龙" });
    const membersId = await createSalon({ title: "会员沙龙", visibility: "members" });
    const inviteId = await createSalon({ title: "邀请沙龙", visibility: "invite_only", inviteeIds: [invitee.userId] });
    const titles = async (agent: request.Agent | ReturnType<typeof request>) =>
      ((await agent.get("/api/salons")).body.items as { id: number }[]).map((item) => item.id);

    const anonymous = await titles(request(t.app));
    expect(anonymous).toContain(publicId);
    expect(anonymous).not.toContain(membersId);
    expect(await titles(enterprise.agent)).toEqual(expect.arrayContaining([publicId, membersId]));
    expect(await titles(enterprise.agent)).not.toContain(inviteId);
    expect(await titles(invitee.agent)).toContain(inviteId);
    expect(await titles(speaker.agent)).toContain(inviteId); // speakers are in by right
    expect(await titles(organizer.agent)).toContain(inviteId);

    expect((await request(t.app).get(`/api/salons/${membersId}`)).status).toBe(401);
    expect((await enterprise.agent.get(`/api/salons/${inviteId}`)).status).toBe(403);
    const shown = await invitee.agent.get(`/api/salons/${inviteId}`);
    expect(shown.body).toMatchObject({ canManage: false, isModerator: false, inviteeIds: null });
    expect((await request(t.app).get("/api/salons/999999")).status).toBe(404);
  });

  it("lets the organizer change settings, and the room hears of it", async () => {
    const salonId = await createSalon();
    const { token } = await t.container.accounts.issueToken(enterprise.userId, "room");
    const listener = await SalonClient.connect(t.baseUrl, { token });
    try {
      await listener.join(salonId);
      const patched = await write(organizer, "patch", `/api/salons/${salonId}`).send({
        title: "海洋碳汇沙龙（改期）",
        slowModeSeconds: 20,
        moderatorIds: [],
      });
      expect(patched.status).toBe(200);
      expect(patched.body.salon).toMatchObject({ title: "海洋碳汇沙龙（改期）", moderators: [], lastSeq: 1 });
      await listener.untilEvent("salon.updated");
      expect(listener.events.at(-1)).toMatchObject({
        seq: 1,
        type: "salon.updated",
        payload: { changes: { title: "海洋碳汇沙龙（改期）", slowModeSeconds: 20, moderators: [] } },
      });
      expect((await write(moderator, "patch", `/api/salons/${salonId}`).send({ title: "x" })).status).toBe(403);
      // The end alone, before the stored start: refused, and nothing changes.
      const backwards = await write(organizer, "patch", `/api/salons/${salonId}`).send({
        endsAt: "2026-05-18T06:00:00.000Z",
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error).toMatchObject({
        code: "validation_failed",
        details: { startsAt: "2026-05-18T06:30:00.000Z", endsAt: "2026-05-18T06:00:00.000Z" },
      });
      expect((await organizer.agent.get(`/api/salons/${salonId}`)).body.salon.endsAt).toBe("2026-05-18T08:30:00.000Z");
      expect((await write(organizer, "patch", `/api/salons/${salonId}`).send({})).status).toBe(400);
    } finally {
      listener.close();
    }
  });

  it("opens the room with the agenda queued and closes it, both seen live", async () => {
    const salonId = await createSalon();
    const { token } = await t.container.accounts.issueToken(enterprise.userId, "room");
    const listener = await SalonClient.connect(t.baseUrl, { token });
    try {
      await listener.join(salonId);
      const opened = await write(organizer, "post", `/api/salons/${salonId}/open`);
      expect(opened.body.salon).toMatchObject({ status: "open", openedAt: expect.any(String) });
      expect((await write(organizer, "post", `/api/salons/${salonId}/open`)).status).toBe(409);
      expect((await write(moderator, "post", `/api/salons/${salonId}/close`)).status).toBe(403);
      await listener.untilEvent("salon.opened");
      expect(listener.events.at(-1)!.payload).toMatchObject({ queued: [{ name: "林教授", budgetSeconds: 900 }] });
      const closed = await write(organizer, "post", `/api/salons/${salonId}/close`);
      expect(closed.body.salon.status).toBe("closed");
      await listener.untilEvent("salon.closed");
    } finally {
      listener.close();
    }
  });

  it("documents the salon routes in the OpenAPI document", async () => {
    expect(Object.keys(await documentedPaths(t.app))).toEqual(
      expect.arrayContaining(["/api/salons", "/api/salons/{id}", "/api/salons/{id}/open", "/api/salons/{id}/close"]),
    );
  });
});
