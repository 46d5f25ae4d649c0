import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../server/accounts/accounts.types.js";
import { createLogger } from "../../server/logger.js";
import { Salon } from "../../server/salons/salon.js";
import { SalonEventBus } from "../../server/salons/salon-event-bus.js";
import { SalonsRepository } from "../../server/salons/salons.repository.js";
import { SalonsService, salonActorOf } from "../../server/salons/salons.service.js";
import type { MemberActor, SalonEvent } from "../../server/salons/salon.types.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { uniqueEmail } from "../support/factories.js";

/**
 * A second "node": another service (own cache, own bus) on the same database. It shares
 * the Prisma client: two synchronous SQLite connections in one process would wait on each
 * other's lock while blocking the event loop (separate processes wait without harm).
 */
function secondNode(app: TestApp) {
  const bus = new SalonEventBus();
  const service = new SalonsService(new SalonsRepository(app.container.db), bus, {
    clock: app.container.clock,
    logger: createLogger("silent"),
    findUser: (id) => app.container.accounts.findUser(id),
    findGuest: async () => null,
    needs: app.container.needs,
    suggestExperts: async () => [],
    forwardToExpert: async () => true,
  });
  return { service, bus };
}

describe("salons service on SQLite", () => {
  let app: TestApp;
  let organizer: MemberActor;
  let attendees: MemberActor[];
  let salonId: number;

  const user = async (role: "organizer" | "expert" | "enterprise", name: string): Promise<MemberActor> => {
    const account: User =
      role === "organizer"
        ? await app.container.accounts.createStaff({ email: uniqueEmail(role), password: "pw-pw-pw-pw", name, role })
        : await app.container.accounts.register({ email: uniqueEmail(role), password: "pw-pw-pw-pw", name, role });
    return salonActorOf(account)!;
  };

  const newSalon = async () => {
    const detail = await app.container.salons.create(organizer, {
      title: "储能材料沙龙",
      topic: "固态电池",
      description: "",
      disciplines: ["材料科学与工程"],
      startsAt: null,
      endsAt: null,
      visibility: "members",
      premoderation: false,
      slowModeSeconds: 0,
      handBudgetSeconds: 90,
      speakers: [],
      moderatorIds: [],
      inviteeIds: [],
    });
    await app.container.salons.open(organizer, detail.salon.id);
    return detail.salon.id;
  };

  beforeAll(async () => {
    const generous = { burst: 1000, perMs: 1000 };
    app = await createTestApp({}, { salons: { rateRules: { chat: generous, ask: generous, vote: generous } } });
    organizer = await user("organizer", "组织者");
    attendees = await Promise.all(["甲", "乙", "丙"].map((name) => user("expert", name)));
    salonId = await newSalon();
  });

  afterAll(async () => {
    await app?.close();
  });

  it("keeps the tables equal to the in-memory state after every kind of action", async () => {
    const salons = app.container.salons;
    const [a, b, c] = attendees as [MemberActor, MemberActor, MemberActor];
    let n = 0;
    const act = (actor: MemberActor, command: Parameters<SalonsService["perform"]>[3]) =>
      salons.perform(actor, salonId, `m-${++n}`, command);
    await act(a, { kind: "chat", text: "大家好" });
    const q1 = (await act(a, { kind: "ask", text: "硫化物电解质的空气稳定性？", anonymous: true })) as {
      questionId: number;
    };
    const q2 = (await act(b, { kind: "ask", text: "硫化物电解质怎么防潮？", anonymous: false })) as {
      questionId: number;
    };
    await act(b, { kind: "vote", questionId: q1.questionId });
    await act(c, { kind: "vote", questionId: q2.questionId });
    await act(organizer, {
      kind: "moderate",
      questionId: q2.questionId,
      action: "merge",
      intoQuestionId: q1.questionId,
    });
    await act(organizer, { kind: "moderate", questionId: q1.questionId, action: "pin" });
    await act(c, { kind: "raiseHand" });
    await act(organizer, { kind: "advanceQueue" });
    const poll = (await act(organizer, {
      kind: "openPoll",
      question: "下次？",
      options: ["甲", "乙"],
      multiple: true,
    })) as {
      pollId: number;
    };
    await act(a, { kind: "votePoll", pollId: poll.pollId, optionIds: [0, 1] });
    await act(organizer, { kind: "closePoll", pollId: poll.pollId });
    await act(organizer, { kind: "settings", slowModeSeconds: 5, premoderation: true });
    await act(organizer, { kind: "mute", userId: b.userId, muted: true });
    await act(organizer, { kind: "ban", userId: c.userId, reason: "刷屏" });

    const cached = await salons.load(organizer, salonId);
    const stored = await new SalonsRepository(app.database.db).load(salonId);
    expect(new Salon(stored!).toSnapshot()).toEqual(cached.toSnapshot());
    expect(cached.listQuestions().find((q) => q.id === q1.questionId)!.votes).toBe(2);
  });

  it("counts in the list the questions the salon's page counts: shown and answered, not waiting, hidden or merged", async () => {
    const salons = app.container.salons;
    const salonId = await newSalon();
    const [a, b] = attendees as [MemberActor, MemberActor];
    let n = 0;
    const act = (actor: MemberActor, command: Parameters<SalonsService["perform"]>[3]) =>
      salons.perform(actor, salonId, `count-${++n}`, command) as Promise<{ questionId: number }>;
    const shown = await act(a, { kind: "ask", text: "第一个问题？", anonymous: false });
    const answered = await act(b, { kind: "ask", text: "第二个问题？", anonymous: false });
    await act(organizer, { kind: "moderate", questionId: answered.questionId, action: "answer" });
    const hidden = await act(a, { kind: "ask", text: "广告", anonymous: false });
    await act(organizer, { kind: "moderate", questionId: hidden.questionId, action: "hide" });
    const duplicate = await act(b, { kind: "ask", text: "第一个问题？？", anonymous: false });
    await act(organizer, {
      kind: "moderate",
      questionId: duplicate.questionId,
      action: "merge",
      intoQuestionId: shown.questionId,
    });
    await act(organizer, { kind: "settings", premoderation: true });
    await act(a, { kind: "ask", text: "等待审核的问题？", anonymous: false });

    const detail = await salons.get(b, salonId);
    const listed = (await salons.list(b)).find((item) => item.id === salonId)!;
    expect(detail.counts.questions).toBe(2);
    expect(listed.questionCount).toBe(detail.counts.questions);
  });

  it("numbers events 1, 2, 3… without gaps and answers a retried action without acting twice", async () => {
    const salons = app.container.salons;
    const salonId = await newSalon();
    const [a] = attendees as [MemberActor];
    const first = await salons.perform(a, salonId, "retry-me", { kind: "chat", text: "只发一次" });
    const again = await salons.perform(a, salonId, "retry-me", { kind: "chat", text: "只发一次" });
    expect(again).toEqual(first);
    const events = await salons.events(salonId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "chat.sent" && e.payload.text === "只发一次")).toHaveLength(1);
  });

  it("lets two nodes on one database append to the same salon, each catching up with the other", async () => {
    const salonId = await newSalon();
    const other = secondNode(app);
    const [a, b] = attendees as [MemberActor, MemberActor];
    const seen: SalonEvent[] = [];
    app.container.salonEvents.subscribe((_id, events) => seen.push(...events));
    other.bus.subscribe((_id, events) => seen.push(...events));
    // Interleaved and concurrent: each node's cache must catch up inside its transaction.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? app.container.salons : other.service).perform(i % 4 < 2 ? a : b, salonId, `x-${i}`, {
          kind: "ask",
          text: `问题 ${i}`,
          anonymous: false,
        }),
      ),
    );
    const seqs = seen.map((e) => e.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const questionIds = seen.filter((e) => e.type === "question.asked").map((e) => e.payload.question.id);
    expect(new Set(questionIds).size).toBe(10);
    const fromOther = await other.service.load(organizer, salonId);
    const fromFirst = await app.container.salons.load(organizer, salonId);
    expect(fromOther.toSnapshot()).toEqual(fromFirst.toSnapshot());
    await other.service.shutdown();
  });

  it("keeps every salon's state and log across a restart", async () => {
    const before = await app.container.salons.load(organizer, salonId);
    const events = await app.container.salons.events(salonId);
    const restarted = await createTestApp({}, { database: app.database });
    try {
      const after = await restarted.container.salons.load(organizer, salonId);
      expect(after.toSnapshot()).toEqual(before.toSnapshot());
      expect(await restarted.container.salons.events(salonId)).toEqual(events);
    } finally {
      await restarted.close();
    }
  });
});
