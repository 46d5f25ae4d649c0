import { describe, expect, it } from "vitest";
import { AppError } from "../../../../server/errors.js";
import { Salon, type Decision, type SalonSnapshot } from "../../../../server/salons/salon.js";
import { presentEvent, presentQuestion, presentState } from "../../../../server/salons/salon-views.js";
import type { SalonActor, SalonEvent, SalonInfo } from "../../../../server/salons/salon.types.js";

const organizer: SalonActor = { userId: 1, name: "组织者", role: "organizer", expertId: null };
const moderator: SalonActor = { userId: 2, name: "主持人", role: "expert", expertId: null };
const alice: SalonActor = { userId: 10, name: "Alice", role: "enterprise", expertId: null };
const bob: SalonActor = { userId: 11, name: "Bob", role: "expert", expertId: null };
const carol: SalonActor = { userId: 12, name: "Carol", role: "expert", expertId: null };
const admin: SalonActor = { userId: 99, name: "Admin", role: "admin", expertId: null };

const start = new Date("2026-03-01T09:00:00Z");
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

function info(overrides: Partial<SalonInfo> = {}): SalonInfo {
  return {
    id: 7,
    title: "新材料沙龙",
    topic: "",
    description: "",
    disciplines: [],
    startsAt: null,
    endsAt: null,
    visibility: "public",
    status: "scheduled",
    premoderation: false,
    slowModeSeconds: 0,
    handBudgetSeconds: 120,
    organizer: { userId: organizer.userId, name: organizer.name },
    speakers: [
      { expertId: 5, userId: 20, name: "王教授", talkTitle: "氮化铝", budgetSeconds: 600 },
      { expertId: 6, userId: null, name: "李研究员", talkTitle: "", budgetSeconds: 300 },
    ],
    moderators: [{ userId: moderator.userId, name: moderator.name }],
    inviteeIds: [],
    openedAt: null,
    closedAt: null,
    createdAt: start.toISOString(),
    ...overrides,
  };
}

function newSalon(overrides: Partial<SalonInfo> = {}): Salon {
  const snapshot: SalonSnapshot = {
    info: info(overrides),
    seq: 0,
    questions: [],
    questionVotes: [],
    polls: [],
    pollVotes: [],
    queue: { entries: [], current: null, nextEntryId: 1 },
    members: [],
    bannedIds: [],
    recentChat: [],
    moderationLog: [],
  };
  return new Salon(snapshot);
}

/** Commits a decision the way the service does: numbers its events and applies them. */
function commit<R>(salon: Salon, decision: Decision<R>, when = start): { result: R; events: SalonEvent[] } {
  const events = decision.events.map(
    (draft, index) =>
      ({ ...draft, salonId: salon.id, seq: salon.lastSeq + index + 1, at: when.toISOString() }) as SalonEvent,
  );
  for (const event of events) salon.apply(event);
  return { result: decision.result, events };
}

function openSalon(overrides: Partial<SalonInfo> = {}): Salon {
  const salon = newSalon(overrides);
  commit(salon, salon.open(organizer));
  return salon;
}

function refusal(action: () => unknown): { code: string; message: string; details: unknown } {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error("expected the action to be refused");
}

describe("Salon permissions", () => {
  it("lets only the organizer, staff and listed moderators moderate", () => {
    const salon = openSalon();
    const { result } = commit(salon, salon.ask(alice, { text: "氮化铝的热导率上限是多少？", anonymous: false }, start));
    for (const who of [organizer, moderator, admin]) {
      expect(() => salon.moderate(who, { questionId: result.questionId, action: "pin" }, start)).not.toThrow();
    }
    expect(refusal(() => salon.moderate(bob, { questionId: result.questionId, action: "pin" }, start)).code).toBe(
      "forbidden",
    );
    expect(refusal(() => salon.moderate(null, { questionId: result.questionId, action: "pin" }, start)).code).toBe(
      "unauthenticated",
    );
  });

  it("lets only the organizer and staff open, close and change the salon", () => {
    const salon = newSalon();
    expect(refusal(() => salon.open(moderator)).code).toBe("forbidden");
    expect(refusal(() => salon.update(alice, { title: "x" })).code).toBe("forbidden");
    commit(salon, salon.open(admin));
    expect(salon.details.status).toBe("open");
    expect(refusal(() => salon.open(organizer)).code).toBe("conflict");
  });

  it("refuses a change of one time that would end the salon before it starts", () => {
    const salon = newSalon({ startsAt: "2026-03-01T06:00:00.000Z", endsAt: "2026-03-01T08:00:00.000Z" });
    expect(refusal(() => salon.update(organizer, { endsAt: "2026-03-01T05:00:00.000Z" })).code).toBe(
      "validation_failed",
    );
    expect(refusal(() => salon.update(organizer, { startsAt: "2026-03-01T09:00:00.000Z" })).code).toBe(
      "validation_failed",
    );
    expect(salon.update(organizer, { startsAt: "2026-03-01T09:00:00.000Z", endsAt: null }).events).toHaveLength(1);
    expect(salon.update(organizer, { endsAt: "2026-03-01T07:00:00.000Z" }).events).toHaveLength(1);
  });

  it("admits by visibility: public to all, members to signed-in users, invite-only to invitees and speakers", () => {
    expect(newSalon({ visibility: "public" }).canView(null)).toBe(true);
    const members = newSalon({ visibility: "members" });
    expect(members.canView(null)).toBe(false);
    expect(members.canView(alice)).toBe(true);
    const invited = newSalon({ visibility: "invite_only", inviteeIds: [bob.userId] });
    expect(invited.canView(alice)).toBe(false);
    expect(invited.canView(bob)).toBe(true);
    expect(invited.canView({ userId: 20, name: "王教授", role: "expert", expertId: null })).toBe(true);
    expect(invited.canView(moderator)).toBe(true);
    expect(refusal(() => invited.assertCanView(alice)).code).toBe("forbidden");
    expect(refusal(() => invited.assertCanView(null)).code).toBe("unauthenticated");
  });

  it("refuses participation before the salon opens and after it closes", () => {
    const salon = newSalon();
    expect(refusal(() => salon.sendChat(alice, "你好", start)).code).toBe("conflict");
    commit(salon, salon.open(organizer));
    commit(salon, salon.sendChat(alice, "你好", start));
    commit(salon, salon.close(organizer, start));
    expect(refusal(() => salon.ask(alice, { text: "还有问题", anonymous: false }, start)).code).toBe("conflict");
  });
});

describe("Salon questions", () => {
  it("limits a question to 500 characters, counting characters rather than UTF-16 units", () => {
    const salon = openSalon();
    expect(() => commit(salon, salon.ask(alice, { text: "😀".repeat(500), anonymous: false }, start))).not.toThrow();
    expect(refusal(() => salon.ask(bob, { text: "问".repeat(501), anonymous: false }, start)).code).toBe(
      "validation_failed",
    );
    expect(refusal(() => salon.ask(bob, { text: "   ", anonymous: false }, start)).code).toBe("validation_failed");
  });

  it("holds questions for approval under premoderation, except a moderator's own", () => {
    const salon = openSalon({ premoderation: true });
    const asked = commit(salon, salon.ask(alice, { text: "能否低温烧结？", anonymous: false }, start));
    expect(asked.result.status).toBe("pending");
    expect(commit(salon, salon.ask(moderator, { text: "主持人提问", anonymous: false }, start)).result.status).toBe(
      "visible",
    );
    expect(refusal(() => salon.vote(bob, asked.result.questionId)).code).toBe("conflict");
    commit(salon, salon.moderate(moderator, { questionId: asked.result.questionId, action: "approve" }, start));
    expect(commit(salon, salon.vote(bob, asked.result.questionId)).result.votes).toBe(1);
  });

  it("counts one vote per person and none for the author", () => {
    const salon = openSalon();
    const { result } = commit(salon, salon.ask(alice, { text: "问题一", anonymous: false }, start));
    commit(salon, salon.vote(bob, result.questionId));
    expect(refusal(() => salon.vote(bob, result.questionId)).message).toMatch(/already voted/);
    expect(refusal(() => salon.vote(alice, result.questionId)).code).toBe("forbidden");
    expect(commit(salon, salon.vote(carol, result.questionId)).result.votes).toBe(2);
  });

  it("merges a duplicate into another question, combining voters without counting anyone twice", () => {
    const salon = openSalon();
    const first = commit(salon, salon.ask(alice, { text: "烧结温度？", anonymous: false }, start)).result.questionId;
    const duplicate = commit(salon, salon.ask(bob, { text: "烧结温度多少？", anonymous: false }, start)).result
      .questionId;
    commit(salon, salon.vote(carol, first));
    commit(salon, salon.vote(carol, duplicate));
    commit(salon, salon.vote(moderator, duplicate));
    commit(salon, salon.vote(alice, duplicate)); // the target's author: their vote does not move
    const { events } = commit(
      salon,
      salon.moderate(organizer, { questionId: duplicate, action: "merge", intoQuestionId: first }, start),
    );
    const merged = salon.listQuestions().find((q) => q.id === duplicate)!;
    const target = salon.listQuestions().find((q) => q.id === first)!;
    expect(merged).toMatchObject({ status: "merged", mergedIntoId: first });
    expect(target.votes).toBe(2);
    expect(salon.hasVoted(first, moderator.userId)).toBe(true);
    expect(events[0]!.payload).toMatchObject({ movedVoterIds: [moderator.userId] });
    expect(
      refusal(() => salon.moderate(organizer, { questionId: first, action: "merge", intoQuestionId: first }, start))
        .code,
    ).toBe("conflict");
    expect(refusal(() => salon.moderate(organizer, { questionId: first, action: "merge" }, start)).code).toBe(
      "validation_failed",
    );
  });

  it("keeps one pinned question, unpins on answer, and records the hide reason", () => {
    const salon = openSalon();
    const q1 = commit(salon, salon.ask(alice, { text: "一", anonymous: false }, start)).result.questionId;
    const q2 = commit(salon, salon.ask(bob, { text: "二", anonymous: false }, start)).result.questionId;
    commit(salon, salon.moderate(moderator, { questionId: q1, action: "pin" }, start));
    const { events } = commit(salon, salon.moderate(moderator, { questionId: q2, action: "pin" }, start));
    expect(events[0]!.payload).toMatchObject({ unpinnedId: q1 });
    expect(
      salon
        .listQuestions()
        .filter((q) => q.pinned)
        .map((q) => q.id),
    ).toEqual([q2]);
    commit(salon, salon.moderate(moderator, { questionId: q2, action: "answer" }, at(30)), at(30));
    expect(salon.listQuestions().find((q) => q.id === q2)).toMatchObject({
      status: "answered",
      pinned: false,
      answeredAt: at(30).toISOString(),
    });
    commit(salon, salon.moderate(moderator, { questionId: q1, action: "hide", reason: "与主题无关" }, start));
    expect(salon.listQuestions().find((q) => q.id === q1)).toMatchObject({
      status: "hidden",
      hiddenReason: "与主题无关",
    });
    expect(refusal(() => salon.moderate(moderator, { questionId: q1, action: "answer" }, start)).code).toBe("conflict");
    commit(salon, salon.moderate(moderator, { questionId: q1, action: "approve" }, start));
    expect(salon.listQuestions().find((q) => q.id === q1)!.status).toBe("visible");
  });
});

describe("Salon anonymity and redaction", () => {
  it("hides an anonymous author from attendees but not from moderators or the author", () => {
    const salon = openSalon();
    const { events } = commit(salon, salon.ask(alice, { text: "匿名问题", anonymous: true }, start));
    const question = salon.listQuestions()[0]!;
    expect(presentQuestion(question, { userId: bob.userId, moderator: false }).author).toBeNull();
    expect(presentQuestion(question, { userId: moderator.userId, moderator: true }).author).toEqual({
      userId: alice.userId,
      name: "Alice",
    });
    expect(presentQuestion(question, { userId: alice.userId, moderator: false })).toMatchObject({
      mine: true,
      author: { name: "Alice" },
    });
    const publicEvent = presentEvent(events[0]!, { userId: null, moderator: false });
    expect(JSON.stringify(publicEvent)).not.toContain("Alice");
    expect(publicEvent).not.toHaveProperty("actor");
  });

  it("shows attendees only that a pending or hidden question exists, and counts hidden ones", () => {
    const salon = openSalon({ premoderation: true });
    commit(salon, salon.ask(alice, { text: "待审问题", anonymous: false }, start));
    const visible = commit(salon, salon.ask(organizer, { text: "公开问题", anonymous: false }, start)).result
      .questionId;
    commit(salon, salon.moderate(organizer, { questionId: visible, action: "hide", reason: "重复" }, start));
    const bobState = presentState(salon, bob, { now: start, presence: 3 });
    expect(bobState.questions).toEqual([]);
    expect(bobState).toMatchObject({ hiddenCount: 1, pendingCount: 1, moderationLog: null });
    const aliceState = presentState(salon, alice, { now: start, presence: 3 });
    expect(aliceState.questions.map((q) => q.text)).toEqual(["待审问题"]);
    const modState = presentState(salon, moderator, { now: start, presence: 3 });
    expect(modState.questions.map((q) => [q.text, q.hiddenReason])).toEqual([
      ["待审问题", null],
      ["公开问题", "重复"],
    ]);
    expect(modState.moderationLog!.map((e) => e.type)).toEqual(["salon.opened", "question.moderated"]);
    const { events } = commit(salon, salon.ask(carol, { text: "秘密", anonymous: false }, start));
    const pendingForBob = presentEvent(events[0]!, { userId: bob.userId, moderator: false });
    expect(pendingForBob.payload).toMatchObject({ question: { status: "pending", text: null, author: null } });
  });
});

describe("Salon speaker queue", () => {
  it("queues the agenda's speakers on opening, then raised hands, and times each turn", () => {
    const salon = openSalon();
    expect(salon.speakerQueue().entries.map((e) => e.name)).toEqual(["王教授", "李研究员"]);
    const hand = commit(salon, salon.raiseHand(alice, start)).result;
    expect(hand.position).toBe(3);
    expect(refusal(() => salon.raiseHand(alice, start)).code).toBe("conflict");
    commit(salon, salon.advanceQueue(moderator, at(0)), at(0));
    expect(salon.speakerQueue().current).toMatchObject({ name: "王教授", budgetSeconds: 600 });
    const { events } = commit(salon, salon.advanceQueue(moderator, at(540)), at(540));
    expect(events[0]!.payload).toMatchObject({ finished: { name: "王教授", spokeSeconds: 540 } });
    commit(salon, salon.lowerHand(alice));
    expect(salon.speakerQueue().entries).toEqual([]);
    expect(refusal(() => salon.advanceQueue(alice, start)).code).toBe("forbidden");
  });

  it("tells an agenda speaker, queued since the opening, that they are on the agenda rather than that their hand is up", () => {
    const salon = openSalon();
    const speaker: SalonActor = { userId: 20, name: "王教授", role: "expert", expertId: 5 };
    const refused = refusal(() => salon.raiseHand(speaker, start));
    expect([refused.code, refused.details]).toEqual(["conflict", { reason: "on_agenda" }]);
    commit(salon, salon.raiseHand(alice, start));
    expect(refusal(() => salon.raiseHand(alice, start)).details).toEqual({ reason: "hand_already_raised" });
  });
});

describe("Salon polls", () => {
  it("takes one choice in a single-choice poll and several in a multiple-choice one, with live counts", () => {
    const salon = openSalon();
    const single = commit(
      salon,
      salon.openPoll(moderator, { question: "下次主题？", options: ["陶瓷", "电池"], multiple: false }, start),
    ).result.pollId;
    expect(refusal(() => salon.votePoll(alice, { pollId: single, optionIds: [0, 1] })).code).toBe("validation_failed");
    expect(refusal(() => salon.votePoll(alice, { pollId: single, optionIds: [2] })).code).toBe("validation_failed");
    commit(salon, salon.votePoll(alice, { pollId: single, optionIds: [1] }));
    commit(salon, salon.votePoll(bob, { pollId: single, optionIds: [1] }));
    // Changing one's mind replaces the earlier choice.
    expect(commit(salon, salon.votePoll(alice, { pollId: single, optionIds: [0] })).result.results).toEqual({
      counts: [1, 1],
      voters: 2,
    });
    const multiple = commit(
      salon,
      salon.openPoll(moderator, { question: "关注？", options: ["A", "B", "C"], multiple: true }, start),
    ).result.pollId;
    expect(commit(salon, salon.votePoll(alice, { pollId: multiple, optionIds: [0, 2, 2] })).result.results).toEqual({
      counts: [1, 0, 1],
      voters: 1,
    });
    commit(salon, salon.closePoll(moderator, single, start));
    expect(refusal(() => salon.votePoll(carol, { pollId: single, optionIds: [0] })).code).toBe("conflict");
    expect(
      refusal(() => salon.openPoll(alice, { question: "x", options: ["a", "b"], multiple: false }, start)).code,
    ).toBe("forbidden");
    expect(
      refusal(() => salon.openPoll(moderator, { question: "x", options: ["a", "a"], multiple: false }, start)).code,
    ).toBe("validation_failed");
  });
});

describe("Salon moderation of people", () => {
  it("enforces slow mode for attendees but not moderators", () => {
    const salon = openSalon();
    commit(salon, salon.changeSettings(moderator, { slowModeSeconds: 30 }));
    commit(salon, salon.sendChat(alice, "第一条", at(0)), at(0));
    const slowed = refusal(() => salon.sendChat(alice, "第二条", at(10)));
    expect(slowed.code).toBe("rate_limited");
    expect(() => salon.ask(alice, { text: "提问也算", anonymous: false }, at(29))).toThrow(/Slow mode/);
    expect(() => salon.sendChat(alice, "第二条", at(30))).not.toThrow();
    commit(salon, salon.sendChat(moderator, "一", at(0)), at(0));
    expect(() => salon.sendChat(moderator, "二", at(1))).not.toThrow();
    expect(refusal(() => salon.changeSettings(alice, { slowModeSeconds: 0 })).code).toBe("forbidden");
  });

  it("mutes and bans attendees, never moderators, and a banned user can no longer enter", () => {
    const salon = openSalon({ visibility: "public" });
    const question = commit(salon, salon.ask(alice, { text: "问", anonymous: false }, start)).result.questionId;
    commit(salon, salon.raiseHand(bob, start));
    commit(salon, salon.mute(moderator, bob, true));
    expect(refusal(() => salon.sendChat(bob, "还能说话吗", start)).code).toBe("forbidden");
    expect(refusal(() => salon.raiseHand(bob, start)).message).toMatch(/muted/);
    // Muted people still listen and vote.
    expect(commit(salon, salon.vote(bob, question)).result.votes).toBe(1);
    commit(salon, salon.ban(moderator, bob, "广告"));
    expect(salon.canView(bob)).toBe(false);
    expect(refusal(() => salon.assertCanView(bob)).message).toMatch(/removed/);
    expect(salon.speakerQueue().entries.some((e) => e.userId === bob.userId)).toBe(false);
    expect(refusal(() => salon.ban(moderator, organizer, "")).code).toBe("forbidden");
    expect(refusal(() => salon.ban(organizer, moderator, "")).code).toBe("forbidden");
    expect(refusal(() => salon.ban(moderator, bob, "")).code).toBe("conflict");
  });
});

describe("Salon state", () => {
  it("refuses events out of order", () => {
    const salon = openSalon();
    const decision = salon.sendChat(alice, "hi", start);
    const event = { ...decision.events[0]!, salonId: 7, seq: salon.lastSeq + 2, at: start.toISOString() } as SalonEvent;
    expect(() => salon.apply(event)).toThrow(/applied after/);
  });

  it("rebuilds the same state from its snapshot", () => {
    const salon = openSalon();
    commit(salon, salon.ask(alice, { text: "问", anonymous: true }, start));
    commit(salon, salon.vote(bob, 1));
    commit(salon, salon.openPoll(moderator, { question: "?", options: ["a", "b"], multiple: false }, start));
    commit(salon, salon.votePoll(bob, { pollId: 1, optionIds: [1] }));
    commit(salon, salon.raiseHand(carol, start));
    const copy = new Salon(salon.toSnapshot());
    expect(copy.toSnapshot()).toEqual(salon.toSnapshot());
  });
});
