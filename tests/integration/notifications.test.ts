import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../server/notifications/notification-hub.js";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
const received: { userId: number; notification: Notification }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.container.notifications.subscribe((userId, notification) => received.push({ userId, notification }));
  ({ enterprise, expert } = await signUpUsers(t, {
    enterprise: {},
    expert: { name: "江研究员" },
  }));
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send({
    organization: "自然资源部第三海洋研究所",
    region: "厦门",
    disciplines: ["海洋科学"],
    keywords: ["大黄鱼", "深远海养殖"],
    publications: [{ title: "大黄鱼深远海网箱养殖病害防控", year: 2023 }],
  });
});
afterAll(async () => {
  await t.close();
});

const toUser = (userId: number) => received.filter((r) => r.userId === userId).map((r) => r.notification);

describe("notifications", () => {
  it("tells the best-matching experts about a need when it opens, not while it is a draft", async () => {
    const draft = await write(enterprise, "post", "/api/needs").send(
      buildNeed({ title: "大黄鱼深远海养殖病害防控", keywords: ["大黄鱼"], status: "draft" }),
    );
    await t.container.suggestionNotifier.idle();
    expect(toUser(expert.userId)).toEqual([]);
    await write(enterprise, "post", `/api/needs/${draft.body.id}/status`).send({ status: "open" });
    await t.container.suggestionNotifier.idle();
    expect(toUser(expert.userId)).toEqual([
      expect.objectContaining({ type: "suggestion.new", needId: draft.body.id, needTitle: "大黄鱼深远海养殖病害防控" }),
    ]);
  });

  it("tells the expert about an invitation and the inviter about the answer", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "大黄鱼苗种选育" }));
    await t.container.suggestionNotifier.idle();
    received.length = 0;
    const invitation = await write(enterprise, "post", `/api/needs/${need.body.id}/invitations`).send({
      expertId: expert.expertId,
    });
    expect(toUser(expert.userId)).toEqual([
      {
        type: "invitation.received",
        invitationId: invitation.body.id,
        needId: need.body.id,
        needTitle: "大黄鱼苗种选育",
      },
    ]);
    await write(expert, "post", `/api/invitations/${invitation.body.id}/decline`).send({ reason: "档期已满" });
    expect(toUser(enterprise.userId)).toEqual([
      {
        type: "invitation.answered",
        invitationId: invitation.body.id,
        needId: need.body.id,
        needTitle: "大黄鱼苗种选育",
        expertName: "江研究员",
        status: "declined",
      },
    ]);
  });
});
