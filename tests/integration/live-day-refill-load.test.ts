import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RefillProposalView } from "../../server/events/live-day.bus.js";
import { addMeeting, addParticipant, createEvent, createExpertRow, createNeedRow } from "../support/event-factories.js";
import { signUp, write, type SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let organizer: SignedInAgent;

/**
 * The cast: n1 meets e1 in slot 0, and e1 does not come. The experts who could take e1's place,
 * best match first: e2 (takes one meeting, and has it), e3 (the event's two meetings per expert,
 * and has both), e4 (free). Only e4 may be proposed or confirmed.
 */
const ids = { event: 0, n1: 0, n2: 0, n3: 0, e1: 0, e2: 0, e3: 0, e4: 0, pE1: 0 };

beforeAll(async () => {
  t = await createTestApp();
  organizer = await signUp(t.app, t.container, { role: "organizer" });
  const db = t.container.db;
  ids.n1 = await createNeedRow(db, { title: "氮化铝陶瓷基板低温烧结工艺", keywords: ["氮化铝", "陶瓷基板", "烧结"] });
  ids.n2 = await createNeedRow(db, { title: "锂电池正极材料包覆改性", keywords: ["锂电池", "正极材料"] });
  ids.n3 = await createNeedRow(db, { title: "碳化硅功率器件封装散热", keywords: ["碳化硅", "封装"] });
  ids.e1 = await createExpertRow(db, { name: "陈研究员", keywords: ["锂电池"], publications: ["锂电池正极材料"] });
  ids.e2 = await createExpertRow(db, {
    name: "林教授",
    keywords: ["氮化铝", "陶瓷基板", "烧结"],
    publications: ["氮化铝陶瓷基板低温烧结致密化机理", "氮化铝陶瓷基板烧结助剂"],
  });
  ids.e3 = await createExpertRow(db, {
    name: "黄教授",
    keywords: ["氮化铝", "陶瓷基板"],
    publications: ["高导热氮化铝陶瓷基板制备"],
  });
  ids.e4 = await createExpertRow(db, { name: "吴工程师", keywords: ["陶瓷"], publications: ["结构陶瓷烧结工艺"] });
  ids.event = await createEvent(db, { status: "live", slotCount: 3, tableCount: 4, meetingsPerExpert: 2 });
  for (const needId of [ids.n1, ids.n2, ids.n3]) await addParticipant(db, ids.event, { needId }, { checkedIn: true });
  ids.pE1 = await addParticipant(db, ids.event, { expertId: ids.e1 }, { checkedIn: true });
  await addParticipant(db, ids.event, { expertId: ids.e2 }, { checkedIn: true, maxMeetings: 1 });
  await addParticipant(db, ids.event, { expertId: ids.e3 }, { checkedIn: true });
  await addParticipant(db, ids.event, { expertId: ids.e4 }, { checkedIn: true });
  const meetings = [
    [ids.n1, ids.e1, 0, 1],
    [ids.n2, ids.e2, 1, 1],
    [ids.n2, ids.e3, 2, 1],
    [ids.n3, ids.e3, 1, 2],
  ] as const;
  for (const [needId, expertId, slot, tableNo] of meetings)
    await addMeeting(db, { eventId: ids.event, needId, expertId, slot, tableNo });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const refill = (expertId: number) =>
  write(organizer, "post", `/api/events/${ids.event}/live/refills`).send({
    slot: 0,
    needId: ids.n1,
    expertId,
    tableNo: 1,
  });

describe("a refill respects the most meetings an expert takes", () => {
  it("proposes neither an expert at their own most meetings nor one at the event's, but a free one", async () => {
    // The better matches would be proposed if their meetings did not count.
    const ranked = await t.container.matches.expertsAmong(ids.n1, [ids.e2, ids.e3, ids.e4], 10);
    expect(ranked.map((r) => r.expertId).slice(0, 2)).toEqual([ids.e2, ids.e3]);
    expect(ranked.map((r) => r.expertId)).toContain(ids.e4);

    const noShow = await write(organizer, "post", `/api/events/${ids.event}/live/participants/${ids.pE1}/no-show`).send(
      { fromSlot: 0 },
    );
    expect(noShow.status).toBe(200);
    const proposals = noShow.body.proposals as RefillProposalView[];
    expect(proposals.map((p) => [p.slot, p.tableNo, p.need.id, p.expert.id])).toEqual([[0, 1, ids.n1, ids.e4]]);
  });

  it("refuses to confirm a refill that would give an expert more meetings than they take", async () => {
    const ownLimit = await refill(ids.e2);
    expect(ownLimit.status).toBe(409);
    expect(ownLimit.body.error.message).toContain("林教授");
    const eventLimit = await refill(ids.e3);
    expect(eventLimit.status).toBe(409);
    expect(await t.container.db.eventMeeting.count({ where: { eventId: ids.event, source: "refill" } })).toBe(0);
    const free = await refill(ids.e4);
    expect(free.status).toBe(201);
  });
});
