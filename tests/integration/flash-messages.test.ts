import { createHmac } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNeed, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

/** Confirmations after an action: shown once on the next page, in a role=status region. */

let t: TestApp;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
let organizer: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  ({ enterprise, expert, organizer } = await signUpUsers(t, {
    enterprise: {},
    expert: { name: "郑海" },
    organizer: {},
  }));
});
afterAll(async () => {
  await t.close();
});

const flashOf = (html: string) => /<p class="flash" role="status">([^<]*)<\/p>/.exec(html)?.[1];
const needFields = (status: string) => ({
  title: "陶瓷基板低温烧结致密化",
  description: "现有工艺在低温下致密度不足。",
  discipline: "材料科学与工程",
  region: "福州",
  keywords: "陶瓷基板；烧结",
  status,
});

describe("flash confirmations", () => {
  it("confirms a published need once, on the page the form redirects to", async () => {
    const posted = await enterprise.agent
      .post("/needs")
      .type("form")
      .send({ ...needFields("open"), _csrf: enterprise.csrfToken });
    expect(posted.status).toBe(303);
    expect(String(posted.headers["set-cookie"])).toMatch(/sb_flash=/);
    // A script's JSON call in between does not use it up.
    expect((await enterprise.agent.get("/api/me")).status).toBe(200);
    const page = await enterprise.agent.get(posted.headers.location as string);
    expect(flashOf(page.text)).toBe("需求已发布，系统正在为它匹配专家。");
    const again = await enterprise.agent.get(posted.headers.location as string);
    expect(flashOf(again.text)).toBeUndefined();
  });

  it("says a draft was saved, and an expert's saved profile, in the page's language", async () => {
    const draft = await enterprise.agent
      .post("/needs?lang=en")
      .type("form")
      .send({ ...needFields("draft"), _csrf: enterprise.csrfToken });
    const page = await enterprise.agent.get(draft.headers.location as string);
    expect(flashOf(page.text)).toBe("Draft saved.");

    const saved = await expert.agent
      .post(`/experts/${expert.expertId}`)
      .type("form")
      .send({ _csrf: expert.csrfToken, name: "郑海", capacity: "3" });
    expect(saved.status).toBe(303);
    expect(flashOf((await expert.agent.get(saved.headers.location as string)).text)).toBe("专家资料已保存。");
  });

  it("confirms publishing a saved draft from its page, as it does a need published from the form", async () => {
    const draft = await enterprise.agent
      .post("/needs?lang=zh-CN")
      .type("form")
      .send({ ...needFields("draft"), _csrf: enterprise.csrfToken });
    const needPath = draft.headers.location as string;
    await enterprise.agent.get(needPath);
    const published = await enterprise.agent
      .post(`${needPath}/status`)
      .type("form")
      .send({ status: "open", _csrf: enterprise.csrfToken });
    expect(published.status).toBe(303);
    expect(flashOf((await enterprise.agent.get(published.headers.location as string)).text)).toBe(
      "需求已发布，系统正在为它匹配专家。",
    );
    const id = Number(needPath.split("/").at(-1));
    expect((await t.container.db.need.findUniqueOrThrow({ where: { id } })).status).toBe("open");

    // Closing and reopening it is a status change, not a second publication.
    const changeTo = (status: string) =>
      enterprise.agent.post(`${needPath}/status`).type("form").send({ status, _csrf: enterprise.csrfToken });
    expect((await changeTo("closed")).status).toBe(303);
    await enterprise.agent.get(needPath);
    const reopened = await changeTo("open");
    expect(reopened.status).toBe(303);
    expect(flashOf((await enterprise.agent.get(reopened.headers.location as string)).text)).toBe(
      "需求已重新开放征集。",
    );
    const inProgress = await changeTo("in_progress");
    expect(flashOf((await enterprise.agent.get(inProgress.headers.location as string)).text)).toBe(
      "需求已标记为“对接中”。",
    );
  });

  it("confirms that an expert may no longer read a confidential need, as it confirms granting it", async () => {
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ confidential: true }));
    const needPath = `/needs/${need.body.id as number}`;
    const granted = await write(enterprise, "post", `/api/needs/${need.body.id as number}/access`).send({
      expertId: expert.expertId,
    });
    expect(granted.status).toBe(200);
    await enterprise.agent.get(needPath);
    const revoked = await enterprise.agent
      .post(`${needPath}/access/${expert.expertId}/revoke?lang=zh-CN`)
      .type("form")
      .send({ _csrf: enterprise.csrfToken });
    expect(revoked.status).toBe(303);
    expect(flashOf((await enterprise.agent.get(revoked.headers.location as string)).text)).toBe(
      "已撤销该专家查看这条需求的权限。",
    );
    const row = await t.container.db.need.findUniqueOrThrow({
      where: { id: need.body.id as number },
      include: { access: true },
    });
    expect(row.access).toEqual([]);
  });

  it("confirms a new docking event, and a saved one, in the page's language", async () => {
    const fields = {
      title: "2026 海峡两岸新能源对接会",
      kind: "matchmaking",
      trackId: "",
      venue: "福州海峡国际会展中心",
      description: "",
      startsAt: "2026-12-20T09:00",
      slotMinutes: "20",
      slotCount: "6",
      breaks: "",
      tableCount: "4",
      registrationOpensAt: "",
      registrationClosesAt: "",
      demandPerNeed: "2",
      meetingsPerExpert: "2",
      quotaRegion: "",
      quotaRegionCount: "",
      sameOrganizationMax: "",
      objective: "total",
      _csrf: organizer.csrfToken,
    };
    const created = await organizer.agent.post("/events?lang=zh-CN").type("form").send(fields);
    expect(created.status).toBe(303);
    const eventPath = created.headers.location as string;
    expect(flashOf((await organizer.agent.get(eventPath)).text)).toBe("对接活动已创建。");
    const id = Number(eventPath.split("/").at(-1));
    expect((await t.container.db.dockingEvent.findUniqueOrThrow({ where: { id } })).title).toBe(fields.title);

    const saved = await organizer.agent
      .post(`${eventPath}?lang=en`)
      .type("form")
      .send({ ...fields, title: "2026 Cross-Strait New Energy Matchmaking" });
    expect(saved.status).toBe(303);
    expect(flashOf((await organizer.agent.get(saved.headers.location as string)).text)).toBe("Event saved.");
  });

  it("ignores a flash cookie it did not sign, or one that has expired", async () => {
    const key = Buffer.from("flash.needPublished").toString("base64url");
    const forged = `${key}.${Date.now() + 60_000}.not-a-signature`;
    const page = await request(t.app).get("/needs").set("Cookie", `sb_flash=${forged}`);
    expect(page.status).toBe(200);
    expect(flashOf(page.text)).toBeUndefined();
    const signed = (payload: string) =>
      `sb_flash=${payload}.${createHmac("sha256", t.container.config.sessionSecret).update(`flash:${payload}`).digest("base64url")}`;
    const expired = await request(t.app)
      .get("/needs")
      .set("Cookie", signed(`${key}.${Date.now() - 1}`));
    expect(flashOf(expired.text)).toBeUndefined();
    const shown = await request(t.app)
      .get("/needs")
      .set("Cookie", signed(`${key}.${Date.now() + 60_000}`));
    expect(flashOf(shown.text)).toBe("需求已发布，系统正在为它匹配专家。");
  });
});
