import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SalonInput } from "../../server/salons/salons.service.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import request from "supertest";
import { io } from "socket.io-client";
import { SalonClient, salonInput, tokenUser, type TokenUser } from "../support/salon-clients.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

describe("/salons namespace over real sockets", () => {
  let server: RunningTestServer;
  let organizer: TokenUser;
  let moderator: TokenUser;
  let alice: TokenUser;
  let bob: TokenUser;
  let carol: TokenUser;
  const clients: SalonClient[] = [];

  const connect = async (who?: TokenUser, options?: { reconnection?: boolean }) => {
    const client = await SalonClient.connect(server.baseUrl, who ? { token: who.token } : {}, options);
    clients.push(client);
    return client;
  };

  const createSalon = async (overrides: Partial<SalonInput> = {}, open = true) => {
    const actor = salonActorOf(organizer.user)!;
    const detail = await server.container.salons.create(
      actor,
      salonInput({ moderatorIds: [moderator.user.id], ...overrides }),
    );
    if (open) await server.container.salons.open(actor, detail.salon.id);
    return detail.salon.id;
  };

  beforeAll(async () => {
    server = await startTestServer({}, { realtime: { presenceIntervalMs: 50 } });
    organizer = await tokenUser(server.container, "organizer", "组织者");
    moderator = await tokenUser(server.container, "expert", "主持人");
    alice = await tokenUser(server.container, "enterprise", "Alice");
    bob = await tokenUser(server.container, "expert", "Bob");
    carol = await tokenUser(server.container, "expert", "Carol");
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await server?.close();
  });

  describe("connecting and joining", () => {
    it("refuses a bad API token with the unauthenticated code", async () => {
      const error = await SalonClient.connect(server.baseUrl, { token: "sbt_nope" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ message: "Invalid or revoked API token", data: { code: "unauthenticated" } });
    });

    it("answers a join with the salon, the state and no events when no lastSeq is given", async () => {
      const salonId = await createSalon();
      const client = await connect(alice);
      const ack = await client.emit("salon:join", { salonId });
      expect(ack).toMatchObject({
        ok: true,
        data: {
          salon: { id: salonId, title: "固态电池材料学术沙龙", status: "open", lastSeq: 1 },
          state: { seq: 1, questions: [], presence: 1, me: { userId: alice.user.id, moderator: false } },
          events: [],
        },
      });
    });

    it("lets anonymous listeners into public salons only, read-only", async () => {
      const publicId = await createSalon({ visibility: "public" });
      const membersId = await createSalon({ visibility: "members" });
      const listener = await connect();
      expect((await listener.join(publicId)).state.me).toBeNull();
      expect(await listener.refused("salon:join", { salonId: membersId })).toBe("unauthenticated");
      expect(await listener.refused("chat:send", { salonId: publicId, text: "hi" })).toBe("unauthenticated");
    });

    it("admits only invitees, speakers and moderators to an invite-only salon", async () => {
      const salonId = await createSalon({ visibility: "invite_only", inviteeIds: [bob.user.id] });
      expect(await (await connect(alice)).refused("salon:join", { salonId })).toBe("forbidden");
      await expect((await connect(bob)).join(salonId)).resolves.toBeTruthy();
      await expect((await connect(moderator)).join(salonId)).resolves.toBeTruthy();
    });

    it("authenticates with the session cookie and is disconnected when the session signs out", async () => {
      const salonId = await createSalon();
      const { sessionId } = await server.container.accounts.startSession(bob.user.id);
      const cookie = `sb_session=${encodeURIComponent(sessionId)}`;
      const client = await SalonClient.connect(server.baseUrl, { cookie });
      clients.push(client);
      expect((await client.join(salonId)).state.me).toMatchObject({ userId: bob.user.id });
      await client.act("chat:send", { salonId, text: "用会话登录" });
      const reason = new Promise<string>((resolve) => client.socket.once("disconnect", resolve));
      await request(server.app)
        .post("/api/auth/logout")
        .set("Cookie", cookie)
        .set("X-CSRF-Token", server.container.accounts.csrfTokenFor(sessionId))
        .expect(204);
      expect(await reason).toBe("io server disconnect");
    });

    it("stops acting once the session has ended without a sign-out (expired)", async () => {
      const salonId = await createSalon();
      const { sessionId } = await server.container.accounts.startSession(bob.user.id);
      const client = await SalonClient.connect(server.baseUrl, {
        cookie: `sb_session=${encodeURIComponent(sessionId)}`,
      });
      clients.push(client);
      await client.join(salonId);
      await server.container.db.session.updateMany({
        where: { userId: bob.user.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect(await client.refused("chat:send", { salonId, text: "已过期" })).toBe("unauthenticated");
    });

    it("ignores a session cookie sent from another site's page", async () => {
      const salonId = await createSalon({ visibility: "members" });
      const { sessionId } = await server.container.accounts.startSession(bob.user.id);
      const socket = io(`${server.baseUrl}/salons`, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie: `sb_session=${encodeURIComponent(sessionId)}`, origin: "https://evil.example" },
      });
      const client = new SalonClient(socket);
      clients.push(client);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      expect(await client.refused("salon:join", { salonId })).toBe("unauthenticated");
    });

    it("validates every payload and says which field is wrong", async () => {
      const salonId = await createSalon();
      const client = await connect(alice);
      const ack = await client.emit("question:ask", { salonId, clientMutationId: "v1", text: "问".repeat(501) });
      expect(ack).toMatchObject({ ok: false, error: { code: "validation_failed" } });
      expect(await client.refused("question:vote", { salonId, questionId: "1" })).toBe("validation_failed");
      expect((await client.emit("chat:send", { salonId, text: "no id" })).ok).toBe(false);
    });

    it("drops a connection that sends more than the message size limit", async () => {
      const client = await connect(alice);
      const closed = new Promise<string>((resolve) => client.socket.once("disconnect", resolve));
      client.socket.emit("chat:send", { salonId: 1, clientMutationId: "big", text: "x".repeat(20_000) });
      expect(await closed).toBe("transport close");
    });
  });

  describe("ordering, replay and retries", () => {
    it("delivers every event to every client in the same gap-free order", async () => {
      const salonId = await createSalon();
      const people = await Promise.all([alice, bob, carol].map((who) => connect(who)));
      const mod = await connect(moderator);
      const start = (await mod.join(salonId)).state.seq;
      for (const person of people) await person.join(salonId);
      await Promise.all(
        people.flatMap((person, i) => [
          person.act("chat:send", { salonId, text: `你好 ${i}` }),
          person.act("question:ask", { salonId, text: `问题 ${i}` }),
          person.act("hand:raise", { salonId }),
        ]),
      );
      const last = start + 9;
      for (const client of [...people, mod]) {
        await client.untilSeq(last);
        expect(client.events.map((e) => e.seq)).toEqual(Array.from({ length: 9 }, (_, i) => start + i + 1));
      }
      expect(people[0]!.events.map((e) => e.type)).toEqual(mod.events.map((e) => e.type));
    });

    it("replays exactly the missed events to a client that rejoins with its lastSeq", async () => {
      const salonId = await createSalon();
      const watcher = await connect(bob);
      await watcher.join(salonId);
      const dropping = await connect(alice);
      const seen = (await dropping.join(salonId)).state.seq;
      await dropping.act("question:ask", { salonId, text: "断线前的问题" });
      await dropping.untilSeq(seen + 1);
      const lastSeq = dropping.events.at(-1)!.seq;
      dropping.close();

      const actor = await connect(carol);
      await actor.join(salonId);
      await actor.act("chat:send", { salonId, text: "你掉线了" });
      await actor.act("question:vote", { salonId, questionId: 1 });
      const mod = await connect(moderator);
      await mod.join(salonId);
      await mod.act("question:moderate", { salonId, questionId: 1, action: "answer" });
      await watcher.untilSeq(lastSeq + 3);

      const back = await connect(alice);
      const rejoin = await back.join(salonId, lastSeq);
      expect(rejoin.events.map((e) => e.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
      expect(rejoin.events.map((e) => e.type)).toEqual(["chat.sent", "question.voted", "question.moderated"]);
      expect(rejoin.state.seq).toBe(lastSeq + 3);
      expect(rejoin.state.questions[0]).toMatchObject({ status: "answered", votes: 1 });
      // A client that missed nothing gets nothing to replay.
      expect((await back.join(salonId, rejoin.state.seq)).events).toEqual([]);
    });

    it("takes a retried action once and answers the retry with the first result", async () => {
      const salonId = await createSalon();
      const client = await connect(alice);
      await client.join(salonId);
      const payload = { salonId, clientMutationId: "ask-once", text: "重试也只算一次" };
      const [first, second] = await Promise.all([
        client.emit("question:ask", payload),
        client.emit("question:ask", payload),
      ]);
      const third = await client.emit("question:ask", payload);
      expect(first).toEqual({ ok: true, data: { questionId: 1, status: "visible", seq: 2 } });
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      const state = (await client.join(salonId)).state;
      expect(state.questions).toHaveLength(1);
    });
  });

  describe("moderation", () => {
    it("runs every moderation action and shows attendees only what they may see", async () => {
      const salonId = await createSalon({ premoderation: true });
      const [asker, voter, mod] = [await connect(alice), await connect(bob), await connect(moderator)];
      for (const client of [asker, voter, mod]) await client.join(salonId);

      const ask = await asker.act<{ questionId: number; status: string }>("question:ask", {
        salonId,
        text: "匿名：界面副反应怎么抑制？",
        anonymous: true,
      });
      expect(ask.status).toBe("pending");
      await voter.untilEvent("question.asked");
      expect(voter.events.at(-1)!.payload).toMatchObject({ question: { status: "pending", text: null, author: null } });
      await mod.untilEvent("question.asked");
      expect(mod.events.at(-1)!.payload).toMatchObject({
        question: { text: "匿名：界面副反应怎么抑制？", author: { name: "Alice" } },
      });
      expect(await voter.refused("question:vote", { salonId, questionId: ask.questionId })).toBe("conflict");

      await mod.act("question:moderate", { salonId, questionId: ask.questionId, action: "approve" });
      await voter.untilEvent("question.moderated");
      expect(voter.events.at(-1)!.payload).toMatchObject({
        action: "approve",
        question: { text: "匿名：界面副反应怎么抑制？", author: null, anonymous: true },
      });
      await voter.act("question:vote", { salonId, questionId: ask.questionId });

      const dup = await voter.act<{ questionId: number }>("question:ask", { salonId, text: "副反应如何抑制" });
      await mod.act("question:moderate", { salonId, questionId: dup.questionId, action: "approve" });
      await asker.act("question:vote", { salonId, questionId: dup.questionId });
      await mod.act("question:moderate", {
        salonId,
        questionId: dup.questionId,
        action: "merge",
        intoQuestionId: ask.questionId,
      });
      await mod.act("question:moderate", { salonId, questionId: ask.questionId, action: "pin" });
      await mod.act("question:moderate", { salonId, questionId: ask.questionId, action: "unpin" });
      const spam = await voter.act<{ questionId: number }>("question:ask", { salonId, text: "广告" });
      await mod.act("question:moderate", { salonId, questionId: spam.questionId, action: "hide", reason: "广告" });
      await mod.act("question:moderate", { salonId, questionId: ask.questionId, action: "answer" });

      const attendeeView = (await asker.join(salonId)).state;
      expect(attendeeView.questions.map((q) => [q.id, q.status, q.votes])).toEqual([[ask.questionId, "answered", 1]]);
      expect(attendeeView.hiddenCount).toBe(1);
      expect(attendeeView.moderationLog).toBeNull();
      const authorView = (await voter.join(salonId)).state;
      expect(authorView.questions.find((q) => q.id === spam.questionId)).toMatchObject({
        status: "hidden",
        text: "广告",
      });
      const modView = (await mod.join(salonId)).state;
      expect(
        modView.moderationLog!.filter((e) => e.type === "question.moderated").map((e) => e.payload.action),
      ).toEqual(["approve", "approve", "merge", "pin", "unpin", "hide", "answer"]);
      expect(modView.moderationLog!.at(-1)!.actor).toEqual({ userId: moderator.user.id, name: "主持人" });
    });

    it("refuses every moderator action to attendees", async () => {
      const salonId = await createSalon();
      const attendee = await connect(alice);
      await attendee.join(salonId);
      const { questionId } = await attendee.act<{ questionId: number }>("question:ask", { salonId, text: "问" });
      const attempts: [string, Record<string, unknown>][] = [
        ["question:moderate", { questionId, action: "hide", reason: "x" }],
        ["queue:advance", {}],
        ["poll:open", { question: "?", options: ["a", "b"] }],
        ["poll:close", { pollId: 1 }],
        ["salon:settings", { slowModeSeconds: 10 }],
        ["member:ban", { userId: bob.user.id }],
        ["member:mute", { userId: bob.user.id }],
      ];
      for (const [event, payload] of attempts) {
        expect(await attendee.refused(event, { salonId, ...payload }), event).toBe("forbidden");
      }
    });

    it("runs the speaker queue and polls with live results", async () => {
      const salonId = await createSalon();
      const [a, b, mod] = [await connect(alice), await connect(bob), await connect(moderator)];
      for (const client of [a, b, mod]) await client.join(salonId);
      await a.act("hand:raise", { salonId });
      await b.act("hand:raise", { salonId });
      await b.act("hand:lower", { salonId });
      await mod.act("queue:advance", { salonId });
      await a.untilEvent("queue.advanced");
      expect(a.events.at(-1)!.payload).toMatchObject({ current: { name: "Alice", budgetSeconds: 120 } });

      const { pollId } = await mod.act<{ pollId: number }>("poll:open", {
        salonId,
        question: "下一期主题？",
        options: ["界面", "电解质", "正极"],
        multiple: true,
      });
      await a.act("poll:vote", { salonId, pollId, optionIds: [0, 2] });
      await b.act("poll:vote", { salonId, pollId, optionIds: [2] });
      await a.untilEvent("poll.voted", 2);
      expect(a.events.filter((e) => e.type === "poll.voted").at(-1)!.payload).toMatchObject({
        results: { counts: [1, 0, 2], voters: 2 },
        userId: null,
      });
      await mod.act("poll:close", { salonId, pollId });
      expect(await a.refused("poll:vote", { salonId, pollId, optionIds: [1] })).toBe("conflict");
    });

    it("applies slow mode and per-user rate limits", async () => {
      const salonId = await createSalon();
      const [a, mod] = [await connect(alice), await connect(moderator)];
      await a.join(salonId);
      for (let i = 0; i < 5; i++) await a.act("chat:send", { salonId, text: `刷屏 ${i}` });
      const limited = await a.emit("chat:send", { salonId, clientMutationId: "sixth", text: "第六条" });
      expect(limited).toMatchObject({ ok: false, error: { code: "rate_limited", details: { retryAfterSeconds: 2 } } });

      await mod.act("salon:settings", { salonId, slowModeSeconds: 60 });
      const b = await connect(bob);
      await b.join(salonId);
      await b.act("question:ask", { salonId, text: "慢速模式下的第一个问题" });
      const slowed = await b.emit("question:ask", { salonId, clientMutationId: "again", text: "第二个" });
      expect(slowed).toMatchObject({
        ok: false,
        error: { code: "rate_limited", message: expect.stringMatching(/Slow mode/) },
      });
      await mod.act("chat:send", { salonId, text: "主持人不受限" });
      await mod.act("chat:send", { salonId, text: "主持人不受限 2" });
    });

    it("disconnects every tab of a banned user and keeps them out", async () => {
      const salonId = await createSalon();
      const tabs = [await connect(carol), await connect(carol)];
      for (const tab of tabs) await tab.join(salonId);
      const other = await connect(alice);
      await other.join(salonId);
      const mod = await connect(moderator);
      await mod.join(salonId);
      const closed = tabs.map((tab) => new Promise<string>((resolve) => tab.socket.once("disconnect", resolve)));
      await mod.act("member:ban", { salonId, userId: carol.user.id, reason: "人身攻击" });
      expect(await Promise.all(closed)).toEqual(["io server disconnect", "io server disconnect"]);
      expect(tabs.map((tab) => tab.removed)).toEqual([
        [{ salonId, reason: "banned" }],
        [{ salonId, reason: "banned" }],
      ]);
      expect(other.socket.connected).toBe(true);
      await other.untilEvent("member.banned");
      expect(other.events.at(-1)!.payload).toEqual({ userId: null, reason: null });
      expect(await (await connect(carol)).refused("salon:join", { salonId })).toBe("forbidden");
      expect(await mod.refused("member:ban", { salonId, userId: organizer.user.id })).toBe("forbidden");
    });
  });

  describe("room extras", () => {
    it("batches reactions into one event per second", async () => {
      const salonId = await createSalon();
      const [a, b] = [await connect(alice), await connect(bob)];
      await a.join(salonId);
      await b.join(salonId);
      const acks = await Promise.all([
        a.act("reaction:send", { salonId, kind: "clap" }),
        a.act("reaction:send", { salonId, kind: "clap" }),
        b.act("reaction:send", { salonId, kind: "clap" }),
        b.act("reaction:send", { salonId, kind: "wow" }),
      ]);
      expect(acks).toEqual(Array(4).fill({ counted: true }));
      await a.untilEvent("reactions");
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(a.events.filter((e) => e.type === "reactions").map((e) => e.payload)).toEqual([
        { counts: { clap: 3, wow: 1 } },
      ]);
    });

    it("counts people in the room, each user once however many tabs", async () => {
      const salonId = await createSalon();
      const first = await connect(alice);
      await first.join(salonId);
      await (await connect(alice)).join(salonId);
      const b = await connect(bob);
      expect((await b.join(salonId)).state.presence).toBe(2);
      await first.until((c) => c.presence.at(-1) === 2, "presence 2");
      b.close();
      await first.until((c) => c.presence.at(-1) === 1, "presence 1");
    });
  });

  it("keeps every salon's state and log across a server restart", async () => {
    const salonId = await createSalon();
    const client = await connect(alice);
    await client.join(salonId);
    await client.act("question:ask", { salonId, text: "重启之后还在吗？" });
    await client.act("chat:send", { salonId, text: "重启前" });
    const before = await client.join(salonId);
    client.close();

    const restarted = await startTestServer({}, { database: server.database });
    try {
      const again = await SalonClient.connect(restarted.baseUrl, { token: alice.token });
      clients.push(again);
      const after = await again.join(salonId, 0);
      expect(after.state.questions).toEqual(before.state.questions);
      expect(after.state.chat).toEqual(before.state.chat);
      expect(after.events.map((e) => e.seq)).toEqual(Array.from({ length: before.state.seq }, (_, i) => i + 1));
      await again.act("chat:send", { salonId, text: "重启后" });
      await again.untilSeq(before.state.seq + 1);
    } finally {
      await restarted.close();
    }
  });
});
