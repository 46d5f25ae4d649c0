import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;
let enterprise: SignedInAgent;
const expertIds: number[] = [];

const idsOf = (body: { items: { id: number }[] }) => body.items.map((item) => item.id);

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer, enterprise } = await signUpUsers(t, {
    organizer: {},
    enterprise: { organizationName: "厦门某光电科技有限公司" },
  }));
  const profiles = [
    { name: "周教授", organization: "厦门大学", title: "Micro-LED 巨量转移工艺" },
    { name: "吴研究员", organization: "中国科学院福建物质结构研究所", title: "Micro-LED 全彩化量子点色转换" },
    { name: "郑教授", organization: "福州大学", title: "Micro-LED 显示驱动芯片设计" },
  ];
  for (const { name, organization, title } of profiles) {
    const response = await write(organizer, "post", "/api/experts").send({
      name,
      organization,
      region: "福建",
      disciplines: ["电子科学与技术"],
      keywords: ["Micro-LED", "显示"],
      publications: [{ title, year: 2023 }],
    });
    expertIds.push(response.body.id as number);
  }
});
afterAll(async () => {
  await t.close();
});

async function postNeed(): Promise<number> {
  const response = await write(enterprise, "post", "/api/needs").send(
    buildNeed({ title: "Micro-LED 显示屏良率提升", keywords: ["Micro-LED", "显示"], discipline: "电子科学与技术" }),
  );
  return response.body.id as number;
}

describe("organizer-declared conflicts of interest", () => {
  it("keeps the expert out of every need the organization posts, and refuses invitations", async () => {
    const needId = await postNeed();
    const [conflicted] = expertIds;
    expect(idsOf((await request(t.app).get(`/api/needs/${needId}/matches`)).body)).toContain(conflicted);

    const declared = await write(organizer, "post", `/api/experts/${conflicted}/conflicts`).send({
      organization: "厦门某光电科技有限公司",
      kind: "contract",
      reason: "2025 年与该企业签有技术服务合同",
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ expertId: conflicted, kind: "contract" });
    expect(idsOf((await request(t.app).get(`/api/needs/${needId}/matches`)).body)).not.toContain(conflicted);
    const invite = await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({ expertId: conflicted });
    expect(invite.status).toBe(409);
    expect(invite.body.error).toMatchObject({ code: "conflict", details: { barrier: "declared_conflict" } });

    const listed = await organizer.agent.get(`/api/experts/${conflicted}/conflicts`);
    expect(listed.body).toHaveLength(1);
    const removed = await write(organizer, "delete", `/api/experts/${conflicted}/conflicts/${declared.body.id}`);
    expect(removed.status).toBe(204);
    expect(idsOf((await request(t.app).get(`/api/needs/${needId}/matches`)).body)).toContain(conflicted);
  });

  it("is for organizers only and validates its input", async () => {
    const path = `/api/experts/${expertIds[1]}/conflicts`;
    const denied = await write(enterprise, "post", path).send({ organization: "某公司", kind: "competitor" });
    expect(denied.status).toBe(403);
    expect((await enterprise.agent.get(path)).status).toBe(403);
    expect((await write(organizer, "post", path).send({ organization: "某公司", kind: "rival" })).status).toBe(400);
    expect((await write(organizer, "post", path).send({ kind: "competitor" })).status).toBe(400);
    const missing = await write(organizer, "post", "/api/experts/999999/conflicts").send({
      organization: "某公司",
      kind: "other",
    });
    expect(missing.status).toBe(404);
    expect((await write(organizer, "delete", `${path}/999999`)).status).toBe(404);
  });
});

describe("pins and exclusions", () => {
  it("puts a pinned expert first and removes an excluded one, which organizers still see listed", async () => {
    const needId = await postNeed();
    const before = idsOf((await request(t.app).get(`/api/needs/${needId}/matches`)).body);
    const last = before.at(-1)!;
    const first = before[0]!;

    const pin = await write(organizer, "put", `/api/needs/${needId}/matches/${last}`).send({
      kind: "pin",
      note: "学会推荐",
    });
    expect(pin.status).toBe(200);
    expect(pin.body).toMatchObject({ needId, expertId: last, kind: "pin" });
    const exclude = await write(organizer, "put", `/api/needs/${needId}/matches/${first}`).send({
      kind: "exclude",
      note: "近期已承担同类项目",
    });
    expect(exclude.status).toBe(200);

    const publicView = (await request(t.app).get(`/api/needs/${needId}/matches`)).body;
    expect(publicView.items[0]).toMatchObject({ id: last, rank: 1, pinned: true });
    expect(idsOf(publicView)).not.toContain(first);
    expect(publicView.excluded).toBeNull();
    const organizerView = (await organizer.agent.get(`/api/needs/${needId}/matches`)).body;
    expect(organizerView.excluded).toEqual([expect.objectContaining({ id: first, note: "近期已承担同类项目" })]);

    const invite = await write(enterprise, "post", `/api/needs/${needId}/invitations`).send({ expertId: first });
    expect(invite.status).toBe(409);
    expect(invite.body.error.details).toEqual({ barrier: "excluded" });

    expect((await write(organizer, "delete", `/api/needs/${needId}/matches/${first}`)).status).toBe(204);
    expect(idsOf((await request(t.app).get(`/api/needs/${needId}/matches`)).body)).toContain(first);
    expect((await write(organizer, "delete", `/api/needs/${needId}/matches/${first}`)).status).toBe(404);
  });

  it("is for organizers only, and checks the need and the expert", async () => {
    const needId = await postNeed();
    const path = `/api/needs/${needId}/matches/${expertIds[2]}`;
    expect((await write(enterprise, "put", path).send({ kind: "pin" })).status).toBe(403);
    expect((await write(organizer, "put", path).send({ kind: "boost" })).status).toBe(400);
    expect(
      (await write(organizer, "put", `/api/needs/999999/matches/${expertIds[2]}`).send({ kind: "pin" })).status,
    ).toBe(404);
    expect((await write(organizer, "put", `/api/needs/${needId}/matches/999999`).send({ kind: "pin" })).status).toBe(
      404,
    );
  });
});
