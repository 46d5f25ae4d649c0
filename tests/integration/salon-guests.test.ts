import { afterAll, beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { joinCodeAlphabet } from "../../server/salons/join-codes.js";
import type { SalonInput } from "../../server/salons/salons.service.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { SalonClient, salonInput, tokenUser, type TokenUser } from "../support/salon-clients.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

/** The guest cookie a response set: `name=value` for a Cookie header, and its attributes. */
function guestCookie(response: request.Response, salonId: number): { pair: string; attributes: string } {
  const header = ([] as string[])
    .concat(response.headers["set-cookie"] ?? [])
    .find((cookie) => cookie.startsWith(`sb_guest_${salonId}=`));
  if (!header) throw new Error(`no guest cookie for salon ${salonId}`);
  const [pair, ...attributes] = header.split(";");
  return { pair: pair!, attributes: attributes.join(";") };
}

describe("guests join public salons by code, without an account", () => {
  let server: RunningTestServer;
  let organizer: TokenUser;
  let member: TokenUser;
  const clients: SalonClient[] = [];

  const createSalon = async (overrides: Partial<SalonInput> = {}) => {
    const actor = salonActorOf(organizer.user)!;
    const { salon } = await server.container.salons.create(actor, salonInput(overrides));
    await server.container.salons.open(actor, salon.id);
    return salon.id;
  };

  const connect = async (credentials: { token?: string; cookie?: string }) => {
    const client = await SalonClient.connect(server.baseUrl, credentials);
    clients.push(client);
    return client;
  };

  /** Joins a salon as a guest through the pages, as a browser would; returns the guest's cookie. */
  const joinAsGuest = async (salonId: number, name: string): Promise<string> => {
    const response = await request(server.app).post(`/salons/${salonId}/guest`).type("form").send({ name });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/salons/${salonId}/live`);
    return guestCookie(response, salonId).pair;
  };

  beforeAll(async () => {
    server = await startTestServer({}, { salons: { rateRules: { ask: { burst: 2, perMs: 60_000 } } } });
    organizer = await tokenUser(server.container, "organizer", "组织者");
    member = await tokenUser(server.container, "expert", "会员专家");
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
  });

  it("shows a six-character code and its QR image on a public salon's page; /join finds the salon by it", async () => {
    const salonId = await createSalon();
    const page = await request(server.app).get(`/salons/${salonId}`);
    const code = /data-join-code>([^<]+)</.exec(page.text)?.[1] ?? "";
    expect(code).toHaveLength(6);
    expect([...code].every((char) => joinCodeAlphabet.includes(char))).toBe(true);
    expect(page.text).toContain(`src="/salons/${salonId}/join-code.svg"`);
    // The address to type on a phone, with the host the page was reached at.
    const viaHost = await request(server.app).get(`/salons/${salonId}`).set("Host", "kexie.example.cn");
    expect(viaHost.text).toContain("无需注册：打开 kexie.example.cn/join 并输入加入码，或扫描二维码。");

    const qr = await request(server.app).get(`/salons/${salonId}/join-code.svg`);
    expect(qr.status).toBe(200);
    expect(qr.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(qr.text ?? qr.body.toString()).toContain("<svg");

    // Typed in lower case with a space, as people do.
    const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`;
    const found = await request(server.app).get("/join").query({ code: typed });
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe(`/salons/${salonId}/guest`);
    // The code stays the same on every later visit.
    expect(
      (
        await request(server.app)
          .get(`/salons/${salonId}`)
          .then((r) => r.text)
      ).includes(code),
    ).toBe(true);
  });

  it("answers an unknown code with 404 and a malformed one with 400, both explained on the page", async () => {
    const unknown = await request(server.app).get("/join").query({ code: "XXXXXX" });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("没有找到这个加入码对应的沙龙");
    const malformed = await request(server.app).get("/join").query({ code: "12" });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain("加入码由 6 位字母和数字组成");
  });

  it("asks for a display name, then sets an HttpOnly guest cookie for that salon and stores the guest", async () => {
    const salonId = await createSalon();
    const form = await request(server.app).get(`/salons/${salonId}/guest`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="name"');

    const missing = await request(server.app).post(`/salons/${salonId}/guest`).type("form").send({ name: "  " });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("请填写显示名称");
    const tooLong = await request(server.app)
      .post(`/salons/${salonId}/guest`)
      .type("form")
      .send({ name: "名".repeat(41) });
    expect(tooLong.status).toBe(400);

    const response = await request(server.app)
      .post(`/salons/${salonId}/guest`)
      .type("form")
      .send({ name: " 访客 小王 " });
    expect(response.status).toBe(303);
    const { pair, attributes } = guestCookie(response, salonId);
    expect(attributes).toMatch(/HttpOnly/i);
    expect(attributes).toMatch(/SameSite=Lax/i);
    const stored = await server.container.db.salonGuest.findMany({ where: { salonId } });
    expect(stored.map((guest) => guest.name)).toEqual(["访客 小王"]);
    expect(pair).not.toContain(stored[0]!.secretHash); // only the hash is stored

    const room = await request(server.app).get(`/salons/${salonId}/live`).set("Cookie", pair);
    expect(room.text).toContain("您正以访客「访客 小王」的身份参与。");
    expect(room.text).toContain('data-signed-in="1"');
    // The cookie is for that salon only: another salon's room does not know the guest.
    const other = await createSalon();
    const elsewhere = await request(server.app)
      .get(`/salons/${other}/live`)
      .set("Cookie", pair.replace(`sb_guest_${salonId}`, `sb_guest_${other}`));
    expect(elsewhere.text).not.toContain("访客 小王");
  });

  it("lets a guest ask and vote over the socket, under the same rate limits, and never shows them anonymous askers", async () => {
    const salonId = await createSalon();
    const cookie = await joinAsGuest(salonId, "访客甲");
    const guest = await connect({ cookie });
    const someone = await connect({ token: member.token });
    const joined = await guest.join<{ state: { me: { userId: number } | null } }>(salonId);
    expect(joined.state.me?.userId).toBeLessThan(0);
    await someone.join(salonId);

    const anonymous = await someone.act<{ questionId: number }>("question:ask", {
      salonId,
      text: "会员的匿名问题：界面副反应如何抑制？",
      anonymous: true,
    });
    await guest.until((c) => c.events.some((e) => e.type === "question.asked"), "the member's question at the guest");
    const seen = guest.events.find((e) => e.type === "question.asked")!.payload.question as {
      author: unknown;
      anonymous: boolean;
    };
    expect(seen.anonymous).toBe(true);
    expect(seen.author).toBeNull();
    expect(JSON.stringify(guest.events)).not.toContain("会员专家");

    const vote = await guest.act<{ votes: number }>("question:vote", { salonId, questionId: anonymous.questionId });
    expect(vote.votes).toBe(1);
    const asked = await guest.act<{ questionId: number }>("question:ask", { salonId, text: "访客的问题一" });
    await someone.until(
      (c) =>
        c.events.some(
          (e) =>
            e.type === "question.asked" &&
            (e.payload.question as { author: { name: string } | null }).author?.name === "访客甲",
        ),
      "the guest's question, named, at the member",
    );
    const row = await server.container.db.salonQuestion.findFirst({ where: { salonId, id: asked.questionId } });
    expect(row?.authorName).toBe("访客甲");
    expect(row?.authorId).toBeLessThan(0);
    await guest.act("question:ask", { salonId, text: "访客的问题二" });
    expect(await guest.refused("question:ask", { salonId, text: "访客的问题三" })).toBe("rate_limited");
  });

  it("lets a moderator ban a guest, who is then disconnected and kept out", async () => {
    const salonId = await createSalon();
    const cookie = await joinAsGuest(salonId, "捣乱的访客");
    const guest = await connect({ cookie });
    const joined = await guest.join<{ state: { me: { userId: number } } }>(salonId);
    const moderator = await connect({ token: organizer.token });
    await moderator.join(salonId);
    await moderator.act("member:ban", { salonId, userId: joined.state.me.userId, reason: "刷屏" });
    await guest.until((c) => c.removed.length > 0, "the guest's removal");
    expect(guest.removed[0]).toEqual({ salonId, reason: "banned" });
    const again = await connect({ cookie });
    expect(await again.refused("salon:join", { salonId })).toBe("forbidden");
    const room = await request(server.app).get(`/salons/${salonId}/live`).set("Cookie", cookie);
    expect(room.status).toBe(403);
  });

  it("refuses guests in salons that are not public, and in ended ones", async () => {
    const membersOnly = await createSalon({ visibility: "members" });
    const page = await request(server.app).get(`/salons/${membersOnly}`).set("Authorization", `Bearer ${member.token}`);
    expect(page.text).not.toContain("data-join-code");
    expect((await request(server.app).get(`/salons/${membersOnly}/guest`)).status).toBe(401);
    const refused = await request(server.app).post(`/salons/${membersOnly}/guest`).type("form").send({ name: "访客" });
    expect(refused.status).toBe(403);
    expect(refused.headers["set-cookie"] ?? []).toEqual([]);
    expect(await server.container.db.salonGuest.count({ where: { salonId: membersOnly } })).toBe(0);
    expect((await request(server.app).get(`/salons/${membersOnly}/join-code.svg`)).status).toBe(401);

    // A guest of a public salon that becomes members-only is shown the door.
    const publicSalon = await createSalon();
    const cookie = await joinAsGuest(publicSalon, "访客乙");
    const guest = await connect({ cookie });
    await guest.join(publicSalon);
    await server.container.salons.update(salonActorOf(organizer.user)!, publicSalon, { visibility: "members" });
    await guest.until((c) => c.removed.length > 0, "the guest's removal");
    expect(guest.removed[0]).toEqual({ salonId: publicSalon, reason: "access_revoked" });

    const ended = await createSalon();
    await server.container.salons.close(salonActorOf(organizer.user)!, ended);
    const late = await request(server.app).post(`/salons/${ended}/guest`).type("form").send({ name: "迟到的访客" });
    expect(late.status).toBe(409);
    expect(late.text).toContain("这场沙龙已经结束");
  });

  it("says a salon has ended when its code is typed, before a name is asked for, and offers its minutes", async () => {
    const ended = await createSalon();
    const page = await request(server.app).get(`/salons/${ended}`);
    const code = /data-join-code>([^<]+)</.exec(page.text)![1]!;
    await server.container.salons.close(salonActorOf(organizer.user)!, ended);
    const joined = await request(server.app).get(`/join?code=${code}`);
    expect(joined.status).toBe(409);
    expect(joined.text).toContain("这场沙龙已经结束。");
    expect(joined.text).toContain(`href="/salons/${ended}/minutes"`);
    const namePage = await request(server.app).get(`/salons/${ended}/guest`);
    expect(namePage.status).toBe(200);
    expect(namePage.text).toContain("这场沙龙已经结束。");
    expect(namePage.text).not.toContain('name="name"');
    expect(namePage.text).toContain(`href="/salons/${ended}/minutes"`);
  });

  it("ignores forged and misplaced guest cookies", async () => {
    const salonId = await createSalon();
    const cookie = await joinAsGuest(salonId, "访客丙");
    const [, value] = cookie.split("=");
    const [id] = value!.split(".");
    const forged = await connect({ cookie: `sb_guest_${salonId}=${id}.${"x".repeat(32)}` });
    await forged.join(salonId); // a public salon: anyone may listen
    expect(await forged.refused("question:ask", { salonId, text: "伪造的访客" })).toBe("unauthenticated");
    const other = await createSalon();
    const misplaced = await connect({ cookie: `sb_guest_${other}=${value}` });
    await misplaced.join(other);
    expect(await misplaced.refused("question:ask", { salonId: other, text: "别处的访客" })).toBe("unauthenticated");
  });

  it("brings the closed state to every attendee, member and guest, live", async () => {
    const salonId = await createSalon();
    const guest = await connect({ cookie: await joinAsGuest(salonId, "访客丁") });
    const attendee = await connect({ token: member.token });
    await guest.join(salonId);
    await attendee.join(salonId);
    const closed = await request(server.app)
      .post(`/api/salons/${salonId}/close`)
      .set("Authorization", `Bearer ${organizer.token}`);
    expect(closed.status).toBe(200);
    for (const client of [guest, attendee]) {
      await client.untilEvent("salon.closed");
      expect(await client.refused("question:ask", { salonId, text: "结束后的问题" })).toBe("conflict");
    }
  });
});
